# Quarantined Bronze lines by reason, with DuckDB straight over the Parquet files.
quarantine = sql_url(run.lake, run.lake._root) + "/bronze/quarantine/**/*.parquet"
by_reason = query(run.lake, f"""
    SELECT reason, count(*) AS lines
    FROM read_parquet('{quarantine}', hive_partitioning = true)
    WHERE run_id = '{run.run_id}'
    GROUP BY reason ORDER BY lines DESC, reason
""").to_pandas()
by_reason
