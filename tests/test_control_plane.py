"""The control plane on the real embedded PostgreSQL: migrations, upserts, transactions, quality gate,
and the RBAC / row-level-security matrix."""
from __future__ import annotations

import re
import uuid

import pandas as pd
import psycopg
import pytest

from pqrlab.control.access import connect_as, grant_agent
from pqrlab.control.db import apply_migrations, fetch_frame, migration_files
from pqrlab.control.publish import upsert_tickets
from pqrlab.layers.gold import GOLD_DATASETS
from pqrlab.layers.silver import read_tickets
from tests.conftest import create_database

ALL = {"select", "insert", "update", "delete"}
GOLD_TABLES = [f"public.gold_{name}" for name in GOLD_DATASETS] + ["public.gold_places", "public.gold_days"]
TABLES = ["core.tickets", "core.messages", "core.ticket_events", "core.agent_scopes", "meta.runs", "meta.lineage",
          "meta.quality_checks", "meta.schema_migrations", "meta.ingested_days", "meta.day_locks", "meta.models",
          *GOLD_TABLES]
RUN_VIEWS = ["public.gold_latest_run", "public.gold_latest_day", "public.gold_pipeline_runs", "public.gold_quality_failures"]
REVIEW_REFERENCE = ["core.holidays", "core.ticket_terms", "core.ticket_labels"]  # migration 014
REVIEW = [*REVIEW_REFERENCE, "core.ticket_corrections", "core.review_queue"]
TABLES += [*REVIEW_REFERENCE, "core.ticket_corrections"]
VIEWS = ["core.messages_masked", *RUN_VIEWS, "core.review_queue"]
GOLD = [*GOLD_TABLES, *RUN_VIEWS]
META = ["meta.runs", "meta.lineage", "meta.quality_checks", "meta.schema_migrations", "meta.ingested_days",
        "meta.day_locks", "meta.models"]
WRITERS = {**{t: ALL for t in TABLES}, **{v: {"select"} for v in VIEWS},
           **{t: {"select", "insert", "delete"} for t in REVIEW_REFERENCE},  # reloaded whole by publish
           "core.ticket_corrections": {"select"}}  # written only by core.correct_ticket
EXPECTED: dict[str, dict[str, set[str]]] = {
    "anon": {},
    "authenticated": {},
    "service_role": WRITERS,
    "pqr_pipeline": WRITERS,
    "pqr_agent": {"core.tickets": {"select", "update"}, "core.messages": {"select"},
                  "core.ticket_events": {"select", "insert"},
                  "core.ticket_corrections": {"select"}, "core.review_queue": {"select"}},
    "pqr_analyst": {"core.tickets": {"select"}, "core.messages_masked": {"select"},
                    **{r: {"select"} for r in META + GOLD}},
    "pqr_bi": {r: {"select"} for r in GOLD},
}


def new_database(pg_dsn: str) -> str:
    return create_database(pg_dsn, migrate=False)


# -- migrations --------------------------------------------------------------------------------
def test_migrations_from_empty_and_reapplied(pg_dsn):
    dsn = new_database(pg_dsn)
    applied = apply_migrations(dsn)
    assert applied == [name for name, _ in migration_files()]
    assert apply_migrations(dsn) == []  # idempotent
    again = new_database(pg_dsn)  # the roles already exist in the cluster, as on Supabase
    assert apply_migrations(again) == applied
    names = fetch_frame(dsn, "SELECT name FROM meta.schema_migrations ORDER BY name")["name"].tolist()
    assert names == applied
    assert [n[:3] for n in names] == [f"{i:03d}" for i in range(1, len(names) + 1)]


# -- loads -------------------------------------------------------------------------------------
def test_ticket_upsert_is_idempotent_and_moves_tickets_forward(published, lake):
    tickets = read_tickets(lake, "pub")

    def upsert(frame):
        with psycopg.connect(published) as conn, conn.cursor() as cur:
            return upsert_tickets(cur, frame)

    assert upsert(tickets) == 0  # same state again: nothing changes
    open_ticket = tickets[tickets["status"] == "open"].iloc[0]
    later = tickets.copy()
    row = later["ticket_id"] == open_ticket["ticket_id"]
    later.loc[row, "status"] = "responded"
    later.loc[row, "first_response_at"] = later.loc[row, "received_at"] + pd.Timedelta(days=3)
    later.loc[row, "last_response_at"] = later.loc[row, "first_response_at"]
    assert upsert(later) == 1
    state = fetch_frame(published, "SELECT status, closed_at IS NOT NULL AS closed FROM core.tickets "
                                   "WHERE ticket_id = %s", (open_ticket["ticket_id"],))
    assert state.iloc[0].tolist() == ["responded", True]
    assert fetch_frame(published, "SELECT count(*) AS n FROM core.tickets")["n"][0] == len(tickets)


def test_core_messages_keep_original_and_masked_text(published):
    rows = fetch_frame(published, "SELECT body, body_masked FROM core.messages WHERE kind = 'initial'")
    email = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
    assert rows["body"].str.contains(email).any()
    assert not rows["body_masked"].str.contains(email).any()
    events = fetch_frame(published, "SELECT event, count(*) AS n FROM core.ticket_events GROUP BY event")
    assert {"received", "acknowledged", "responded", "closed"} <= set(events["event"])


def test_a_failed_publish_leaves_the_previous_state(published, lake, monkeypatch):
    from pqrlab.control import publish as publish_module

    tables = ["public.gold_daily_volume", "public.gold_sla_compliance", "core.tickets", "core.messages"]
    snapshot = lambda: {t: fetch_frame(published, f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables}  # noqa: E731
    real_read = publish_module.read_gold

    def corrupt(lake_, name, run_id=None, days=None):  # a Gold dataset arrives with a NULL where none is allowed
        frame = real_read(lake_, name, run_id, days)
        if name == "sla_compliance":
            frame["due"] = frame["due"].astype("Int64")
            frame.loc[frame.index[-1], "due"] = pd.NA
        return frame

    monkeypatch.setattr(publish_module, "read_gold", corrupt)
    with psycopg.connect(published) as conn:  # a non-atomic publish would reload these before failing
        conn.execute("DELETE FROM public.gold_daily_volume WHERE pqrs_type = 'queja'")
        conn.commit()
    before = snapshot()
    with pytest.raises(psycopg.errors.NotNullViolation):
        publish_module.publish(lake, published, "pub")
    after = snapshot()
    for table in tables:
        pd.testing.assert_frame_equal(before[table], after[table], obj=table)


# -- the quality gate, through the real flow ---------------------------------------------------
def test_blocking_check_failure_stops_the_run_before_gold(prefect_api, pg_dsn, tmp_path, monkeypatch):
    dsn = create_database(pg_dsn)
    monkeypatch.setenv("PQR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PQR_DEFECT_RATE", "0.4")  # 40% bad lines: over the 25% blocking threshold
    from pqrlab.flows import lakehouse_flow

    with pytest.raises(Exception, match="QualityGateError|blocking data-quality"):
        lakehouse_flow(run_id="bad-run", events=600, days=10, lake_url=f"file://{tmp_path / 'lake'}", pg_dsn=dsn)
    run = fetch_frame(dsn, "SELECT status, error, steps FROM meta.runs WHERE run_id = 'bad-run'").iloc[0]
    assert run["status"] == "failed" and "share_of_raw_at_most" in run["error"]
    assert set(run["steps"]) == {"generate", "bronze"}
    checks = fetch_frame(dsn, "SELECT check_name, passed, blocking FROM meta.quality_checks WHERE run_id = 'bad-run'")
    failed = checks[~checks["passed"]]
    assert ("share_of_raw_at_most", True) in set(zip(failed["check_name"], failed["blocking"]))
    assert checks["passed"].sum() > 0  # the checks that passed are recorded too
    for table in ("gold_daily_volume", "gold_sla_compliance"):
        assert fetch_frame(dsn, f"SELECT count(*) AS n FROM public.{table}")["n"][0] == 0
    assert not list((tmp_path / "lake").glob("gold/**/*.parquet"))
    assert fetch_frame(dsn, "SELECT count(*) AS n FROM meta.lineage WHERE run_id = 'bad-run'")["n"][0] > 0


# -- RBAC ---------------------------------------------------------------------------------------
# An agent may update some columns of core.tickets only: probe UPDATE through one of them.
PROBE_COLUMN = {"core.tickets": "status", "core.ticket_corrections": "note"}  # not its identity column


def statements(relation: str, column: str) -> dict[str, str]:
    return {
        "select": f"SELECT * FROM {relation} LIMIT 0",
        "insert": f"INSERT INTO {relation} DEFAULT VALUES",
        "update": f"UPDATE {relation} SET {column} = {column} WHERE false",
        "delete": f"DELETE FROM {relation} WHERE false",
    }


def allowed(dsn: str, role: str, sql: str) -> bool:
    """True unless PostgreSQL refuses the privilege (other errors, e.g. NOT NULL, mean it was granted)."""
    with psycopg.connect(dsn) as conn:
        try:
            conn.execute(f"SET ROLE {role}")
            conn.execute(sql)
            return True
        except psycopg.errors.InsufficientPrivilege as err:
            return "permission denied" not in str(err)
        except psycopg.errors.ObjectNotInPrerequisiteState:  # a view nobody can write to
            return False
        except psycopg.Error:
            return True
        finally:
            conn.rollback()


def test_matrix_covers_every_relation(published):
    found = fetch_frame(published, """
        SELECT table_schema || '.' || table_name AS rel FROM information_schema.tables
        WHERE table_schema IN ('core', 'meta') OR (table_schema = 'public' AND table_name LIKE 'gold\\_%')""")
    assert set(found["rel"]) == set(TABLES + VIEWS)


def observed_privileges(dsn: str, role: str) -> dict[str, set[str]]:
    """What `role` may do on every relation of the matrix, as PostgreSQL answers."""
    first_column = {r: PROBE_COLUMN.get(r) or fetch_frame(
        dsn, "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum = 1", (r,))["attname"][0]
        for r in TABLES + VIEWS}
    observed = {}
    for relation in TABLES + VIEWS:
        ops = {op for op, sql in statements(relation, first_column[relation]).items() if allowed(dsn, role, sql)}
        if ops:
            observed[relation] = ops
    return observed


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_role_privileges_matrix(published, role):
    assert observed_privileges(published, role) == EXPECTED[role]


def as_agent(dsn: str, municipalities: list[str], sql: str, params=None) -> list[tuple]:
    """Rows of `sql` for a new agent login whose pipeline-owned scope is `municipalities`."""
    login = f"agent_{uuid.uuid4().hex[:8]}"
    grant_agent(dsn, login, municipalities)
    with connect_as(dsn, login, login=True) as conn:
        return conn.execute(sql, params).fetchall()


def test_row_level_security_separates_agents(published):
    top = fetch_frame(published, "SELECT municipality_code, count(*) AS n FROM core.tickets "
                                 "WHERE municipality_code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 2")
    counts = dict(top[["municipality_code", "n"]].values)
    a, b = top["municipality_code"]
    seen_a = as_agent(published, [a], "SELECT DISTINCT municipality_code, count(*) OVER () FROM core.tickets")
    assert {r[0] for r in seen_a} == {a} and seen_a[0][1] == counts[a]
    seen_b = as_agent(published, [b], "SELECT DISTINCT municipality_code FROM core.tickets")
    assert {r[0] for r in seen_b} == {b}
    assert as_agent(published, [], "SELECT count(*) FROM core.tickets") == [(0,)]
    messages_a = as_agent(published, [a], "SELECT DISTINCT t.municipality_code FROM core.messages m "
                                          "JOIN core.tickets t USING (ticket_id)")
    assert messages_a == [(a,)]
    other = fetch_frame(published, "SELECT ticket_id FROM core.tickets WHERE municipality_code = %s LIMIT 1", (b,))
    own = fetch_frame(published, "SELECT ticket_id FROM core.tickets WHERE municipality_code = %s LIMIT 1", (a,))
    update = "UPDATE core.tickets SET status = 'responded' WHERE ticket_id = %s RETURNING ticket_id"
    assert as_agent(published, [a], update, (other["ticket_id"][0],)) == []  # not theirs: untouched
    assert len(as_agent(published, [a], update, (own["ticket_id"][0],))) == 1


def test_analysts_see_masked_messages_only(published):
    with psycopg.connect(published) as conn:
        conn.execute("SET ROLE pqr_analyst")
        bodies = [r[0] for r in conn.execute("SELECT body FROM core.messages_masked WHERE kind = 'initial'")]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT body FROM core.messages")
    assert bodies and not any(re.search(r"[\w.+-]+@[\w-]+\.\w+", b) for b in bodies)
