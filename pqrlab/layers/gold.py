"""Gold: KPIs aggregated from Silver tickets, with Dask (partials per partition, summed).

Definitions (the repo's one statement of them; `docs/kpis.md` repeats them for readers):
- Volume: tickets per received day, by AI-predicted PQRS type, topic and department.
- SLA compliance: tickets whose legal due date (Ley 1755, art. 14, business days from the day after
  receipt) is on or before the as-of date. On time: first response on or before the end of the due
  date (Bogotá time). Late: answered after it. Overdue-open: not answered by the as-of date.
  compliance = on_time / due.
All KPIs use the AI-predicted type from Silver, never the ground truth.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa
from distributed import Client

from pqrlab.lake import Lake
from pqrlab.layers.silver import TICKETS, local_day
from pqrlab.steps import Output, StepResult, Timer

VOLUME_KEYS = ["day", "pqrs_type", "topic", "department_code"]
SLA_KEYS = ["due_date", "pqrs_type"]
SLA_COUNTS = ["due", "on_time", "late", "overdue_open"]
GOLD_DATASETS = ("daily_volume", "sla_compliance")


def volume_partial(tickets: pd.DataFrame) -> pd.DataFrame:
    """Tickets per day × type × topic × department in one partition (pure)."""
    keyed = tickets.assign(department_code=tickets["department_code"].fillna("unknown"),
                           topic=tickets["topic"].fillna("otros"))
    return keyed.groupby(VOLUME_KEYS, dropna=False).size().rename("tickets").reset_index()


def sla_partial(tickets: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Due / on time / late / overdue-open counts by due date and type in one partition (pure)."""
    due = tickets[tickets["due_date"] <= as_of]
    answered_day = local_day(due["first_response_at"])
    answered = due["first_response_at"].notna()
    flags = pd.DataFrame({
        "due_date": due["due_date"], "pqrs_type": due["pqrs_type"], "due": 1,
        "on_time": (answered & (answered_day <= due["due_date"])).astype(int),
        "late": (answered & (answered_day > due["due_date"])).astype(int),
        "overdue_open": (~answered).astype(int),
    })
    return flags.groupby(SLA_KEYS).sum().reset_index()


def combine(partials: list[pd.DataFrame], keys: list[str]) -> pd.DataFrame:
    """Sum partial counts over partitions (pure)."""
    frame = pd.concat(partials, ignore_index=True)
    return frame.groupby(keys, dropna=False).sum().reset_index().sort_values(keys).reset_index(drop=True)


def with_compliance(sla: pd.DataFrame) -> pd.DataFrame:
    out = sla.copy()
    out["compliance"] = (out["on_time"] / out["due"]).round(6)
    return out


def gold_partition(lake: Lake, path: str, as_of: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One Dask task: read a Silver tickets partition, return its partial aggregates."""
    tickets = lake.read_parquet(path).to_pandas()
    return volume_partial(tickets), sla_partial(tickets, as_of)


def silver_to_gold(lake: Lake, client: Client, run_id: str, as_of: dt.date) -> StepResult:
    """Aggregate a run's Silver tickets into Gold Parquet datasets."""
    result = StepResult(step="gold", run_id=run_id)
    with Timer() as timer:
        paths = lake.files("silver", run_id, "*.parquet", TICKETS)
        if not paths:
            raise FileNotFoundError(f"no Silver tickets for run {run_id!r}: run the Silver step first")
        lake.remove_run("gold", run_id)
        parts = client.gather(client.map(gold_partition, [lake] * len(paths), paths, [as_of] * len(paths),
                                         pure=False))
        tables = {
            "daily_volume": combine([p[0] for p in parts], VOLUME_KEYS),
            "sla_compliance": with_compliance(combine([p[1] for p in parts], SLA_KEYS)),
        }
        for name, frame in tables.items():
            frame.insert(0, "run_id", run_id)
            path = f"{lake.run_path('gold', name, run_id)}/part-0.parquet"
            table = pa.Table.from_pandas(frame, preserve_index=False)
            result.outputs.append(Output(lake.url_of(path), table.num_rows, lake.write_parquet(path, table)))
    result.seconds = timer.seconds
    result.inputs = [lake.url_of(p) for p in paths]
    result.rows_in = int(tables["daily_volume"]["tickets"].sum())
    result.rows_out = sum(o.rows for o in result.outputs)
    result.counts = {f"rows_{name}": len(frame) for name, frame in tables.items()}
    return result


def read_gold(lake: Lake, name: str, run_id: str) -> pd.DataFrame:
    return lake.read_parquet(f"{lake.run_path('gold', name, run_id)}/part-0.parquet").to_pandas()
