"""The review loop: the agents' queue, their corrections, and corrections as labelled training data.

Migration `014_review.sql` holds the rules (scope, allowed values, the due date in business days, the
correction log that every later publish respects); this module loads the reference data those rules check
against, calls them, and turns corrections into examples shaped like `train.labelled_examples`.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import psycopg

from pqrlab import business_days as bd
from pqrlab.channel.templates import PETITION_SUBTYPES, PQRS_TYPES, PRIORITIES, TOPICS
from pqrlab.control.db import copy_frame

HOLIDAY_YEARS = (1970, 2101)  # Bronze accepts receipts from 1970 to 2100; a due date may fall in 2101
CORRECTED_FIELDS = ("pqrs_type", "subtype", "topic", "priority", "municipality_code")


class ReviewError(ValueError):
    """A correction or queue request the database refused: bad value, ticket out of scope (one line)."""


# -- reference data (pure builders, one loader) ------------------------------------------------
def holiday_rows(first_year: int = HOLIDAY_YEARS[0], last_year: int = HOLIDAY_YEARS[1]) -> pd.DataFrame:
    """Colombia's holidays as `business_days` knows them (the `holidays` package)."""
    return pd.DataFrame({"day": list(bd.holiday_dates(first_year, last_year))})


def term_rows() -> pd.DataFrame:
    """Every allowed (type, subtype) pair with its legal term from `business_days.term_days`."""
    pairs = [(t, s) for t in PQRS_TYPES for s in (PETITION_SUBTYPES if t == "peticion" else ("general",))]
    return pd.DataFrame([(t, s, bd.term_days(t, s)) for t, s in pairs], columns=["pqrs_type", "subtype", "term_days"])


def label_rows() -> pd.DataFrame:
    """The taxonomy's topics and priorities."""
    rows = [("topic", v) for v in TOPICS] + [("priority", v) for v in PRIORITIES]
    return pd.DataFrame(rows, columns=["field", "value"])


def load_review_reference(cur: psycopg.Cursor) -> int:
    """Replace `core.holidays`, `core.ticket_terms` and `core.ticket_labels` (inside the caller's transaction)."""
    loaded = 0
    for table, frame in (("core.holidays", holiday_rows()), ("core.ticket_terms", term_rows()),
                         ("core.ticket_labels", label_rows())):
        cur.execute(f"DELETE FROM {table}")
        loaded += copy_frame(cur, table, frame)
    return loaded


# -- the queue and a correction ----------------------------------------------------------------
QUEUE_SQL = """SELECT ticket_id, radicado, received_at, due_at, pqrs_type, subtype, topic, priority,
                      municipality_code, confidence, model_version, status, subject
               FROM core.review_queue ORDER BY due_at, confidence NULLS FIRST, ticket_id LIMIT %s"""


def review_queue(conn: psycopg.Connection, limit: int = 50) -> pd.DataFrame:
    """Tickets waiting for review that this connection's role may see (RLS decides), soonest due first."""
    cur = conn.execute(QUEUE_SQL, (limit,))
    return pd.DataFrame(cur.fetchall(), columns=[d.name for d in cur.description])


def correct_ticket(conn: psycopg.Connection, ticket_id: str, pqrs_type: str | None = None,
                   subtype: str | None = None, topic: str | None = None, priority: str | None = None,
                   municipality: str | None = None, note: str | None = None) -> dict:
    """Correct one ticket as the connection's agent; None keeps a value, municipality 'none' sends it to triage.

    Returns the recorded correction (before/after values, due dates, who and when); a refused correction
    raises `ReviewError` with the database's one-line reason.
    """
    values = {"ticket": ticket_id, "type": pqrs_type, "subtype": subtype, "topic": topic, "priority": priority,
              "municipality": municipality, "note": note}
    wrong = [name for name, value in values.items() if value is not None and not isinstance(value, str)]
    if wrong or ticket_id is None:
        raise ReviewError(f"{', '.join(wrong) or 'ticket'}: give text (or None to keep the current value)")
    try:
        with conn.transaction():
            cur = conn.execute(
                "SELECT * FROM core.correct_ticket(ticket => %s, new_type => %s, new_subtype => %s, "
                "new_topic => %s, new_priority => %s, new_municipality => %s, correction_note => %s)",
                (ticket_id, pqrs_type, subtype, topic, priority, municipality, note))
            row = cur.fetchone()
            return dict(zip([d.name for d in cur.description], row))
    except (psycopg.errors.InvalidParameterValue, psycopg.errors.InsufficientPrivilege,
            psycopg.errors.ObjectNotInPrerequisiteState, psycopg.errors.CheckViolation,
            psycopg.errors.UndefinedFunction, psycopg.errors.DataError) as err:
        raise ReviewError(err.diag.message_primary or str(err)) from None


def queue_table(queue: pd.DataFrame, places: pd.DataFrame | None = None) -> pd.DataFrame:
    """The queue as an agent reads it: Spanish headers, dd/mm/aaaa Bogotá dates, es-CO confidence (pure)."""
    from pqrlab.formats import es_co_date, es_co_number

    names = {} if places is None else dict(zip(places["municipality_code"], places["municipality"]))
    received = pd.to_datetime(queue["received_at"], utc=True).dt.tz_convert(bd.LOCAL_TZ)
    return pd.DataFrame({
        "ticket": queue["ticket_id"],
        "recibido": [es_co_date(d.date()) for d in received],
        "vence": [es_co_date(d) for d in queue["due_at"]],
        "tipo": [t if s is None else f"{t}/{s}" for t, s in zip(queue["pqrs_type"], queue["subtype"])],
        "tema": queue["topic"],
        "prioridad": queue["priority"],
        "municipio": [names.get(c, c) if c else "(sin municipio)" for c in queue["municipality_code"]],
        "confianza": [es_co_number(c, 2) if c == c and c is not None else "" for c in queue["confidence"]],
        "asunto": queue["subject"].fillna("").str.slice(0, 60),
    })


# -- corrections as labelled data --------------------------------------------------------------
EXAMPLES_SQL = """
SELECT DISTINCT ON (c.ticket_id) c.ticket_id, m.subject_masked AS subject, m.body_masked AS body,
       c.pqrs_type_after AS pqrs_type, c.subtype_after AS subtype, c.topic_after AS topic,
       c.priority_after AS priority, c.municipality_code_after AS municipality_code, c.corrected_at
FROM core.ticket_corrections c
JOIN LATERAL (SELECT m.subject_masked, m.body_masked FROM core.messages m
              WHERE m.ticket_id = c.ticket_id ORDER BY m.sent_at, m.message_id LIMIT 1) m ON true
WHERE c.corrected_at <= %s
ORDER BY c.ticket_id, c.correction_id DESC"""

# `train.labelled_examples`' columns, plus the subtype (what `train.py`'s `extra_examples` also reads)
EXAMPLE_COLUMNS = ["ticket_id", "subject", "body", "pqrs_label", "pqrs_type", "topic", "priority",
                   "municipality_code", "municipality_mentioned", "subtype"]


def examples_from_corrections(rows: pd.DataFrame) -> pd.DataFrame:
    """Latest correction per ticket as training examples, columns as `train.labelled_examples` (pure)."""
    subtype = rows["subtype"].where(rows["pqrs_type"] == "peticion", "general").fillna("general")
    label = (rows["pqrs_type"] + "/" + subtype).where(rows["pqrs_type"] != "no_pqrs", "no_pqrs")
    out = rows.assign(pqrs_label=label, subtype=subtype,
                      topic=rows["topic"].fillna("none"), priority=rows["priority"].fillna("none"),
                      municipality_mentioned=rows["municipality_code"].notna())
    return out[EXAMPLE_COLUMNS].reset_index(drop=True)


def correction_examples(dsn: str, until: dt.datetime | None = None) -> pd.DataFrame:
    """Every corrected ticket (latest correction, up to `until`) as a labelled example from its masked first
    e-mail. Needs a DSN that reads `core.ticket_corrections` and `core.messages` (pipeline or service role)."""
    until = until or dt.datetime.now(dt.timezone.utc)
    with psycopg.connect(dsn) as conn:
        cur = conn.execute(EXAMPLES_SQL, (until,))
        rows = pd.DataFrame(cur.fetchall(), columns=[d.name for d in cur.description])
    if rows.empty:
        return pd.DataFrame(columns=EXAMPLE_COLUMNS)
    return examples_from_corrections(rows)
