"""Connections, migrations and COPY helpers for the control plane."""
from __future__ import annotations

from importlib import resources

import pandas as pd
import psycopg

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


def copy_frame(cur: psycopg.Cursor, table: str, frame: pd.DataFrame) -> int:
    """COPY a DataFrame into `table` (its columns by name); return rows copied.

    psycopg's row writer does the quoting, so every string arrives byte for byte: a subject that is
    exactly `\\N` stays text, bare CR, tabs and backslashes stay what they were, and only a real
    None becomes NULL. (PostgreSQL text cannot hold NUL: Bronze quarantines such lines.)
    """
    columns = ", ".join(frame.columns)
    with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in python_rows(frame):
            copy.write_row(row)
    return len(frame)


def fetch_frame(dsn: str, sql: str, params: tuple | dict | None = None) -> pd.DataFrame:
    with connect(dsn) as conn:
        cur = conn.execute(sql, params)
        return pd.DataFrame(cur.fetchall(), columns=[d.name for d in cur.description])
