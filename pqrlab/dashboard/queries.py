"""The dashboard's SQL: only `public.gold_*` relations, read through the BI login role.

Gold is keyed by the as-of day (`day` first in every key), so the executive never picks a run: the page
shows the state after the latest ingested day (`public.gold_latest_day`) and reads one day range, passed as
query parameters (never formatted into the SQL). Rows are aggregates, filtered in memory afterwards.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from pqrlab.control.db import fetch_frame

# The latest ingested day as one SQL expression (Metabase questions, Grafana's business dashboard).
LATEST_DAY_EXPR = "(SELECT max(day) FROM public.gold_latest_day)"
DAY_BOUNDS = f"""SELECT (SELECT min(day) FROM public.gold_daily_volume) AS first_day,
                        {LATEST_DAY_EXPR} AS latest_day"""
IN_RANGE = "day BETWEEN %(start)s AND %(end)s"
GOLD_FRAMES = {  # name → SQL over one day range; `day` is the as-of day (the due date for SLA, answer day)
    "volume": f"""SELECT day, pqrs_type, topic, department_code, municipality_code, tickets
                  FROM public.gold_daily_volume WHERE {IN_RANGE}""",
    "sla": f"""SELECT day AS due_date, pqrs_type, topic, department_code, municipality_code, due, on_time, late,
                      overdue_open
               FROM public.gold_sla_area WHERE {IN_RANGE}""",
    "backlog": f"""SELECT day, pqrs_type, topic, department_code, municipality_code, open, overdue
                   FROM public.gold_backlog_area WHERE {IN_RANGE}""",
    "response": f"""SELECT day AS answered_day, pqrs_type, topic, department_code, municipality_code, business_days, n
                    FROM public.gold_response_area WHERE {IN_RANGE}""",
    "open_tickets": """SELECT day, radicado, pqrs_type, topic, department_code, municipality_code, priority,
                              received_day, due_date, overdue, business_days_overdue
                       FROM public.gold_open_tickets WHERE day = %(latest)s""",
}
INT_COLUMNS = ("tickets", "due", "on_time", "late", "overdue_open", "open", "overdue", "business_days", "n",
               "business_days_overdue")

# -- the operations page: run status through gold views (no meta.* grant for BI) -----------------
RECENT_RUNS = """SELECT * FROM public.gold_pipeline_runs ORDER BY started_at DESC LIMIT %s"""
FAILED_CHECKS = """SELECT run_id, layer, dataset, check_name, observed, threshold, blocking, checked_at
                   FROM public.gold_quality_failures ORDER BY checked_at DESC LIMIT 50"""
PUBLISHED_DAYS = "SELECT day, run_id, published_at FROM public.gold_days ORDER BY day"
ALL_SQL = (DAY_BOUNDS, *GOLD_FRAMES.values(), RECENT_RUNS, FAILED_CHECKS, PUBLISHED_DAYS)


def day_bounds(dsn: str) -> tuple[dt.date, dt.date] | None:
    """(first day with Gold, latest ingested day), or None before anything is published."""
    first, latest = fetch_frame(dsn, DAY_BOUNDS).iloc[0]
    return None if first is None or latest is None or pd.isna(first) or pd.isna(latest) else (first, latest)


def gold_frames(dsn: str, start: dt.date, end: dt.date, latest: dt.date) -> dict[str, pd.DataFrame]:
    """Every Gold relation the executive page needs for the days `start`..`end` (open tickets: `latest`)."""
    params = {"start": start, "end": end, "latest": latest}
    frames = {}
    for name, sql in GOLD_FRAMES.items():
        frame = fetch_frame(dsn, sql, params)
        for column in frame.columns:
            if column in INT_COLUMNS:
                frame[column] = frame[column].astype("int64")
        frames[name] = frame
    return frames


def operations(dsn: str, limit: int = 20) -> dict[str, pd.DataFrame]:
    """Recent runs (with the days each covered), failed quality checks, and the run whose Gold each day shows."""
    return {"runs": fetch_frame(dsn, RECENT_RUNS, (limit,)), "failed_checks": fetch_frame(dsn, FAILED_CHECKS),
            "days": fetch_frame(dsn, PUBLISHED_DAYS)}
