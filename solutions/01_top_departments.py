# The five departments with the most tickets, named from the DIVIPOLA table.
from pqrlab.channel.places import divipola

departments = divipola()[["department_code", "department"]].drop_duplicates()
tickets = sql_url(run.lake, run.lake._root) + "/silver/tickets/**/*.parquet"
with connect_lake(run.lake) as con:
    con.register("departments", departments)
    top = con.execute(f"""
        SELECT d.department, count(*) AS tickets
        FROM read_parquet('{tickets}', hive_partitioning = true) t
        JOIN departments d USING (department_code)
        WHERE t.run_id = '{run.run_id}'
        GROUP BY d.department ORDER BY tickets DESC, d.department LIMIT 5
    """).df()
top
