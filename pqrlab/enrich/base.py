"""The versioned enrichment interface and its registry.

Silver calls `load_enricher(name)` inside Dask tasks; the model is loaded once per worker process
(cached) and every row it produces records the model's name, version and sha256.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import pandas as pd

from pqrlab.names import InvalidName, parse_model_ref

PREDICTION_COLUMNS = (
    "is_pqrs", "pqrs_type", "subtype", "topic", "municipality_code", "department_code",
    "priority", "priority_reason", "confidence", "needs_review",
)


@dataclass(frozen=True)
class ModelInfo:
    name: str
    version: str
    sha256: str


class Enricher(Protocol):
    info: ModelInfo

    def predict(self, subjects: list[str], bodies: list[str]) -> pd.DataFrame:
        """One row per message with PREDICTION_COLUMNS."""


class ModelVersionMismatch(RuntimeError):
    """The model asked for is not the one available."""


_LOADED: dict[tuple[str, str], Enricher] = {}
PROMOTED = "promoted"  # PQR_ENRICHER's default: the registry's promoted model (`pqrlab.enrich.registry`)
TRAINED = ("tfidf-ensemble", "tfidf-logreg", "minilm-head", "minilm-finetuned")


def load_enricher(name: str, lake=None) -> Enricher:
    """The enricher called `name` (or `name@version`), loaded once per process (so once per Dask worker).

    Trained models (`tfidf-logreg`, `minilm-head`, `minilm-finetuned`) need a version and are read from
    `lake`'s `models/`.
    """
    key = (name, getattr(lake, "url", ""))
    if key not in _LOADED:
        _LOADED[key] = _load(name, lake)
    return _LOADED[key]


def enricher_problem(name: str, lake=None) -> str | None:
    """Why `name` cannot be loaded (unknown, wrong version, not trained in `lake`), or None; loads no model."""
    if name == PROMOTED:  # resolved (trained on first use if need be) when a run opens
        return None
    try:
        base, version = parse_model_ref(name)
    except InvalidName as err:
        return str(err)
    if base == "keywords-baseline":
        from pqrlab.enrich.baseline import KeywordBaseline

        if version and version != KeywordBaseline.VERSION:
            return f"enricher {base!r} version {version!r} requested, but {KeywordBaseline.VERSION!r} is installed"
        return None
    if base not in TRAINED:
        return f"unknown enricher {base!r}; available: keywords-baseline, {', '.join(TRAINED)}"
    if not version:
        return f"{base!r} is a trained model: name a version ({base}@1.0.0)"
    from pqrlab.enrich import models

    if lake is not None and not lake.fs.exists(f"{models.model_dir(lake, base, version)}/model_card.json"):
        return (f"model {base}@{version} not found in {lake.url}/models (versions there: "
                f"{models.model_versions(lake, base) or 'none'}); train it with "
                f"`python -m pqrlab.enrich.train --model {base} --version {version}`")
    return None


def _load(name: str, lake) -> Enricher:
    if name == PROMOTED:
        raise ModelVersionMismatch("resolve 'promoted' first: pqrlab.enrich.registry.resolve_enricher")
    base, version = parse_model_ref(name)
    if base == "keywords-baseline":
        from pqrlab.enrich.baseline import KeywordBaseline

        enricher: Enricher = KeywordBaseline()
        if version and version != enricher.info.version:
            raise ModelVersionMismatch(
                f"enricher {base!r} version {version!r} requested, but {enricher.info.version!r} is installed")
        return enricher
    if base in TRAINED:
        if not version or lake is None:
            raise ModelVersionMismatch(f"{base!r} is a trained model: name a version ({base}@1.0.0) and a lake")
        from pqrlab.enrich import models

        return models.load(lake, base, version)
    raise KeyError(f"unknown enricher {base!r}; available: keywords-baseline, {', '.join(TRAINED)}")
