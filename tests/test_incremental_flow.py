"""Issue 14, the runs side: the real Prefect flow (papermill notebooks, Dask, PostgreSQL) ingests delivery days
one run at a time: claims them, records them ingested after publish, refuses gaps, skips Raw/Bronze when it
reprocesses, and releases its days whatever happens."""
from __future__ import annotations

import datetime as dt

import pytest

from pqrlab.control import runs
from pqrlab.control.db import fetch_frame

D0 = dt.date(2026, 3, 2)
DAILY = 25.0


@pytest.fixture(scope="module")
def living(prefect_api, pg_dsn, tmp_path_factory):
    """A lake and database that ingest day after day."""
    import os

    from tests.conftest import create_database

    root = tmp_path_factory.mktemp("living")
    os.environ["PQR_HOME"] = str(root / "home")
    return {"dsn": create_database(pg_dsn), "lake_url": f"file://{root / 'lake'}"}


def flow(living, **days):
    from pqrlab.flows import lakehouse_flow

    return lakehouse_flow(daily_events=DAILY, lake_url=living["lake_url"], pg_dsn=living["dsn"], start=str(D0),
                          **days)


def locks(dsn: str) -> int:
    return len(fetch_frame(dsn, "SELECT day FROM meta.day_locks"))


def test_days_are_ingested_one_after_the_other(living):
    dsn = living["dsn"]
    first = flow(living, day=str(D0))
    assert first.status == "succeeded" and first.run_id == f"s42-v25-{D0:%Y%m%d}-{D0:%Y%m%d}"
    assert runs.ingested_days(dsn) == [D0] and locks(dsn) == 0
    row = runs.get_run(dsn, first.run_id)
    assert (row["first_day"], row["last_day"], row["days"], row["reprocess"]) == (D0, D0, [D0], False)

    second = flow(living, next_day=True)  # the next day not yet ingested
    assert second.status == "succeeded" and second.run.get("first_day") == D0 + dt.timedelta(days=1)
    assert runs.ingested_days(dsn) == [D0, D0 + dt.timedelta(days=1)] and locks(dsn) == 0
    got = fetch_frame(dsn, "SELECT day, run_id, raw_lines, bronze_rows, quarantined FROM meta.ingested_days "
                           "ORDER BY day")
    assert got["run_id"].tolist() == [first.run_id, second.run_id]
    assert (got["raw_lines"] == got["bronze_rows"] + got["quarantined"]).all() and (got["raw_lines"] > 0).all()

    with pytest.raises(runs.GapError, match="never ingested"):
        flow(living, day=str(D0 + dt.timedelta(days=4)))
    assert locks(dsn) == 0 and runs.get_run(dsn, f"s42-v25-{D0 + dt.timedelta(days=4):%Y%m%d}-"
                                                 f"{D0 + dt.timedelta(days=4):%Y%m%d}") is None


def test_a_refused_run_trains_no_model(living, monkeypatch):
    """The default model is trained under the run's claim, after the gap check: a refused run leaves the lake and
    the registry without one."""
    from pathlib import Path

    monkeypatch.setenv("PQR_ENRICHER", "promoted")
    with pytest.raises(runs.GapError, match="never ingested"):
        flow(living, day=str(D0 + dt.timedelta(days=9)))
    lake = Path(living["lake_url"].removeprefix("file://"))
    assert not (lake / "models").exists() or not any((lake / "models").rglob("*.joblib"))
    assert fetch_frame(living["dsn"], "SELECT count(*) AS n FROM meta.models")["n"].iloc[0] == 0
    assert locks(living["dsn"]) == 0


def test_reprocess_skips_raw_and_bronze_and_needs_ingested_days(living):
    dsn = living["dsn"]
    with pytest.raises(runs.GapError, match="--reprocess"):
        flow(living, from_day=str(D0), to_day=str(D0 + dt.timedelta(days=2)), reprocess=True)
    report = flow(living, from_day=str(D0), to_day=str(D0 + dt.timedelta(days=1)), reprocess=True)
    assert report.status == "succeeded" and report.run_id.endswith("-rp")
    assert list(report.notebook_seconds) == ["03_bronze_to_silver.ipynb", "04_silver_to_gold.ipynb",
                                             "05_publish_postgres.ipynb"]
    assert set(fetch_frame(dsn, "SELECT run_id FROM meta.ingested_days")["run_id"]) == {report.run_id}
    assert runs.get_run(dsn, report.run_id)["reprocess"] is True and locks(dsn) == 0


def test_a_failed_run_releases_its_days_and_ingests_nothing(living, monkeypatch):
    dsn = living["dsn"]
    monkeypatch.setenv("PQR_ENRICHER", "no-such-model")  # notebook 03 cannot load it: the run fails there
    with pytest.raises(Exception):
        flow(living, next_day=True)
    assert locks(dsn) == 0
    assert runs.ingested_days(dsn) == [D0, D0 + dt.timedelta(days=1)]
    failed = fetch_frame(dsn, "SELECT status, failed_step, first_day FROM meta.runs WHERE status = 'failed'")
    assert failed["first_day"].tolist() == [D0 + dt.timedelta(days=2)]
