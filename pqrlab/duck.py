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
