"""Connections, migrations and COPY helpers for the control plane."""
from __future__ import annotations

import io
from importlib import resources

import pandas as pd
import psycopg
import pyarrow as pa
import pyarrow.csv as pa_csv

MIGRATIONS_TABLE = "meta.schema_migrations"


def connect(dsn: str) -> psycopg.Connection:
    return psycopg.connect(dsn)


def migration_files() -> list[tuple[str, str]]:
    """(name, sql) of the numbered migrations, in order."""
    folder = resources.files("pqrlab.control").joinpath("migrations")
    files = sorted(p for p in folder.iterdir() if p.name.endswith(".sql"))
    return [(p.name, p.read_text()) for p in files]


def apply_migrations(dsn: str) -> list[str]:
    """Apply the migrations not yet recorded, each in its own transaction; return those applied."""
    applied_now = []
    with connect(dsn) as conn:
        conn.execute("CREATE SCHEMA IF NOT EXISTS meta")
        conn.execute(f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} "
                     "(name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
        conn.execute("SELECT pg_advisory_xact_lock(4242)")  # one migrator at a time
        done = {row[0] for row in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")}
        for name, sql in migration_files():
            if name in done:
                continue
            with conn.transaction():
                conn.execute(sql)
                conn.execute(f"INSERT INTO {MIGRATIONS_TABLE} (name) VALUES (%s)", (name,))
            applied_now.append(name)
    return applied_now


def python_rows(frame: pd.DataFrame) -> list[tuple]:
    """A DataFrame's rows as tuples of plain Python values, every missing value (NaN, NaT, NA) None."""
    columns = [frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in frame.columns]
    return list(zip(*columns))


COPY_BATCH_ROWS = 20_000  # rows per CSV chunk sent to COPY (bounds the memory the text takes)


def copy_frame(cur: psycopg.Cursor, table: str, frame: pd.DataFrame) -> int:
    """COPY a DataFrame into `table` (its columns by name); return rows copied.

    Arrow writes the rows as CSV in C, quoting every string and leaving only a missing value (None, NaN,
    NaT) unquoted and empty, which is how PostgreSQL's CSV format spells NULL: every string arrives byte
    for byte (a subject that is exactly `\\N` or empty, bare CR, tabs, quotes, backslashes) and only a
    real None becomes NULL. (PostgreSQL text cannot hold NUL: Bronze quarantines such lines.) A frame with
    nested values (lists), which CSV cannot carry, goes through psycopg's row writer instead.
    """
    columns = ", ".join(frame.columns)
    table_data = pa.Table.from_pandas(frame, preserve_index=False)
    if any(pa.types.is_nested(field.type) for field in table_data.schema):
        with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in python_rows(frame):
                copy.write_row(row)
        return len(frame)
    options = pa_csv.WriteOptions(include_header=False, batch_size=COPY_BATCH_ROWS)
    with cur.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)") as copy:
        for batch in table_data.to_batches(max_chunksize=COPY_BATCH_ROWS):
            text = io.BytesIO()
            pa_csv.write_csv(batch, text, options)
            copy.write(text.getbuffer())
    return len(frame)


def fetch_frame(dsn: str, sql: str, params: tuple | dict | None = None) -> pd.DataFrame:
    with connect(dsn) as conn:
        cur = conn.execute(sql, params)
        return pd.DataFrame(cur.fetchall(), columns=[d.name for d in cur.description])
