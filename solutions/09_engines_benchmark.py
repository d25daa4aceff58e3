"""Reference solutions of exercises/09_engines_benchmark.ipynb, one section per question (`# %% qN`).

Each section runs in that notebook after its setup cell (names there: lake, run_id, dsn, sample, client).
tests/test_exercises.py pastes each section into the question's answer cell and expects every check to pass.
"""


# %% q1
import polars as pl

counted = pl.scan_parquet(tickets_glob).group_by("pqrs_type").len().collect()
polars_counts = dict(zip(counted["pqrs_type"], counted["len"]))


# %% q2
import datetime as dt

import dask.dataframe as dd

from pqrlab.layers.silver import snapshot_path

tickets_ddf = dd.read_parquet(lake.url_of(snapshot_path(lake)), dataset={"partitioning": None})
limit = sample.settings.start + dt.timedelta(days=7)
first_week_tickets = int((tickets_ddf["day"] < limit).sum().compute())


# %% q3
import time

from pqrlab import engines

as_of = sample.settings.end
timings, results = {}, {}
for name, engine in {"duckdb": engines.duckdb_sql, "polars": engines.polars_lazy}.items():
    started = time.perf_counter()
    results[name] = engine(tickets_glob, as_of)
    timings[name] = time.perf_counter() - started
engines_agree = all(engines.canonical(a, keys).equals(engines.canonical(b, keys))
                    for a, b, keys in zip(results["duckdb"], results["polars"],
                                          (engines.VOLUME_KEYS, engines.SLA_KEYS)))
