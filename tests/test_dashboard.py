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

    monkeypatch.setenv("PQR_PG_DSN", published)
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    expected = kpis(published, "pub")
    assert metrics["Tickets recibidos"] == f"{expected['tickets']:,}"
    assert metrics["Cumplimiento SLA"] == f"{expected['compliance']:.1%}"
    assert app.selectbox[0].value == "pub"
    charts = app.get("vega_lite_chart")  # st.bar_chart renders as a Vega-Lite chart
    assert len(charts) == 2  # volume by type, backlog
    assert len(app.dataframe) == 1 and len(app.dataframe[0].value) == len(expected["sla"])


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
