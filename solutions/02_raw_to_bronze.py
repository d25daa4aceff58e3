"""Reference solutions of exercises/02_raw_to_bronze.ipynb, one section per question (`# %% qN`).

Each section runs in that notebook after its setup cell (names there: lake, run_id, dsn, sample, client).
tests/test_exercises.py pastes each section into the question's answer cell and expects every check to pass.
"""


# %% q1
import datetime as dt

from pqrlab.layers.bronze import Rejected, parse_line

try:
    parse_line(b'{"message_id": "m-1", "kind": "initial"}', dt.date(2026, 3, 2))
except Rejected as rejected:
    rejection_reason = rejected.reason


# %% q2
from pqrlab.layers.bronze import MESSAGES, QUARANTINE

bronze_rows = lake.read_dataset("bronze", MESSAGES, run_id).num_rows
quarantined_rows = lake.read_dataset("bronze", QUARANTINE, run_id).num_rows


# %% q3
import dask.dataframe as dd


def add_body_chars(part):
    """One partition with the length of each body (pure)."""
    return part.assign(body_chars=part["body"].str.len())


messages = dd.read_parquet(f"{lake.url}/bronze/messages", dataset={"partitioning": None},
                           filters=[("run_id", "==", run_id)])
with_length = messages.map_partitions(add_body_chars)


# %% q4
import dask.dataframe as dd

quarantine = dd.read_parquet(f"{lake.url}/bronze/quarantine", dataset={"partitioning": None},
                             filters=[("run_id", "==", run_id)])
by_reason = quarantine.groupby("reason").size().compute()
