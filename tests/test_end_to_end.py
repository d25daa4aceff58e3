"""End to end: the Prefect flow runs the notebooks with papermill on real Dask and real PostgreSQL."""
from __future__ import annotations

import psycopg
import pytest

from pqrlab.control.db import fetch_frame
from pqrlab.lake import Lake
from pqrlab.layers.bronze import MESSAGES, QUARANTINE
from pqrlab.layers.gold import GOLD_DATASETS, read_gold
from pqrlab.layers.raw import read_manifests
from pqrlab.layers.silver import read_tickets

RUN = "e2e-2000"
EVENTS = 2000
CORE_TABLES = ("core.tickets", "core.messages", "core.ticket_events", "meta.runs", "meta.lineage",
               "public.gold_daily_volume", "public.gold_sla_compliance")


@pytest.fixture(scope="module")
def flow_run(prefect_api, pg_dsn, tmp_path_factory):
    """Run the flow twice with the same run id; keep what each run left behind."""
    import os

    from tests.conftest import create_database

    root = tmp_path_factory.mktemp("e2e")
    dsn = create_database(pg_dsn)
    os.environ["PQR_HOME"] = str(root / "home")
    from pqrlab.flows import lakehouse_flow

    lake_url = f"file://{root / 'lake'}"
    first = lakehouse_flow(run_id=RUN, events=EVENTS, lake_url=lake_url, pg_dsn=dsn)
    lake = Lake(lake_url)
    checksums = lake.checksums()
    counts = table_counts(dsn)
    second = lakehouse_flow(run_id=RUN, events=EVENTS, lake_url=lake_url, pg_dsn=dsn)
    return {"first": first, "second": second, "lake": lake, "dsn": dsn, "checksums": checksums, "counts": counts}


def table_counts(dsn: str) -> dict[str, int]:
    with psycopg.connect(dsn) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in CORE_TABLES}


def test_flow_succeeds_and_records_the_run(flow_run):
    report = flow_run["first"]
    assert report.status == "succeeded"
    run = report.run
    assert set(run["steps"]) == {"generate", "bronze", "silver", "gold", "publish"}
    assert run["prefect_flow_run_id"]
    assert all(step["seconds"] > 0 for step in run["steps"].values())
    for notebook in ("01_generate_raw", "02_raw_to_bronze", "03_bronze_to_silver", "04_silver_to_gold",
                     "05_publish_postgres"):
        assert (report.run_dir / f"{notebook}.ipynb").exists()
    assert "pqr_step_duration_seconds" in (report.run_dir / "metrics.prom").read_text()


def test_counts_reconcile_across_layers(flow_run):
    lake = flow_run["lake"]
    raw_lines = sum(m["lines"] for m in read_manifests(lake, RUN))
    bronze = lake.read_dataset("bronze", MESSAGES, RUN).num_rows
    quarantined = lake.read_dataset("bronze", QUARANTINE, RUN).num_rows
    assert abs(raw_lines - EVENTS) < 0.15 * EVENTS  # EVENTS over the window is a mean daily volume, not a quota
    assert raw_lines == flow_run["first"].run["steps"]["generate"]["rows_out"]
    assert raw_lines == bronze + quarantined and quarantined > 0
    tickets = read_tickets(lake, RUN)
    assert tickets["ticket_id"].is_unique
    assert read_gold(lake, "daily_volume", RUN)["tickets"].sum() == len(tickets)
    steps = flow_run["first"].run["steps"]
    assert steps["bronze"]["rows_out"] == bronze and steps["silver"]["tickets"] == len(tickets)


def test_gold_tables_in_postgres_equal_gold_parquet(flow_run):
    lake, dsn = flow_run["lake"], flow_run["dsn"]
    for name in GOLD_DATASETS:
        parquet = read_gold(lake, name, RUN)
        table = fetch_frame(dsn, f"SELECT * FROM public.gold_{name} WHERE run_id = %s", (RUN,))
        assert set(table.columns) == set(parquet.columns), name
        table = table[parquet.columns]  # loads copy by column name; ALTER TABLE may order them differently
        as_text = lambda frame: sorted(map(tuple, frame.astype(str).to_numpy().tolist()))  # noqa: E731
        assert len(table) == len(parquet) > 0, name
        assert as_text(table) == as_text(parquet), name


def test_core_tickets_match_silver(flow_run):
    tickets = read_tickets(flow_run["lake"], RUN)
    core = fetch_frame(flow_run["dsn"], "SELECT ticket_id, pqrs_type, due_at FROM core.tickets WHERE run_id = %s",
                       (RUN,))
    assert set(core["ticket_id"]) == set(tickets["ticket_id"])
    merged = core.merge(tickets, on="ticket_id")
    assert (merged["pqrs_type_x"] == merged["pqrs_type_y"]).all()
    assert (merged["due_at"] == merged["due_date"]).all()


def test_rerun_same_run_id_is_idempotent(flow_run):
    assert flow_run["second"].status == "succeeded"
    assert flow_run["lake"].checksums() == flow_run["checksums"]
    assert table_counts(flow_run["dsn"]) == flow_run["counts"]
    assert flow_run["counts"]["meta.runs"] == 1
    with psycopg.connect(flow_run["dsn"]) as conn:
        unchanged = conn.execute("SELECT count(*) FROM core.tickets WHERE updated_at > "
                                 "(SELECT started_at FROM meta.runs WHERE run_id = %s)", (RUN,)).fetchone()[0]
    assert unchanged == 0  # the rerun's upsert found nothing to change
