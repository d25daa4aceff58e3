"""The review loop (issue 16) on real PostgreSQL 18 and 15: the agents' queue, corrections and their attacks,
the due date in business days computed by SQL exactly as by Python, corrections that survive a later publish,
and corrections that become the next training run's data with the new model traceable on every Silver row.
"""
from __future__ import annotations

import datetime as dt
import uuid

import numpy as np
import psycopg
import pytest

from pqrlab import business_days as bd
from pqrlab.control.access import connect_as, grant_agent, grant_login, set_jwt_secret, sign_token
from pqrlab.control.db import connect, fetch_frame
from pqrlab.control.review import (ReviewError, correct_ticket, correction_examples, label_rows,
                                   load_review_reference, review_queue, term_rows)
from tests.conftest import create_database, small_lake

SECRET = "a-review-test-jwt-secret-of-40-characters"


# -- the world: one small real run, published to each server --------------------------------------
@pytest.fixture(scope="module")
def run_lake(dask, tmp_path_factory):
    from pqrlab.lake import Lake

    lake = Lake(f"file://{tmp_path_factory.mktemp('review') / 'lake'}")
    return small_lake(lake, dask, "rev", seed=13, events=2000, days=30)  # enough Bogotá tickets to review


def publish_run(lake, dsn: str, run_id: str = "rev") -> None:
    from pqrlab.control.publish import publish
    from pqrlab.control.runs import finish_run, start_run

    start_run(dsn, run_id, 13, {})
    publish(lake, dsn, run_id)
    finish_run(dsn, run_id, "succeeded")


@pytest.fixture(scope="module", params=["pg18", "pg15"])
def world(request, run_lake):
    server = request.getfixturevalue("pg_dsn" if request.param == "pg18" else "pg15_dsn")
    dsn = create_database(server)
    publish_run(run_lake, dsn)
    with connect(dsn) as conn:  # enough tickets to review in two municipalities and the triage queue
        conn.execute("""UPDATE core.tickets SET needs_review = true
                        WHERE ticket_id IN (SELECT ticket_id FROM core.tickets ORDER BY ticket_id LIMIT 200)""")
    top = fetch_frame(dsn, "SELECT municipality_code AS code FROM core.tickets WHERE municipality_code IS NOT NULL "
                           "AND needs_review GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 2")["code"].tolist()
    a, b = top
    suffix = uuid.uuid4().hex[:6]
    logins = {"a": f"rev_a_{suffix}", "b": f"rev_b_{suffix}", "triage": f"rev_t_{suffix}",
              "analyst": f"rev_an_{suffix}", "bi": f"rev_bi_{suffix}", "postgrest": f"rev_pg_{suffix}"}
    grant_agent(dsn, logins["a"], [a])
    grant_agent(dsn, logins["b"], [b])
    grant_agent(dsn, logins["triage"], [], triage=True)
    grant_login(dsn, logins["analyst"], "pqr_analyst")
    grant_login(dsn, logins["bi"], "pqr_bi")
    grant_login(dsn, logins["postgrest"], "pqr_agent")
    set_jwt_secret(dsn, SECRET)
    return {"dsn": dsn, "a": a, "b": b, "logins": logins, "lake": run_lake, "server": request.param}


def one_row(dsn: str, query: str, params: tuple) -> dict | None:
    """One row as plain Python values (psycopg's own types, no pandas/numpy)."""
    from psycopg.rows import dict_row

    with psycopg.connect(dsn, row_factory=dict_row) as conn:
        return conn.execute(query, params).fetchone()


def ticket_in(world: dict, municipality: str | None, offset: int = 0) -> dict:
    """A ticket waiting for review, never corrected, in `municipality` (None: the triage queue)."""
    where = "municipality_code IS NULL" if municipality is None else "municipality_code = %s"
    row = one_row(world["dsn"], f"SELECT * FROM core.tickets WHERE {where} AND needs_review "
                                "AND ticket_id NOT IN (SELECT ticket_id FROM core.ticket_corrections) "
                                "ORDER BY ticket_id OFFSET %s LIMIT 1",
                  (municipality, offset) if municipality else (offset,))
    assert row, f"no ticket left to review in {municipality}"
    return row


def ticket(world: dict, ticket_id: str) -> dict:
    return one_row(world["dsn"], "SELECT * FROM core.tickets WHERE ticket_id = %s", (ticket_id,))


def as_agent(world: dict, who: str, token: str | None = None):
    if who == "postgrest":
        return connect_as(world["dsn"], world["logins"]["postgrest"], login=True, token=token)
    return connect_as(world["dsn"], world["logins"][who], login=True)


def other_type(current: str, subtype: str | None) -> tuple[str, str | None]:
    """A different (type, subtype) whose legal term differs from the current one's."""
    return ("peticion", "consulta") if (current, subtype) != ("peticion", "consulta") else ("queja", None)


# -- the due date: SQL equals Python ---------------------------------------------------------------
def test_sql_due_date_equals_python_on_many_days(fresh_db):
    with connect(fresh_db) as conn, conn.cursor() as cur:
        load_review_reference(cur)
    rng = np.random.default_rng(16)
    every_day = np.arange(np.datetime64("2024-01-01"), np.datetime64("2028-01-01"))      # 4 whole years
    sampled = rng.integers(np.datetime64("1971-01-01").astype(int), np.datetime64("2099-06-01").astype(int), 1500)
    days = np.concatenate([every_day, sampled.astype("datetime64[D]")])
    terms = np.array([10, 15, 30])[np.arange(len(days)) % 3]
    terms[::97] = rng.integers(1, 120, len(terms[::97]))                                 # odd terms too
    expected = bd.due_dates(days, terms).astype(dt.date)
    got = fetch_frame(fresh_db, "SELECT core.legal_due_date(d, t) AS due FROM unnest(%s::date[], %s::int[]) "
                                "WITH ORDINALITY AS x(d, t, i) ORDER BY i",
                      (list(days.astype(dt.date)), [int(t) for t in terms]))["due"].tolist()
    mismatches = [(d, t, e, g) for d, t, e, g in zip(days.astype(dt.date), terms, expected, got) if e != g]
    assert len(got) == len(days) > 2900 and mismatches == []


def test_due_date_refuses_bad_terms_and_unloaded_years(fresh_db):
    with connect(fresh_db) as conn:
        for term in (0, -1, 367, None):
            with pytest.raises(psycopg.errors.InvalidParameterValue):
                conn.execute("SELECT core.legal_due_date('2026-03-02', %s)", (term,))
            conn.rollback()
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState):  # holidays not loaded yet
            conn.execute("SELECT core.legal_due_date('2026-03-02', 15)")


def test_reference_rows_come_from_the_python_sources():
    terms = term_rows()
    assert {(r.pqrs_type, r.subtype): r.term_days for r in terms.itertuples()} == {
        ("peticion", "general"): 15, ("peticion", "documentos"): 10, ("peticion", "consulta"): 30,
        ("queja", "general"): 15, ("reclamo", "general"): 15, ("sugerencia", "general"): 15}
    assert set(label_rows()["field"]) == {"topic", "priority"}


# -- a correction, end to end ----------------------------------------------------------------------
def test_correction_changes_ticket_and_due_date_and_leaves_the_queue(world):
    before = ticket_in(world, world["a"])
    new_type, new_subtype = other_type(before["pqrs_type"], before["subtype"])
    with as_agent(world, "a") as conn:
        queued = set(review_queue(conn, 1000)["ticket_id"])
        assert before["ticket_id"] in queued
        done = correct_ticket(conn, before["ticket_id"], new_type, new_subtype, "salud", "alta",
                              note="era una consulta")
        assert before["ticket_id"] not in set(review_queue(conn, 1000)["ticket_id"])
    after = ticket(world, before["ticket_id"])
    received = bd.bogota_day(before["received_at"])
    term = bd.term_days(new_type, new_subtype)
    assert term != bd.term_days(before["pqrs_type"], before["subtype"])
    assert after["due_at"] == bd.due_date(received, term) == done["due_at_after"] != before["due_at"]
    assert (after["pqrs_type"], after["subtype"], after["topic"], after["priority"]) == (
        new_type, new_subtype, "salud", "alta")
    assert after["needs_review"] is False and after["municipality_code"] == world["a"]
    assert done["corrected_by"] == world["logins"]["a"] and done["due_at_before"] == before["due_at"]
    assert (done["pqrs_type_before"], done["term_days_after"]) == (before["pqrs_type"], term)


def test_correction_survives_the_next_publish(world):
    before = ticket_in(world, world["b"])
    new_type, new_subtype = other_type(before["pqrs_type"], before["subtype"])
    with as_agent(world, "b") as conn:
        correct_ticket(conn, before["ticket_id"], new_type, new_subtype, priority="baja", municipality=world["a"])
    corrected = ticket(world, before["ticket_id"])
    publish_run(world["lake"], world["dsn"])  # Silver still says the model's labels
    again = ticket(world, before["ticket_id"])
    fields = ("pqrs_type", "subtype", "topic", "priority", "municipality_code", "department_code", "due_at",
              "needs_review")
    assert {f: again[f] for f in fields} == {f: corrected[f] for f in fields}
    assert again["municipality_code"] == world["a"] and again["department_code"] == world["a"][:2]
    with connect(world["dsn"]) as conn:  # even a writer that deletes and reloads the row
        row = conn.execute("DELETE FROM core.tickets WHERE ticket_id = %s RETURNING *", (before["ticket_id"],))
        values, names = row.fetchone(), [d.name for d in row.description]
        conn.execute(f"INSERT INTO core.tickets ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))})",
                     [before.get(n, v) if n in fields else v for n, v in zip(names, values)])
    assert {f: ticket(world, before["ticket_id"])[f] for f in fields} == {f: corrected[f] for f in fields}


def test_triage_agent_routes_by_correction_and_token_agent_is_named_by_subject(world):
    unassigned = ticket_in(world, None)
    with as_agent(world, "triage") as conn:
        assert unassigned["ticket_id"] in set(review_queue(conn, 1000)["ticket_id"])
        done = correct_ticket(conn, unassigned["ticket_id"], municipality=world["b"])
    assert done["municipality_code_after"] == world["b"] and ticket(world, unassigned["ticket_id"])["needs_review"] is False
    target = ticket_in(world, world["a"])
    token = sign_token({"municipalities": [world["a"]], "role": "pqr_agent", "sub": "agente-7@entidad.gov.co"}, SECRET)
    with as_agent(world, "postgrest", token=token) as conn:
        conn.execute("SET ROLE pqr_agent")
        done = correct_ticket(conn, target["ticket_id"], priority="media")
    assert done["corrected_by"] == "token:agente-7@entidad.gov.co" and done["priority_after"] == "media"


def test_agent_marks_a_message_that_is_no_pqrs(world):
    target = ticket_in(world, world["a"])
    with as_agent(world, "a") as conn:
        with pytest.raises(ReviewError, match="no subtype, topic or priority"):
            correct_ticket(conn, target["ticket_id"], "no_pqrs", priority="alta")
        done = correct_ticket(conn, target["ticket_id"], "no_pqrs", note="respuesta automática")
    closed = ticket(world, target["ticket_id"])
    assert (closed["pqrs_type"], closed["subtype"], closed["topic"], closed["priority"]) == ("no_pqrs", None, None, None)
    assert closed["status"] == "closed" and closed["closed_at"] == done["corrected_at"] and not closed["needs_review"]
    assert closed["due_at"] == target["due_at"] and done["term_days_after"] is None
    publish_run(world["lake"], world["dsn"])
    again = ticket(world, target["ticket_id"])
    assert (again["pqrs_type"], again["status"], again["topic"]) == ("no_pqrs", "closed", None)
    example = correction_examples(world["dsn"]).set_index("ticket_id").loc[target["ticket_id"]]
    assert (example["pqrs_label"], example["pqrs_type"], example["topic"], example["priority"]) == (
        "no_pqrs", "no_pqrs", "none", "none")


# -- attacks ---------------------------------------------------------------------------------------
def test_agent_cannot_correct_or_see_outside_its_scope(world):
    foreign = ticket_in(world, world["b"])
    unassigned = ticket_in(world, None)
    for target in (foreign["ticket_id"], unassigned["ticket_id"], "no-such-ticket", "' OR 1=1 --", ""):
        with as_agent(world, "a") as conn:
            with pytest.raises(ReviewError, match="not in your review scope"):
                correct_ticket(conn, target, priority="alta")
    with as_agent(world, "a") as conn:
        conn.execute("SELECT set_config('request.jwt.claims', %s, false)",
                     (f'{{"municipalities": ["{world["b"]}"], "triage": true}}',))
        conn.execute("SELECT set_config('request.headers', %s, false)",
                     ('{"authorization": "Bearer ' + sign_token({"municipalities": [world["b"]]}, "x" * 40) + '"}',))
        with pytest.raises(ReviewError, match="not in your review scope"):
            correct_ticket(conn, foreign["ticket_id"], priority="alta")
        seen = review_queue(conn, 10_000)
        assert set(seen["municipality_code"]) == {world["a"]}
    forged = sign_token({"municipalities": [world["b"]], "sub": "x"}, "not-the-project-secret-but-long-enough!!")
    expired = sign_token({"municipalities": [world["b"]], "sub": "x"}, SECRET, lifetime_s=-10)
    for token in (forged, expired):
        with as_agent(world, "postgrest", token=token) as conn:
            conn.execute("SET ROLE pqr_agent")
            with pytest.raises(ReviewError, match="not in your review scope"):
                correct_ticket(conn, foreign["ticket_id"], priority="alta")
            assert review_queue(conn, 10).empty
    assert ticket(world, foreign["ticket_id"]) == foreign


@pytest.mark.parametrize("who", ["analyst", "bi"])
def test_other_roles_cannot_correct_or_read_the_queue(world, who):
    target = ticket_in(world, world["a"])
    with as_agent(world, who) as conn:
        conn.execute(f"SET ROLE {'pqr_analyst' if who == 'analyst' else 'pqr_bi'}")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT core.correct_ticket(%s, new_priority => 'alta')", (target["ticket_id"],))
        for relation in ("core.review_queue", "core.ticket_corrections"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT * FROM {relation} LIMIT 1")
    assert ticket(world, target["ticket_id"]) == target


BAD_VALUES = [
    ({"pqrs_type": "Queja"}, "is not a PQRS type"),
    ({"pqrs_type": "queja "}, "is not a PQRS type"),
    ({"pqrs_type": "NO_PQRS"}, "is not a PQRS type"),
    ({"pqrs_type": "no_pqrs", "topic": "salud"}, "no subtype, topic or priority"),
    ({"pqrs_type": "peticion'; DROP TABLE core.tickets; --"}, "is not a PQRS type"),
    ({"pqrs_type": "peticion", "subtype": "urgente"}, "does not go with type"),
    ({"pqrs_type": "queja", "subtype": "consulta"}, "does not go with type"),
    ({"pqrs_type": "peticion", "subtype": "CONSULTA"}, "does not go with type"),
    ({"topic": "Salud"}, "topic .* is unknown"),
    ({"topic": "none"}, "topic .* is unknown"),
    ({"topic": "salud\x7f"}, "topic .* is unknown"),
    ({"priority": "urgente"}, "priority .* is unknown"),
    ({"priority": ""}, "priority .* is unknown"),
    ({"municipality": "05000"}, "not a DIVIPOLA code"),
    ({"municipality": "99999"}, "not a DIVIPOLA code"),
    ({"municipality": "5001"}, "not a DIVIPOLA code"),
    ({"municipality": "05001 "}, "not a DIVIPOLA code"),
    ({"municipality": "٠٥٠٠١"}, "not a DIVIPOLA code"),   # Arabic-Indic digits
    ({"municipality": "05001' OR '1'='1"}, "not a DIVIPOLA code"),
    ({"municipality": "NONE"}, "not a DIVIPOLA code"),
    ({"note": "x" * 2001}, "limited to 2,000 characters"),
]


@pytest.mark.parametrize("values, message", BAD_VALUES, ids=[str(i) for i in range(len(BAD_VALUES))])
def test_forged_values_are_refused_and_nothing_changes(world, values, message):
    target = ticket_in(world, world["a"])
    with as_agent(world, "a") as conn:
        with pytest.raises(ReviewError, match=message):
            correct_ticket(conn, target["ticket_id"], **values)
    assert ticket(world, target["ticket_id"]) == target
    assert fetch_frame(world["dsn"], "SELECT count(*) AS n FROM core.ticket_corrections WHERE ticket_id = %s",
                       (target["ticket_id"],))["n"].iloc[0] == 0


def test_sql_injection_in_note_is_kept_as_text(world):
    target = ticket_in(world, world["a"])
    note = "'); DELETE FROM core.tickets; UPDATE core.agent_scopes SET triage = true; --\n\\N\t$$ ; \r"
    with as_agent(world, "a") as conn:
        done = correct_ticket(conn, target["ticket_id"], priority="alta", note=note)
    stored = fetch_frame(world["dsn"], "SELECT note FROM core.ticket_corrections WHERE correction_id = %s",
                         (done["correction_id"],))["note"].iloc[0]
    assert stored == note
    assert fetch_frame(world["dsn"], "SELECT count(*) AS n FROM core.tickets")["n"].iloc[0] > 100
    assert not fetch_frame(world["dsn"], "SELECT triage FROM core.agent_scopes WHERE login = %s",
                           (world["logins"]["a"],))["triage"].iloc[0]


def test_agent_cannot_write_corrections_or_corrected_columns_directly(world):
    target = ticket_in(world, world["a"])
    with as_agent(world, "a") as conn:
        attempts = [
            ("INSERT INTO core.ticket_corrections (ticket_id, pqrs_type_after, term_days_after, due_at_after, "
             "corrected_by) VALUES (%s, 'queja', 15, '2030-01-01', 'someone')", (target["ticket_id"],)),
            ("UPDATE core.ticket_corrections SET corrected_by = 'someone'", None),
            ("DELETE FROM core.ticket_corrections", None),
            ("UPDATE core.tickets SET due_at = '2030-01-01' WHERE ticket_id = %s", (target["ticket_id"],)),
            ("UPDATE core.tickets SET needs_review = false WHERE ticket_id = %s", (target["ticket_id"],)),
            ("DELETE FROM core.holidays", None),
            ("INSERT INTO core.ticket_labels VALUES ('priority', 'urgente')", None),
            ("INSERT INTO core.ticket_terms VALUES ('queja', 'general2', 1)", None),
            ("SELECT pqr_private.agent_identity()", None),
        ]
        for statement, params in attempts:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement, params)
    assert ticket(world, target["ticket_id"]) == target


# -- corrections become training data; the new model is traceable per row --------------------------
def test_corrections_train_the_next_model_traceable_on_every_silver_row(world, dask, tmp_path):
    if world["server"] != "pg18":
        pytest.skip("training once is enough (the SQL is covered on both servers above)")
    from pqrlab.enrich import models
    from pqrlab.enrich.train import labelled_examples, train_and_store, training_set
    from pqrlab.layers.silver import bronze_to_silver, read_tickets

    target = ticket_in(world, world["a"])
    with as_agent(world, "a") as conn:
        correct_ticket(conn, target["ticket_id"], "sugerencia", None, "ambiente", "baja", note="es una sugerencia")
    examples = correction_examples(world["dsn"])
    assert set(labelled_examples(3, 40).columns) <= set(examples.columns)
    row = examples.set_index("ticket_id").loc[target["ticket_id"]]
    assert (row["pqrs_label"], row["topic"], row["priority"]) == ("sugerencia/general", "ambiente", "baja")
    first = fetch_frame(world["dsn"], "SELECT subject_masked, body_masked FROM core.messages WHERE ticket_id = %s "
                                      "ORDER BY sent_at, message_id LIMIT 1", (target["ticket_id"],)).iloc[0]
    assert (row["subject"], row["body"]) == (first["subject_masked"], first["body_masked"])

    trained_on = training_set(3, 400, examples)
    from_review = trained_on[trained_on["source"] == "review"]
    assert ((from_review["body"] == first["body_masked"]) & (from_review["pqrs_label"] == "sugerencia/general")
            & (from_review["topic"] == "ambiente") & (from_review["priority"] == "baja")).sum() == 1

    lake = world["lake"]
    card = train_and_store(lake, "tfidf-logreg", "0.16.1", seed=3, eval_seed=4, train_events=400, eval_events=120,
                           extra_examples=examples)
    assert card["data"]["review_corrections"] == len(examples) > 0
    assert card["data"]["review_share"] == pytest.approx(len(examples) / card["data"]["train_examples"], abs=1e-4)
    assert card["data"]["train_examples"] == len(labelled_examples(3, 400)) + len(examples)

    bronze_to_silver(lake, dask, "rev", "tfidf-logreg@0.16.1")
    tickets = read_tickets(lake, "rev")
    assert len(tickets) > 0
    assert set(zip(tickets["model_name"], tickets["model_version"], tickets["model_sha256"])) == {
        ("tfidf-logreg", "0.16.1", card["sha256"])}
    assert models.load(lake, "tfidf-logreg", "0.16.1").info.sha256 == card["sha256"]
    publish_run(lake, world["dsn"])
    versions = fetch_frame(world["dsn"], "SELECT DISTINCT model_version FROM core.tickets WHERE ticket_id = ANY(%s)",
                           (tickets["ticket_id"].tolist(),))
    assert set(versions["model_version"]) == {"tfidf-logreg@0.16.1"}  # every ticket Silver now holds
    corrected = ticket(world, target["ticket_id"])  # the human's labels outlive the new model's predictions
    assert (corrected["pqrs_type"], corrected["topic"], corrected["priority"]) == ("sugerencia", "ambiente", "baja")


# -- the command line ------------------------------------------------------------------------------
def review_cli(world: dict, tmp_path, *args: str, env: dict | None = None):
    import os
    import subprocess
    import sys

    clean = {k: v for k, v in os.environ.items() if not k.startswith("PQR_")}
    clean.update({"PQR_PG_DSN": world["dsn"], "PQR_HOME": str(tmp_path / "home"),
                  "PQR_LAKE_URL": f"file://{tmp_path / 'lake'}", **(env or {})})
    return subprocess.run([sys.executable, "-m", "pqrlab.cli", "review", *args], env=clean, capture_output=True,
                          text=True, timeout=120)


def test_cli_lists_the_queue_in_es_co_and_corrects(world, tmp_path):
    if world["server"] != "pg18":
        pytest.skip("the CLI once, on the embedded server")
    target = ticket_in(world, world["a"])
    listed = review_cli(world, tmp_path, "list", "--as", world["logins"]["a"], "--limit", "1000")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert "tickets por revisar" in lines[0] and "vence" in lines[1] and "confianza" in lines[1]
    assert any(target["ticket_id"] in line for line in lines)
    received = bd.bogota_day(target["received_at"])
    assert any(received.strftime("%d/%m/%Y") in line for line in lines if target["ticket_id"] in line)
    assert not any(l.split()[0].startswith("T") and world["b"] in l for l in lines[2:])  # noqa: E741
    done = review_cli(world, tmp_path, "correct", target["ticket_id"], "--type", "peticion", "--subtype",
                      "documentos", "--priority", "alta", "--as", world["logins"]["a"], "--note", "pide copias")
    assert done.returncode == 0, done.stderr
    due = bd.due_date(received, 10)
    assert due.strftime("%d/%m/%Y") in done.stdout and world["logins"]["a"] in done.stdout
    assert ticket(world, target["ticket_id"])["due_at"] == due


CLI_ERRORS = [
    (["correct", "{t}", "--type", "Queja", "--as", "{a}"], "is not a PQRS type"),
    (["correct", "{t}", "--priority", "urgente", "--as", "{a}"], "priority 'urgente' is unknown"),
    (["correct", "{t}", "--municipality", "05000", "--as", "{a}"], "not a DIVIPOLA code"),
    (["correct", "{t}", "--priority", "alta", "--as", "{b}"], "not in your review scope"),
    (["correct", "{t}", "--priority", "alta"], "--as LOGIN"),
    (["correct", "{t}", "--priority", "alta", "--as", "Robert'); DROP"], "login"),
    (["correct", "{t}", "--priority", "alta", "--as", "nobody_here"], "cannot connect as 'nobody_here'"),
    (["list", "--limit", "x"], "invalid int value"),
    (["correct", "{t}", "--colour", "red", "--as", "{a}"], "unrecognized arguments"),
]


@pytest.mark.parametrize("args, message", CLI_ERRORS, ids=[str(i) for i in range(len(CLI_ERRORS))])
def test_cli_bad_input_is_one_line(world, tmp_path, args, message):
    if world["server"] != "pg18":
        pytest.skip("the CLI once, on the embedded server")
    target = ticket_in(world, world["a"])
    fill = {"t": target["ticket_id"], "a": world["logins"]["a"], "b": world["logins"]["b"]}
    result = review_cli(world, tmp_path, *[a.format(**fill) for a in args])
    assert result.returncode == 2, result.stderr
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("pqrlab: error:") and message in errors[0], result.stderr
    assert "Traceback" not in result.stderr
    assert ticket(world, target["ticket_id"]) == target


@pytest.mark.parametrize("values", [{"pqrs_type": float("nan")}, {"priority": 1}, {"municipality": 5001},
                                    {"note": b"bytes"}, {"ticket_id": None}])
def test_python_api_refuses_values_that_are_not_text(world, values):
    target = ticket_in(world, world["a"])
    with as_agent(world, "a") as conn:
        with pytest.raises(ReviewError, match="give text"):
            correct_ticket(conn, **{"ticket_id": target["ticket_id"], **values})
    assert ticket(world, target["ticket_id"]) == target
