"""The dashboards on a real PostgreSQL through the BI login role: least privilege, the indicators under
every filter, and the Streamlit pages headless (AppTest). The real-browser test is test_dashboard_browser.py."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import psycopg
import pytest

from tests.conftest import create_database, publish_small_run

APP = Path(__file__).resolve().parents[1] / "pqrlab" / "dashboard" / "app.py"
BI_USER = "pqr_bi_reader"
PERSONAL_DATA = r"@|\b\d{1,3}(\.\d{3}){2,3}\b|\b3\d{2} \d{3} \d{4}\b|\+57"  # e-mail, cédula, mobile


@pytest.fixture(autouse=True)
def restore_main_module():
    """AppTest runs the app as `__main__` and leaves it there; Dask's spawned workers would re-run it."""
    import sys

    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


@pytest.fixture(scope="module")
def served(pg_dsn, dask, tmp_path_factory) -> dict:
    """One published run (45 days, so 7- and 30-day periods differ) and the BI login role's DSN."""
    from pqrlab.control.bi import ensure_bi_login, login_dsn
    from pqrlab.lake import Lake

    dsn = publish_small_run(Lake(f"file://{tmp_path_factory.mktemp('served') / 'lake'}"), dask,
                            create_database(pg_dsn), events=900, days=45)
    ensure_bi_login(dsn, BI_USER, None)
    return {"admin": dsn, "bi": login_dsn(dsn, BI_USER, None)}


@pytest.fixture(scope="module")
def frames(served):
    from pqrlab.dashboard.queries import gold_frames, latest_run

    return gold_frames(served["bi"], latest_run(served["bi"]))


# -- least privilege ---------------------------------------------------------------------------------
def test_bi_login_role_reads_every_gold_relation_and_nothing_else(served):
    from pqrlab.layers.gold import GOLD_DATASETS

    with psycopg.connect(served["bi"]) as conn:
        assert conn.execute("SELECT current_user").fetchone()[0] == BI_USER
        for name in [*GOLD_DATASETS, "latest_run", "pipeline_runs", "quality_failures"]:
            conn.execute(f"SELECT count(*) FROM public.gold_{name}").fetchone()
        for relation in ("core.tickets", "core.messages", "core.messages_masked", "core.ticket_events",
                         "meta.runs", "meta.quality_checks", "meta.lineage"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                with conn.transaction():
                    conn.execute(f"SELECT 1 FROM {relation} LIMIT 1")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            with conn.transaction():
                conn.execute("DELETE FROM public.gold_open_tickets")
    with psycopg.connect(served["admin"]) as conn:
        super_, create_role, create_db, login = conn.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb, rolcanlogin FROM pg_roles WHERE rolname = %s",
            (BI_USER,)).fetchone()
        member_of = {r[0] for r in conn.execute(
            "SELECT b.rolname FROM pg_auth_members m JOIN pg_roles a ON a.oid = m.member "
            "JOIN pg_roles b ON b.oid = m.roleid WHERE a.rolname = %s", (BI_USER,))}
    assert (super_, create_role, create_db, login) == (False, False, False, True)
    assert member_of == {"pqr_bi"}


def test_bi_login_role_is_idempotent_and_takes_the_password_setting(served):
    from pqrlab.control.bi import ensure_bi_login

    ensure_bi_login(served["admin"], BI_USER, "s3cret-1")
    ensure_bi_login(served["admin"], BI_USER, "s3cret-2")
    with psycopg.connect(served["admin"]) as conn:
        (hashed,) = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (BI_USER,)).fetchone()
    assert hashed and hashed.startswith("SCRAM-SHA-256$")  # stored hashed, never in clear
    ensure_bi_login(served["admin"], BI_USER, None)
    with pytest.raises(ValueError, match="invalid BI role name"):
        ensure_bi_login(served["admin"], "bi; DROP TABLE x", None)


def test_bi_dsn_switches_the_user_and_drops_the_admin_password():
    from psycopg.conninfo import conninfo_to_dict

    from pqrlab.control.bi import bi_dsn
    from pqrlab.settings import Settings

    admin = "postgresql://postgres:admin-secret@db:5432/postgres?sslmode=disable"
    derived = conninfo_to_dict(bi_dsn(Settings(pg_dsn=admin, bi_password="bi-pw")))
    assert derived == {"user": "pqr_bi_reader", "password": "bi-pw", "host": "db", "port": "5432",
                       "dbname": "postgres", "sslmode": "disable"}
    assert "password" not in conninfo_to_dict(bi_dsn(Settings(pg_dsn=admin)))
    assert bi_dsn(Settings(bi_dsn="postgresql://x@y/z")) == "postgresql://x@y/z"  # no control plane needed


def test_dashboard_sql_reads_only_gold():
    from pqrlab.dashboard import queries

    relations = set()
    for sql in queries.ALL_SQL:
        relations |= set(re.findall(r"(?:FROM|JOIN)\s+([\w.]+)", sql))
    assert relations and all(r.startswith("public.gold_") for r in relations), relations


# -- the indicators --------------------------------------------------------------------------------
def test_every_filter_changes_the_indicators_and_slices_add_up(frames):
    from pqrlab.dashboard import indicadores as ind

    first, last = ind.data_days(frames)
    start, end = ind.default_period(first, last)
    assert (end - start).days == 29 and end == last
    whole = ind.Filters(start, end)
    total = ind.summary(frames, whole)
    assert total["received"] > 0 and total["due"] > 0 and total["overdue"] > 0
    week = ind.summary(frames, ind.Filters(last - dt.timedelta(days=6), last))
    assert week["received"] < total["received"]
    for field in ("department", "pqrs_type", "topic"):
        column = {"department": "department_code"}.get(field, field)
        values = frames["volume"][column].unique()
        parts = [ind.summary(frames, ind.Filters(start, end, **{field: v})) for v in values]
        assert len(values) > 1
        assert sum(p["received"] for p in parts) == total["received"]  # the slices partition the total
        assert sum(p["overdue"] for p in parts) == total["overdue"]
        assert sum(p["due"] for p in parts) == total["due"]
        assert any(p["received"] != total["received"] for p in parts)
    town = frames["volume"].groupby("municipality_code")["tickets"].sum().idxmax()
    assert ind.summary(frames, ind.Filters(start, end, municipality=town))["received"] < total["received"]


def test_previous_period_has_the_same_length():
    from pqrlab.dashboard.indicadores import Filters

    previous = Filters(dt.date(2026, 3, 10), dt.date(2026, 3, 16), "05").previous()
    assert (previous.start, previous.end, previous.department) == (dt.date(2026, 3, 3), dt.date(2026, 3, 9), "05")


def test_overdue_list_is_oldest_first_without_personal_data(frames):
    from pqrlab.dashboard import indicadores as ind

    first, last = ind.data_days(frames)
    table = ind.overdue_list(frames, ind.Filters(first, last))
    assert list(table.columns) == ["Radicado", "Tipo", "Tema", "Municipio", "Departamento", "Recibido", "Vencía",
                                   "Días hábiles de mora"]
    assert len(table) > 0 and table["Días hábiles de mora"].is_monotonic_decreasing
    assert (table["Días hábiles de mora"] >= 0).all() and (table["Vencía"] < last).all()
    text = table.to_csv()
    assert not re.search(PERSONAL_DATA, text)
    assert set(table["Tipo"]) <= {"Petición", "Queja", "Reclamo", "Sugerencia"}


def test_due_soon_counts_open_tickets_within_five_business_days(frames):
    from pqrlab.dashboard import indicadores as ind

    first, last = ind.data_days(frames)
    cut = frames["open_tickets"][frames["open_tickets"]["day"] == frames["open_tickets"]["day"].max()]
    in_term = cut[cut["due_date"] >= cut["day"]]
    expected = int((in_term["business_days_overdue"] >= -5).sum())
    assert ind.due_soon(frames, ind.Filters(first, last)) == expected > 0


def test_map_points_have_colombian_coordinates(frames):
    from pqrlab.dashboard import indicadores as ind

    first, last = ind.data_days(frames)
    for level in ("department", "municipality"):
        points = ind.map_points(frames, ind.Filters(first, last), level)
        assert len(points) > 1 and points["latitude"].between(-4.3, 13.5).all()
        assert points["longitude"].between(-82, -66).all() and points["name"].notna().all()


def test_weekly_trend_covers_the_period(frames):
    from pqrlab.dashboard import indicadores as ind

    first, last = ind.data_days(frames)
    start, end = ind.default_period(first, last)
    weeks = ind.weekly(frames, ind.Filters(start, end))
    assert all(w.weekday() == 0 for w in weeks["week"]) and weeks["received"].sum() == ind.summary(
        frames, ind.Filters(start, end))["received"]
    assert weeks["compliance"].dropna().between(0, 1).all()


def test_colombian_formats():
    from pqrlab.dashboard import formato as fmt

    assert fmt.number(1608) == "1.608" and fmt.number(1234567.5, 1) == "1.234.567,5"
    assert fmt.percent(0.8644) == "86,4 %" and fmt.percent(float("nan")) == "–"
    assert fmt.signed(-3.14, 1, " pp") == "-3,1 pp" and fmt.signed(12) == "+12"
    assert fmt.date(dt.date(2026, 3, 2)) == "02/03/2026" and fmt.short_date(dt.date(2026, 9, 7)) == "7 sept 2026"
    assert fmt.bogota_time(pd.Timestamp("2026-03-02 19:05", tz="UTC")) == "02/03/2026 14:05"
    assert fmt.label(fmt.TYPE_LABELS, "peticion") == "Petición" and fmt.label(fmt.TOPIC_LABELS, "educacion") == "Educación"


# -- the pages, headless ------------------------------------------------------------------------------
def test_executive_page_through_the_bi_role(served, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("PQR_BI_DSN", served["bi"])
    monkeypatch.setenv("PQR_PG_DSN", "postgresql://nobody@127.0.0.1:1/none")  # never used by the pages
    app = AppTest.from_file(str(APP.parent / "tablero.py"), default_timeout=90).run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert set(metrics) >= {"Tickets recibidos", "Cumplimiento de términos", "Vencidos sin respuesta",
                            "Vencen en 5 días hábiles", "Respuesta p50 / p90 (días hábiles)"}
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*", metrics["Tickets recibidos"])
    assert re.fullmatch(r"\d{1,3},\d %", metrics["Cumplimiento de términos"])
    before = metrics["Tickets recibidos"]
    app.sidebar.selectbox[0].set_value("Últimos 7 días").run()
    assert not app.exception and {m.label: m.value for m in app.metric}["Tickets recibidos"] != before


def test_pages_say_what_to_do_when_nothing_is_published(fresh_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from pqrlab.control.bi import ensure_bi_login, login_dsn

    ensure_bi_login(fresh_db, BI_USER, None)
    monkeypatch.setenv("PQR_BI_DSN", login_dsn(fresh_db, BI_USER, None))
    for page in ("tablero.py", "views/operaciones.py"):
        app = AppTest.from_file(str(APP.parent / page), default_timeout=60).run()
        assert not app.exception and "make run" in app.info[0].value


def test_operations_page_lists_failures_first_in_spanish(served, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from pqrlab.control.runs import finish_run, record_checks, record_step, start_run
    from pqrlab.quality import CHECKS, CheckResult
    from pqrlab.steps import StepResult

    start_run(served["admin"], "broken", 1, {})
    for step in ("publish", "bronze", "gold", "generate", "silver"):  # jsonb keeps no order
        record_step(served["admin"], StepResult(step=step, run_id="broken", seconds=1.5, rows_in=1200, rows_out=1200))
    record_checks(served["admin"], "broken", [CheckResult(CHECKS[5], False, "0.4", "0.25")])
    finish_run(served["admin"], "broken", "failed", "QualityGateError")
    monkeypatch.setenv("PQR_BI_DSN", served["bi"])
    app = AppTest.from_file(str(APP.parent / "views" / "operaciones.py"), default_timeout=60).run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics == {"Corridas recientes": "2", "Corridas fallidas": "1", "Controles de calidad fallidos": "1"}
    checks, runs, steps = (d.value for d in app.dataframe)
    assert checks["Control"].tolist() == ["share_of_raw_at_most"]
    assert runs["Corrida"].tolist()[0] == "broken" and runs["Estado"].tolist() == ["fallida", "exitosa"]
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", runs["Inicio (Bogotá)"].iloc[0])
    broken = steps[steps["Corrida"] == "broken"]
    assert broken["Paso"].tolist() == ["Generación (Raw)", "Bronze", "Silver (IA)", "Gold", "Publicación"]
    assert set(broken["Filas de salida"]) == {"1.200"} and set(broken["Duración (s)"]) == {"1,50"}


# -- Metabase's starter questions -----------------------------------------------------------------------
def test_metabase_starter_questions_run_through_the_bi_role(served):
    """Every question compose's metabase-init registers runs as the BI login role and returns rows."""
    from pqrlab.control.db import fetch_frame
    from pqrlab.dashboard.metabase import STARTER_QUESTIONS

    for name, (_, sql) in STARTER_QUESTIONS.items():
        relations = set(re.findall(r"(?:FROM|JOIN)\s+([\w.]+)", sql))
        assert all(r.startswith("public.gold_") for r in relations), (name, relations)
        rows = fetch_frame(served["bi"], sql)
        assert len(rows) > 0, name
    oldest = fetch_frame(served["bi"], STARTER_QUESTIONS["Tickets vencidos más antiguos (sin datos personales)"][1])
    assert not re.search(PERSONAL_DATA, oldest.to_csv()) and oldest["Municipio"].notna().any()


def test_metabase_connection_is_the_bi_role():
    from pqrlab.dashboard.metabase import database_details
    from pqrlab.settings import Settings

    details = database_details(Settings(bi_password="pw"), "supabase-db")["details"]
    assert (details["user"], details["password"], details["host"]) == ("pqr_bi_reader", "pw", "supabase-db")
    assert details["schema-filters-patterns"] == "public"


def test_grafana_business_panels_run_through_the_bi_role(served):
    """The Grafana business dashboard's SQL (its PostgreSQL datasource logs in as the BI role) returns rows."""
    from pqrlab.control.db import fetch_frame
    from pqrlab.observability import business_panels

    for panel in business_panels():
        relations = set(re.findall(r"(?:FROM|JOIN)\s+([\w.]+)", panel.sql))
        assert all(r.startswith("public.gold_") for r in relations), (panel.title, relations)
        rows = fetch_frame(served["bi"], panel.sql)
        assert len(rows) > 0 and rows.iloc[0, -1] is not None, panel.title


def test_bi_role_command_creates_the_login_from_settings(pg_dsn, tmp_path):
    """`pqrlab bi-role` (compose's db-init): a one-line error without a password; with one, migrations + role."""
    import os
    import subprocess
    import sys

    dsn = create_database(pg_dsn, migrate=False)
    env = {**os.environ, "PQR_PG_DSN": dsn, "PQR_BI_USER": "bi_cli_reader", "PQR_HOME": str(tmp_path / "home")}
    env.pop("PQR_BI_PASSWORD", None)
    command = [sys.executable, "-m", "pqrlab.cli", "bi-role", "--require-password"]
    refused = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert refused.returncode == 2 and refused.stderr.strip().count("\n") == 0 and "PQR_BI_PASSWORD" in refused.stderr
    done = subprocess.run(command, env={**env, "PQR_BI_PASSWORD": "pw-1"}, capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT count(*) FROM meta.schema_migrations").fetchone()[0] > 0
        assert conn.execute("SELECT pg_has_role('bi_cli_reader', 'pqr_bi', 'MEMBER')").fetchone()[0]
