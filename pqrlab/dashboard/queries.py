"""The dashboard's SQL: only `public.gold_*` relations, read through the BI login role.

The executive never picks a run: the newest published run is chosen here (today's Gold has a run id;
once Gold is keyed by day alone the same queries keep filtering by day). Everything is read once per
run and filtered in memory, since Gold rows are already aggregates.
"""
from __future__ import annotations

import pandas as pd

from pqrlab.control.db import fetch_frame

# The run BI tools show, as one SQL expression (Metabase questions, Grafana's business dashboard).
LATEST_RUN_EXPR = """COALESCE((SELECT run_id FROM public.gold_latest_run),
                         (SELECT run_id FROM public.gold_daily_volume ORDER BY day DESC LIMIT 1))"""
LATEST_RUN = """SELECT run_id FROM (
                    SELECT run_id, 0 AS rank, NULL::date AS last_day FROM public.gold_latest_run
                    UNION ALL
                    SELECT run_id, 1, max(day) FROM public.gold_daily_volume GROUP BY run_id) r
                WHERE run_id IN (SELECT run_id FROM public.gold_daily_volume)
                ORDER BY rank, last_day DESC NULLS LAST, run_id DESC LIMIT 1"""
GOLD_FRAMES = {
    "volume": """SELECT day, pqrs_type, topic, department_code, municipality_code, tickets
                 FROM public.gold_daily_volume WHERE run_id = %s""",
    "sla": """SELECT due_date, pqrs_type, topic, department_code, municipality_code, due, on_time, late, overdue_open
              FROM public.gold_sla_area WHERE run_id = %s""",
    "backlog": """SELECT day, pqrs_type, topic, department_code, municipality_code, open, overdue
                  FROM public.gold_backlog_area WHERE run_id = %s""",
    "response": """SELECT answered_day, pqrs_type, topic, department_code, municipality_code, business_days, n
                   FROM public.gold_response_area WHERE run_id = %s""",
    "open_tickets": """SELECT day, radicado, pqrs_type, topic, department_code, municipality_code, priority,
                              received_day, due_date, overdue, business_days_overdue
                       FROM public.gold_open_tickets WHERE run_id = %s""",
}
INT_COLUMNS = ("tickets", "due", "on_time", "late", "overdue_open", "open", "overdue", "business_days", "n",
               "business_days_overdue")

# -- the operations page: run status through gold views (no meta.* grant for BI) -----------------
RECENT_RUNS = """SELECT run_id, status, started_at, ended_at, seconds, error, steps
                 FROM public.gold_pipeline_runs ORDER BY started_at DESC LIMIT %s"""
FAILED_CHECKS = """SELECT run_id, layer, dataset, check_name, observed, threshold, blocking, checked_at
                   FROM public.gold_quality_failures ORDER BY checked_at DESC LIMIT 50"""
ALL_SQL = (LATEST_RUN, *GOLD_FRAMES.values(), RECENT_RUNS, FAILED_CHECKS)


def latest_run(dsn: str) -> str | None:
    """The run the dashboard shows: the newest succeeded run, else the newest published one."""
    rows = fetch_frame(dsn, LATEST_RUN)
    return rows["run_id"].iloc[0] if len(rows) else None


def gold_frames(dsn: str, run_id: str) -> dict[str, pd.DataFrame]:
    """Every Gold relation the executive page needs, for one run, with typed columns."""
    frames = {}
    for name, sql in GOLD_FRAMES.items():
        frame = fetch_frame(dsn, sql, (run_id,))
        for column in frame.columns:
            if column in INT_COLUMNS:
                frame[column] = frame[column].astype("int64")
        frames[name] = frame
    return frames


def operations(dsn: str, limit: int = 20) -> dict[str, pd.DataFrame]:
    return {"runs": fetch_frame(dsn, RECENT_RUNS, (limit,)), "failed_checks": fetch_frame(dsn, FAILED_CHECKS)}
