"""Lifecycles of the embedded parts: PostgreSQL (pgserver), Dask cluster, Prefect server."""
