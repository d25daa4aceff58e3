"""The Streamlit app, headless (AppTest), reading only public.gold_* of a real PostgreSQL."""
from __future__ import annotations

from pathlib import Path

import pytest


APP = Path(__file__).resolve().parents[1] / "pqrlab" / "dashboard" / "app.py"


@pytest.fixture(autouse=True)
def restore_main_module():
    """AppTest runs the app as `__main__` and leaves it there; Dask's spawned workers would re-run it."""
    import sys

    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


def test_dashboard_shows_kpis_from_gold(published, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from pqrlab.dashboard.queries import kpis
    from pqrlab.formats import es_co_number, es_co_percent

    monkeypatch.setenv("PQR_PG_DSN", published)
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    expected = kpis(published, "pub")
    assert metrics["Tickets recibidos"] == es_co_number(expected["tickets"])  # es-CO: 1.234 and 87,5 %
    assert metrics["Cumplimiento SLA"] == es_co_percent(expected["compliance"])
    assert app.selectbox[0].value == "pub"
    charts = app.get("vega_lite_chart")  # st.bar_chart renders as a Vega-Lite chart
    assert len(charts) == 2  # volume by type, backlog
    assert len(app.dataframe) == 1 and len(app.dataframe[0].value) == len(expected["sla"])
    assert "cumplimiento" in app.dataframe[0].value.columns


def test_dashboard_says_what_to_do_when_nothing_is_published(fresh_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("PQR_PG_DSN", fresh_db)
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not app.exception
    assert "make run" in app.info[0].value


def test_dashboard_sql_reads_only_gold():
    import re

    from pqrlab.dashboard import queries

    relations = set()
    for sql in (queries.PUBLISHED_RUNS, queries.DAILY_VOLUME, queries.SLA_BY_TYPE, queries.BACKLOG):
        relations |= set(re.findall(r"(?:FROM|JOIN)\s+([\w.]+)", sql))
    assert relations and all(r.startswith("public.gold_") for r in relations), relations


def test_operations_page_shows_runs_and_quality(published, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from pqrlab.control.runs import record_checks, start_run
    from pqrlab.quality import CHECKS, CheckResult

    start_run(published, "broken", 1, {})
    record_checks(published, "broken", [CheckResult(CHECKS[5], False, "0.4", "0.25")])
    from pqrlab.control.runs import finish_run

    finish_run(published, "broken", "failed", "QualityGateError")
    monkeypatch.setenv("PQR_PG_DSN", published)
    app = AppTest.from_file(str(APP.parent / "views" / "operaciones.py"), default_timeout=60).run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics == {"Corridas recientes": "2", "Corridas fallidas": "1"}
    runs, checks = app.dataframe
    assert set(runs.value["run_id"]) == {"pub", "broken"}
    assert checks.value["check_name"].tolist() == ["share_of_raw_at_most"]
