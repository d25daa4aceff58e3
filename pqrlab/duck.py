"""DuckDB over the lake: one helper that opens the lake for SQL, local folder or S3 alike.

Offline, DuckDB's `INSTALL httpfs` cannot download; the extension ships in the pip package
`duckdb-extension-httpfs` (built for duckdb 1.5.5 exactly) and is loaded from its file.
"""
from __future__ import annotations

from importlib import resources
from urllib.parse import urlparse

import duckdb
import pyarrow as pa

from pqrlab.lake import Lake


def httpfs_extension_path() -> str:
    """Path of the httpfs extension file that matches the installed duckdb."""
    folder = resources.files("duckdb_extension_httpfs").joinpath("extensions", f"v{duckdb.__version__}")
    path = folder.joinpath("httpfs.duckdb_extension")
    if not path.is_file():
        raise RuntimeError(f"no httpfs extension for duckdb {duckdb.__version__} in duckdb-extension-httpfs: "
                           "pin duckdb==1.5.5")
    return str(path)


def connect_lake(lake: Lake) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that can `read_parquet(lake.sql_url(...))` on this lake."""
    con = duckdb.connect()
    if lake.url.startswith("s3://"):
        con.execute(f"LOAD '{httpfs_extension_path()}'")
        options = lake.storage_options
        endpoint = (options.get("client_kwargs") or {}).get("endpoint_url")
        parts = [f"KEY_ID '{options.get('key') or ''}'", f"SECRET '{options.get('secret') or ''}'"]
        if endpoint:
            parsed = urlparse(endpoint)
            parts += [f"ENDPOINT '{parsed.netloc}'", "URL_STYLE 'path'",
                      f"USE_SSL {'true' if parsed.scheme == 'https' else 'false'}"]
        con.execute(f"CREATE OR REPLACE SECRET lake (TYPE s3, {', '.join(parts)})")
    return con


def sql_url(lake: Lake, path: str) -> str:
    """A lake path as DuckDB wants it: `s3://…` for S3, a plain path for a local folder."""
    url = lake.url_of(path)
    return url.removeprefix("file://")


def query(lake: Lake, sql: str) -> pa.Table:
    """Run one SQL statement over the lake and return an Arrow table."""
    with connect_lake(lake) as con:
        return con.execute(sql).fetch_arrow_table()


def ticket_snapshot_url(lake: Lake, day: str | None = None) -> str:
    """The ticket snapshot after `day` (default: the latest day) for `read_parquet` (one file: snapshots are
    state, each holds every ticket known by then, so never glob all days). Read it with
    `hive_partitioning = false`: its `day` column is each ticket's received day, not the folder's day."""
    from pqrlab.layers.silver import snapshot_path

    return sql_url(lake, snapshot_path(lake, day))


def gold_glob(lake: Lake, name: str) -> str:
    """A glob over every day of a Gold table (one current folder per day, so each row once)."""
    from pqrlab.layers.gold import GOLD_DATASETS

    if name not in GOLD_DATASETS:
        raise ValueError(f"unknown Gold table {name!r}; known: {', '.join(GOLD_DATASETS)}")
    return sql_url(lake, lake._root) + f"/gold/{name}/**/*.parquet"
