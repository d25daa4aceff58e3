"""The dashboards on a real PostgreSQL through the BI login role: least privilege, the indicators under
every filter, and the Streamlit pages headless (AppTest). The real-browser test is test_dashboard_browser.py."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
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
def tickets() -> pd.DataFrame:
    """The fixture's truth: every ticket with its receipt, due date and first response."""
    from tests.gold_days import synthetic_tickets

    return synthetic_tickets()


@pytest.fixture(scope="module")
def served(pg_dsn, tickets) -> dict:
    """Gold as of each of 40 days (several runs, one a reprocess) and the BI login role's DSN."""
    from pqrlab.control.bi import ensure_bi_login, login_dsn
    from tests.gold_days import load_gold

    dsn = create_database(pg_dsn)
    load_gold(dsn, tickets)
    ensure_bi_login(dsn, BI_USER, None)
    return {"admin": dsn, "bi": login_dsn(dsn, BI_USER, None)}


@pytest.fixture(scope="module")
def latest(served) -> dt.date:
    from pqrlab.dashboard.queries import day_bounds

    return day_bounds(served["bi"])[1]


@pytest.fixture(scope="module")
def frames(served, latest):
    """Every fixture day (the whole history) as the page reads it."""
    from pqrlab.dashboard.queries import gold_frames
    from tests.gold_days import FIRST_DAY

    return gold_frames(served["bi"], FIRST_DAY, latest, latest)


# -- least privilege ---------------------------------------------------------------------------------
def test_bi_login_role_reads_every_gold_relation_and_nothing_else(served):
    from pqrlab.layers.gold import GOLD_DATASETS

    with psycopg.connect(served["bi"]) as conn:
        assert conn.execute("SELECT current_user").fetchone()[0] == BI_USER
        for name in [*GOLD_DATASETS, "latest_day", "pipeline_runs", "quality_failures"]:
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


# -- the queries: a day range as parameters, the latest day -------------------------------------------
def test_queries_take_the_day_range_as_parameters_and_pick_the_latest_day(served, tickets, latest):
    from pqrlab.dashboard import queries
    from tests.gold_days import FIRST_DAY, N_DAYS, day

    assert queries.day_bounds(served["bi"]) == (FIRST_DAY, day(N_DAYS - 1)) == (FIRST_DAY, latest)
    for sql in queries.GOLD_FRAMES.values():
        assert "%(" in sql and "run_id" not in sql and "{" not in sql  # values only as parameters, no run
    start, end = day(24), day(30)
    week = queries.gold_frames(served["bi"], start, end, latest)
    for name, column in (("volume", "day"), ("sla", "due_date"), ("backlog", "day"), ("response", "answered_day")):
        assert len(week[name]) and week[name][column].between(start, end).all(), name
    assert set(week["open_tickets"]["day"]) == {latest}
    assert week["volume"]["tickets"].sum() == tickets["day"].between(start, end).sum()
    with pytest.raises(psycopg.errors.InvalidDatetimeFormat):  # a value is a parameter, never SQL text
        queries.gold_frames(served["bi"], "2026-03-01' OR '1'='1", "2026-03-01", latest)


def test_latest_day_moves_when_a_day_is_ingested(fresh_db, tickets):
    """Gold up to day 29 only: that is the latest day; adding day 30's rows moves it, no run involved."""
    from pqrlab.dashboard.queries import day_bounds
    from tests.gold_days import FIRST_DAY, day, load_gold

    load_gold(fresh_db, tickets, days=range(30))
    assert day_bounds(fresh_db) == (FIRST_DAY, day(29))
    load_gold(fresh_db, tickets, days=range(30, 31))
    assert day_bounds(fresh_db) == (FIRST_DAY, day(30))


def test_a_real_backfill_is_served_as_of_its_last_day(pg_dsn, dask, tmp_path):
    """The real pipeline (Raw to Gold, published by day) for 20 days: the latest day is the backfill's last day,
    and the page's numbers equal the Silver ticket snapshot after that day."""
    from pqrlab.control.bi import ensure_bi_login, login_dsn
    from pqrlab.dashboard import indicadores as ind
    from pqrlab.dashboard import queries
    from pqrlab.lake import Lake
    from pqrlab.layers.silver import read_tickets

    lake = Lake(f"file://{tmp_path / 'lake'}")
    dsn = publish_small_run(lake, dask, create_database(pg_dsn), events=500, days=20)
    ensure_bi_login(dsn, BI_USER, None)
    bi = login_dsn(dsn, BI_USER, None)
    first, latest = queries.day_bounds(bi)
    assert (first, latest) == (dt.date(2026, 3, 2), dt.date(2026, 3, 21))
    frames = queries.gold_frames(bi, first, latest, latest)
    tickets = read_tickets(lake, day=latest.isoformat())
    for start in (first, latest - dt.timedelta(days=6), latest):
        got = ind.summary(frames, ind.Filters(start, latest))
        assert got["received"] == tickets["day"].between(start, latest).sum(), start
    still_open = tickets[tickets["first_response_at"].isna()]
    today = ind.backlog_by_age(frames, ind.Filters(first, latest))
    assert today["open"].sum() == len(still_open) > 0
    assert today["overdue"].sum() == (still_open["due_date"] < latest).sum()
    assert len(ind.overdue_list(frames, ind.Filters(first, latest))) == today["overdue"].sum()


# -- the indicators, recomputed from the fixture's tickets -----------------------------------------------
def expected(tickets: pd.DataFrame, start: dt.date, end: dt.date, latest: dt.date) -> dict:
    """The KPI numbers straight from the tickets (as each day was known at its end)."""
    from pqrlab import business_days as bd
    from pqrlab.layers.gold import answered_day

    answered = answered_day(tickets).where(tickets["first_response_at"].notna())
    answered = answered.where(answered <= latest)  # a response after the latest day is not known yet
    due = tickets[tickets["due_date"].between(start, end)]
    on_time = (answered[due.index] <= due["due_date"]).sum()
    open_ = tickets[(tickets["day"] <= end) & ~(answered <= end)]
    done = tickets[answered.between(start, end)]
    waits = np.sort(bd.business_days_between(pd.to_datetime(done["day"]).to_numpy(dtype="datetime64[D]"),
                                             pd.to_datetime(answered[done.index]).to_numpy(dtype="datetime64[D]")))
    rank = lambda q: float(waits[int(np.ceil(q * len(waits))) - 1]) if len(waits) else float("nan")  # noqa: E731
    return {"received": int(tickets["day"].between(start, end).sum()), "due": len(due), "on_time": int(on_time),
            "open": len(open_), "overdue": int((open_["due_date"] < end).sum()), "answered": len(done),
            "p50": rank(0.5), "p90": rank(0.9)}


def test_the_date_filter_changes_the_numbers_exactly(frames, tickets, latest):
    from pqrlab.dashboard import indicadores as ind
    from tests.gold_days import FIRST_DAY, day

    start, end = ind.default_period(FIRST_DAY, latest)
    assert (end - start).days == 29 and end == latest
    periods = [(start, end), (latest - dt.timedelta(days=6), latest), (day(3), day(17)), (day(20), day(20)),
               (FIRST_DAY, latest), (day(0), day(9))]
    seen = set()
    for first, last in periods:
        got = ind.summary(frames, ind.Filters(first, last))
        want = expected(tickets, first, last, latest)
        assert {k: got[k] for k in want} == pytest.approx(want, nan_ok=True), (first, last)
        seen.add((got["received"], got["due"], got["open"]))
    assert len(seen) == len(periods)  # every period gives other numbers


def test_every_slice_partitions_the_total(frames, latest):
    from pqrlab.dashboard import indicadores as ind
    from tests.gold_days import FIRST_DAY

    start, end = ind.default_period(FIRST_DAY, latest)
    whole = ind.Filters(start, end)
    total = ind.summary(frames, whole)
    assert total["received"] > 0 and total["due"] > 0 and total["overdue"] > 0
    for field in ("department", "pqrs_type", "topic"):
        column = {"department": "department_code"}.get(field, field)
        values = frames["volume"][column].unique()
        parts = [ind.summary(frames, ind.Filters(start, end, **{field: v})) for v in values]
        assert len(values) > 1
        for key in ("received", "overdue", "due", "open"):
            assert sum(p[key] for p in parts) == total[key], (field, key)
        assert any(p["received"] != total["received"] for p in parts)
    town = frames["volume"].groupby("municipality_code")["tickets"].sum().idxmax()
    assert ind.summary(frames, ind.Filters(start, end, municipality=town))["received"] < total["received"]


def test_previous_period_has_the_same_length():
    from pqrlab.dashboard.indicadores import Filters

    previous = Filters(dt.date(2026, 3, 10), dt.date(2026, 3, 16), "05").previous()
    assert (previous.start, previous.end, previous.department) == (dt.date(2026, 3, 3), dt.date(2026, 3, 9), "05")


def test_backlog_today_by_age_matches_gold_and_the_tickets(served, frames, tickets, latest):
    from pqrlab import business_days as bd
    from pqrlab.control.db import fetch_frame
    from pqrlab.dashboard import indicadores as ind
    from pqrlab.layers.gold import AGE_BUCKETS, age_bucket
    from tests.gold_days import FIRST_DAY, snapshot

    ages = ind.backlog_by_age(frames, ind.Filters(FIRST_DAY, latest))
    assert ages["age_bucket"].tolist() == list(AGE_BUCKETS)
    gold = fetch_frame(served["bi"], "SELECT age_bucket, sum(open)::int AS open, sum(overdue)::int AS overdue "
                       "FROM public.gold_backlog_daily WHERE day = %s GROUP BY 1", (latest,))
    gold = gold.set_index("age_bucket").reindex(list(AGE_BUCKETS)).fillna(0).astype(int)
    assert ages.set_index("age_bucket")[["open", "overdue"]].equals(gold[["open", "overdue"]])
    known = snapshot(tickets, latest)
    still_open = known[known["first_response_at"].isna()]
    age = bd.business_days_between(pd.to_datetime(still_open["day"]).to_numpy(dtype="datetime64[D]"),
                                   np.full(len(still_open), np.datetime64(latest, "D")))
    assert ages.set_index("age_bucket")["open"].to_dict() == {
        b: int((age_bucket(age) == b).sum()) for b in AGE_BUCKETS}
    assert ages["open"].sum() > ages["overdue"].sum() > 0
    medellin = ind.backlog_by_age(frames, ind.Filters(FIRST_DAY, latest, municipality="05001"))
    assert 0 < medellin["open"].sum() < ages["open"].sum()


def test_overdue_list_is_today_oldest_first_without_personal_data(frames, latest):
    from pqrlab.dashboard import indicadores as ind
    from tests.gold_days import FIRST_DAY

    table = ind.overdue_list(frames, ind.Filters(FIRST_DAY, latest))
    assert list(table.columns) == ["Radicado", "Tipo", "Tema", "Municipio", "Departamento", "Recibido", "Vencía",
                                   "Días hábiles de mora"]
    assert len(table) == ind.backlog_by_age(frames, ind.Filters(FIRST_DAY, latest))["overdue"].sum() > 0
    assert table["Días hábiles de mora"].is_monotonic_decreasing
    assert (table["Días hábiles de mora"] >= 0).all() and (table["Vencía"] < latest).all()
    assert not re.search(PERSONAL_DATA, table.to_csv())
    assert set(table["Tipo"]) <= {"Petición", "Queja", "Reclamo", "Sugerencia"}


def test_due_soon_counts_open_tickets_within_five_business_days(frames, latest):
    from pqrlab.dashboard import indicadores as ind
    from tests.gold_days import FIRST_DAY

    cut = frames["open_tickets"]
    in_term = cut[cut["due_date"] >= cut["day"]]
    expected_soon = int((in_term["business_days_overdue"] >= -5).sum())
    assert ind.due_soon(frames, ind.Filters(FIRST_DAY, latest)) == expected_soon > 0


def test_map_points_have_colombian_coordinates(frames, latest):
    from pqrlab.dashboard import indicadores as ind
    from tests.gold_days import FIRST_DAY

    for level in ("department", "municipality"):
        points = ind.map_points(frames, ind.Filters(FIRST_DAY, latest), level)
        assert len(points) > 1 and points["latitude"].between(-4.3, 13.5).all()
        assert points["longitude"].between(-82, -66).all() and points["name"].notna().all()


def test_daily_trends_cover_every_day_of_the_period(frames, latest):
    from pqrlab.dashboard import indicadores as ind
    from tests.gold_days import day

    for filters in (ind.Filters(day(5), day(25)), ind.Filters(day(30), latest, department="05")):
        days = ind.daily(frames, filters)
        total = ind.summary(frames, filters)
        assert days["day"].tolist() == [filters.start + dt.timedelta(days=i)
                                         for i in range((filters.end - filters.start).days + 1)]
        assert days["received"].sum() == total["received"] and days["due"].sum() == total["due"]
        assert days["on_time"].sum() == total["on_time"] and days["compliance"].dropna().between(0, 1).all()
        last = days.iloc[-1]
        assert (last["open"], last["overdue"]) == (total["open"], total["overdue"])
        assert (days["overdue"] <= days["open"]).all() and days["open"].gt(0).all()


def test_colombian_formats():
    from pqrlab.dashboard import formato as fmt

    assert fmt.number(1608) == "1.608" and fmt.number(1234567.5, 1) == "1.234.567,5"
    assert fmt.percent(0.8644) == "86,4 %" and fmt.percent(float("nan")) == "–"
    assert fmt.signed(-3.14, 1, " pp") == "-3,1 pp" and fmt.signed(12) == "+12"
    assert fmt.date(dt.date(2026, 3, 2)) == "02/03/2026" and fmt.short_date(dt.date(2026, 9, 7)) == "7 sept 2026"
    assert fmt.bogota_time(pd.Timestamp("2026-03-02 19:05", tz="UTC")) == "02/03/2026 14:05"
    assert fmt.label(fmt.TYPE_LABELS, "peticion") == "Petición" and fmt.label(fmt.TOPIC_LABELS, "educacion") == "Educación"


# -- the pages, headless ------------------------------------------------------------------------------
def test_executive_page_through_the_bi_role(served, tickets, latest, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from pqrlab.dashboard.formato import number
    from tests.gold_days import day

    monkeypatch.setenv("PQR_BI_DSN", served["bi"])
    monkeypatch.setenv("PQR_PG_DSN", "postgresql://nobody@127.0.0.1:1/none")  # never used by the pages
    app = AppTest.from_file(str(APP.parent / "tablero.py"), default_timeout=90).run()
    assert not app.exception
    widgets = [w.label for w in [*app.sidebar.selectbox, *app.selectbox, *app.sidebar.date_input, *app.radio]]
    assert not [w for w in widgets if re.search(r"(?i)corrida|run", w)], widgets  # no run to pick
    metrics = {m.label: m.value for m in app.metric}
    assert set(metrics) >= {"Tickets recibidos", "Cumplimiento de términos", "Vencidos sin respuesta",
                            "Vencen en 5 días hábiles", "Respuesta p50 / p90 (días hábiles)", "Abiertos hoy",
                            "Vencidos hoy"}
    last_30 = expected(tickets, latest - dt.timedelta(days=29), latest, latest)
    assert metrics["Tickets recibidos"] == number(last_30["received"])
    assert re.fullmatch(r"\d{1,3},\d %", metrics["Cumplimiento de términos"])
    assert f"Estado al {latest:%d/%m/%Y}" in app.caption[0].value
    assert [h.value for h in app.header][:2] == [f"Pendientes hoy ({latest:%d/%m/%Y})", "Tendencias diarias del periodo"]
    period = app.sidebar.date_input[0]
    assert period.label == "Desde – hasta" and tuple(period.value) == (latest - dt.timedelta(days=29), latest)

    app.sidebar.selectbox[0].set_value("Últimos 7 días").run()
    assert not app.exception
    week = {m.label: m.value for m in app.metric}
    assert week["Tickets recibidos"] == number(expected(tickets, latest - dt.timedelta(days=6), latest, latest)["received"])
    assert week["Abiertos hoy"] == metrics["Abiertos hoy"]  # the backlog today does not depend on the period

    app.sidebar.selectbox[0].set_value("Personalizado").run()
    app.sidebar.date_input[0].set_value((day(3), day(17))).run()
    assert not app.exception
    custom = {m.label: m.value for m in app.metric}
    assert custom["Tickets recibidos"] == number(expected(tickets, day(3), day(17), latest)["received"])
    assert "Periodo del 05/03/2026 al 19/03/2026" in app.caption[0].value


def test_pages_say_what_to_do_when_nothing_is_published(fresh_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from pqrlab.control.bi import ensure_bi_login, login_dsn

    ensure_bi_login(fresh_db, BI_USER, None)
    monkeypatch.setenv("PQR_BI_DSN", login_dsn(fresh_db, BI_USER, None))
    for page in ("tablero.py", "views/operaciones.py"):
        app = AppTest.from_file(str(APP.parent / page), default_timeout=60).run()
        assert not app.exception and "make run" in app.info[0].value


def test_operations_page_lists_runs_with_their_days_failures_first(served, monkeypatch):
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
    assert metrics == {"Corridas recientes": "5", "Corridas fallidas": "1", "Controles de calidad fallidos": "1",
                       "Último día cubierto": "10/04/2026", "Días publicados": "40"}
    assert not app.warning  # no gap in the published days
    checks, ranges, runs, steps = (d.value for d in app.dataframe)
    assert ranges.values.tolist() == [["02/03/2026", "11/03/2026", "10", "fx-backfill"],
                                      ["12/03/2026", "14/03/2026", "3", "fx-reproceso"],
                                      ["15/03/2026", "08/04/2026", "25", "fx-backfill"],
                                      ["09/04/2026", "09/04/2026", "1", "fx-day-38"],
                                      ["10/04/2026", "10/04/2026", "1", "fx-day-39"]]
    assert checks["Control"].tolist() == ["share_of_raw_at_most"]
    assert runs["Corrida"].tolist() == ["broken", "fx-day-39", "fx-day-38", "fx-reproceso", "fx-backfill"]
    assert runs["Estado"].tolist() == ["fallida", *["exitosa"] * 4]
    days = dict(zip(runs["Corrida"], runs["Días cubiertos"]))
    assert days == {"broken": "–", "fx-day-39": "10/04/2026 (1 día)", "fx-day-38": "09/04/2026 (1 día)",
                    "fx-reproceso": "12/03/2026 – 14/03/2026 (3 días)",
                    "fx-backfill": "02/03/2026 – 08/04/2026 (38 días)"}
    assert dict(zip(runs["Corrida"], runs["Reproceso"]))["fx-reproceso"] == "sí"
    assert (runs["Reproceso"] == "sí").sum() == 1
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", runs["Inicio (Bogotá)"].iloc[0])
    broken = steps[steps["Corrida"] == "broken"]
    assert broken["Paso"].tolist() == ["Generación (Raw)", "Bronze", "Silver (IA)", "Gold", "Publicación"]
    assert set(broken["Filas de salida"]) == {"1.200"} and set(broken["Duración (s)"]) == {"1,50"}


def test_published_days_as_ranges_and_gaps():
    from pqrlab.dashboard import indicadores as ind

    d = lambda n: dt.date(2026, 3, n)  # noqa: E731
    days = pd.DataFrame({"day": [d(5), d(2), d(3), d(4), d(8), d(9), d(10)],
                         "run_id": ["b", "a", "a", "rp", "a", "a", "c"]})
    ranges = ind.day_ranges(days)
    assert ranges.values.tolist() == [["a", d(2), d(3), 2], ["rp", d(4), d(4), 1], ["b", d(5), d(5), 1],
                                      ["a", d(8), d(9), 2], ["c", d(10), d(10), 1]]  # a gap splits a run's days
    assert ind.missing_days(days) == [d(6), d(7)]
    assert ind.missing_days(days.iloc[0:0]) == [] and ind.day_ranges(days.iloc[0:0]).empty


def test_operations_page_warns_about_a_gap_in_the_published_days(pg_dsn, monkeypatch):
    """A day between the first and the latest published day without Gold: the page names it."""
    from streamlit.testing.v1 import AppTest

    from pqrlab.control.db import connect
    from pqrlab.control.bi import ensure_bi_login, login_dsn
    from tests.gold_days import day, load_gold, synthetic_tickets

    dsn = create_database(pg_dsn)
    load_gold(dsn, synthetic_tickets(), days=range(8))
    with connect(dsn) as conn:
        conn.execute("DELETE FROM public.gold_days WHERE day = ANY(%s)", ([day(3), day(4)],))
    ensure_bi_login(dsn, BI_USER, None)
    monkeypatch.setenv("PQR_BI_DSN", login_dsn(dsn, BI_USER, None))
    app = AppTest.from_file(str(APP.parent / "views" / "operaciones.py"), default_timeout=60).run()
    assert not app.exception
    assert app.warning[0].value.startswith("Faltan 2 días entre el primero y el último publicados: 05/03/2026, 06/03/2026.")


# -- Metabase's starter questions -----------------------------------------------------------------------
def test_metabase_starter_questions_run_through_the_bi_role(served, frames, tickets, latest):
    """Every question compose's metabase-init registers runs as the BI login role, returns rows, reads the latest
    day (no run), and agrees with the Streamlit indicators."""
    from pqrlab.control.db import fetch_frame
    from pqrlab.dashboard import indicadores as ind
    from pqrlab.dashboard.metabase import STARTER_QUESTIONS

    for name, (_, sql) in STARTER_QUESTIONS.items():
        relations = set(re.findall(r"(?:FROM|JOIN)\s+([\w.]+)", sql))
        assert all(r.startswith("public.gold_") for r in relations), (name, relations)
        assert "run_id" not in sql, name
        rows = fetch_frame(served["bi"], sql)
        assert len(rows) > 0, name
    question = lambda name: fetch_frame(served["bi"], STARTER_QUESTIONS[name][1])  # noqa: E731
    oldest = question("Tickets vencidos más antiguos (sin datos personales)")
    assert not re.search(PERSONAL_DATA, oldest.to_csv()) and oldest["Municipio"].notna().any()
    today = ind.overdue_list(frames, ind.Filters(latest, latest))
    assert len(oldest) == len(today) and oldest["Radicado"].tolist() == today["Radicado"].tolist()
    period = ind.Filters(latest - dt.timedelta(days=29), latest)
    for _, row in question("Tiempo de respuesta por tipo y tema (días hábiles)").iterrows():
        want = ind.summary(frames, ind.Filters(period.start, period.end, pqrs_type=row["Tipo"], topic=row["Tema"]))
        assert (row["Respondidos"], row["p50"], row["p90"]) == (want["answered"], want["p50"], want["p90"])
    ages = question("Pendientes hoy por antigüedad (días hábiles)")
    assert ages["Antigüedad"].tolist() == ["0-5", "6-10", "11-15", ">15"]
    assert ages["Abiertos"].tolist() == ind.backlog_by_age(frames, period)["open"].tolist()
    compliance = question("Cumplimiento de términos por departamento")
    assert compliance["Vencen"].sum() == expected(tickets, period.start, period.end, latest)["due"]


def test_metabase_connection_is_the_bi_role():
    from pqrlab.dashboard.metabase import database_details
    from pqrlab.settings import Settings

    details = database_details(Settings(bi_password="pw"), "supabase-db")["details"]
    assert (details["user"], details["password"], details["host"]) == ("pqr_bi_reader", "pw", "supabase-db")
    assert details["schema-filters-patterns"] == "public"


def test_grafana_business_panels_run_through_the_bi_role(served, tickets, latest):
    """The Grafana business dashboard's SQL (its PostgreSQL datasource logs in as the BI role) returns rows, as of
    the latest day."""
    from pqrlab.control.db import fetch_frame
    from pqrlab.observability import business_panels

    values = {}
    for panel in business_panels():
        relations = set(re.findall(r"(?:FROM|JOIN)\s+([\w.]+)", panel.sql))
        assert all(r.startswith("public.gold_") for r in relations), (panel.title, relations)
        assert "run_id" not in panel.sql, panel.title
        rows = fetch_frame(served["bi"], panel.sql)
        assert len(rows) > 0 and rows.iloc[0, -1] is not None, panel.title
        values[panel.title] = rows
    want = expected(tickets, latest - dt.timedelta(days=29), latest, latest)
    assert values["Tickets recibidos (30 días al último día)"].iloc[0, 0] == want["received"]
    assert values["Vencidos sin respuesta hoy"].iloc[0, 0] == want["overdue"]
    assert values["Cumplimiento de términos (vencen en los 30 días)"].iloc[0, 0] == pytest.approx(
        want["on_time"] / want["due"])
    per_day = values["Abiertos y vencidos al cierre de cada día"]
    assert len(per_day) == 40 and per_day.iloc[-1]["Abiertos"] == want["open"]


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
