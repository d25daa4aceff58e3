"""The three engines of the benchmark compute the same thing as the pipeline's Gold definitions."""
from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq

from pqrlab import engines
from pqrlab.bench import synth_silver_tickets
from pqrlab.layers.gold import combine, sla_partial, volume_partial


def test_engines_agree_with_each_other_and_with_gold(tmp_path, dask):
    as_of = synth_silver_tickets(20_000, tmp_path)
    paths = sorted(str(p) for p in tmp_path.glob("*.parquet"))
    glob = f"{tmp_path}/*.parquet"
    results = {
        "dask+polars": engines.dask_polars(dask, paths, as_of),
        "polars": engines.polars_lazy(glob, as_of),
        "duckdb": engines.duckdb_sql(glob, as_of),
    }
    tickets = pd.concat([pq.read_table(p).to_pandas() for p in paths], ignore_index=True)
    tickets["municipality_code"] = None
    gold_volume = volume_partial(tickets).groupby(engines.VOLUME_KEYS)["tickets"].sum().reset_index()
    gold_sla = combine([sla_partial(tickets, as_of)], engines.SLA_KEYS)
    expected_volume = engines.canonical(gold_volume, engines.VOLUME_KEYS)
    expected_sla = engines.canonical(gold_sla, engines.SLA_KEYS)
    assert expected_sla["due"].sum() > 1000 and expected_sla["overdue_open"].sum() > 0
    for name, (volume, sla) in results.items():
        pd.testing.assert_frame_equal(engines.canonical(volume, engines.VOLUME_KEYS), expected_volume, obj=name)
        pd.testing.assert_frame_equal(engines.canonical(sla, engines.SLA_KEYS), expected_sla, obj=name)
