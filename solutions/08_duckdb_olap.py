"""Reference solutions of exercises/08_duckdb_olap.ipynb, one section per question (`# %% qN`).

Each section runs in that notebook after its setup cell (names there: lake, run_id, dsn, sample, client, con, root).
tests/test_exercises.py pastes each section into the question's answer cell and expects every check to pass.
"""


# %% q1
by_reason = con.execute("""
    SELECT reason, count(*) AS lines
    FROM read_parquet(?, hive_partitioning = true)
    WHERE run_id = ?
    GROUP BY reason ORDER BY lines DESC, reason
""", [f"{root}/bronze/quarantine/**/*.parquet", run_id]).df()


# %% q2
from pqrlab.channel.places import divipola
from pqrlab.duck import ticket_snapshot_url

con.register("departments", divipola()[["department_code", "department"]].drop_duplicates())
top_departments = con.execute("""
    SELECT d.department, count(*) AS tickets
    FROM read_parquet(?, hive_partitioning = false) t
    JOIN departments d USING (department_code)
    GROUP BY d.department ORDER BY tickets DESC, d.department LIMIT 5
""", [ticket_snapshot_url(lake)]).df()


# %% q3
from pqrlab.duck import ticket_snapshot_url

median_confidence = con.execute("""
    SELECT pqrs_type, median(confidence) AS median_confidence
    FROM read_parquet(?, hive_partitioning = false)
    GROUP BY pqrs_type ORDER BY pqrs_type
""", [ticket_snapshot_url(lake)]).df()
