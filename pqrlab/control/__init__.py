"""The control plane in PostgreSQL: migrations, runs, lineage, operational state, serving tables."""
