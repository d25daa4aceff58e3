"""Reference solutions of exercises/06_control_plane_governance.ipynb, one section per question (`# %% qN`).

Each section runs in that notebook after its setup cell (names there: lake, run_id, dsn, sample, client).
tests/test_exercises.py pastes each section into the question's answer cell and expects every check to pass.
"""


# %% q1
import psycopg

with psycopg.connect(dsn) as conn:
    conn.execute("SET ROLE pqr_bi")
    try:
        conn.execute("SELECT count(*) FROM core.tickets")
    except psycopg.errors.InsufficientPrivilege as err:
        bi_error = err


# %% q2
from pqrlab.layers.silver import read_tickets
from pqrlab.quality import Check, Context, evaluate

municipality_check = Check("silver", "tickets", "not_null", "municipality_code", blocking=False)
municipality_result = evaluate(municipality_check, Context(frames={"silver.tickets": read_tickets(lake, run_id)}))


# %% q3
from pqrlab.channel.templates import PRIORITIES
from pqrlab.quality import Check, Context, evaluate

priority_check = Check("silver", "tickets", "accepted_values", "priority", values=PRIORITIES)
priority_result = evaluate(priority_check, Context(frames={"silver.tickets": bad_tickets}))


# %% q4
from pqrlab.control.db import fetch_frame

lineage_sql = "SELECT url FROM meta.lineage WHERE run_id = %s AND step = %s AND direction = 'input' ORDER BY url"
silver_inputs = fetch_frame(dsn, lineage_sql, (run_id, "silver"))["url"].tolist()


# %% q5
import psycopg

policy_sql = """
    CREATE POLICY agent_own_municipality ON exercise_rls.tickets
    FOR SELECT TO exercise_agent
    USING (municipality_code = current_setting('app.municipality', true))
"""
with psycopg.connect(dsn, autocommit=True) as conn:
    conn.execute(policy_sql)
