"""Reference solutions of exercises/01_generate_raw.ipynb, one section per question (`# %% qN`).

Each section runs in that notebook after its setup cell (names there: lake, run_id, dsn, sample, client).
tests/test_exercises.py pastes each section into the question's answer cell and expects every check to pass.
"""


# %% q1
from pqrlab.layers.raw import read_manifests

raw_lines = sum(manifest["lines"] for manifest in read_manifests(lake, run_id))


# %% q2
from pqrlab.layers.raw import read_manifests

busiest_day = max(read_manifests(lake, run_id), key=lambda manifest: manifest["lines"])["day"]


# %% q3
first_file = lake.files("raw", run_id, "*.jsonl")[0]
try:
    lake.write_immutable(first_file, b"edited\n")
except Exception as err:  # RawImmutableError
    immutable_error = err


# %% q4
import json

import dask.bag


def parse_record(line: str) -> dict | None:
    """A Raw line as a dict, or None when it is not a JSON object."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


lines = dask.bag.read_text(f"{lake.url}/raw/source=email/day=*/run_id={run_id}/*.jsonl", errors="replace")
initial_bag = lines.map(parse_record).filter(lambda record: record is not None and record.get("kind") == "initial")
initial_lines = initial_bag.count().compute()
