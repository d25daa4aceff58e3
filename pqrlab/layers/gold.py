"""Gold: KPIs as of each day, from the Silver ticket snapshot after that day (one Dask task per day).

Every table has `day` (the as-of day) first in its key and lives in `gold/<table>/day=D/run_id=R/`; a
day's rows are computed from snapshot(D) only, so they say what was known at the end of D and never
change when later days arrive (rerunning D rewrites exactly D). Per day (`gold_for_day`): daily_volume,
enrichment_summary and model_evaluation = tickets received on D; sla_compliance / sla_area = tickets due
on D, their status at the end of D (so `late` is 0 there: an answer after the due date is not known yet;
late answers show in response_time); backlog_daily / backlog_area / open_tickets = open at the end of D;
response_time / response_area = histograms of the tickets whose first response became known on D (so
p50/p90 over any range of days are exact: `response_percentiles`). The partials below are pure functions
of any set of tickets and combine by summing.

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
from pqrlab.layers.silver import TICKET_STATE, local_day, read_tickets, snapshot_days
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


def backlog_at(tickets: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """Open and overdue tickets at the end of `day` by type and age bucket (pure)."""
    received = pd.to_datetime(tickets["day"]).to_numpy(dtype="datetime64[D]")
    answered = pd.to_datetime(answered_day(tickets)).to_numpy(dtype="datetime64[D]")  # NaT when open
    due = pd.to_datetime(tickets["due_date"]).to_numpy(dtype="datetime64[D]")
    end = np.datetime64(day, "D")
    open_ = (received <= end) & (np.isnat(answered) | (answered > end))
    ages = bd.business_days_between(received[open_], np.full(open_.sum(), end))
    out = pd.DataFrame({"day": pd.Series([day] * int(open_.sum()), dtype=object),
                        "pqrs_type": tickets["pqrs_type"].to_numpy()[open_], "age_bucket": age_bucket(ages),
                        "open": 1, "overdue": (end > due[open_]).astype(int)})
    return out.groupby(BACKLOG_KEYS).sum().reset_index()[[*BACKLOG_KEYS, "open", "overdue"]]


def backlog_partial(tickets: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Open tickets at the end of each day from their receipt to the as-of date (pure)."""
    first = pd.to_datetime(tickets["day"]).min() if len(tickets) else None
    days = pd.date_range(first, as_of).date if first is not None else []
    return combine([backlog_at(tickets, day) for day in days] or [backlog_at(tickets, as_of)], BACKLOG_KEYS)


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


def backlog_area_at(tickets: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """Open and overdue tickets at the end of `day` by area and topic (pure)."""
    keyed = with_area_keys(tickets).reset_index(drop=True)
    received = pd.to_datetime(keyed["day"]).to_numpy(dtype="datetime64[D]")
    answered = pd.to_datetime(answered_day(keyed)).to_numpy(dtype="datetime64[D]")  # NaT when open
    due = pd.to_datetime(keyed["due_date"]).to_numpy(dtype="datetime64[D]")
    end = np.datetime64(day, "D")
    rows = np.flatnonzero((received <= end) & (np.isnat(answered) | (answered > end)))
    out = keyed.loc[rows, AREA_KEYS].assign(day=day, open=1, overdue=(end > due[rows]).astype(int))
    return out.groupby(BACKLOG_AREA_KEYS).sum().reset_index()[[*BACKLOG_AREA_KEYS, "open", "overdue"]]


def backlog_area_partial(tickets: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Open and overdue tickets at the end of each day up to the as-of date, by area and topic (pure)."""
    first = pd.to_datetime(tickets["day"]).min() if len(tickets) else None
    days = pd.date_range(first, as_of).date if first is not None else []
    return combine([backlog_area_at(tickets, day) for day in days] or [backlog_area_at(tickets, as_of)],
                   BACKLOG_AREA_KEYS)


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


# -- Gold as of each day (pure), from the ticket snapshot after that day ------------------------
def gold_for_day(tickets: pd.DataFrame, day: dt.date, truth: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every Gold table as of the end of `day`, from the ticket snapshot after it (pure). Rows by day:
    volume/enrichment/model evaluation = tickets received on `day`; SLA = tickets due on `day` (status at
    its end); backlog = open at its end; response = tickets whose first response became known on `day`
    (a histogram, so percentiles over any range are exact); open_tickets = the list at its end."""
    received = tickets[tickets["day"] == day]
    due = tickets[tickets["due_date"] == day]
    answered = tickets[tickets["first_response_day"] == day]
    tables = {
        "daily_volume": combine([volume_partial(received)], VOLUME_KEYS),
        "sla_compliance": with_compliance(combine([sla_partial(due, day)], SLA_KEYS)),
        "backlog_daily": backlog_at(tickets, day),
        "response_time": combine([response_partial(answered)], [*RESPONSE_KEYS, "business_days"]),
        "enrichment_summary": enrichment_summary(combine([enrichment_partial(received)], ENRICHMENT_KEYS)),
        "model_evaluation": model_evaluation(received, truth),
        "sla_area": combine([sla_area_partial(due, day)], SLA_AREA_KEYS),
        "backlog_area": backlog_area_at(tickets, day),
        "response_area": combine([response_area_partial(answered)], RESPONSE_AREA_KEYS),
        "open_tickets": open_tickets_partial(tickets, day),
    }
    return {name: keyed_by_day(frame, day) for name, frame in tables.items()}


def keyed_by_day(frame: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """`frame` with the as-of `day` as its first column (pure)."""
    out = frame.drop(columns="day", errors="ignore").reset_index(drop=True)
    out.insert(0, "day", pd.Series([day] * len(out), dtype=object))
    return out


def response_percentiles(hist: pd.DataFrame, quantiles=(0.5, 0.9)) -> pd.DataFrame:
    """p50/p90 business days per type and topic over any set of days of `response_time` (exact)."""
    return percentiles(combine([hist.drop(columns=["day", "run_id"], errors="ignore")],
                               [*RESPONSE_KEYS, "business_days"]), quantiles)


# -- lake I/O and Dask wiring ------------------------------------------------------------------
def read_truth_tickets(lake: Lake, run_id: str | None = None, days: list[str] | None = None) -> pd.DataFrame:
    """The generator's ground truth (for evaluation only): a run's, or that of `days` (any run's copy)."""
    if run_id is not None:
        paths = lake.files("truth", run_id, "tickets-*.jsonl")
    else:
        paths = [f"{lake.partition('truth', d, r)}/{name}" for d in days or []
                 for r in lake.day_runs("truth", d)[:1]
                 for name in lake._children(lake.partition("truth", d, r), "tickets-")]
    rows = [json.loads(line) for path in paths for line in lake.read_bytes(path).decode().splitlines()]
    columns = ["ticket_id", "pqrs_type", "subtype", "topic", "priority", "municipality_code", "municipality_mentioned"]
    truth = pd.DataFrame(rows, columns=columns).drop_duplicates("ticket_id")
    truth["subtype"] = truth["subtype"].where(truth["pqrs_type"] == "peticion")  # only petitions have one
    return truth


GOLD_DATES = {"day", "due_date", "answered_day", "received_day"}
GOLD_FLOATS = {"compliance", "mean_confidence", "share_flagged", "accuracy"}
GOLD_STRINGS = {"run_id", "pqrs_type", "topic", "department_code", "municipality_code", "age_bucket", "model_name",
                "model_version", "field", "ticket_id", "radicado", "priority"}


def gold_type(name: str, column: str) -> pa.DataType:
    """The stored type of a Gold column (the same on a day with no rows, so readers can union every day)."""
    if column in GOLD_DATES:
        return pa.date32()
    if column in GOLD_STRINGS:
        return pa.string()
    if column in GOLD_FLOATS:
        return pa.float64()
    return pa.bool_() if (name, column) == ("open_tickets", "overdue") else pa.int64()


def gold_arrow(name: str, frame: pd.DataFrame) -> pa.Table:
    """A Gold frame as Arrow with its stored types."""
    schema = pa.schema([(c, gold_type(name, c)) for c in frame.columns])
    # without pandas' metadata: it records each frame's own dtypes (a day whose accuracies are all empty
    # holds them as objects), so otherwise identical days would not have identical file schemas
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False).replace_schema_metadata(None)


def gold_day(lake: Lake, run_id: str, day: str) -> dict:
    """One Dask task: Gold as of `day` from its ticket snapshot, written as the day's current partitions."""
    tickets = read_tickets(lake, day=day)
    tables = gold_for_day(tickets, dt.date.fromisoformat(day), read_truth_tickets(lake, days=[day]))
    outputs = []
    for name, frame in tables.items():
        frame.insert(1, "run_id", run_id)
        path = f"{lake.partition('gold', day, run_id, name)}/part-0.parquet"
        table = gold_arrow(name, frame)
        outputs.append((lake.url_of(path), table.num_rows, lake.write_parquet(path, table)))
        lake.replace_day("gold", day, run_id, name)
    source = lake.current_partition("silver", day, TICKET_STATE)
    return {"outputs": outputs, "input": lake.url_of(f"{source}/part-0.parquet"),
            "received": int(tables["daily_volume"]["tickets"].sum()),
            "rows": {name: len(frame) for name, frame in tables.items()}}


def gold_input_days(lake: Lake, run_id: str, days: list[str] | None = None) -> list[str]:
    """The days to compute (default: the days whose ticket snapshot this run wrote); a clear error when
    one has no snapshot."""
    days = sorted(days) if days else snapshot_days(lake, run_id)
    missing = [d for d in days if lake.current_partition("silver", d, TICKET_STATE) is None]
    if not days or missing:
        raise FileNotFoundError(f"no Silver ticket snapshot for {', '.join(missing) or 'run ' + repr(run_id)}: "
                                "run the Silver step first")
    return days


def silver_to_gold(lake: Lake, client: Client, run_id: str, days: list[str] | None = None) -> StepResult:
    """Gold as of each day (default: every day this run carried the ticket state through), in parallel."""
    with Timer() as timer:
        days = gold_input_days(lake, run_id, days)
        parts = client.gather(client.map(gold_day, [lake] * len(days), [run_id] * len(days), days, pure=False))
        result = finish_gold(run_id, parts)
    result.seconds = timer.seconds
    return result


def finish_gold(run_id: str, parts: list[dict]) -> StepResult:
    """After the `gold_day` tasks: the step's lineage and counts."""
    result = StepResult(step="gold", run_id=run_id)
    result.outputs = [Output(*o) for p in parts for o in p["outputs"]]
    result.inputs = [p["input"] for p in parts]
    result.rows_in = sum(p["received"] for p in parts)
    result.rows_out = sum(o.rows for o in result.outputs)
    result.counts = {"days": len(parts), **{f"rows_{name}": sum(p["rows"][name] for p in parts)
                                            for name in GOLD_DATASETS}}
    return result


def gold_days(lake: Lake, name: str = "daily_volume", run_id: str | None = None) -> list[str]:
    """Days with a Gold partition (only those whose current partition `run_id` wrote, when given)."""
    return [d for d in lake.all_days("gold", name)
            if run_id is None or lake.current_run("gold", d, name) == run_id]


def read_gold(lake: Lake, name: str, run_id: str | None = None, days: list[str] | None = None) -> pd.DataFrame:
    """A Gold table over `days` (default: every day, or the days `run_id` wrote), one frame in day order."""
    days = sorted(days) if days is not None else gold_days(lake, name, run_id)
    folders = [lake.current_partition("gold", d, name) for d in days]
    paths = [f"{f}/part-0.parquet" for f in folders if f]
    if not paths:
        raise FileNotFoundError(f"no Gold {name!r} partitions{' for run ' + repr(run_id) if run_id else ''}: "
                                "run the Gold step first")
    return lake.read_parquet_files(paths).to_pandas()
