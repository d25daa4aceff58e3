"""Day-keyed Gold for the serving tests: synthetic tickets over several days, Gold as of each day computed with
the real Gold partials (`pqrlab.layers.gold`), loaded into `public.gold_*` and `meta.runs` of a real database.

Every number the dashboards show can then be recomputed independently from `tickets` (the truth of the
fixture). The tables are those of migrations 011 (runs' days) and 012 (Gold keyed by day).
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from pqrlab import business_days as bd
from pqrlab.layers import gold as g

FIRST_DAY = dt.date(2026, 3, 2)  # a Monday
N_DAYS = 40
PLACES = [("05", "05001"), ("05", "05088"), ("11", "11001"), ("76", "76001")]  # Medellín, Bello, Bogotá, Cali
TYPES, TOPICS = ("peticion", "queja", "reclamo"), ("servicios_publicos", "salud", "movilidad")
GOLD_TABLES = ("daily_volume", "sla_compliance", "backlog_daily", "response_time", "enrichment_summary",
               "sla_area", "backlog_area", "response_area", "open_tickets")
# Runs that covered the days: a backfill, two daily runs, and a reprocess of three middle days.
RUNS = [("fx-backfill", 0, N_DAYS - 3, False), ("fx-day-38", N_DAYS - 2, N_DAYS - 2, False),
        ("fx-day-39", N_DAYS - 1, N_DAYS - 1, False), ("fx-reproceso", 10, 12, True)]

def day(i: int) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=i)


def synthetic_tickets(seed: int = 14) -> pd.DataFrame:
    """Tickets received on each of the N_DAYS days; most answered after 1-25 business days, some never."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(N_DAYS):
        for j in range(int(rng.integers(2, 9))):
            department, municipality = PLACES[int(rng.integers(len(PLACES)))]
            received = day(i)
            due = bd.due_date(received, 15)
            wait = int(rng.integers(1, 26))
            answered = (np.busday_offset(np.datetime64(received, "D"), wait, roll="forward").astype(dt.date)
                        if rng.random() > 0.12 else None)
            rows.append({
                "ticket_id": f"T-{received:%Y%m%d}-{j:03d}", "radicado": f"PQR-{received:%Y%m%d}-{j:03d}",
                "day": received, "due_date": due, "pqrs_type": TYPES[int(rng.integers(len(TYPES)))],
                "topic": TOPICS[int(rng.integers(len(TOPICS)))], "department_code": department,
                "municipality_code": municipality, "priority": "media", "confidence": 0.8, "needs_review": False,
                "model_name": "keywords-baseline", "model_version": "1",
                "first_response_at": (pd.Timestamp(f"{answered} 20:00", tz="UTC") if answered else pd.NaT)})
    return pd.DataFrame(rows)


def snapshot(tickets: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """What was known at the end of `as_of`: tickets received by then, responses after it not yet sent."""
    known = tickets[tickets["day"] <= as_of].copy()
    later = g.answered_day(known) > as_of
    known.loc[later, "first_response_at"] = pd.NaT
    return known


def gold_as_of(tickets: pd.DataFrame, as_of: dt.date) -> dict[str, pd.DataFrame]:
    """Day `as_of`'s rows of every serving table, from the snapshot after it (the real Gold partials)."""
    known = snapshot(tickets, as_of)
    answered = known[g.answered_day(known) == as_of]
    due = known[known["due_date"] == as_of]
    on_day = lambda frame: frame[frame["day"] == as_of]  # noqa: E731
    received = known[known["day"] == as_of]
    return {
        "daily_volume": g.volume_partial(received),
        "sla_compliance": g.with_compliance(g.sla_partial(due, as_of)).assign(day=as_of),
        "backlog_daily": on_day(g.backlog_partial(known, as_of)),
        "response_time": g.response_partial(answered).assign(day=as_of),
        "enrichment_summary": g.enrichment_summary(g.enrichment_partial(received)).assign(day=as_of),
        "sla_area": g.sla_area_partial(due, as_of).assign(day=as_of),
        "backlog_area": on_day(g.backlog_area_partial(known, as_of)),
        "response_area": g.response_area_partial(answered).assign(day=as_of),
        "open_tickets": g.open_tickets_partial(known, as_of),
    }


def writer(run_days: list[tuple[str, int, int, bool]], i: int) -> str:
    """The run that last wrote day i (the latest run in the list covering it)."""
    return [run for run, first, last, _ in run_days if first <= i <= last][-1]


def table_columns(cur, schema: str, table: str) -> list[str]:
    return [r[0] for r in cur.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
                                      "AND table_name = %s ORDER BY ordinal_position", (schema, table))]


def load_gold(dsn: str, tickets: pd.DataFrame, days: range = range(N_DAYS)) -> None:
    """Gold of the fixture `days` into `public.gold_*` (the columns each table has), runs and days into meta."""
    from pqrlab.channel.places import divipola
    from pqrlab.control.db import connect, copy_frame

    with connect(dsn) as conn, conn.cursor() as cur:
        for i in days:
            for name, frame in gold_as_of(tickets, day(i)).items():
                columns = table_columns(cur, "public", f"gold_{name}")
                full = frame.assign(day=day(i), run_id=writer(RUNS, i))
                full = full.assign(**{c: full["day"] for c in ("due_date", "answered_day") if c in columns
                                      and c not in full})
                copy_frame(cur, f"public.gold_{name}", full[[c for c in columns if c in full]])
        cur.execute("DELETE FROM public.gold_places")
        copy_frame(cur, "public.gold_places", divipola())
        for run_id, first, last, reprocess in RUNS:
            covered = [day(i) for i in range(first, last + 1)]
            cur.execute("INSERT INTO meta.runs (run_id, seed, status, started_at, ended_at, first_day, last_day, days, "
                        "reprocess) VALUES (%s, 14, 'succeeded', now() - interval '1 hour' + %s * interval '1 minute', "
                        "now() - interval '1 hour' + %s * interval '1 minute' + interval '30 seconds', %s, %s, %s, %s) "
                        "ON CONFLICT (run_id) DO NOTHING",
                        (run_id, first, first, covered[0], covered[-1], covered, reprocess))
        for i in days:
            cur.execute("INSERT INTO public.gold_days (day, run_id) VALUES (%s, %s)", (day(i), writer(RUNS, i)))
            cur.execute("INSERT INTO meta.ingested_days (source, day, run_id, seed, daily_events) "
                        "VALUES ('email', %s, %s, 14, 5)", (day(i), writer(RUNS, i)))
