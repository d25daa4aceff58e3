"""The lake: immutable Raw, deterministic Parquet, run-scoped rewrites."""
import datetime as dt

import pyarrow as pa
import pytest

from pqrlab.channel.generator import ChannelConfig
from pqrlab.lake import RawImmutableError
from pqrlab.layers.raw import generate_raw, verify_manifests


def test_write_immutable(lake):
    path = f"{lake.partition('raw', '2026-03-02', 'r1')}/part-x.jsonl"
    digest = lake.write_immutable(path, b"a\n")
    assert lake.write_immutable(path, b"a\n") == digest  # identical: a no-op
    with pytest.raises(RawImmutableError, match="Raw is immutable"):
        lake.write_immutable(path, b"b\n")
    assert lake.read_bytes(path) == b"a\n"
    with pytest.raises(RawImmutableError):
        lake.remove_run("raw", "r1")


def test_parquet_is_deterministic(lake):
    table = pa.table({"a": [1, 2, 3], "b": ["x", "y", None]})
    assert lake.write_parquet(f"{lake.url}/x.parquet".split("://")[1], table) == \
        lake.write_parquet(f"{lake.url}/y.parquet".split("://")[1], table)


def test_regenerating_a_run_with_other_parameters_is_refused(lake, dask):
    cfg = ChannelConfig(seed=1, run_id="imm", events=300, start=dt.date(2026, 3, 2), days=5)
    first = generate_raw(lake, dask, cfg)
    again = generate_raw(lake, dask, cfg)
    assert [o.sha256 for o in first.outputs] == [o.sha256 for o in again.outputs]
    assert verify_manifests(lake, "imm") == []
    with pytest.raises(RawImmutableError):
        generate_raw(lake, dask, ChannelConfig(**{**cfg.__dict__, "seed": 2}))  # other mail, same run id
