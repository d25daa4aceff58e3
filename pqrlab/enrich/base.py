"""The versioned enrichment interface and its registry.

Silver calls `load_enricher(name)` inside Dask tasks; the model is loaded once per worker process
(cached) and every row it produces records the model's name, version and sha256.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import pandas as pd

PREDICTION_COLUMNS = (
    "is_pqrs", "pqrs_type", "subtype", "topic", "municipality_code", "department_code",
    "priority", "priority_reason", "confidence",
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


@lru_cache(maxsize=4)
def load_enricher(name: str) -> Enricher:
    """The enricher called `name` (optionally `name@version`), loaded once per process."""
    base, _, version = name.partition("@")
    if base == "keywords-baseline":
        from pqrlab.enrich.baseline import KeywordBaseline

        enricher: Enricher = KeywordBaseline()
    else:
        raise KeyError(f"unknown enricher {base!r}; available: keywords-baseline")
    if version and version != enricher.info.version:
        raise ModelVersionMismatch(
            f"enricher {base!r} version {version!r} requested, but {enricher.info.version!r} is installed")
    return enricher
