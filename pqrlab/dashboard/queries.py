"""The dashboard's SQL: only `public.gold_*` relations, nothing else."""
from __future__ import annotations

import pandas as pd

from pqrlab.control.db import fetch_frame

PUBLISHED_RUNS = """SELECT DISTINCT v.run_id, l.run_id IS NOT NULL AS latest
                    FROM public.gold_daily_volume v LEFT JOIN public.gold_latest_run l USING (run_id)
                    ORDER BY latest DESC, run_id"""
DAILY_VOLUME = """SELECT day, pqrs_type, sum(tickets)::bigint AS tickets FROM public.gold_daily_volume
                  WHERE run_id = %s GROUP BY day, pqrs_type ORDER BY day, pqrs_type"""
SLA_BY_TYPE = """SELECT pqrs_type, sum(due)::bigint AS due, sum(on_time)::bigint AS on_time,
                        sum(late)::bigint AS late, sum(overdue_open)::bigint AS overdue_open
                 FROM public.gold_sla_compliance WHERE run_id = %s GROUP BY pqrs_type ORDER BY pqrs_type"""

BACKLOG = """SELECT day, sum(open)::bigint AS open, sum(overdue)::bigint AS overdue FROM public.gold_backlog_daily
             WHERE run_id = %s GROUP BY day ORDER BY day"""


def published_runs(dsn: str) -> list[str]:
    return fetch_frame(dsn, PUBLISHED_RUNS)["run_id"].tolist()


def kpis(dsn: str, run_id: str) -> dict:
    volume = fetch_frame(dsn, DAILY_VOLUME, (run_id,))
    sla = fetch_frame(dsn, SLA_BY_TYPE, (run_id,))
    backlog = fetch_frame(dsn, BACKLOG, (run_id,))
    due, on_time = int(sla["due"].sum()), int(sla["on_time"].sum())
    return {
        "tickets": int(volume["tickets"].sum()),
        "compliance": on_time / due if due else float("nan"),
        "late": int(sla["late"].sum()),
        "overdue_open": int(sla["overdue_open"].sum()),
        "volume": volume,
        "backlog": backlog.set_index("day"),
        "sla": sla.assign(compliance=(sla["on_time"] / sla["due"]).round(3)),
    }


def volume_wide(volume: pd.DataFrame) -> pd.DataFrame:
    return volume.pivot_table(index="day", columns="pqrs_type", values="tickets", aggfunc="sum", fill_value=0)


# -- the operations view: meta.* (run governance), not gold ---------------------------------------
RECENT_RUNS = """SELECT run_id, status, started_at, ended_at,
                        extract(epoch FROM ended_at - started_at) AS seconds, error
                 FROM meta.runs ORDER BY started_at DESC LIMIT %s"""
STEP_SECONDS = """SELECT r.run_id, s.key AS step, (s.value ->> 'seconds')::float AS seconds
                  FROM (SELECT * FROM meta.runs ORDER BY started_at DESC LIMIT %s) r,
                       jsonb_each(r.steps) s"""
FAILED_CHECKS = """SELECT run_id, layer, dataset, check_name, observed, threshold, blocking
                   FROM meta.quality_checks WHERE NOT passed ORDER BY checked_at DESC LIMIT 50"""


def operations(dsn: str, limit: int = 20) -> dict:
    runs = fetch_frame(dsn, RECENT_RUNS, (limit,))
    steps = fetch_frame(dsn, STEP_SECONDS, (limit,))
    return {"runs": runs, "failures": int((runs["status"] == "failed").sum()) if len(runs) else 0,
            "step_seconds": steps.pivot_table(index="run_id", columns="step", values="seconds") if len(steps) else steps,
            "failed_checks": fetch_frame(dsn, FAILED_CHECKS)}
