"""Confidence that means something: temperature scaling, reliability tables, ECE and the review threshold.

Pure functions over probabilities and labels. `pqrlab.enrich.train` fits the temperatures on the
hand-written set's `dev` slice (the only data written like real mail that choices may use) and picks the
review threshold from the calibrated confidences there; the model card reports the reliability table
and the ECE on every evaluation set.
"""
from __future__ import annotations

import numpy as np

TEMPERATURES = np.exp(np.linspace(np.log(0.05), np.log(8.0), 81))  # the grid searched (0.05 … 8)
TARGET_ACCURACY = 0.95  # predictions kept without review should be right this often: a misread type moves the legal deadline
BINS = 10


def scaled(proba: np.ndarray, temperature: float) -> np.ndarray:
    """Class probabilities with their log-odds divided by `temperature` (>1 softens, <1 sharpens)."""
    logits = np.log(np.clip(proba, 1e-12, 1.0)) / temperature
    logits -= logits.max(axis=1, keepdims=True)
    out = np.exp(logits)
    return out / out.sum(axis=1, keepdims=True)


def negative_log_likelihood(proba: np.ndarray, truth_index: np.ndarray) -> float:
    return float(-np.log(np.clip(proba[np.arange(len(truth_index)), truth_index], 1e-12, 1.0)).mean())


def fit_temperature(proba: np.ndarray, classes: np.ndarray, truth: np.ndarray) -> float:
    """The temperature (on a fixed grid) that minimises the negative log-likelihood of `truth`.

    Labels the head never learned cannot be scored and are left out; with none left the answer is 1."""
    position = {label: i for i, label in enumerate(classes)}
    known = np.array([t in position for t in truth], dtype=bool)
    if not known.any():
        return 1.0
    index = np.array([position[t] for t in truth[known]])
    losses = [negative_log_likelihood(scaled(proba[known], t), index) for t in TEMPERATURES]
    return round(float(TEMPERATURES[int(np.argmin(losses))]), 4)


def reliability(confidence: np.ndarray, correct: np.ndarray, bins: int = BINS) -> list[dict]:
    """Per confidence bin: how many predictions, their mean confidence and how often they were right."""
    confidence, correct = np.asarray(confidence, dtype=float), np.asarray(correct, dtype=bool)
    which = np.clip((confidence * bins).astype(int), 0, bins - 1)
    return [{"bin": f"{b / bins:.1f}-{(b + 1) / bins:.1f}", "n": int((which == b).sum()),
             "mean_confidence": round(float(confidence[which == b].mean()), 4),
             "accuracy": round(float(correct[which == b].mean()), 4)}
            for b in range(bins) if (which == b).any()]


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = BINS) -> float:
    """Σ over bins of (share of predictions) × |accuracy − mean confidence|."""
    table = reliability(confidence, correct, bins)
    total = sum(row["n"] for row in table)
    if not total:
        return 0.0
    return round(sum(row["n"] / total * abs(row["accuracy"] - row["mean_confidence"]) for row in table), 4)


def review_threshold(confidence: np.ndarray, correct: np.ndarray, target: float = TARGET_ACCURACY) -> float:
    """The lowest confidence t such that the predictions at or above t are right at least `target` of the time
    (so everything below t goes to review); 1.0 (review everything) when no t reaches the target."""
    confidence, correct = np.asarray(confidence, dtype=float), np.asarray(correct, dtype=bool)
    for t in np.unique(confidence):
        kept = confidence >= t
        if correct[kept].mean() >= target:
            return round(float(t), 4)
    return 1.0
