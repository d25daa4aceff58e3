"""Gold: KPIs aggregated from Silver tickets with Dask (partials per partition, then summed).

The definitions are stated once, here, and repeated for readers in the README:

- Legal term and due date: `pqrlab.business_days` (Ley 1755 de 2015, art. 14; business days from the
  day after receipt; the due date is the last business day of the term). Silver stores `due_date`.
- Answered day: the Bogotá calendar day of the first response. A response on or before the end of the
  due date is on time.
- SLA compliance, by due date and type: tickets whose due date is on or before the as-of date.
  on_time = answered on or before the due date; late = answered after it; overdue_open = not answered
  by the as-of date; compliance = on_time / due.
- Backlog, by day, type and age bucket: tickets received on or before the day and not answered by its
  end. Age = business days after the received day up to the day: 0-5, 6-10, 11-15, >15. Overdue: the
  day is after the due date.
- Volume: tickets per received day by type, topic, department and municipality ("unknown" when the
  text names none).
- Response time: business days from receipt to the first response, p50 and p90 by type and topic
  (nearest rank: the smallest value whose cumulative share reaches p).
- Enrichment summary per model version: tickets, mean confidence, share flagged for review.
- By area and topic (the executive's "where and on what are we late"): SLA by due date, type, topic,
  department and municipality (`sla_area`); open and overdue tickets at the end of each day by the same
  keys (`backlog_area`); the response-time histogram by answered day and the same keys
  (`response_area`, so p50/p90 can be taken over any filter); and the list of tickets still open at the
  as-of date (`open_tickets`: radicado, type, topic, place, due date, overdue = the as-of date is after
  the due date, as in the backlog; business days overdue, negative when still in term, 0 when the term
  ended on the last business day before a holiday as-of date; no personal data).
Every KPI uses the AI-predicted type from Silver, never the ground truth; `model_evaluation` compares
the two.
"""
from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pyarrow as pa
from distributed import Client

from pqrlab import business_days as bd
from pqrlab.lake import Lake
from pqrlab.layers.silver import TICKETS, local_day
from pqrlab.steps import Output, StepResult, Timer

VOLUME_KEYS = ["day", "pqrs_type", "topic", "department_code", "municipality_code"]
SLA_KEYS = ["due_date", "pqrs_type"]
BACKLOG_KEYS = ["day", "pqrs_type", "age_bucket"]
RESPONSE_KEYS = ["pqrs_type", "topic"]
ENRICHMENT_KEYS = ["model_name", "model_version"]
AGE_BUCKETS = ("0-5", "6-10", "11-15", ">15")
AREA_KEYS = ["pqrs_type", "topic", "department_code", "municipality_code"]
SLA_AREA_KEYS = ["due_date", *AREA_KEYS]
BACKLOG_AREA_KEYS = ["day", *AREA_KEYS]
RESPONSE_AREA_KEYS = ["answered_day", *AREA_KEYS, "business_days"]
OPEN_TICKET_COLUMNS = ["day", "ticket_id", "radicado", *AREA_KEYS, "priority", "received_day", "due_date",
                       "overdue", "business_days_overdue"]
AREA_DATASETS = ("sla_area", "backlog_area", "response_area", "open_tickets")
GOLD_DATASETS = ("daily_volume", "sla_compliance", "backlog_daily", "response_time", "enrichment_summary",
                 "model_evaluation", *AREA_DATASETS)


def answered_day(tickets: pd.DataFrame) -> pd.Series:
    return local_day(tickets["first_response_at"])


# -- partials: pure functions of one partition ----------------------------------------------
def volume_partial(tickets: pd.DataFrame) -> pd.DataFrame:
    keyed = tickets.assign(department_code=tickets["department_code"].fillna("unknown"),
                           municipality_code=tickets["municipality_code"].fillna("unknown"),
                           topic=tickets["topic"].fillna("otros"))
    return keyed.groupby(VOLUME_KEYS, dropna=False).size().rename("tickets").reset_index()


def sla_partial(tickets: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    due = tickets[tickets["due_date"] <= as_of]
    answered = due["first_response_at"].notna()
    on_day = answered_day(due)
    flags = pd.DataFrame({
        "due_date": due["due_date"], "pqrs_type": due["pqrs_type"], "due": 1,
        "on_time": (answered & (on_day <= due["due_date"])).astype(int),
        "late": (answered & (on_day > due["due_date"])).astype(int),
        "overdue_open": (~answered).astype(int),
    })
    return flags.groupby(SLA_KEYS).sum().reset_index()


def age_bucket(age: np.ndarray) -> np.ndarray:
    return np.select([age <= 5, age <= 10, age <= 15], AGE_BUCKETS[:3], default=AGE_BUCKETS[3])


def backlog_partial(tickets: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Open tickets at the end of each day from their receipt to the as-of date (pure)."""
    received = pd.to_datetime(tickets["day"]).to_numpy(dtype="datetime64[D]")
    answered = pd.to_datetime(answered_day(tickets)).to_numpy(dtype="datetime64[D]")  # NaT when open
    due = pd.to_datetime(tickets["due_date"]).to_numpy(dtype="datetime64[D]")
    types = tickets["pqrs_type"].to_numpy()
    end = np.datetime64(as_of, "D")
    frames = []
    for day in np.arange(received.min(), end + 1) if len(received) else []:
        open_ = (received <= day) & (np.isnat(answered) | (answered > day))
        if not open_.any():
            continue
        ages = bd.business_days_between(received[open_], np.full(open_.sum(), day))
        frames.append(pd.DataFrame({"day": day, "pqrs_type": types[open_], "age_bucket": age_bucket(ages),
                                    "open": 1, "overdue": (day > due[open_]).astype(int)}))
    if not frames:
        return pd.DataFrame(columns=[*BACKLOG_KEYS, "open", "overdue"])
    out = pd.concat(frames, ignore_index=True)
    out["day"] = pd.to_datetime(out["day"]).dt.date
    return out.groupby(BACKLOG_KEYS).sum().reset_index()


def response_partial(tickets: pd.DataFrame) -> pd.DataFrame:
    """Histogram of business days to first response, by type and topic (exact, so it combines)."""
    answered = tickets[tickets["first_response_at"].notna()]
    days = bd.business_days_between(pd.to_datetime(answered["day"]).to_numpy(dtype="datetime64[D]"),
                                    pd.to_datetime(answered_day(answered)).to_numpy(dtype="datetime64[D]"))
    hist = pd.DataFrame({"pqrs_type": answered["pqrs_type"], "topic": answered["topic"].fillna("otros"),
                         "business_days": days, "n": 1})
    return hist.groupby([*RESPONSE_KEYS, "business_days"]).sum().reset_index()


def enrichment_partial(tickets: pd.DataFrame) -> pd.DataFrame:
    return tickets.assign(tickets=1, confidence_sum=tickets["confidence"],
                          flagged=tickets["needs_review"].astype(int)).groupby(ENRICHMENT_KEYS)[
        ["tickets", "confidence_sum", "flagged"]].sum().reset_index()


def with_area_keys(tickets: pd.DataFrame) -> pd.DataFrame:
    """Tickets with the area/topic keys filled ("unknown" place, "otros" topic when the text names none)."""
    return tickets.assign(department_code=tickets["department_code"].fillna("unknown"),
                          municipality_code=tickets["municipality_code"].fillna("unknown"),
                          topic=tickets["topic"].fillna("otros"))


def sla_area_partial(tickets: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """SLA counts by due date, type, topic, department and municipality (pure)."""
    due = with_area_keys(tickets[tickets["due_date"] <= as_of])
    answered = due["first_response_at"].notna()
    on_day = answered_day(due)
    flags = due[SLA_AREA_KEYS].assign(
        due=1, on_time=(answered & (on_day <= due["due_date"])).astype(int),
        late=(answered & (on_day > due["due_date"])).astype(int), overdue_open=(~answered).astype(int))
    return flags.groupby(SLA_AREA_KEYS).sum().reset_index()


def backlog_area_partial(tickets: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Open and overdue tickets at the end of each day up to the as-of date, by area and topic (pure)."""
    keyed = with_area_keys(tickets).reset_index(drop=True)
    received = pd.to_datetime(keyed["day"]).to_numpy(dtype="datetime64[D]")
    answered = pd.to_datetime(answered_day(keyed)).to_numpy(dtype="datetime64[D]")  # NaT when open
    due = pd.to_datetime(keyed["due_date"]).to_numpy(dtype="datetime64[D]")
    rows, days = [], []  # (ticket row, day) pairs of every day a ticket is open at its end
    for day in np.arange(received.min(), np.datetime64(as_of, "D") + 1) if len(received) else []:
        open_rows = np.flatnonzero((received <= day) & (np.isnat(answered) | (answered > day)))
        rows.append(open_rows)
        days.append(np.full(len(open_rows), day))
    if not rows or not sum(map(len, rows)):
        return pd.DataFrame(columns=[*BACKLOG_AREA_KEYS, "open", "overdue"])
    rows, days = np.concatenate(rows), np.concatenate(days)
    out = keyed.loc[rows, AREA_KEYS].assign(day=pd.to_datetime(days).date, open=1,
                                            overdue=(days > due[rows]).astype(int))
    return out.groupby(BACKLOG_AREA_KEYS).sum().reset_index()[[*BACKLOG_AREA_KEYS, "open", "overdue"]]


def response_area_partial(tickets: pd.DataFrame) -> pd.DataFrame:
    """Histogram of business days to first response by answered day, area and topic (exact, combines)."""
    answered = with_area_keys(tickets[tickets["first_response_at"].notna()])
    on_day = answered_day(answered)
    days = bd.business_days_between(pd.to_datetime(answered["day"]).to_numpy(dtype="datetime64[D]"),
                                    pd.to_datetime(on_day).to_numpy(dtype="datetime64[D]"))
    hist = answered[AREA_KEYS].assign(answered_day=on_day, business_days=days, n=1)
    return hist.groupby(RESPONSE_AREA_KEYS).sum().reset_index()[[*RESPONSE_AREA_KEYS, "n"]]


def business_days_overdue(due: np.ndarray, as_of: dt.date) -> np.ndarray:
    """Business days after the due date up to the as-of date; negative: business days still left."""
    end = np.full(len(due), np.datetime64(as_of, "D"))
    return bd.business_days_between(due, end) - bd.business_days_between(end, due)


def open_tickets_partial(tickets: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The tickets still unanswered at the end of the as-of date, without personal data (pure)."""
    received = pd.to_datetime(tickets["day"]).to_numpy(dtype="datetime64[D]")
    answered = pd.to_datetime(answered_day(tickets)).to_numpy(dtype="datetime64[D]")  # NaT when open
    end = np.datetime64(as_of, "D")
    open_ = (received <= end) & (np.isnat(answered) | (answered > end))
    rows = with_area_keys(tickets[open_])
    due = pd.to_datetime(rows["due_date"]).to_numpy(dtype="datetime64[D]")
    out = rows.assign(day=as_of, received_day=list(received[open_].astype(dt.date)), overdue=due < end,
                      business_days_overdue=business_days_overdue(due, as_of).astype(int))
    return out[OPEN_TICKET_COLUMNS].reset_index(drop=True)


def response_area_percentiles(hist: pd.DataFrame, quantiles=(0.5, 0.9)) -> dict[float, float]:
    """Nearest-rank percentiles of business days over any slice of the `response_area` histogram."""
    counts = hist.groupby("business_days")["n"].sum().sort_index()
    if counts.sum() == 0:
        return {q: float("nan") for q in quantiles}
    share = counts.cumsum() / counts.sum()
    return {q: float(share.index[share >= q - 1e-12][0]) for q in quantiles}


# -- combine (pure) ---------------------------------------------------------------------------
def combine(partials: list[pd.DataFrame], keys: list[str]) -> pd.DataFrame:
    """Sum partial counts over partitions (pure); no rows in, no rows out (e.g. nothing due yet)."""
    filled = [p for p in partials if len(p)]
    if not filled:
        return partials[0].iloc[0:0].reset_index(drop=True) if partials else pd.DataFrame(columns=keys)
    frame = pd.concat(filled, ignore_index=True)
    return frame.groupby(keys, dropna=False).sum().reset_index().sort_values(keys).reset_index(drop=True)


def stack_rows(partials: list[pd.DataFrame], keys: list[str]) -> pd.DataFrame:
    """Row lists from the partitions, one frame, in key order (pure)."""
    filled = [p for p in partials if len(p)]
    if not filled:
        return partials[0].iloc[0:0].reset_index(drop=True)
    return pd.concat(filled, ignore_index=True).sort_values(keys).reset_index(drop=True)


def with_compliance(sla: pd.DataFrame) -> pd.DataFrame:
    out = sla.copy()
    out["compliance"] = (out["on_time"] / out["due"]).round(6)
    return out


def percentiles(hist: pd.DataFrame, quantiles=(0.5, 0.9)) -> pd.DataFrame:
    """Nearest-rank percentiles per (type, topic) from an exact histogram."""
    rows = []
    for key, group in hist.sort_values("business_days").groupby(RESPONSE_KEYS):
        share = group["n"].cumsum() / group["n"].sum()
        values = [int(group["business_days"][share >= q - 1e-12].iloc[0]) for q in quantiles]
        rows.append((*key, int(group["n"].sum()), *values))
    return pd.DataFrame(rows, columns=[*RESPONSE_KEYS, "answered", "p50_business_days", "p90_business_days"])


def enrichment_summary(parts: pd.DataFrame) -> pd.DataFrame:
    out = parts.copy()
    out["mean_confidence"] = (out.pop("confidence_sum") / out["tickets"]).round(6)
    out["share_flagged"] = (out.pop("flagged") / out["tickets"]).round(6)
    return out


def model_evaluation(tickets: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    """Predicted vs ground truth per field (accuracy), per model version; truth never feeds a KPI."""
    merged = tickets.merge(truth, on="ticket_id", suffixes=("", "_truth"))
    rows = []
    fields = {"pqrs_type": merged, "subtype": merged[merged["pqrs_type_truth"] == "peticion"],
              "topic": merged, "priority": merged,
              "municipality_code": merged[merged["municipality_mentioned"].astype(bool)]}
    for (name, version), _ in merged.groupby(ENRICHMENT_KEYS):
        for field_name, frame in fields.items():
            frame = frame[(frame["model_name"] == name) & (frame["model_version"] == version)]
            correct = int((frame[field_name].fillna("∅") == frame[f"{field_name}_truth"].fillna("∅")).sum())
            rows.append((name, version, field_name, len(frame), correct,
                         round(correct / len(frame), 6) if len(frame) else None))
    return pd.DataFrame(rows, columns=[*ENRICHMENT_KEYS, "field", "tickets", "correct", "accuracy"])


# -- Dask wiring --------------------------------------------------------------------------------
def gold_partition(lake: Lake, path: str, as_of: dt.date) -> dict[str, pd.DataFrame]:
    """One Dask task: read a Silver tickets partition, return its partial aggregates."""
    tickets = lake.read_parquet(path).to_pandas()
    return {"daily_volume": volume_partial(tickets), "sla_compliance": sla_partial(tickets, as_of),
            "backlog_daily": backlog_partial(tickets, as_of), "response_time": response_partial(tickets),
            "enrichment_summary": enrichment_partial(tickets),
            "sla_area": sla_area_partial(tickets, as_of), "backlog_area": backlog_area_partial(tickets, as_of),
            "response_area": response_area_partial(tickets), "open_tickets": open_tickets_partial(tickets, as_of)}


def read_truth_tickets(lake: Lake, run_id: str) -> pd.DataFrame:
    """The generator's ground truth for the run's tickets (for evaluation only)."""
    rows = [json.loads(line) for path in lake.files("truth", run_id, "tickets-*.jsonl")
            for line in lake.read_bytes(path).decode().splitlines()]
    columns = ["ticket_id", "pqrs_type", "subtype", "topic", "priority", "municipality_code", "municipality_mentioned"]
    truth = pd.DataFrame(rows, columns=columns)
    truth["subtype"] = truth["subtype"].where(truth["pqrs_type"] == "peticion")  # only petitions have one
    return truth


def silver_to_gold(lake: Lake, client: Client, run_id: str, as_of: dt.date) -> StepResult:
    """Aggregate a run's Silver tickets into the Gold Parquet datasets."""
    with Timer() as timer:
        paths = gold_input_paths(lake, run_id)
        parts = client.gather(client.map(gold_partition, [lake] * len(paths), paths, [as_of] * len(paths),
                                         pure=False))
        result = finish_gold(lake, run_id, paths, parts)
    result.seconds = timer.seconds
    return result


def gold_input_paths(lake: Lake, run_id: str) -> list[str]:
    """The run's Silver tickets files (a clear error when there are none); clears the run's old Gold."""
    paths = lake.files("silver", run_id, "*.parquet", TICKETS)
    if not paths:
        raise FileNotFoundError(f"no Silver tickets for run {run_id!r}: run the Silver step first")
    lake.remove_run("gold", run_id)
    return paths


def combine_partials(parts: list[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """The KPI tables from every partition's partial aggregates (pure)."""
    part = lambda name: [p[name] for p in parts]  # noqa: E731
    return {
        "daily_volume": combine(part("daily_volume"), VOLUME_KEYS),
        "sla_compliance": with_compliance(combine(part("sla_compliance"), SLA_KEYS)),
        "backlog_daily": combine(part("backlog_daily"), BACKLOG_KEYS),
        "response_time": percentiles(combine(part("response_time"), [*RESPONSE_KEYS, "business_days"])),
        "enrichment_summary": enrichment_summary(combine(part("enrichment_summary"), ENRICHMENT_KEYS)),
        "sla_area": combine(part("sla_area"), SLA_AREA_KEYS),
        "backlog_area": combine(part("backlog_area"), BACKLOG_AREA_KEYS),
        "response_area": combine(part("response_area"), RESPONSE_AREA_KEYS),
        "open_tickets": stack_rows(part("open_tickets"), ["day", "ticket_id"]),
    }


def finish_gold(lake: Lake, run_id: str, paths: list[str], parts: list[dict[str, pd.DataFrame]]) -> StepResult:
    """After the `gold_partition` tasks: combine the partials, evaluate the model, write Gold."""
    result = StepResult(step="gold", run_id=run_id)
    tables = combine_partials(parts)
    predictions = lake.read_parquet_files(paths, columns=["ticket_id", "pqrs_type", "subtype", "topic", "priority",
                                                          "municipality_code", *ENRICHMENT_KEYS]).to_pandas()
    tables["model_evaluation"] = model_evaluation(predictions, read_truth_tickets(lake, run_id))
    for name, frame in tables.items():
        frame.insert(0, "run_id", run_id)
        path = f"{lake.run_path('gold', name, run_id)}/part-0.parquet"
        table = pa.Table.from_pandas(frame, preserve_index=False)
        result.outputs.append(Output(lake.url_of(path), table.num_rows, lake.write_parquet(path, table)))
    result.inputs = [lake.url_of(p) for p in paths]
    result.rows_in = int(tables["daily_volume"]["tickets"].sum())
    result.rows_out = sum(o.rows for o in result.outputs)
    result.counts = {f"rows_{name}": len(frame) for name, frame in tables.items()}
    return result


def read_gold(lake: Lake, name: str, run_id: str) -> pd.DataFrame:
    return lake.read_parquet(f"{lake.run_path('gold', name, run_id)}/part-0.parquet").to_pandas()
