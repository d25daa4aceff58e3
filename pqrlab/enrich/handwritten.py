"""Score enrichers on the hand-written evaluation set (`pqrlab/data/eval/handwritten.jsonl`).

    python -m pqrlab.enrich.handwritten --enricher keywords-baseline
    python -m pqrlab.enrich.handwritten --enricher keywords-baseline --enricher tfidf-logreg@1.0.0

The set is written by hand and labelled by `docs/labelling-guide.md`; it is for evaluation only (never
train or tune on it; the `dev` slice is the one place for calibration choices). Trained enrichers are
read from the lake named by the settings (`PQR_LAKE_URL`), so train them first. The command prints a row
per slice (`main`, the hard `edge`) and `both`: the whole evaluation set (main and edge) scored as one.
"""
from __future__ import annotations

import argparse
import json
from importlib.resources import files
from pathlib import Path

import pandas as pd

from pqrlab.channel.places import divipola
from pqrlab.channel.templates import PETITION_SUBTYPES, PQRS_TYPES, PRIORITIES, TOPICS

SLICES = ("main", "edge", "dev")
LABEL_FIELDS = ("is_pqrs", "pqrs_type", "subtype", "topic", "priority", "municipality_code")
RECORD_FIELDS = ("id", "subject", "body", "from_style", "style", "slice", "labels")
# macro-F1 averages over the taxonomy's classes: a PQRS read as non-PQRS costs its class's recall,
# it is not a class of its own
TAXONOMY_CLASSES = {"pqrs_type": PQRS_TYPES, "topic": TOPICS, "priority": PRIORITIES}


def default_path() -> Path:
    return Path(str(files("pqrlab") / "data" / "eval" / "handwritten.jsonl"))


def load_records(path: Path | None = None) -> list[dict]:
    """The set's records, one per non-empty JSONL line."""
    text = (path or default_path()).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def label_errors(labels: dict, known_codes: set[str]) -> list[str]:
    """What breaks the taxonomy in one record's labels (empty when valid)."""
    missing = [f for f in LABEL_FIELDS if f not in labels]
    if missing:
        return [f"missing label {', '.join(missing)}"]
    code = labels["municipality_code"]
    if code is not None and code not in known_codes:
        return [f"municipality_code {code!r} is not in DIVIPOLA"]
    if not labels["is_pqrs"]:
        extra = [f for f in LABEL_FIELDS[1:] if labels[f] is not None]
        return [f"non-PQRS must leave {', '.join(extra)} null"] if extra else []
    errors = []
    if labels["pqrs_type"] not in PQRS_TYPES:
        errors.append(f"pqrs_type {labels['pqrs_type']!r}")
    allowed = PETITION_SUBTYPES if labels["pqrs_type"] == "peticion" else ("general",)
    if labels["subtype"] not in allowed:
        errors.append(f"subtype {labels['subtype']!r} for {labels['pqrs_type']}")
    if labels["topic"] not in TOPICS:
        errors.append(f"topic {labels['topic']!r}")
    if labels["priority"] not in PRIORITIES:
        errors.append(f"priority {labels['priority']!r}")
    return errors


def record_errors(records: list[dict]) -> list[str]:
    """Every problem in the set, as '<id>: <problem>' lines (empty when the set is valid)."""
    known_codes = set(divipola()["municipality_code"])
    errors, seen = [], set()
    for number, record in enumerate(records, 1):
        key = record.get("id", f"line {number}")
        missing = [f for f in RECORD_FIELDS if f not in record]
        if missing:
            errors.append(f"{key}: missing {', '.join(missing)}")
            continue
        if key in seen:
            errors.append(f"{key}: duplicate id")
        seen.add(key)
        if record["slice"] not in SLICES:
            errors.append(f"{key}: slice {record['slice']!r}")
        if not str(record["body"]).strip():
            errors.append(f"{key}: empty body")
        errors += [f"{key}: {e}" for e in label_errors(record["labels"], known_codes)]
    return errors


def examples_frame(records: list[dict]) -> pd.DataFrame:
    """The records in the shape `pqrlab.enrich.train.evaluate` reads (labels flattened, 'no_pqrs' for non-PQRS)."""
    rows = []
    for record in records:
        labels = record["labels"]
        pqrs = bool(labels["is_pqrs"])
        rows.append({"id": record["id"], "slice": record["slice"], "style": record["style"],
                     "subject": record["subject"], "body": record["body"], "is_pqrs": pqrs,
                     "pqrs_label": f"{labels['pqrs_type']}/{labels['subtype']}" if pqrs else "no_pqrs",
                     "pqrs_type": labels["pqrs_type"] if pqrs else "no_pqrs",
                     "topic": labels["topic"] or "none", "priority": labels["priority"] or "none",
                     "municipality_code": labels["municipality_code"],
                     "municipality_mentioned": labels["municipality_code"] is not None})
    return pd.DataFrame(rows)


def score_slice(enricher, examples: pd.DataFrame) -> dict:
    """Per-field scores on one slice: PQRS-or-not F1 on every e-mail, the other fields on the PQRS ones."""
    from sklearn.metrics import f1_score

    from pqrlab.enrich.train import evaluate, predictions_frame

    examples = examples.reset_index(drop=True)
    predicted = predictions_frame(enricher, examples)
    said_pqrs = predicted["pqrs_label"] != "no_pqrs"
    pqrs = examples[examples["is_pqrs"]].reset_index(drop=True)
    metrics = evaluate(enricher, pqrs, classes=TAXONOMY_CLASSES)
    unnamed = examples["is_pqrs"] & ~examples["municipality_mentioned"].astype(bool)
    guess = predicted["municipality_code"][unnamed]
    metrics.update({
        "emails": len(examples), "pqrs_emails": len(pqrs), "named_place": int(pqrs["municipality_mentioned"].sum()),
        "pqrs_or_not_f1": round(f1_score(examples["is_pqrs"], said_pqrs, zero_division=0), 4),
        "no_pqrs_recognised": f"{int((~said_pqrs & ~examples['is_pqrs']).sum())}/{int((~examples['is_pqrs']).sum())}",
        "municipality_none_accuracy": round(float(pd.Series(guess).isna().mean()), 4) if unnamed.any() else None,
    })
    return metrics


def score(enricher, examples: pd.DataFrame, slices: tuple[str, ...] = ("main", "edge")) -> dict[str, dict]:
    return {name: score_slice(enricher, examples[examples["slice"] == name]) for name in slices
            if (examples["slice"] == name).any()}


def report_lines(name: str, scores: dict[str, dict]) -> list[str]:
    """One readable block per enricher: a row per slice, the issue's fields as columns."""
    header = (f"{'slice':<5} {'n':>4} {'pqrs':>4} {'pqrs-F1':>7} {'type acc/mF1':>13} {'type+sub':>8} "
              f"{'topic mF1':>9} {'prio mF1':>8} {'muni exact':>10} {'none acc':>8}")
    lines = [f"== {name}", header]
    for slice_name, m in scores.items():
        none = "—" if m["municipality_none_accuracy"] is None else f"{m['municipality_none_accuracy']:.3f}"
        lines.append(
            f"{slice_name:<5} {m['emails']:>4} {m['pqrs_emails']:>4} {m['pqrs_or_not_f1']:>7.3f} "
            f"{m['pqrs_type']['accuracy']:>6.3f}/{m['pqrs_type']['macro_f1']:.3f} {m['pqrs_label']['accuracy']:>8.3f} "
            f"{m['topic']['macro_f1']:>9.3f} {m['priority']['macro_f1']:>8.3f} "
            f"{m['municipality_code']['accuracy']:>10.3f} {none:>8}   non-PQRS recognised {m['no_pqrs_recognised']}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pqrlab.enrich.handwritten", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enricher", action="append", required=True,
                        help="keywords-baseline, or a trained model with its version (tfidf-logreg@1.0.0); repeatable")
    parser.add_argument("--set", type=Path, default=None, help="another JSONL file in the same format")
    parser.add_argument("--json", action="store_true", help="print every metric as JSON")
    args = parser.parse_args(argv)
    try:
        records = load_records(args.set)
    except (OSError, json.JSONDecodeError) as exc:
        parser.exit(2, f"error: cannot read the evaluation set: {exc}\n")
    errors = record_errors(records)
    if errors:
        parser.exit(2, f"error: the evaluation set is invalid ({len(errors)} problems), first: {errors[0]}\n")
    examples = examples_frame(records)
    evaluation = examples[examples["slice"].isin(("main", "edge"))]  # the whole evaluation set, beside its slices
    results = {}
    for name in args.enricher:
        try:
            enricher = _enricher(name)
            results[name] = score(enricher, examples)
            if len(results[name]) > 1:
                results[name]["both"] = score_slice(enricher, evaluation)
        except (KeyError, RuntimeError, FileNotFoundError) as exc:
            parser.exit(2, f"error: enricher {name!r}: {exc}\n")
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        sizes = ", ".join(f"{name} {int((examples['slice'] == name).sum())}" for name in SLICES)
        print(f"hand-written set: {len(records)} e-mails ({sizes})")
        for name, scores in results.items():
            print("\n".join(report_lines(name, scores)))
    return 0


def _enricher(name: str):
    from pqrlab.enrich.base import load_enricher

    if name.partition("@")[0] == "keywords-baseline":
        return load_enricher(name)
    from pqrlab.lake import Lake
    from pqrlab.settings import Settings

    return load_enricher(name, Lake.from_settings(Settings.from_env()))


if __name__ == "__main__":
    raise SystemExit(main())
