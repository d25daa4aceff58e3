"""Attacks on row-level security, for every role, on the embedded PostgreSQL 18 and Debian's PostgreSQL 15.

Each role acts through a LOGIN of its own (as in production: an agent's login, Metabase's BI login, the
pipeline's login, PostgREST's `authenticator`), never as the superuser: `SET ROLE` from a superuser
session can become anyone, so it would prove nothing. The world is one small real run (600 e-mails)
published to a fresh database on each server.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import uuid

import psycopg
import pytest
from psycopg import sql

from pqrlab.control.access import (AccessError, base64url, connect_as, grant_agent, grant_login, revoke_agent,
                                   revoke_jwt_secret, revoke_login, set_jwt_secret, sign_token)
from pqrlab.control.db import fetch_frame
from tests.conftest import create_database, small_lake

SECRET = "a-test-project-jwt-secret-of-40-chars!!"
AGENT_COLUMNS = {"status", "first_response_at", "closed_at", "notes"}
GROUP_ROLES = ["pqr_pipeline", "service_role", "pqr_analyst", "pqr_bi", "anon", "authenticated"]
ACTORS = ["agent_a", "agent_triage", "jwt_agent", *GROUP_ROLES]
DENIED = "denied"


# -- the world ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def run_lake(dask, tmp_path_factory):
    """One real run through Raw → Bronze → Silver → Gold, published to each server below."""
    from pqrlab.lake import Lake

    lake = Lake(f"file://{tmp_path_factory.mktemp('rls') / 'lake'}")
    return small_lake(lake, dask, "rls", seed=11, events=600, days=30)


def member_login(dsn: str, role: str, inherit: bool = False) -> str:
    """A new LOGIN role that is a member of `role` (NOINHERIT: it must SET ROLE, as PostgREST does)."""
    login = f"login_{role}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(dsn) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN {} IN ROLE {}").format(
            sql.Identifier(login), sql.SQL("INHERIT" if inherit else "NOINHERIT"), sql.Identifier(role)))
    return login


@pytest.fixture(scope="module", params=["pg18", "pg15"])
def world(request, run_lake):
    from pqrlab.control.publish import publish
    from pqrlab.control.runs import finish_run, start_run

    server = request.getfixturevalue("pg_dsn" if request.param == "pg18" else "pg15_dsn")
    dsn = create_database(server)
    start_run(dsn, "rls", 11, {})
    publish(run_lake, dsn, "rls")
    finish_run(dsn, "rls", "succeeded")
    top = fetch_frame(dsn, "SELECT municipality_code AS code, count(*) AS n FROM core.tickets "
                           "WHERE municipality_code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 2")
    (a, n_a), (b, n_b) = top.itertuples(index=False)
    suffix = uuid.uuid4().hex[:6]
    logins = {"agent_a": f"agent_a_{suffix}", "agent_b": f"agent_b_{suffix}", "agent_triage": f"agent_t_{suffix}"}
    grant_agent(dsn, logins["agent_a"], [a])
    grant_agent(dsn, logins["agent_b"], [b])
    grant_agent(dsn, logins["agent_triage"], [b], triage=True)
    set_jwt_secret(dsn, SECRET)
    authenticator = member_login(dsn, "pqr_agent")  # PostgREST's login: NOINHERIT, switches role per request
    logins.update({role: member_login(dsn, role) for role in GROUP_ROLES})
    counts = fetch_frame(dsn, """SELECT count(*) AS all_tickets,
        count(*) FILTER (WHERE municipality_code IS NULL) AS unassigned,
        (SELECT count(*) FROM core.messages) AS all_messages,
        (SELECT count(*) FROM core.messages m JOIN core.tickets t USING (ticket_id)
          WHERE t.municipality_code = %(a)s) AS messages_a,
        (SELECT count(*) FROM core.ticket_events e JOIN core.tickets t USING (ticket_id)
          WHERE t.municipality_code = %(a)s) AS events_a
        FROM core.tickets""", {"a": a}).iloc[0].to_dict()
    assert counts["unassigned"] > 0 and n_a > 0 and n_b > 0
    return {"dsn": dsn, "a": a, "b": b, "n_a": int(n_a), "n_b": int(n_b), "logins": logins,
            "authenticator": authenticator, "server": request.param, **{k: int(v) for k, v in counts.items()}}


def session(world: dict, actor: str) -> psycopg.Connection:
    """A connection acting as `actor`: an agent's own login, or a member login that SETs ROLE to its group."""
    dsn, logins = world["dsn"], world["logins"]
    if actor == "jwt_agent":  # the Supabase path: PostgREST's login, a verified token for municipality a
        return connect_as(dsn, world["authenticator"], login=True,
                          token=sign_token({"municipalities": [world["a"]], "role": "pqr_agent"}, SECRET))
    return connect_as(dsn, logins[actor], login=True)


@pytest.fixture
def as_actor(world):
    def open_(actor: str):
        cm = session(world, actor)
        conn = cm.__enter__()
        if actor == "jwt_agent":
            conn.execute("SET ROLE pqr_agent")
        elif actor in GROUP_ROLES:
            conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(actor)))
        opened.append(cm)
        return conn

    opened: list = []
    yield open_
    for cm in opened:
        cm.__exit__(None, None, None)


class _Rollback(Exception):
    """Raised to roll a probe's savepoint back after it succeeded."""


def outcome(conn: psycopg.Connection, query: str, params=None):
    """The rows of `query`, or DENIED when PostgreSQL refuses the privilege (in a savepoint of its own)."""
    try:
        with conn.transaction():
            cur = conn.execute(query, params)
            return cur.fetchall() if cur.description else cur.rowcount
    except psycopg.errors.InsufficientPrivilege:
        return DENIED


def succeeds(conn: psycopg.Connection, query, params=None) -> bool:
    """Whether PostgreSQL lets `query` run (it is rolled back either way)."""
    try:
        with conn.transaction():
            conn.execute(query, params)
            raise _Rollback
    except psycopg.errors.InsufficientPrivilege:
        return False
    except _Rollback:
        return True


def first_ticket(world: dict, code: str | None) -> str:
    """A ticket of municipality `code` (None: an unassigned one), read by the administrator."""
    return fetch_frame(world["dsn"], "SELECT ticket_id FROM core.tickets WHERE municipality_code "
                                     "IS NOT DISTINCT FROM %s ORDER BY 1 LIMIT 1", (code,))["ticket_id"][0]


def visible_tickets(conn) -> int | str:
    rows = outcome(conn, "SELECT count(*) FROM core.tickets")
    return rows if rows == DENIED else rows[0][0]


# What each actor sees of core.tickets: agents their scope, the analyst and the pipeline everything.
def expected_tickets(world: dict, actor: str):
    return {"agent_a": world["n_a"], "jwt_agent": world["n_a"],
            "agent_triage": world["n_b"] + world["unassigned"],
            "pqr_pipeline": world["all_tickets"], "service_role": world["all_tickets"],
            "pqr_analyst": world["all_tickets"]}.get(actor, DENIED)


# -- attacks, each for every actor -----------------------------------------------------------------
@pytest.mark.parametrize("actor", ACTORS)
def test_setting_jwt_claims_widens_nothing(world, as_actor, actor):
    conn = as_actor(actor)
    before = visible_tickets(conn)
    assert before == expected_tickets(world, actor)
    everything = json.dumps({"municipalities": [world["a"], world["b"]], "triage": True, "role": "service_role"})
    for is_local in (False, True):
        with conn.transaction():
            conn.execute("SELECT set_config('request.jwt.claims', %s, %s)", (everything, is_local))
            conn.execute("SELECT set_config('request.jwt.claim.municipalities', %s, %s)", (everything, is_local))
            assert visible_tickets(conn) == before


@pytest.mark.parametrize("actor", ACTORS)
def test_no_role_switch_to_another_role_or_agent(world, as_actor, actor):
    conn = as_actor(actor)
    others = [r for r in [*GROUP_ROLES, "postgres", world["logins"]["agent_b"]] if r != actor]
    for role in others:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(sql.SQL("SET SESSION AUTHORIZATION {}").format(sql.Identifier(role)))
    assert visible_tickets(conn) == expected_tickets(world, actor)


def forged_tokens(world: dict) -> dict[str, str]:
    """Tokens that must give nothing: each breaks one rule of verification."""
    claims = {"municipalities": [world["a"], world["b"]], "triage": True}
    good = sign_token(claims, SECRET)
    head, body, signature = good.split(".")
    everything = base64url(json.dumps({**claims, "exp": 4102444800, "municipalities": [world["b"]]}).encode())

    def signed(header: dict, payload: dict, key: str = SECRET) -> str:
        h, p = base64url(json.dumps(header).encode()), base64url(json.dumps(payload).encode())
        mac = hmac.new(key.encode(), f"{h}.{p}".encode(), hashlib.sha256).digest()
        return f"{h}.{p}.{base64url(mac)}"

    future = {**claims, "exp": 4102444800}
    return {
        "wrong secret": sign_token(claims, "another-secret-of-at-least-32-characters"),
        "alg none, no signature": f"{base64url(json.dumps({'alg': 'none'}).encode())}.{body}.",
        "alg none, old signature": f"{base64url(json.dumps({'alg': 'none'}).encode())}.{body}.{signature}",
        "alg HS512 header": signed({"alg": "HS512", "typ": "JWT"}, future),
        "payload swapped": f"{head}.{everything}.{signature}",
        "signature truncated": f"{head}.{body}.{signature[:-4]}",
        "expired": sign_token(claims, SECRET, lifetime_s=-1),
        "no exp": signed({"alg": "HS256"}, {"municipalities": claims["municipalities"]}),
        "exp as text": signed({"alg": "HS256"}, {**claims, "exp": "4102444800"}),
        "not yet valid": signed({"alg": "HS256"}, {**future, "nbf": 4102440000}),
        "header not an object": signed([], future),  # type: ignore[arg-type]
        "not base64": "!!!.???.***",
        "two parts": f"{head}.{body}",
        "empty": "",
    }


@pytest.mark.parametrize("actor", ACTORS)
def test_forged_tokens_give_nothing(world, as_actor, actor):
    conn = as_actor(actor)
    baseline = visible_tickets(conn)
    for name, token in forged_tokens(world).items():
        headers = json.dumps({"authorization": f"Bearer {token}"})
        with conn.transaction():
            conn.execute("SELECT set_config('request.headers', %s, true)", (headers,))
            if actor == "jwt_agent":  # the forged token replaces its good one: nothing
                assert visible_tickets(conn) == 0, name
            else:
                assert visible_tickets(conn) == baseline, name
            scope = outcome(conn, "SELECT municipalities, triage FROM core.agent_scope()")
            if actor in ("pqr_analyst", "pqr_bi", "anon", "authenticated"):
                assert scope == DENIED
            elif actor not in ("agent_a", "agent_triage"):
                assert scope == [([], False)], name


def test_a_valid_token_gives_its_claims_and_a_mapping_beats_any_token(world, as_actor):
    conn = as_actor("jwt_agent")
    scope = "SELECT municipalities, triage FROM core.agent_scope()"
    assert conn.execute(scope).fetchall() == [([world["a"]], False)]
    assert {r[0] for r in conn.execute("SELECT DISTINCT municipality_code FROM core.tickets")} == {world["a"]}
    agent_a = as_actor("agent_a")
    wide = sign_token({"municipalities": [world["a"], world["b"]], "triage": True}, SECRET)
    agent_a.execute("SELECT set_config('request.headers', %s, false)",
                    (json.dumps({"authorization": f"Bearer {wide}"}),))
    assert visible_tickets(agent_a) == world["n_a"]
    assert agent_a.execute(scope).fetchall() == [([world["a"]], False)]


def test_a_revoked_secret_signs_nothing(world):
    other = "a-rotated-out-secret-of-at-least-32-chars"
    set_jwt_secret(world["dsn"], other)
    token = sign_token({"municipalities": [world["b"]]}, other)
    with connect_as(world["dsn"], world["authenticator"], login=True, token=token) as conn:
        conn.execute("SET ROLE pqr_agent")
        assert visible_tickets(conn) == world["n_b"]
        revoke_jwt_secret(world["dsn"], other)
        assert visible_tickets(conn) == 0
    with pytest.raises(AccessError):
        set_jwt_secret(world["dsn"], "short")


def ticket_columns(world: dict) -> list[str]:
    columns = fetch_frame(world["dsn"], "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                                        "'core' AND table_name = 'tickets' ORDER BY ordinal_position")
    return columns["column_name"].tolist()


@pytest.mark.parametrize("actor", ACTORS)
def test_each_ticket_column_is_writable_only_where_the_work_needs_it(world, as_actor, actor):
    conn = as_actor(actor)
    own = first_ticket(world, world["a"] if actor != "agent_triage" else world["b"])
    update = sql.SQL("UPDATE core.tickets SET {c} = {c} WHERE ticket_id = %s")
    writable = {column for column in ticket_columns(world)
                if succeeds(conn, update.format(c=sql.Identifier(column)), (own,))}
    writers = set(ticket_columns(world))
    expected = {"agent_a": AGENT_COLUMNS, "agent_triage": AGENT_COLUMNS, "jwt_agent": AGENT_COLUMNS,
                "pqr_pipeline": writers, "service_role": writers}.get(actor, set())
    assert writable == expected
    for column in ("due_at", "received_at", "pqrs_type", "run_id", "confidence", "model_version", "summary",
                   "municipality_code"):
        assert (column in writable) == (actor in ("pqr_pipeline", "service_role"))


def test_agents_change_their_own_tickets_and_no_one_elses(world, as_actor):
    conn = as_actor("agent_a")
    update = "UPDATE core.tickets SET status = 'responded', notes = %s WHERE ticket_id = %s RETURNING ticket_id"
    own = first_ticket(world, world["a"])
    assert conn.execute(update, ("llamé al ciudadano", own)).fetchall() == [(own,)]
    assert conn.execute(update, ("x", first_ticket(world, world["b"]))).fetchall() == []
    assert conn.execute(update, ("x", first_ticket(world, None))).fetchall() == []
    for statement in ("DELETE FROM core.tickets", "TRUNCATE core.tickets",
                      "INSERT INTO core.tickets (ticket_id, pqrs_type, status, received_at, due_at, run_id) "
                      "VALUES ('x', 'queja', 'open', now(), current_date, 'x')"):
        assert outcome(conn, statement) == DENIED, statement
    notes = fetch_frame(world["dsn"], "SELECT notes FROM core.tickets WHERE ticket_id = %s", (own,))
    assert notes["notes"][0] == "llamé al ciudadano"



AGENT_WRITES_REFUSED = {
    "an unknown status": ("UPDATE core.tickets SET status = %s WHERE ticket_id = %s", "borrado"),
    "an empty status": ("UPDATE core.tickets SET status = %s WHERE ticket_id = %s", ""),
    "a response before receipt": ("UPDATE core.tickets SET first_response_at = %s WHERE ticket_id = %s",
                                   "0001-01-01 00:00:00+00"),
    "a response in the future": ("UPDATE core.tickets SET first_response_at = %s WHERE ticket_id = %s",
                                 "2999-01-01 00:00:00+00"),
    "closed before receipt": ("UPDATE core.tickets SET closed_at = %s WHERE ticket_id = %s", "1999-12-31 23:00:00+00"),
    "closed in the future": ("UPDATE core.tickets SET closed_at = now() + %s::interval WHERE ticket_id = %s",
                             "1 year"),
    "50,000 characters of notes": ("UPDATE core.tickets SET notes = %s WHERE ticket_id = %s", "x" * 50_000),
}


@pytest.mark.parametrize("attempt", AGENT_WRITES_REFUSED, ids=list(AGENT_WRITES_REFUSED))
@pytest.mark.parametrize("actor", ["agent_a", "jwt_agent"])
def test_agents_write_only_values_that_make_sense(world, as_actor, actor, attempt):
    """Column grants say which columns; migration 010 says which values (the pipeline is not bound by it)."""
    conn = as_actor(actor)
    own = first_ticket(world, world["a"])
    query, value = AGENT_WRITES_REFUSED[attempt]
    with pytest.raises(psycopg.errors.CheckViolation):
        with conn.transaction():
            conn.execute(query, (value, own))


@pytest.mark.parametrize("actor", ["agent_a", "jwt_agent"])
def test_agents_still_do_their_work(world, as_actor, actor):
    conn = as_actor(actor)
    own = first_ticket(world, world["a"])
    for status in ("in_progress", "responded", "closed", "open"):
        assert succeeds(conn, "UPDATE core.tickets SET status = %s WHERE ticket_id = %s", (status, own))
    assert succeeds(conn, "UPDATE core.tickets SET first_response_at = now(), closed_at = now(), notes = %s "
                          "WHERE ticket_id = %s", ("llamé al ciudadano; caso resuelto", own))


def test_the_pipeline_is_not_bound_by_the_agents_value_rules(world, as_actor):
    conn = as_actor("pqr_pipeline")
    own = first_ticket(world, world["a"])
    assert succeeds(conn, "UPDATE core.tickets SET status = 'cualquier', notes = %s WHERE ticket_id = %s",
                    ("x" * 50_000, own))

SNEAKY_READS = {
    "join": "SELECT t.municipality_code FROM core.messages m JOIN core.tickets t USING (ticket_id)",
    "sub-select": "SELECT (SELECT municipality_code FROM core.tickets t WHERE t.ticket_id = m.ticket_id) "
                  "FROM core.messages m",
    "messages alone": "SELECT 'leak'::text FROM core.messages WHERE ticket_id NOT IN "
                      "(SELECT ticket_id FROM core.tickets)",
    "events alone": "SELECT 'leak'::text FROM core.ticket_events WHERE ticket_id NOT IN "
                    "(SELECT ticket_id FROM core.tickets)",
    "exists": "SELECT 'leak'::text FROM core.messages m WHERE NOT EXISTS "
              "(SELECT FROM core.tickets t WHERE t.ticket_id = m.ticket_id)",
    "lateral events": "SELECT t.municipality_code FROM core.ticket_events e, LATERAL "
                      "(SELECT municipality_code FROM core.tickets WHERE ticket_id = e.ticket_id) t",
    "cte union": "WITH x AS (SELECT ticket_id FROM core.messages UNION SELECT ticket_id FROM core.ticket_events) "
                 "SELECT t.municipality_code FROM x LEFT JOIN core.tickets t USING (ticket_id)",
}


@pytest.mark.parametrize("actor", ACTORS)
def test_other_municipalities_messages_and_events_stay_hidden(world, as_actor, actor):
    conn = as_actor(actor)
    for name, query in SNEAKY_READS.items():
        rows = outcome(conn, query)
        if actor in ("agent_a", "jwt_agent"):
            assert rows != DENIED and {r[0] for r in rows} <= {world["a"]}, name
        elif actor == "agent_triage":
            assert rows != DENIED and {r[0] for r in rows} <= {world["b"], None}, name
        elif actor in ("pqr_pipeline", "service_role"):
            assert rows != DENIED, name
        else:  # the analyst reads masked messages only; BI and Supabase's roles nothing of core
            assert rows == DENIED, name
    if actor in ("agent_a", "jwt_agent"):
        assert conn.execute("SELECT count(*) FROM core.messages").fetchone()[0] == world["messages_a"]
        assert conn.execute("SELECT count(*) FROM core.ticket_events").fetchone()[0] == world["events_a"]


@pytest.mark.parametrize("actor", ["agent_a", "jwt_agent", "agent_triage"])
def test_leaky_functions_rows_to_stdout_stats_and_row_security_off_leak_nothing(world, as_actor, actor):
    conn = as_actor(actor)
    seen: list[str] = []
    conn.add_notice_handler(lambda notice: seen.append(notice.message_primary))
    conn.execute("CREATE FUNCTION pg_temp.leak(text) RETURNS boolean LANGUAGE plpgsql COST 0.0001 AS "
                 "$$BEGIN RAISE NOTICE '%', $1; RETURN true; END$$")
    conn.execute("SELECT count(*) FROM core.tickets WHERE pg_temp.leak(municipality_code)")
    allowed = {world["a"]} if actor != "agent_triage" else {world["b"], None}
    assert seen and set(seen) <= {str(c) if c else "<NULL>" for c in allowed}
    with conn.cursor().copy("COPY core.tickets (municipality_code) TO STDOUT") as copy:
        copied = {row[0] for row in copy.rows()}
    assert copied <= allowed
    with psycopg.connect(world["dsn"], autocommit=True) as admin:
        admin.execute("ANALYZE core.tickets")
    assert conn.execute("SELECT count(*) FROM pg_stats WHERE schemaname = 'core' AND tablename = 'tickets'"
                        ).fetchone()[0] == 0
    conn.execute("SET row_security = off")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        conn.execute("SELECT count(*) FROM core.tickets")


@pytest.mark.parametrize("actor", ACTORS)
def test_events_only_on_tickets_one_may_work(world, as_actor, actor):
    conn = as_actor(actor)
    insert = ("INSERT INTO core.ticket_events (ticket_id, event, occurred_at, message_id, run_id) "
              "VALUES (%s, 'note', now(), %s, %s)")
    results = {code: succeeds(conn, insert, (first_ticket(world, code), f"agent:{uuid.uuid4().hex}", "agent"))
               for code in (world["a"], world["b"], None)}
    if actor in ("agent_a", "jwt_agent", "agent_triage"):  # an event that would take a future e-mail's key
        own = first_ticket(world, world["a"] if actor != "agent_triage" else world["b"])
        for message_id, run in [("<next-reply@correo.gov.co>", "agent"), ("agent:x", "rls"), ("x", "manual")]:
            assert not succeeds(conn, insert, (own, message_id, run)), (message_id, run)
    expected = {"agent_a": {world["a"]}, "jwt_agent": {world["a"]}, "agent_triage": {world["b"], None},
                "pqr_pipeline": {world["a"], world["b"], None}, "service_role": {world["a"], world["b"], None},
                }.get(actor, set())
    assert {code for code, ok in results.items() if ok} == expected


@pytest.mark.parametrize("actor", ACTORS)
def test_the_scope_and_its_sources_are_out_of_reach(world, as_actor, actor):
    conn = as_actor(actor)
    other = world["logins"]["agent_b"]
    for query, params in [("SELECT * FROM core.agent_scope(%s)", (other,)),
                          ("SELECT * FROM core.agent_scope(%s, %s)", (other, True)),
                          ("SELECT * FROM core.agent_scope(login => %s)", (other,))]:
        with pytest.raises((psycopg.errors.UndefinedFunction, psycopg.errors.InsufficientPrivilege)):
            conn.execute(query, params)
    writers = actor in ("pqr_pipeline", "service_role")
    assert (outcome(conn, "SELECT count(*) FROM core.agent_scopes") == DENIED) is not writers
    widened = succeeds(conn, "UPDATE core.agent_scopes SET municipalities = %s", ([world["a"], world["b"]],))
    assert widened is writers
    for query in ("SELECT secret FROM pqr_private.jwt_secrets",
                  "SELECT pqr_private.verified_claims('x.y.z')",
                  "SELECT pqr_private.hmac_sha256('k', 'm')",
                  "INSERT INTO pqr_private.jwt_secrets VALUES (repeat('x', 40))"):
        assert outcome(conn, query) == DENIED, query


CREATE_ATTEMPTS = [
    "CREATE TABLE {s}.x (a int)",
    "CREATE VIEW {s}.v AS SELECT 1 AS a",
    "CREATE FUNCTION {s}.agent_scope(OUT municipalities text[], OUT triage boolean) LANGUAGE sql "
    "AS $$SELECT '{{}}'::text[], true$$",
    "CREATE TYPE {s}.t AS (a int)",
]


@pytest.mark.parametrize("actor", ACTORS)
def test_no_one_creates_objects_in_the_projects_schemas(world, as_actor, actor):
    conn = as_actor(actor)
    for schema in ("public", "core", "meta", "pqr_private"):
        for statement in CREATE_ATTEMPTS:
            assert outcome(conn, statement.format(s=schema)) == DENIED, (schema, statement)
    assert outcome(conn, "CREATE SCHEMA attacker") == DENIED


@pytest.mark.parametrize("actor", ACTORS)
def test_unassigned_tickets_reach_the_triage_queue_only(world, as_actor, actor):
    conn = as_actor(actor)
    rows = outcome(conn, "SELECT count(*) FROM core.tickets WHERE municipality_code IS NULL")
    everyone = world["unassigned"]
    expected = {"agent_triage": everyone, "pqr_pipeline": everyone, "service_role": everyone,
                "pqr_analyst": everyone, "agent_a": 0, "jwt_agent": 0}.get(actor)
    assert rows == (DENIED if expected is None else [(expected,)])
    route = outcome(conn, "SELECT core.route_ticket(%s, %s)", ("no-such-ticket", world["a"]))
    assert (route == DENIED) is (actor != "agent_triage")


def test_triage_routes_a_ticket_to_its_municipality(world, as_actor):
    triage, agent_a = as_actor("agent_triage"), as_actor("agent_a")
    ticket = triage.execute("SELECT ticket_id FROM core.tickets WHERE municipality_code IS NULL "
                            "ORDER BY 1 LIMIT 1").fetchone()[0]
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        triage.execute("SELECT core.route_ticket(%s, %s)", (ticket, "5001"))
    assert triage.execute("SELECT core.route_ticket(%s, %s)", (ticket, world["a"])).fetchone()[0] is True
    assert triage.execute("SELECT core.route_ticket(%s, %s)", (ticket, world["b"])).fetchone()[0] is False
    assert agent_a.execute("SELECT department_code FROM core.tickets WHERE ticket_id = %s",
                           (ticket,)).fetchall() == [(world["a"][:2],)]
    assert triage.execute("SELECT count(*) FROM core.tickets WHERE ticket_id = %s", (ticket,)).fetchone()[0] == 0
    with psycopg.connect(world["dsn"]) as admin:  # put it back for the other tests
        admin.execute("UPDATE core.tickets SET municipality_code = NULL, department_code = NULL "
                      "WHERE ticket_id = %s", (ticket,))


def test_revoked_agents_see_nothing_and_bad_grants_are_refused(world):
    login = f"agent_r_{uuid.uuid4().hex[:6]}"
    grant_agent(world["dsn"], login, [world["b"]])
    grant_agent(world["dsn"], login, [world["a"]])  # granting again replaces the scope
    with connect_as(world["dsn"], login, login=True) as conn:
        assert visible_tickets(conn) == world["n_a"]
    revoke_agent(world["dsn"], login)
    with connect_as(world["dsn"], login, login=True) as conn:
        assert visible_tickets(conn) == DENIED  # no longer in pqr_agent
    grant_agent(world["dsn"], login, [world["a"]])
    with psycopg.connect(world["dsn"]) as admin:
        admin.execute("DELETE FROM core.agent_scopes WHERE login = %s", (login,))
    with connect_as(world["dsn"], login, login=True) as conn:
        assert visible_tickets(conn) == 0  # in pqr_agent without a mapping: nothing
    for bad_login, codes in [("Robert'); DROP TABLE core.tickets;--", ["05001"]), ("pg_monitor", ["05001"]),
                             ("pqr_pipeline", ["05001"]), ("postgres", ["05001"]), ("anon", ["05001"]),
                             ("ok_login", ["5001"]), ("ok_login", ["05001 OR true"])]:
        with pytest.raises(AccessError):
            grant_agent(world["dsn"], bad_login, codes)
    analyst = f"analyst_{uuid.uuid4().hex[:6]}"
    grant_login(world["dsn"], analyst, "pqr_analyst")
    with connect_as(world["dsn"], analyst, login=True) as conn:
        assert visible_tickets(conn) == world["all_tickets"]
    revoke_login(world["dsn"], analyst, "pqr_analyst")
    with connect_as(world["dsn"], analyst, login=True) as conn:
        assert visible_tickets(conn) == DENIED
    with pytest.raises(AccessError):
        grant_login(world["dsn"], "someone", "pqr_pipeline")  # people's logins join read or agent groups only
    with pytest.raises(psycopg.errors.CheckViolation):  # the table itself refuses what the helper would
        with psycopg.connect(world["dsn"]) as conn:
            conn.execute("INSERT INTO core.agent_scopes (login, municipalities) VALUES ('x', %s)", (["abc"],))


def test_hmac_in_sql_matches_python(world):
    cases = [(b"key", b"The quick brown fox jumps over the lazy dog"), (b"", b""), (b"k" * 64, b"m"),
             (b"k" * 65, b"m" * 1000), (bytes(range(256)), "ñandú €".encode()), (b"\x0b" * 20, b"Hi There")]
    with psycopg.connect(world["dsn"]) as conn:
        for key, message in cases:
            got = conn.execute("SELECT pqr_private.hmac_sha256(%s, %s)", (key, message)).fetchone()[0]
            assert bytes(got) == hmac.new(key, message, hashlib.sha256).digest()
        if world["server"] == "pg15":  # Debian's server has pgcrypto: the same answer as its hmac()
            conn.execute("CREATE EXTENSION IF NOT EXISTS pgcrypto")
            for key, message in cases:  # pgcrypto's hmac(data, key, type)
                same = conn.execute("SELECT pqr_private.hmac_sha256(%s, %s) = hmac(%s::bytea, %s::bytea, 'sha256')",
                                    (key, message, message, key)).fetchone()[0]
                assert same


def _decoded(token: str) -> list[bytes]:
    import base64

    return [base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)) for part in token.split(".")]


def test_any_change_to_a_signed_token_is_refused(world):
    """Property: a one-character change anywhere in a valid token is refused, unless it decodes to the same
    bytes (base64url's unused low bits of a last character)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    token = sign_token({"municipalities": [world["a"]], "triage": True}, SECRET)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."
    with psycopg.connect(world["dsn"], autocommit=True) as conn:
        assert conn.execute("SELECT pqr_private.verified_claims(%s) ->> 'triage'", (token,)).fetchone()[0] == "true"

        @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
        @given(st.integers(0, len(token) - 1), st.sampled_from(alphabet))
        def changed_token_is_refused(position: int, char: str):
            forged = token[:position] + char + token[position + 1:]
            accepted = conn.execute("SELECT pqr_private.verified_claims(%s) IS NOT NULL", (forged,)).fetchone()[0]
            if forged == token:
                assert accepted
            elif accepted:
                assert forged.count(".") == 2 and _decoded(forged) == _decoded(token)

        changed_token_is_refused()
