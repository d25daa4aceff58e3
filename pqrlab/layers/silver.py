"""Silver: curated, PII-masked, AI-enriched messages per delivery day, and tickets as state across days.

Messages are events: `silver/messages/day=D` is built from day D's Bronze alone (a Dask task per day:
enrich each citizen's first e-mail with the configured enricher, loaded once per worker; mask PII in every
text column with the names learned for its thread; add an extractive summary and, when asked, a sentence
embedding). Two states are carried from day to day instead of rereading history:

- the names learned for masking (a name given on Monday is masked where a reply quotes it weeks later):
  `bronze/thread_names/day=D` (names are personal data, so this state stays in the Bronze zone),
  merged by `merge_names`; day D masks with the names known by the end of D;
- the tickets: `silver/thread_state/day=D` (every thread's merge state) and `silver/ticket_state/day=D`
  (every PQRS ticket known after D, what readers use). snapshot(D) = `merge_ticket_state(snapshot(D-1),
  ticket_partials(day D's lifecycle and predictions))`; the merge is associative, so day by day gives
  exactly `build_tickets` over all the messages at once.

Each derived day partition is written as `day=D/run_id=R/` and then made the day's only folder
(`Lake.replace_day`). Reprocessing days D1..D2 rebuilds their messages with the current enricher and
carries the ticket state through every later ingested day from their unchanged messages.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from distributed import Client

from pqrlab import business_days as bd
from pqrlab.enrich import embeddings as emb
from pqrlab.enrich.base import PREDICTION_COLUMNS, load_enricher
from pqrlab.enrich.masking import mask_pii, signature_names
from pqrlab.enrich.models import model_text
from pqrlab.enrich.summary import extractive_summary
from pqrlab.lake import Lake
from pqrlab.layers.bronze import BRONZE_SCHEMA, MESSAGES, partition_day
from pqrlab.steps import Output, StepResult, Timer

LOCAL_TZ = bd.LOCAL_TZ
REVIEW_THRESHOLD = 0.5
MODEL_COLUMNS = ("model_name", "model_version", "model_sha256")
LIFECYCLE_COLUMNS = ["thread_id", "kind", "sent_at", "radicado", "day"]


def citizen_key(address: str) -> str:
    """A stable pseudonym for an e-mail address (the address itself is personal data)."""
    return "c_" + hashlib.sha256(address.lower().encode()).hexdigest()[:16]


def enrich_messages(messages: pd.DataFrame, enricher_name: str, lake: Lake | None = None) -> pd.DataFrame:
    """Predictions for the first e-mail of each thread (other messages inherit the ticket's)."""
    enricher = load_enricher(enricher_name, lake)
    first = messages[messages["kind"] == "initial"]
    predictions = enricher.predict(first["subject"].fillna("").tolist(), first["body"].tolist())
    predictions.index = first.index
    out = messages.join(predictions, how="left")
    for column, value in zip(MODEL_COLUMNS, (enricher.info.name, enricher.info.version, enricher.info.sha256)):
        out[column] = value
    return out


def message_citizens(messages: pd.DataFrame) -> np.ndarray:
    """The citizen of each message: the sender of an inbound one, the recipient of an outbound one."""
    inbound = messages["direction"] == "inbound"
    return np.where(inbound, messages["from_addr"].map(citizen_key), messages["to_addr"].map(citizen_key))


def learned_names(messages: pd.DataFrame) -> pd.DataFrame:
    """The names each message reveals (body and subject), with its thread, citizen and day (pure)."""
    names = [tuple(sorted(set(signature_names(b)) | set(signature_names(s))))
             for b, s in zip(messages["body"], messages["subject"])]
    return pd.DataFrame({"thread_id": messages["thread_id"].to_numpy(), "citizen_key": message_citizens(messages),
                         "day": messages["day"].to_numpy(), "names": names})


def thread_name_sets(learned: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Per thread, every name learned in any message of the thread or of any thread of the same citizen
    (pure): a name a citizen gave in the first e-mail is masked where a follow-up or reply quotes it."""
    by_thread: dict[str, set[str]] = defaultdict(set)
    by_citizen: dict[str, set[str]] = defaultdict(set)
    citizens: dict[str, set[str]] = defaultdict(set)
    for thread, citizen, names in zip(learned["thread_id"], learned["citizen_key"], learned["names"]):
        by_thread[thread].update(names)
        by_citizen[citizen].update(names)
        citizens[thread].add(citizen)
    sets = {t: set(names).union(*(by_citizen[c] for c in citizens[t])) for t, names in by_thread.items()}
    return {t: tuple(sorted(names)) for t, names in sets.items() if names}


def names_for_day(learned: pd.DataFrame, name_sets: Mapping[str, tuple[str, ...]], day: str) -> dict:
    """The name sets of the threads that have a message on `day` (what that day's task needs)."""
    threads = learned.loc[learned["day"].astype(str) == str(day), "thread_id"].unique()
    return {t: name_sets[t] for t in threads if t in name_sets}


def day_name_sets(learned: pd.DataFrame, days: list[str]) -> list[dict]:
    """For each day, the name sets of the threads with a message that day (pure; Silver's second pass)."""
    name_sets = thread_name_sets(learned)
    return [names_for_day(learned, name_sets, day) for day in days]


def mask_messages(messages: pd.DataFrame, thread_names: Mapping[str, tuple[str, ...]] | None = None) -> pd.DataFrame:
    """Mask personal data in every text column that leaves Silver; pseudonymise addresses.

    Names are masked with the names learned for each message's thread (`thread_names`, built from the
    whole run by `thread_name_sets`); without it, from the threads of `messages` alone."""
    out = messages.copy()
    if thread_names is None:
        thread_names = thread_name_sets(learned_names(out))
    names = [thread_names.get(t, ()) for t in out["thread_id"]]
    out["body"] = [mask_pii(b, n) for b, n in zip(out["body"], names)]
    out["subject"] = [mask_pii(s, n) for s, n in zip(out["subject"], names)]
    inbound = out["direction"] == "inbound"
    out["citizen_key"] = message_citizens(out)
    out["from_addr"] = np.where(inbound, "[EMAIL]", out["from_addr"])
    out["to_addr"] = np.where(inbound, out["to_addr"], "[EMAIL]")
    return out


def summarize_messages(masked: pd.DataFrame) -> pd.DataFrame:
    """An extractive summary of each first e-mail, from its masked text (pure)."""
    out = masked.copy()
    first = out["kind"] == "initial"
    out["summary"] = None
    out.loc[first, "summary"] = [extractive_summary(s, b) for s, b in zip(out.loc[first, "subject"],
                                                                          out.loc[first, "body"])]
    return out


def embed_messages(masked: pd.DataFrame, enabled: bool) -> pd.DataFrame:
    """The sentence embedding of each first e-mail's masked text (None when not `enabled`)."""
    out = masked.copy()
    out["embedding"], out["embedding_model"] = None, None
    first = np.flatnonzero((out["kind"] == "initial").to_numpy())
    if enabled and len(first):
        subjects, bodies = out["subject"].iloc[first], out["body"].iloc[first]
        vectors = emb.embed_texts([model_text(s, b) for s, b in zip(subjects, bodies)])
        column = np.full(len(out), None, dtype=object)
        column[first] = list(vectors)
        out["embedding"] = column
        out.loc[out.index[first], "embedding_model"] = emb.embedder_name()
    return out


SILVER_TYPES: dict[str, pa.DataType] = {
    **{c: pa.large_string() for c in PREDICTION_COLUMNS if c not in ("is_pqrs", "confidence", "needs_review")},
    "is_pqrs": pa.bool_(), "confidence": pa.float64(), "needs_review": pa.bool_(),
    **{c: pa.large_string() for c in MODEL_COLUMNS}, "summary": pa.large_string(), "embedding_model": pa.large_string(),
}


def silver_table(messages: pd.DataFrame) -> pa.Table:
    """Silver messages as Arrow with stable types whether or not a day fills the optional columns (a day with
    no first e-mail has every prediction empty): predictions, model and `summary` columns typed as in
    `SILVER_TYPES`, `embedding` a FLOAT[384] array. Days must concatenate into one dataset."""
    table = pa.Table.from_pandas(messages.drop(columns=["embedding"]), preserve_index=False)
    for name, kind in SILVER_TYPES.items():
        if name in table.column_names:
            table = table.set_column(table.schema.get_field_index(name), name, table[name].cast(kind))
    vectors = pa.array([None if v is None else np.asarray(v, dtype=np.float32) for v in messages["embedding"]],
                       type=pa.list_(pa.float32(), emb.EMBEDDING_DIM))
    return table.append_column("embedding", vectors)


# -- names learned for masking: state kept in the Bronze zone (names are personal data) ----------
def merge_names(state: pd.DataFrame, learned: pd.DataFrame) -> pd.DataFrame:
    """The names known per (thread, citizen) pair after adding `learned` rows to `state` (pure, associative).

    Only the pairs `learned` touches are re-aggregated; a pair with no name is kept (it links a thread
    to its citizen, whose names from other threads it inherits)."""
    return merge_names_table(name_state_table(state), learned).to_pandas()


def name_state_table(frame: pd.DataFrame) -> pa.Table:
    """Name state as stored (`NAME_STATE_SCHEMA`)."""
    return pa.Table.from_pandas(frame[NAME_STATE_COLUMNS], schema=NAME_STATE_SCHEMA, preserve_index=False)


def _pair_keys(pairs: pa.Table) -> pa.Array:
    """One key per (thread, citizen) pair."""
    return pc.binary_join_element_wise(pairs["thread_id"], pairs["citizen_key"], "\x00").combine_chunks()


def merge_names_table(state: pa.Table, learned: pd.DataFrame) -> pa.Table:
    """`merge_names` on the stored form, as the day-by-day carry runs it (filter and sort in Arrow; pure)."""
    touched = pa.table({c: pa.array(learned[c], pa.string()) for c in ("thread_id", "citizen_key")})
    stale = pc.is_in(_pair_keys(state), value_set=_pair_keys(touched))
    update = pd.concat([state.filter(stale).to_pandas(), learned[NAME_STATE_COLUMNS]], ignore_index=True)
    names = update.groupby(["thread_id", "citizen_key"], sort=True)["names"].agg(
        lambda rows: list(sorted(set().union(*map(set, rows))))).reset_index()
    fresh = name_state_table(names)
    return pa.concat_tables([state.filter(pc.invert(stale)).replace_schema_metadata(None),
                             fresh.replace_schema_metadata(None)]).sort_by(
        [("thread_id", "ascending"), ("citizen_key", "ascending")]).combine_chunks()


def names_for_threads(state: pd.DataFrame | pa.Table, threads) -> dict[str, tuple[str, ...]]:
    """`thread_name_sets` of the name state, for `threads` only (reads just the rows they need; pure)."""
    threads = sorted(set(threads))
    if isinstance(state, pd.DataFrame):
        state = name_state_table(state)
    own = pc.is_in(state["thread_id"], value_set=pa.array(threads, pa.string()))
    citizens = pc.unique(state.filter(own)["citizen_key"])
    related = state.filter(pc.or_(own, pc.is_in(state["citizen_key"], value_set=citizens))).to_pandas()
    sets = thread_name_sets(related)
    return {t: sets[t] for t in threads if t in sets}


NAME_STATE_COLUMNS = ["thread_id", "citizen_key", "names"]
NAME_STATE_SCHEMA = pa.schema([("thread_id", pa.string()), ("citizen_key", pa.string()),
                               ("names", pa.list_(pa.string()))])
THREAD_NAMES = "thread_names"


def read_bronze_day(lake: Lake, day: str) -> pd.DataFrame:
    """The Bronze messages of one delivery day (its current partition; none on a day without mail)."""
    folder = lake.current_partition("bronze", day, MESSAGES)
    table = lake.read_parquet(f"{folder}/part-0.parquet") if folder else BRONZE_SCHEMA.empty_table()
    return table.to_pandas()


def learn_day_names(lake: Lake, day: str) -> pd.DataFrame:
    """One Dask task: the names each message of a Bronze day reveals (first pass of Silver)."""
    return learned_names(read_bronze_day(lake, day))


def previous_day(lake: Lake, layer: str, dataset: str, day: str) -> str | None:
    """The latest day before `day` that has a current partition of a state dataset (None: none yet)."""
    earlier = [d for d in lake.all_days(layer, dataset) if d < day]
    return earlier[-1] if earlier else None


def read_state_table(lake: Lake, layer: str, dataset: str, day: str | None, schema: pa.Schema) -> pa.Table:
    """A state snapshot (the current partition of `day`), empty before the first day."""
    folder = lake.current_partition(layer, day, dataset) if day else None
    return lake.read_parquet(f"{folder}/part-0.parquet") if folder else schema.empty_table()


def read_state(lake: Lake, layer: str, dataset: str, day: str | None, schema: pa.Schema) -> pd.DataFrame:
    """A state snapshot as a pandas frame."""
    return read_state_table(lake, layer, dataset, day, schema).to_pandas()


STATE_WRITERS = 2  # threads that encode and write state snapshots (pyarrow lets go of the GIL meanwhile)


def write_state(lake: Lake, layer: str, dataset: str, day: str, run_id: str, frame: pd.DataFrame | pa.Table,
                schema: pa.Schema) -> Output:
    """Write a day's snapshot of a state dataset and make it the day's current partition."""
    path = f"{lake.partition(layer, day, run_id, dataset)}/part-0.parquet"
    if isinstance(frame, pa.Table):  # a carried state: no pandas metadata, whichever snapshot it started from
        table = frame.replace_schema_metadata(None)
        table = table if table.schema.equals(schema) else table.cast(schema)
    else:
        table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    sha = lake.write_parquet(path, table)
    lake.replace_day(layer, day, run_id, dataset)
    return Output(lake.url_of(path), table.num_rows, sha)


def advance_names(lake: Lake, run_id: str, days: list[str], learned: list[pd.DataFrame]) -> tuple[list[dict], list]:
    """Carry the name state day by day over `days` (from the snapshot before the first one), write each
    day's snapshot to `bronze/thread_names`, and return each day's thread name sets and the outputs."""
    state = read_state_table(lake, "bronze", THREAD_NAMES, previous_day(lake, "bronze", THREAD_NAMES, days[0]),
                             NAME_STATE_SCHEMA)
    name_sets, outputs = [], []
    with ThreadPoolExecutor(STATE_WRITERS) as writers:  # day D+1's state is computed while D's is written
        for day, rows in zip(days, learned):
            state = merge_names_table(state, rows)
            name_sets.append(names_for_threads(state, rows["thread_id"].unique()))
            outputs.append(writers.submit(write_state, lake, "bronze", THREAD_NAMES, day, run_id, state,
                                          NAME_STATE_SCHEMA))
    return name_sets, [written.result() for written in outputs]


# -- tickets as state -------------------------------------------------------------------------
INITIAL_COLUMNS = ["day", "initial_at", *PREDICTION_COLUMNS, *MODEL_COLUMNS, "summary"]
STATE_COLUMNS = ["thread_id", *INITIAL_COLUMNS, "radicado", "acknowledged_at", "first_response_at",
                 "first_response_day", "last_response_at", "reopened_at", "n_messages", "n_follow_ups", "run_id"]
_TS = pa.timestamp("us", tz="UTC")
STATE_SCHEMA = pa.schema([
    ("thread_id", pa.string()), ("day", pa.date32()), ("initial_at", _TS), ("is_pqrs", pa.bool_()),
    *[(c, pa.string()) for c in PREDICTION_COLUMNS if c not in ("is_pqrs", "confidence", "needs_review")],
    ("confidence", pa.float64()), ("needs_review", pa.bool_()), *[(c, pa.string()) for c in MODEL_COLUMNS],
    ("summary", pa.string()), ("radicado", pa.string()), ("acknowledged_at", _TS), ("first_response_at", _TS),
    ("first_response_day", pa.date32()), ("last_response_at", _TS), ("reopened_at", _TS),
    ("n_messages", pa.int64()), ("n_follow_ups", pa.int64()), ("run_id", pa.string()),
])


def state_table(frame: pd.DataFrame) -> pa.Table:
    """Thread state as stored (`STATE_SCHEMA`), whatever types the frame held (a day without responses...)."""
    return pa.Table.from_pandas(frame[STATE_COLUMNS], schema=STATE_SCHEMA, preserve_index=False)


def typed_state(frame: pd.DataFrame) -> pd.DataFrame:
    """Thread state with the stored column types, whatever the input held."""
    return state_table(frame).to_pandas()


def message_state_rows(lifecycle: pd.DataFrame, predictions: pd.DataFrame, run_id: str) -> pd.DataFrame:
    """Each message as a one-row thread state (pure): what that message alone says about its thread."""
    kind, at = lifecycle["kind"], lifecycle["sent_at"]
    when = lambda k: at.where(kind == k)  # noqa: E731
    events = pd.DataFrame({
        "thread_id": lifecycle["thread_id"], "radicado": lifecycle["radicado"], "acknowledged_at": when("ack"),
        "first_response_at": when("response"), "last_response_at": when("response"),
        "first_response_day": lifecycle["day"].where(kind == "response"), "reopened_at": when("reopen"),
        "n_messages": 1, "n_follow_ups": (kind == "follow_up").astype(int)})
    initials = predictions.rename(columns={"sent_at": "initial_at"}).assign(n_messages=0, n_follow_ups=0)
    rows = pd.concat([events, initials[["thread_id", *INITIAL_COLUMNS, "n_messages", "n_follow_ups"]]],
                     ignore_index=True)
    return typed_state(rows.assign(run_id=run_id).reindex(columns=STATE_COLUMNS))


def aggregate_state(rows: pd.DataFrame) -> pd.DataFrame:
    """One state row per thread from several (in time order; pure). The classification is that of the
    earliest `initial` (ties: the earlier row); radicado the first known; first ack/response, last response,
    first reopen; counts add up; run_id of the latest row."""
    chosen = (rows.dropna(subset=["initial_at"]).sort_values("initial_at", kind="stable")
              .drop_duplicates("thread_id").set_index("thread_id"))
    groups = rows.groupby("thread_id", sort=True)
    out = chosen[INITIAL_COLUMNS].reindex(groups.size().index)  # one reindex for all of them
    out["radicado"] = groups["radicado"].first()
    for column in ("acknowledged_at", "first_response_at", "reopened_at"):
        out[column] = groups[column].min()
    out["first_response_day"] = earliest_date(rows["first_response_day"], rows["thread_id"])
    out["last_response_at"] = groups["last_response_at"].max()
    out[["n_messages", "n_follow_ups"]] = groups[["n_messages", "n_follow_ups"]].sum()
    out["run_id"] = groups["run_id"].last()
    return typed_state(out.reset_index())


def earliest_date(dates: pd.Series, keys: pd.Series) -> pd.Series:
    """Per key (sorted), the earliest of `dates` (`datetime.date` objects; None where a key has none).
    Taken on datetime64: pandas' min over object values runs in Python, one group at a time (pure)."""
    earliest = pd.to_datetime(dates).groupby(keys, sort=True).min()
    return earliest.dt.date.astype(object).where(earliest.notna(), None)


def ticket_partials(lifecycle: pd.DataFrame, predictions: pd.DataFrame, run_id: str) -> pd.DataFrame:
    """The thread state that some messages (one day's, or all of them) give, one row per thread (pure)."""
    return aggregate_state(message_state_rows(lifecycle, predictions, run_id))


def merge_ticket_state(state: pd.DataFrame, partial: pd.DataFrame) -> pd.DataFrame:
    """The thread state after a later day's partial (pure, associative): only the threads the partial
    touches are re-aggregated, the others pass through unchanged."""
    return merge_state_table(state_table(state), partial)[0].to_pandas()


def merge_state_table(state: pa.Table, partial: pd.DataFrame) -> tuple[pa.Table, pd.DataFrame]:
    """`merge_ticket_state` on the stored form, as the day-by-day carry runs it: the new state (sorted by
    thread) and the re-aggregated rows of the threads the partial touches (pure). Filtering and sorting the
    whole state in Arrow keeps each day's cost small; only the touched threads go through pandas."""
    touched = pc.is_in(state["thread_id"], value_set=pa.array(partial["thread_id"].unique(), pa.string()))
    merged = aggregate_state(pd.concat([state.filter(touched).to_pandas(), partial], ignore_index=True))
    if not len(merged):
        return state, merged
    kept = state.filter(pc.invert(touched))
    return pa.concat_tables([kept, state_table(merged)]).sort_by("thread_id").combine_chunks(), merged


def tickets_from_state(state: pd.DataFrame) -> pd.DataFrame:
    """The PQRS tickets of a thread state: status, escalated priority, legal term, due date, review flag (pure)."""
    tickets = state[state["is_pqrs"].fillna(False).astype(bool)].rename(
        columns={"thread_id": "ticket_id", "initial_at": "received_at"}).copy()
    tickets["status"] = np.select(
        [tickets["reopened_at"].notna() & (tickets["reopened_at"] > tickets["last_response_at"]),
         tickets["first_response_at"].notna()],
        ["reopened", "responded"], default="open")
    follow_ups = tickets["n_follow_ups"] >= 2
    tickets.loc[follow_ups & (tickets["priority"] != "alta"), "priority_reason"] = "seguimientos repetidos"
    tickets.loc[follow_ups, "priority"] = "alta"
    tickets["term_days"] = [bd.term_days(t, s)
                            for t, s in zip(tickets["pqrs_type"].tolist(), tickets["subtype"].tolist())]
    received_day = pd.to_datetime(tickets["day"]).to_numpy(dtype="datetime64[D]")
    tickets["due_date"] = list(bd.due_dates(received_day, tickets["term_days"].to_numpy()).astype(dt.date))
    # the enricher's own flag (a calibrated model's threshold); the fixed one where an old frame lacks it
    fallback = tickets["confidence"] < REVIEW_THRESHOLD
    tickets["needs_review"] = (tickets["needs_review"].where(tickets["needs_review"].notna(), fallback).astype(bool)
                               if "needs_review" in tickets.columns else fallback)
    tickets = tickets.sort_values(["day", "ticket_id"], kind="stable").reset_index(drop=True)
    return tickets[TICKET_COLUMNS]


def build_tickets(lifecycle: pd.DataFrame, predictions: pd.DataFrame, run_id: str) -> pd.DataFrame:
    """One row per PQRS thread from all its messages at once (pure; equals the day-by-day merged state)."""
    return tickets_from_state(ticket_partials(lifecycle, predictions, run_id))


TICKET_COLUMNS = [
    "ticket_id", "radicado", "day", "received_at", "acknowledged_at", "first_response_at", "first_response_day",
    "last_response_at", "reopened_at", "status", "n_messages", "n_follow_ups", "pqrs_type", "subtype", "term_days",
    "due_date", "topic", "municipality_code", "department_code", "priority", "priority_reason", "confidence",
    "needs_review", *MODEL_COLUMNS, "summary", "run_id",
]
TICKET_STATE = "ticket_state"   # silver: the PQRS tickets known after each day (what readers use)
THREAD_STATE = "thread_state"   # silver: every thread's merge state after each day (tickets derive from it)
TICKETS = TICKET_STATE
PREDICTION_OUT = ["thread_id", "day", "sent_at", *PREDICTION_COLUMNS, *MODEL_COLUMNS, "summary"]


# -- per-day Silver messages (Dask tasks) -----------------------------------------------------
def silver_day(lake: Lake, run_id: str, day: str, enricher_name: str, embeddings: bool = False,
               thread_names: Mapping[str, tuple[str, ...]] | None = None) -> dict:
    """One Dask task: enrich, mask (with the names learned for each thread) and summarise a Bronze day,
    write it as the day's Silver messages; return the day's ticket partial (thread state of that day)."""
    bronze = read_bronze_day(lake, day)
    if bronze.empty:  # every line of the day was quarantined: nothing to enrich, no Silver file
        return {"output": None, "rows_in": 0, "not_pqrs": 0,
                "partial": ticket_partials(bronze[LIFECYCLE_COLUMNS], pd.DataFrame(columns=PREDICTION_OUT), run_id)}
    masked = mask_messages(enrich_messages(bronze, enricher_name, lake), thread_names)
    enriched = embed_messages(summarize_messages(masked), embeddings)
    path = f"{lake.partition('silver', day, run_id, MESSAGES)}/part-0.parquet"
    table = silver_table(enriched)
    sha = lake.write_parquet(path, table)
    lake.replace_day("silver", day, run_id, MESSAGES)
    first = enriched[enriched["kind"] == "initial"]
    return {"output": (lake.url_of(path), table.num_rows, sha), "rows_in": len(bronze),
            "not_pqrs": int((~first["is_pqrs"].fillna(False).astype(bool)).sum()),
            "partial": ticket_partials(bronze[LIFECYCLE_COLUMNS], first[PREDICTION_OUT], run_id)}


def silver_messages_partial(lake: Lake, day: str) -> pd.DataFrame:
    """One Dask task: a day's ticket partial from its current Silver messages (reprocessing: days after
    the reprocessed range keep their messages; only the state is carried again)."""
    run_id = lake.current_run("silver", day, MESSAGES)
    if run_id is None:
        return ticket_partials(pd.DataFrame(columns=LIFECYCLE_COLUMNS), pd.DataFrame(columns=PREDICTION_OUT), "")
    messages = lake.read_parquet(f"{lake.partition('silver', day, run_id, MESSAGES)}/part-0.parquet",
                                 columns=sorted(set(LIFECYCLE_COLUMNS) | set(PREDICTION_OUT) | {"kind"})).to_pandas()
    return ticket_partials(messages[LIFECYCLE_COLUMNS], messages[messages["kind"] == "initial"][PREDICTION_OUT],
                           run_id)


def advance_tickets(lake: Lake, run_id: str, days: list[str], partials: list[pd.DataFrame]) -> tuple[pd.DataFrame, list]:
    """Carry the thread state day by day (from the snapshot before the first day), writing each day's
    `silver/thread_state` and `silver/ticket_state`; return the last day's tickets and the outputs."""
    state = read_state_table(lake, "silver", THREAD_STATE,
                             previous_day(lake, "silver", THREAD_STATE, days[0]), STATE_SCHEMA)
    tickets = ticket_table(tickets_from_state(state.to_pandas()))
    outputs = []
    with ThreadPoolExecutor(STATE_WRITERS) as writers:  # day D+1's state is computed while D's is written
        for day, partial in zip(days, partials):
            state, merged = merge_state_table(state, partial)
            tickets = update_tickets(tickets, merged)
            outputs.append(writers.submit(write_state, lake, "silver", THREAD_STATE, day, run_id, state,
                                          STATE_SCHEMA))
            outputs.append(writers.submit(write_state, lake, "silver", TICKET_STATE, day, run_id, tickets,
                                          TICKET_SCHEMA))
    return tickets.to_pandas(), [written.result() for written in outputs]


def ticket_table(tickets: pd.DataFrame) -> pa.Table:
    """Tickets as stored (`TICKET_SCHEMA`); none at all is an empty table (its columns have no types to cast)."""
    if tickets.empty:
        return TICKET_SCHEMA.empty_table()
    return pa.Table.from_pandas(tickets, schema=TICKET_SCHEMA, preserve_index=False)


def update_tickets(tickets: pa.Table, merged: pd.DataFrame) -> pa.Table:
    """The tickets after a day whose re-aggregated threads are `merged` (pure): a ticket depends on its
    thread's state alone, so only those threads' tickets are derived again; equals `tickets_from_state` of
    the whole new state, in the same order."""
    touched = pc.is_in(tickets["ticket_id"], value_set=pa.array(merged["thread_id"], pa.string()))
    fresh = ticket_table(tickets_from_state(merged))
    return pa.concat_tables([tickets.filter(pc.invert(touched)), fresh]).sort_by(
        [("day", "ascending"), ("ticket_id", "ascending")]).combine_chunks()


TICKET_SCHEMA = pa.schema([
    *[STATE_SCHEMA.field(c).with_name(t) for c, t in (("thread_id", "ticket_id"), ("radicado", "radicado"),
                                                       ("day", "day"), ("initial_at", "received_at"))],
    *[STATE_SCHEMA.field(c) for c in ("acknowledged_at", "first_response_at", "first_response_day",
                                      "last_response_at", "reopened_at")],
    ("status", pa.string()), ("n_messages", pa.int64()), ("n_follow_ups", pa.int64()), ("pqrs_type", pa.string()),
    ("subtype", pa.string()), ("term_days", pa.int64()), ("due_date", pa.date32()),
    *[(c, pa.string()) for c in ("topic", "municipality_code", "department_code", "priority", "priority_reason")],
    ("confidence", pa.float64()), ("needs_review", pa.bool_()), *[(c, pa.string()) for c in MODEL_COLUMNS],
    ("summary", pa.string()), ("run_id", pa.string()),
])


def later_days(lake: Lake, days: list[str]) -> list[str]:
    """Days after `days` that already have Silver messages (a reprocess carries the state through them)."""
    return [d for d in lake.all_days("silver", MESSAGES) if d > days[-1]]


def bronze_to_silver(lake: Lake, client: Client, run_id: str, enricher_name: str, embeddings: bool = False,
                     days: list[str] | None = None, reprocess: bool = False) -> StepResult:
    """Silver for `days` (default: the run's Bronze days): learn names per day in parallel, carry the name
    state, enrich/mask/summarise each day in parallel, then carry the ticket state through the days (and,
    when reprocessing, through every later ingested day)."""
    with Timer() as timer:
        days = silver_input_days(lake, run_id, days)
        n = len(days)
        learned = client.gather(client.map(learn_day_names, [lake] * n, days, pure=False))
        name_sets, name_outputs = advance_names(lake, run_id, days, learned)
        parts = client.gather(client.map(silver_day, [lake] * n, [run_id] * n, days, [enricher_name] * n,
                                         [embeddings] * n, name_sets, pure=False))
        later = later_days(lake, days) if reprocess else []
        later_partials = client.gather(client.map(silver_messages_partial, [lake] * len(later), later, pure=False))
        result = finish_silver(lake, run_id, days, parts, later, later_partials)
        result.outputs += name_outputs
    result.seconds = timer.seconds
    return result


def silver_input_days(lake: Lake, run_id: str, days: list[str] | None = None) -> list[str]:
    """The days to process (default: every day from the run's first to its last Bronze day with a date in
    range), sorted; a clear error when none has Bronze (a day without mail has an empty partial: its
    snapshot and Gold still advance)."""
    dated = [d for d in lake.days("bronze", run_id, MESSAGES) if partition_day(d)]
    if not days and dated:
        days = [d.isoformat() for d in pd.date_range(dated[0], dated[-1]).date]
    days = sorted(days or [])
    if not any(lake.current_partition("bronze", d, MESSAGES) for d in days):
        raise FileNotFoundError(f"no Bronze data for {'run ' + repr(run_id) if not days else ', '.join(days)}: "
                                "run the Bronze step first")
    return days


def finish_silver(lake: Lake, run_id: str, days: list[str], parts: list[dict], later: list[str] = (),
                  later_partials: list[pd.DataFrame] = ()) -> StepResult:
    """After the `silver_day` tasks: carry the ticket state through the days (and later ones), count."""
    result = StepResult(step="silver", run_id=run_id)
    tickets, state_outputs = advance_tickets(lake, run_id, [*days, *later],
                                             [p["partial"] for p in parts] + list(later_partials))
    result.outputs = [Output(*p["output"]) for p in parts if p["output"]] + state_outputs
    result.inputs = [lake.url_of(f"{lake.current_partition('bronze', d, MESSAGES)}/part-0.parquet") for d in days]
    result.inputs += [lake.url_of(f"{lake.current_partition('silver', d, MESSAGES)}/part-0.parquet") for d in later
                      if lake.current_partition("silver", d, MESSAGES)]
    result.rows_in = sum(p["rows_in"] for p in parts)
    result.rows_out = len(tickets)
    models = pd.concat([p["partial"] for p in parts], ignore_index=True).dropna(subset=["model_name"])
    result.model_version = (f"{models['model_name'].iloc[0]}@{models['model_version'].iloc[0]}"
                            if len(models) else None)
    result.counts = {"messages": result.rows_in, "tickets": len(tickets), "days": len(days),
                     "state_days": len(days) + len(later), "needs_review": int(tickets["needs_review"].sum()),
                     "not_pqrs": sum(p["not_pqrs"] for p in parts)}
    return result


def snapshot_days(lake: Lake, run_id: str | None = None) -> list[str]:
    """Days with a ticket snapshot (only those whose current snapshot `run_id` wrote, when given)."""
    days = lake.all_days("silver", TICKET_STATE)
    return [d for d in days if run_id is None or lake.current_run("silver", d, TICKET_STATE) == run_id]


def read_tickets(lake: Lake, run_id: str | None = None, day: str | None = None) -> pd.DataFrame:
    """The ticket snapshot after `day` (default: the latest day; with `run_id`, the latest day that run wrote)."""
    if day is None:
        days = snapshot_days(lake, run_id)
        if not days:
            raise FileNotFoundError(f"no Silver ticket snapshot{' for run ' + repr(run_id) if run_id else ''}: "
                                    "run the Silver step first")
        day = days[-1]
    return read_state(lake, "silver", TICKET_STATE, day, TICKET_SCHEMA)


def snapshot_path(lake: Lake, day: str | None = None) -> str:
    """The Parquet file of the ticket snapshot after `day` (default: the latest day). A snapshot is state:
    each day's file holds every ticket known by then, so read one day's file, never all of them."""
    day = day or (snapshot_days(lake) or [None])[-1]
    folder = lake.current_partition("silver", day, TICKET_STATE) if day else None
    if folder is None:
        raise FileNotFoundError(f"no Silver ticket snapshot{' for day ' + day if day else ''}: run the Silver step first")
    return f"{folder}/part-0.parquet"


def read_messages(lake: Lake, days: list[str], columns: list[str] | None = None) -> pd.DataFrame:
    """The current Silver messages of `days`, as one frame."""
    folders = [lake.current_partition("silver", d, MESSAGES) for d in days]
    return lake.read_parquet_files([f"{f}/part-0.parquet" for f in folders if f], columns=columns).to_pandas()


def local_day(ts: pd.Series) -> pd.Series:
    """Calendar day in Bogotá of UTC timestamps (deadlines end at local midnight)."""
    return bd.bogota_days(ts)
