"""Silver: curated, PII-masked, AI-enriched messages and one ticket per PQRS thread.

A first pass of Dask tasks learns the names every message reveals; the combine step gives each thread
the names learned anywhere in it or from the same citizen (`thread_name_sets`, pure), since a thread
spans days. Per day partition (a Dask task): enrich each citizen's first e-mail with the configured
enricher (loaded once per worker), mask PII in every text column (with its threads' names), add an
extractive summary (and, when asked, a sentence embedding of the masked text), write `silver/messages`.
The tickets need the whole thread, which spans days, so each task also returns its threads' lifecycle
events and the combine step (`build_tickets`, pure) turns them into `silver/tickets`, partitioned by
received day.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
from distributed import Client

from pqrlab import business_days as bd
from pqrlab.enrich import embeddings as emb
from pqrlab.enrich.base import PREDICTION_COLUMNS, load_enricher
from pqrlab.enrich.masking import mask_pii, signature_names
from pqrlab.enrich.models import model_text
from pqrlab.enrich.summary import extractive_summary
from pqrlab.lake import Lake
from pqrlab.layers.bronze import MESSAGES
from pqrlab.steps import Output, StepResult, Timer

TICKETS = "tickets"
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


def silver_table(messages: pd.DataFrame) -> pa.Table:
    """Silver messages as Arrow with stable types whether or not the optional columns are filled:
    `summary` and `embedding_model` strings, `embedding` a FLOAT[384] array."""
    table = pa.Table.from_pandas(messages.drop(columns=["embedding"]), preserve_index=False)
    for name in ("summary", "embedding_model"):
        table = table.set_column(table.schema.get_field_index(name), name, table[name].cast(pa.string()))
    vectors = pa.array([None if v is None else np.asarray(v, dtype=np.float32) for v in messages["embedding"]],
                       type=pa.list_(pa.float32(), emb.EMBEDDING_DIM))
    return table.append_column("embedding", vectors)


def read_bronze_day(lake: Lake, run_id: str, day: str) -> pd.DataFrame:
    """The Bronze messages of one day."""
    return lake.read_parquet(f"{lake.partition('bronze', day, run_id, MESSAGES)}/part-0.parquet").to_pandas()


def learn_day_names(lake: Lake, run_id: str, day: str) -> pd.DataFrame:
    """One Dask task: the names each message of a Bronze day reveals (first pass of Silver)."""
    return learned_names(read_bronze_day(lake, run_id, day))


def silver_day(lake: Lake, run_id: str, day: str, enricher_name: str, embeddings: bool = False,
               thread_names: Mapping[str, tuple[str, ...]] | None = None) -> dict:
    """One Dask task: enrich, mask (with the names learned for each thread) and summarise a Bronze day;
    return lifecycle and predictions for tickets."""
    bronze = read_bronze_day(lake, run_id, day)
    if bronze.empty:  # every line of the day was quarantined: nothing to enrich, no Silver file
        return {"output": None, "rows_in": 0, "lifecycle": bronze[LIFECYCLE_COLUMNS],
                "predictions": pd.DataFrame(columns=["thread_id", "day", "sent_at", *PREDICTION_COLUMNS, *MODEL_COLUMNS,
                                                     "summary"])}
    masked = mask_messages(enrich_messages(bronze, enricher_name, lake), thread_names)
    enriched = embed_messages(summarize_messages(masked), embeddings)
    path = f"{lake.partition('silver', day, run_id, MESSAGES)}/part-0.parquet"
    table = silver_table(enriched)
    sha = lake.write_parquet(path, table)
    first = enriched[enriched["kind"] == "initial"]
    return {
        "output": (lake.url_of(path), table.num_rows, sha),
        "rows_in": len(bronze),
        "lifecycle": bronze[LIFECYCLE_COLUMNS],
        "predictions": first[["thread_id", "day", "sent_at", *PREDICTION_COLUMNS, *MODEL_COLUMNS, "summary"]],
    }


def build_tickets(lifecycle: pd.DataFrame, predictions: pd.DataFrame, run_id: str) -> pd.DataFrame:
    """One row per PQRS thread: the enrichment of its first e-mail and its lifecycle timestamps (pure)."""
    first_at = lambda kind: lifecycle[lifecycle["kind"] == kind].groupby("thread_id")["sent_at"].min()  # noqa: E731
    counts = lifecycle.groupby("thread_id")["kind"].agg(
        n_messages="size", n_follow_ups=lambda k: int((k == "follow_up").sum()))
    radicado = lifecycle.dropna(subset=["radicado"]).groupby("thread_id")["radicado"].first()
    # A thread has one first e-mail; a second `initial` (a forged or resent line) is only a message of it.
    predictions = predictions.sort_values("sent_at", kind="stable").drop_duplicates("thread_id")
    tickets = predictions[predictions["is_pqrs"].fillna(False).astype(bool)].rename(
        columns={"thread_id": "ticket_id", "sent_at": "received_at"}).set_index("ticket_id")
    tickets = tickets.drop(columns=["is_pqrs"])
    tickets["radicado"] = radicado
    tickets["acknowledged_at"] = first_at("ack")
    tickets["first_response_at"] = first_at("response")
    tickets["last_response_at"] = lifecycle[lifecycle["kind"] == "response"].groupby("thread_id")["sent_at"].max()
    tickets["reopened_at"] = first_at("reopen")
    tickets = tickets.join(counts)
    tickets["status"] = np.select(
        [tickets["reopened_at"].notna() & (tickets["reopened_at"] > tickets["last_response_at"]),
         tickets["first_response_at"].notna()],
        ["reopened", "responded"], default="open")
    follow_ups = tickets["n_follow_ups"] >= 2
    tickets.loc[follow_ups & (tickets["priority"] != "alta"), "priority_reason"] = "seguimientos repetidos"
    tickets.loc[follow_ups, "priority"] = "alta"
    tickets["term_days"] = [bd.term_days(t, s) for t, s in zip(tickets["pqrs_type"], tickets["subtype"])]
    received_day = pd.to_datetime(tickets["day"]).to_numpy(dtype="datetime64[D]")
    tickets["due_date"] = list(bd.due_dates(received_day, tickets["term_days"].to_numpy()).astype(dt.date))
    # the enricher's own flag (a calibrated model's threshold); the fixed one where an old frame lacks it
    tickets["needs_review"] = tickets["needs_review"].where(tickets["needs_review"].notna(),
                                                            tickets["confidence"] < REVIEW_THRESHOLD).astype(bool)
    tickets["run_id"] = run_id
    tickets = tickets.reset_index().sort_values(["day", "ticket_id"], kind="stable").reset_index(drop=True)
    return tickets[TICKET_COLUMNS]


TICKET_COLUMNS = [
    "ticket_id", "radicado", "day", "received_at", "acknowledged_at", "first_response_at", "last_response_at",
    "reopened_at", "status", "n_messages", "n_follow_ups", "pqrs_type", "subtype", "term_days", "due_date",
    "topic", "municipality_code", "department_code", "priority", "priority_reason", "confidence",
    "needs_review", *MODEL_COLUMNS, "summary", "run_id",
]


def bronze_to_silver(lake: Lake, client: Client, run_id: str, enricher_name: str,
                     embeddings: bool = False) -> StepResult:
    """Enrich, mask and summarise every Bronze day in parallel (with embeddings when asked), then build
    and write the tickets."""
    with Timer() as timer:
        days = silver_input_days(lake, run_id)
        n = len(days)
        # Threads span days: a first pass learns every day's names, then each day gets its threads' names.
        learned = pd.concat(client.gather(client.map(learn_day_names, [lake] * n, [run_id] * n, days, pure=False)),
                            ignore_index=True)
        parts = client.gather(client.map(silver_day, [lake] * n, [run_id] * n, days, [enricher_name] * n,
                                         [embeddings] * n, day_name_sets(learned, days), pure=False))
        result = finish_silver(lake, run_id, days, parts)
    result.seconds = timer.seconds
    return result


def silver_input_days(lake: Lake, run_id: str) -> list[str]:
    """The run's Bronze day partitions (a clear error when there are none); clears the run's old Silver."""
    days = lake.days("bronze", run_id, MESSAGES)
    if not days:
        raise FileNotFoundError(f"no Bronze data for run {run_id!r}: run the Bronze step first")
    lake.remove_run("silver", run_id)
    return days


def finish_silver(lake: Lake, run_id: str, days: list[str], parts: list[dict]) -> StepResult:
    """After the `silver_day` tasks: build the tickets from whole threads, write them, count."""
    result = StepResult(step="silver", run_id=run_id)
    filled = [p for p in parts if p["rows_in"]] or parts[:1]  # empty days carry no typed columns
    tickets = build_tickets(pd.concat([p["lifecycle"] for p in filled], ignore_index=True),
                            pd.concat([p["predictions"] for p in filled], ignore_index=True), run_id)
    result.outputs = [Output(*p["output"]) for p in parts if p["output"]]
    for day, group in tickets.groupby("day", sort=True):
        path = f"{lake.partition('silver', day.isoformat(), run_id, TICKETS)}/part-0.parquet"
        table = pa.Table.from_pandas(group.reset_index(drop=True), preserve_index=False)
        result.outputs.append(Output(lake.url_of(path), table.num_rows, lake.write_parquet(path, table)))
    result.inputs = [lake.url_of(f"{lake.partition('bronze', d, run_id, MESSAGES)}/part-0.parquet") for d in days]
    result.rows_in = sum(p["rows_in"] for p in parts)
    result.rows_out = len(tickets)
    first = next((p["predictions"] for p in parts if len(p["predictions"])), parts[0]["predictions"])
    result.model_version = f"{first['model_name'].iloc[0]}@{first['model_version'].iloc[0]}" if len(first) else None
    result.counts = {"messages": result.rows_in, "tickets": len(tickets),
                     "needs_review": int(tickets["needs_review"].sum()),
                     "not_pqrs": int(sum((~p["predictions"]["is_pqrs"].astype(bool)).sum() for p in parts))}
    return result


def read_tickets(lake: Lake, run_id: str) -> pd.DataFrame:
    """All Silver tickets of a run."""
    return lake.read_dataset("silver", TICKETS, run_id).to_pandas()


def local_day(ts: pd.Series) -> pd.Series:
    """Calendar day in Bogotá of UTC timestamps (deadlines end at local midnight)."""
    return bd.bogota_days(ts)
