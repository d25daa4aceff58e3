"""Shared fixtures: the real services (embedded PostgreSQL, Dask LocalCluster, Prefect server)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
# Most tests' pipelines do not depend on the model: they pin the keyword rules, so that none of them trains
# the default model (tests/test_models_registry.py trains one, once per session, where it is the subject).
os.environ.setdefault("PQR_ENRICHER", "keywords-baseline")


@pytest.fixture(scope="session")
def pg_dsn(tmp_path_factory) -> str:
    """A fresh embedded PostgreSQL for the test session (a real server, stopped at exit)."""
    from pqrlab.services.postgres import embedded_server

    server = embedded_server(tmp_path_factory.mktemp("pg") / "pgdata")
    yield server.get_uri()
    server.cleanup()


def create_database(server_dsn: str, migrate: bool = True) -> str:
    """A new, empty database on the server of `server_dsn` (migrated unless told not to); its DSN."""
    import uuid

    import psycopg

    from pqrlab.control.db import apply_migrations

    name = "t_" + uuid.uuid4().hex[:10]
    with psycopg.connect(server_dsn, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    dsn = server_dsn.replace("/postgres?", f"/{name}?")
    if migrate:
        apply_migrations(dsn)
    return dsn


@pytest.fixture
def fresh_db(pg_dsn) -> str:
    """A new, empty database on the session server, migrated."""
    return create_database(pg_dsn)


@pytest.fixture(scope="session")
def dask(tmp_path_factory):
    """One real Dask LocalCluster (2 worker processes) for the session."""
    from pqrlab.services.dask_cluster import start_client, stop_client

    os.environ.setdefault("DASK_TEMPORARY_DIRECTORY", str(tmp_path_factory.mktemp("dask")))
    client = start_client(None, n_workers=2)
    yield client
    stop_client(client)


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory) -> str:
    """A real `prefect server start` on 127.0.0.1 for the session; PREFECT_API_URL points at it."""
    from pqrlab.services.prefect_server import prefect_env, prefect_server

    home = tmp_path_factory.mktemp("prefect-home")
    os.environ.update(prefect_env(home))
    with prefect_server(home) as url:
        os.environ["PREFECT_API_URL"] = url
        yield url


def small_lake(lake, dask, run_id: str, seed: int = 5, events: int = 600, days: int = 30):
    """A small run of `days` delivery days from 2026-03-02 through Raw → Bronze → Silver → Gold in `lake`."""
    import datetime as dt

    from pqrlab.channel.generator import ChannelConfig
    from pqrlab.layers.bronze import raw_to_bronze
    from pqrlab.layers.gold import silver_to_gold
    from pqrlab.layers.raw import generate_raw
    from pqrlab.layers.silver import bronze_to_silver

    cfg = ChannelConfig(seed=seed, run_id=run_id, events=events, start=dt.date(2026, 3, 2), days=days)
    generate_raw(lake, dask, cfg)
    raw_to_bronze(lake, dask, run_id)
    bronze_to_silver(lake, dask, run_id, "keywords-baseline")
    silver_to_gold(lake, dask, run_id)
    return lake


def publish_small_run(lake, dask, dsn: str, run_id: str = "pub", events: int = 600, days: int = 30) -> str:
    """A small run through every layer, published to `dsn` and marked succeeded; returns `dsn`."""
    from pqrlab.control.publish import publish
    from pqrlab.control.runs import finish_run, start_run

    start_run(dsn, run_id, 5, {})
    small_lake(lake, dask, run_id, events=events, days=days)
    publish(lake, dsn, run_id)
    finish_run(dsn, run_id, "succeeded")
    return dsn


@pytest.fixture
def published(lake, dask, fresh_db):
    """A small run (600 e-mails) through every layer and published to a fresh database."""
    return publish_small_run(lake, dask, fresh_db)


@pytest.fixture
def lake(tmp_path):
    from pqrlab.lake import Lake

    return Lake(f"file://{tmp_path / 'lake'}")


@pytest.fixture
def divipola_reference() -> Path:
    path = SHARED / "data" / "divipola.csv"
    if not path.exists():
        pytest.skip("../shared/data/divipola.csv is not beside this checkout")
    return path


def small_settings(tmp_path: Path, dsn: str, events: int = 600, **env):
    from pqrlab.settings import Settings

    return Settings(home=tmp_path / "home", lake_url=f"file://{tmp_path / 'lake'}", pg_dsn=dsn, events=events,
                    **{"enricher": os.environ["PQR_ENRICHER"], **env})


PG15_BIN = Path("/usr/lib/postgresql/15/bin")


@pytest.fixture(scope="session")
def pg15_dsn(tmp_path_factory) -> str:
    """A real PostgreSQL 15 (Debian's, in the machine image) in a temporary folder, for compatibility tests."""
    import subprocess

    if not (PG15_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 server binaries not found under /usr/lib/postgresql/15/bin")
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="pqr-pg15-"))  # pytest's own temp folders are closed to other users
    data = folder / "data"
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(folder, "postgres")
    run = lambda *args: subprocess.run([*as_user, *args], check=True, capture_output=True, timeout=120)  # noqa: E731
    run(str(PG15_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "--encoding=UTF8")
    run(str(PG15_BIN / "pg_ctl"), "-D", str(data), "-o", f"-k {folder} -h ''", "-l", str(folder / "log"), "-w", "start")
    yield f"postgresql://postgres@/postgres?host={folder}"
    run(str(PG15_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
    shutil.rmtree(folder, ignore_errors=True)
