"""One Silver → Gold aggregation, three engines: Dask (Polars inside partitions), Polars alone (lazy,
streaming) and DuckDB. The same two results each time: volume per day × type × topic × department,
and SLA counts per due date × type (definitions: `pqrlab.layers.gold`).
"""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import polars as pl

from pqrlab.layers.gold import SLA_KEYS  # the same keys as Gold
from pqrlab.layers.silver import LOCAL_TZ as TZ

VOLUME_KEYS = ["day", "pqrs_type", "topic", "department_code"]  # Gold's, without the municipality


def _volume(frame: pl.LazyFrame) -> pl.LazyFrame:
    return (frame.with_columns(pl.col("department_code").fill_null("unknown"), pl.col("topic").fill_null("otros"))
            .group_by(VOLUME_KEYS).agg(pl.len().cast(pl.Int64).alias("tickets")))


def _sla(frame: pl.LazyFrame, as_of: dt.date) -> pl.LazyFrame:
    answered = pl.col("first_response_at").dt.convert_time_zone(TZ).dt.date()
    done = pl.col("first_response_at").is_not_null()
    return (frame.filter(pl.col("due_date") <= as_of)
            .group_by(SLA_KEYS).agg(
                pl.len().cast(pl.Int64).alias("due"),
                (done & (answered <= pl.col("due_date"))).sum().cast(pl.Int64).alias("on_time"),
                (done & (answered > pl.col("due_date"))).sum().cast(pl.Int64).alias("late"),
                (~done).sum().cast(pl.Int64).alias("overdue_open")))


def polars_partials(path: str, as_of: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Inside one Dask partition: Polars computes the partial aggregates of one file."""
    frame = pl.scan_parquet(path)
    volume, sla = pl.collect_all([_volume(frame), _sla(frame, as_of)])
    return volume, sla


def dask_polars(client, paths: list[str], as_of: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    parts = client.gather(client.map(polars_partials, paths, [as_of] * len(paths), pure=False))
    volume = pl.concat([p[0] for p in parts]).group_by(VOLUME_KEYS).agg(pl.col("tickets").sum())
    sla = pl.concat([p[1] for p in parts]).group_by(SLA_KEYS).agg(pl.exclude(SLA_KEYS).sum())
    return volume.to_pandas(), sla.to_pandas()


def polars_lazy(glob: str, as_of: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    frame = pl.scan_parquet(glob)
    volume, sla = pl.collect_all([_volume(frame), _sla(frame, as_of)], engine="streaming")
    return volume.to_pandas(), sla.to_pandas()


def duckdb_sql(glob: str, as_of: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    with duckdb.connect() as con:
        con.execute(f"SET TimeZone = '{TZ}'")
        con.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet('{glob}', hive_partitioning = false)")
        volume = con.execute("""
            SELECT day, pqrs_type, coalesce(topic, 'otros') AS topic,
                   coalesce(department_code, 'unknown') AS department_code, count(*) AS tickets
            FROM t GROUP BY ALL""").df()
        sla = con.execute(f"""
            SELECT due_date, pqrs_type, count(*) AS due,
                   count(*) FILTER (CAST(first_response_at AS DATE) <= due_date) AS on_time,
                   count(*) FILTER (CAST(first_response_at AS DATE) > due_date) AS late,
                   count(*) FILTER (first_response_at IS NULL) AS overdue_open
            FROM t WHERE due_date <= DATE '{as_of}' GROUP BY ALL""").df()
    return volume, sla


def canonical(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sorted, with plain types, so that results of different engines compare equal."""
    out = frame.copy()
    for key in keys:
        out[key] = out[key].astype(str)
    for column in out.columns.difference(keys):
        out[column] = out[column].astype("int64")
    return out[keys + sorted(out.columns.difference(keys))].sort_values(keys).reset_index(drop=True)
