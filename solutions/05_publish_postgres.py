"""Reference solutions of exercises/05_publish_postgres.ipynb, one section per question (`# %% qN`).

Each section runs in that notebook after its setup cell (names there: lake, run_id, dsn, sample, client).
tests/test_exercises.py pastes each section into the question's answer cell and expects every check to pass.
"""


# %% q1
import psycopg

with psycopg.connect(dsn) as conn:
    tickets_in_db = conn.execute("SELECT count(*) FROM core.tickets WHERE run_id = %s", (run_id,)).fetchone()[0]


# %% q2
tickets_sql = "SELECT ticket_id FROM core.tickets WHERE municipality_code = %s AND run_id = %s"
tickets_params = (municipality, run_id)


# %% q3
import psycopg

from pqrlab.control.publish import publish

count_sql = "SELECT count(*) FROM core.tickets WHERE run_id = %s"
with psycopg.connect(dsn) as conn:
    tickets_before = conn.execute(count_sql, (run_id,)).fetchone()[0]
publish(lake, dsn, run_id)
with psycopg.connect(dsn) as conn:
    tickets_after = conn.execute(count_sql, (run_id,)).fetchone()[0]


# %% q4
import psycopg

from pqrlab.control.db import copy_frame
from pqrlab.layers.gold import read_gold

volume = read_gold(lake, "daily_volume", run_id)[["day", "pqrs_type", "tickets"]]
with psycopg.connect(dsn) as conn, conn.cursor() as cur:
    cur.execute("CREATE SCHEMA IF NOT EXISTS exercise_scratch")
    cur.execute("DROP TABLE IF EXISTS exercise_scratch.daily_volume")
    cur.execute("CREATE TABLE exercise_scratch.daily_volume (day date, pqrs_type text, tickets bigint)")
    copied_rows = copy_frame(cur, "exercise_scratch.daily_volume", volume)
