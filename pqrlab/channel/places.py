"""DIVIPOLA municipalities (copied into the package, see `pqrlab/data/PROVENANCE.md`)."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

# Big cities get most of the traffic (codes of capitals and large municipalities), the rest is spread
# over all 1,122 municipalities so that rare and ambiguous names (Armenia, Buenavista…) appear too.
BIG_CITIES: dict[str, float] = {
    "11001": 0.22, "05001": 0.09, "76001": 0.08, "08001": 0.05, "13001": 0.035, "68001": 0.03,
    "54001": 0.025, "66001": 0.02, "17001": 0.015, "73001": 0.015, "47001": 0.015, "50001": 0.015,
    "52001": 0.012, "23001": 0.012, "41001": 0.012, "63001": 0.012,
}
BIG_CITY_SHARE = sum(BIG_CITIES.values())


@lru_cache(maxsize=1)
def divipola() -> pd.DataFrame:
    """The municipalities table: code, name, department code and name, coordinates."""
    with resources.files("pqrlab.data").joinpath("divipola.csv").open("rb") as handle:
        return pd.read_csv(handle, dtype={"municipality_code": str, "department_code": str})


@lru_cache(maxsize=1)
def municipality_weights() -> np.ndarray:
    """Sampling weights: big cities by share, the rest uniform over every municipality."""
    table = divipola()
    weights = np.full(len(table), (1 - BIG_CITY_SHARE) / len(table))
    index = {code: i for i, code in enumerate(table["municipality_code"])}
    for code, share in BIG_CITIES.items():
        weights[index[code]] += share
    return weights / weights.sum()
