"""Reference solutions of exercises/12_serving.ipynb, one section per question (`# %% qN`).

Each section runs in that notebook after its setup cell (names there: lake, run_id, dsn, sample, client).
tests/test_exercises.py pastes each section into the question's answer cell and expects every check to pass.
"""


# %% q1
def format_es_co(value: float, decimals: int = 0) -> str:
    """A number as people read it in Colombia: 1.234.567,89."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


# %% q2
import psycopg

with psycopg.connect(dsn) as conn:
    conn.execute("SET ROLE pqr_bi")
    rows = conn.execute("""
        SELECT table_schema || '.' || table_name FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
          AND has_table_privilege(format('%I.%I', table_schema, table_name), 'SELECT')
    """).fetchall()
bi_tables = {name for (name,) in rows}


# %% q3
from pqrlab.dashboard import indicadores, queries

first, latest = queries.day_bounds(dsn)
start, end = indicadores.default_period(first, latest)
frames = queries.gold_frames(dsn, start, end, latest)
share = indicadores.summary(frames, indicadores.Filters(start, end))["compliance"]
compliance_text = f"{100 * share:.1f} %".replace(".", ",")
