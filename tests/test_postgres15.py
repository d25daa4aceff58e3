"""The same migrations, loads and access rules on PostgreSQL 15 (the embedded server is 18)."""
from __future__ import annotations

import datetime as dt

import psycopg
import pytest

from pqrlab.channel.generator import ChannelConfig
from pqrlab.control.db import apply_migrations, fetch_frame, migration_files
from pqrlab.control.publish import publish
from pqrlab.layers.bronze import raw_to_bronze
from pqrlab.layers.gold import silver_to_gold
from pqrlab.layers.raw import generate_raw
from pqrlab.layers.silver import bronze_to_silver
from tests.test_control_plane import EXPECTED, as_agent, observed_privileges


@pytest.fixture(scope="module")
def published15(pg15_dsn, dask, tmp_path_factory):
    from pqrlab.lake import Lake

    version = psycopg.connect(pg15_dsn).execute("SHOW server_version").fetchone()[0]
    assert version.startswith("15.")
    assert apply_migrations(pg15_dsn) == [name for name, _ in migration_files()]
    assert apply_migrations(pg15_dsn) == []
    lake = Lake(f"file://{tmp_path_factory.mktemp('pg15lake') / 'lake'}")
    cfg = ChannelConfig(seed=5, run_id="pg15", events=600, start=dt.date(2026, 3, 2), days=30)
    generate_raw(lake, dask, cfg)
    raw_to_bronze(lake, dask, "pg15")
    bronze_to_silver(lake, dask, "pg15", "keywords-baseline")
    silver_to_gold(lake, dask, "pg15")
    publish(lake, pg15_dsn, "pg15")
    publish(lake, pg15_dsn, "pg15")  # idempotent here too
    return pg15_dsn


def test_publish_on_postgres_15(published15):
    counts = fetch_frame(published15, "SELECT (SELECT count(*) FROM core.tickets) AS tickets, "
                                      "(SELECT count(*) FROM public.gold_sla_compliance) AS sla")
    assert counts["tickets"][0] > 100 and counts["sla"][0] > 0


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_role_privileges_on_postgres_15(published15, role):
    assert observed_privileges(published15, role) == EXPECTED[role]


def test_row_level_security_on_postgres_15(published15):
    top = fetch_frame(published15, "SELECT municipality_code FROM core.tickets WHERE municipality_code IS NOT NULL "
                                   "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")["municipality_code"][0]
    seen = as_agent(published15, [top], "SELECT DISTINCT municipality_code FROM core.tickets")
    assert seen == [(top,)]
