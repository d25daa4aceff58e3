"""Loading the lake into the control plane: Gold → `public.gold_*`, Silver → `core.*`, by day.

A run publishes exactly its days: each `public.gold_*` table loses the rows of those days
(`DELETE ... WHERE day = ANY(days)`) and gets them again by COPY; `public.gold_days` records which run
last wrote each day. `core.tickets` takes the state after the latest ingested day for the tickets that
had messages on the run's days (upsert; unchanged rows untouched), `core.messages` / `core.ticket_events`
the messages and events of those days (append-only). The whole step is one transaction (each load
function takes the step's cursor): readers never see a half-loaded day, a failure anywhere leaves the
previous state intact, and a retry of the same run leaves no duplicates.
"""
from __future__ import annotations

import pandas as pd
import psycopg

from pqrlab.channel.places import divipola
from pqrlab.control.db import connect, copy_frame
from pqrlab.lake import Lake
from pqrlab.layers.bronze import MESSAGES
from pqrlab.layers.gold import GOLD_DATASETS, gold_days, read_gold
from pqrlab.layers.silver import read_messages, read_tickets, snapshot_days
from pqrlab.steps import Output, StepResult, Timer

TICKET_UPSERT_COLUMNS = [
    "ticket_id", "radicado", "pqrs_type", "subtype", "topic", "municipality_code", "department_code", "priority",
    "status", "received_at", "due_at", "first_response_at", "closed_at", "confidence", "needs_review",
    "model_version", "summary", "run_id",
]
EVENT_OF_KIND = {"initial": "received", "ack": "acknowledged", "follow_up": "follow_up",
                 "response": "responded", "reopen": "reopened"}


def load_gold_table(cur: psycopg.Cursor, name: str, frame: pd.DataFrame, days: list[str]) -> int:
    """Replace the rows of `days` in `public.gold_<name>` (inside the caller's transaction)."""
    cur.execute(f"DELETE FROM public.gold_{name} WHERE day = ANY(%s::date[])", (days,))
    return copy_frame(cur, f"public.gold_{name}", frame)


def record_days(cur: psycopg.Cursor, days: list[str], run_id: str) -> None:
    """`public.gold_days`: the run that last published each of `days`."""
    cur.execute("""INSERT INTO public.gold_days (day, run_id) SELECT unnest(%s::date[]), %s
                   ON CONFLICT (day) DO UPDATE SET run_id = EXCLUDED.run_id, published_at = now()""",
                (days, run_id))


def ticket_rows(tickets: pd.DataFrame) -> pd.DataFrame:
    """Silver tickets shaped as `core.tickets` rows (pure)."""
    out = tickets.rename(columns={"due_date": "due_at"}).copy()
    out["closed_at"] = out["last_response_at"].where(out["status"] == "responded")
    out["model_version"] = out["model_name"] + "@" + out["model_version"]
    return out[TICKET_UPSERT_COLUMNS]


def upsert_tickets(cur: psycopg.Cursor, tickets: pd.DataFrame) -> int:
    """Upsert by ticket id; rows whose values did not change are left untouched. Returns rows changed."""
    columns = ", ".join(TICKET_UPSERT_COLUMNS)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in TICKET_UPSERT_COLUMNS[1:])
    changed = " OR ".join(f"core.tickets.{c} IS DISTINCT FROM EXCLUDED.{c}" for c in TICKET_UPSERT_COLUMNS[1:])
    cur.execute("CREATE TEMP TABLE stage_tickets (LIKE core.tickets INCLUDING DEFAULTS) ON COMMIT DROP")
    copy_frame(cur, "stage_tickets", ticket_rows(tickets))
    cur.execute(f"""INSERT INTO core.tickets ({columns}) SELECT {columns} FROM stage_tickets
                    ON CONFLICT (ticket_id) DO UPDATE SET {updates}, updated_at = now() WHERE {changed}""")
    return cur.rowcount


MESSAGE_COLUMNS = ["message_id", "ticket_id", "kind", "direction", "sent_at", "subject", "body", "in_reply_to",
                   "run_id", "subject_masked", "body_masked", "citizen_key"]


def message_rows(original: pd.DataFrame, masked: pd.DataFrame) -> pd.DataFrame:
    """`core.messages` rows: the original text (Bronze) beside its masked copy (Silver) (pure)."""
    masked = masked[["message_id", "subject", "body", "citizen_key"]].rename(
        columns={"subject": "subject_masked", "body": "body_masked"})
    rows = original.rename(columns={"thread_id": "ticket_id"}).merge(masked, on="message_id", how="inner")
    return rows[MESSAGE_COLUMNS]


def event_rows(messages: pd.DataFrame, tickets: pd.DataFrame) -> pd.DataFrame:
    """Lifecycle events: one per message, plus `closed` at the last response of responded tickets (pure)."""
    events = messages.assign(event=messages["kind"].map(EVENT_OF_KIND), occurred_at=messages["sent_at"])
    responded = set(tickets.loc[tickets["status"] == "responded", "ticket_id"])
    last = (events[(events["event"] == "responded") & events["ticket_id"].isin(responded)]
            .sort_values("occurred_at").groupby("ticket_id").tail(1).assign(event="closed"))
    out = pd.concat([events, last], ignore_index=True)
    return out[["ticket_id", "event", "occurred_at", "message_id", "run_id"]]


def insert_messages(cur: psycopg.Cursor, messages: pd.DataFrame, tickets: pd.DataFrame) -> int:
    """Append new messages and their lifecycle events (append-only: known ones are skipped)."""
    cur.execute("CREATE TEMP TABLE stage_messages (LIKE core.messages) ON COMMIT DROP")
    cur.execute("CREATE TEMP TABLE stage_events (LIKE core.ticket_events) ON COMMIT DROP")
    copy_frame(cur, "stage_messages", messages)
    copy_frame(cur, "stage_events", event_rows(messages, tickets))
    columns = ", ".join(MESSAGE_COLUMNS)
    cur.execute(f"INSERT INTO core.messages ({columns}) SELECT {columns} FROM stage_messages "
                "ON CONFLICT (message_id) DO NOTHING")
    inserted = cur.rowcount
    cur.execute("INSERT INTO core.ticket_events SELECT * FROM stage_events ON CONFLICT DO NOTHING")
    return inserted


def load_places(cur: psycopg.Cursor) -> int:
    """Refresh `public.gold_places` (DIVIPOLA names and coordinates) inside the caller's transaction."""
    cur.execute("DELETE FROM public.gold_places")
    return copy_frame(cur, "public.gold_places", divipola())


def read_bronze_messages(lake: Lake, days: list[str]) -> pd.DataFrame:
    """The original (unmasked) Bronze messages of `days`, from their current partitions."""
    folders = [lake.current_partition("bronze", d, MESSAGES) for d in days]
    return lake.read_parquet_files([f"{f}/part-0.parquet" for f in folders if f]).to_pandas()


def publish_days(lake: Lake, run_id: str, days: list[str] | None = None) -> list[str]:
    """The days to publish (default: the Gold days this run wrote); a clear error when there are none."""
    days = sorted(days) if days else gold_days(lake, run_id=run_id)
    if not days:
        raise FileNotFoundError(f"no Gold days written by run {run_id!r}: run the Gold step first")
    return days


def publish(lake: Lake, dsn: str, run_id: str, days: list[str] | None = None) -> StepResult:
    """Load a run's Gold days and the operational state they changed into PostgreSQL, atomically."""
    result = StepResult(step="publish", run_id=run_id)
    with Timer() as timer:
        days = publish_days(lake, run_id, days)
        gold = {name: read_gold(lake, name, days=days) for name in GOLD_DATASETS}
        masked = read_messages(lake, days)
        latest = read_tickets(lake, day=snapshot_days(lake)[-1])  # the state after the latest ingested day
        tickets = latest[latest["ticket_id"].isin(set(masked["thread_id"]))]
        original = read_bronze_messages(lake, days)
        messages = message_rows(original[original["thread_id"].isin(set(tickets["ticket_id"]))], masked)
        with connect(dsn) as conn, conn.transaction(), conn.cursor() as cur:  # the whole step, atomically
            for name, frame in gold.items():
                rows = load_gold_table(cur, name, frame, days)
                result.inputs += [lake.url_of(f"{lake.current_partition('gold', d, name)}/part-0.parquet")
                                  for d in days]
                result.outputs.append(Output(f"postgresql:public.gold_{name}", rows, ""))
                result.rows_in += rows
            record_days(cur, days, run_id)
            counts = {"days": len(days), "tickets_changed": upsert_tickets(cur, tickets),
                      "messages_new": insert_messages(cur, messages, latest)}
            counts["places"] = load_places(cur)
        result.outputs += [Output("postgresql:core.tickets", len(tickets), ""),
                           Output("postgresql:core.messages", len(messages), "")]
    result.seconds = timer.seconds
    result.rows_out = result.rows_in
    result.counts = {"gold_tables": len(GOLD_DATASETS), **counts}
    return result
