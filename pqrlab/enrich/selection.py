"""Model selection on the hand-written set's `dev` slice (the only slice choices may use).

    python -m pqrlab.enrich.selection --features char word both --heads lr10 svm0.5

Trains each (features, head) pair on generated mail (seed 1) and prints its dev-slice scores per field
and its fitting time; docs/models.md records what was tried and what won.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from pqrlab.channel.templates import PQRS_TYPES, PRIORITIES, TOPICS
from pqrlab.enrich.models import FIELDS, MarginHead, model_text


def featurizer(kind: str):
    """`char` (char_wb 2-5), `word` (1-2) or `both` (the default featurizer: char + word + Spanish stems) TF-IDF
    over accent-folded lower case."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from pqrlab.enrich.baseline import normalize
    from pqrlab.enrich.models import CharWordFeaturizer

    if kind == "both":
        return CharWordFeaturizer().vectorizer
    if kind == "char":
        return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
                               max_features=200_000, preprocessor=normalize)
    return TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=100_000,
                           preprocessor=normalize)


def head(spec: str):
    """`lr<C>`: balanced logistic regression; `svm<C>`: balanced linear SVM with softmax margins."""
    from sklearn.linear_model import LogisticRegression

    if spec.startswith("svm"):
        return MarginHead(C=float(spec[3:]))
    return LogisticRegression(max_iter=2000, C=float(spec[2:]), class_weight="balanced")


def dev_scores(dev: pd.DataFrame, predicted: dict[str, np.ndarray]) -> dict[str, float]:
    """PQRS-or-not F1 on every e-mail; type, type+subtype, topic and priority on the PQRS ones."""
    from sklearn.metrics import accuracy_score, f1_score

    pqrs = dev["is_pqrs"].to_numpy(dtype=bool)
    truth, guess = dev[pqrs], {k: v[pqrs] for k, v in predicted.items()}
    guessed_type = np.array([label.split("/")[0] for label in guess["pqrs_label"]])
    macro = lambda t, g, labels: f1_score(t, g, average="macro", labels=list(labels), zero_division=0)  # noqa: E731
    return {"pqrs_f1": f1_score(pqrs, predicted["pqrs_label"] != "no_pqrs"),
            "type_f1": macro(truth["pqrs_type"], guessed_type, PQRS_TYPES),
            "type_subtype_acc": accuracy_score(truth["pqrs_label"], guess["pqrs_label"]),
            "topic_f1": macro(truth["topic"], guess["topic"], TOPICS),
            "priority_f1": macro(truth["priority"], guess["priority"], PRIORITIES)}


def compare(train: pd.DataFrame, dev: pd.DataFrame, features: list[str], heads: list[str]) -> pd.DataFrame:
    texts = [model_text(s, b) for s, b in zip(train["subject"], train["body"])]
    dev_texts = [model_text(s, b) for s, b in zip(dev["subject"], dev["body"])]
    rows = []
    for kind in features:
        for spec in heads:
            started = time.perf_counter()
            vectorizer = featurizer(kind).fit(texts)
            x, x_dev = vectorizer.transform(texts), vectorizer.transform(dev_texts)
            fitted = {f: head(spec).fit(x, train[f].fillna("none").to_numpy()) for f in FIELDS}
            labels = {f: h.classes_[h.predict_proba(x_dev).argmax(1)] for f, h in fitted.items()}
            rows.append({"features": kind, "head": spec, **{k: round(v, 3) for k, v in dev_scores(dev, labels).items()},
                         "seconds": round(time.perf_counter() - started, 1)})
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    from pqrlab.enrich.handwritten import examples_frame, load_records
    from pqrlab.enrich.train import labelled_examples

    parser = argparse.ArgumentParser(prog="python -m pqrlab.enrich.selection", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=12_000, help="generated events to train on (seed 1)")
    parser.add_argument("--features", nargs="+", choices=("char", "word", "both"), default=["both"])
    parser.add_argument("--heads", nargs="+", default=["svm0.5"], help="lr<C> or svm<C>, e.g. lr10 svm0.5")
    args = parser.parse_args(argv)
    hand = examples_frame(load_records())
    table = compare(labelled_examples(1, args.events), hand[hand["slice"] == "dev"].reset_index(drop=True),
                    args.features, args.heads)
    print(table.to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
