"""Lake layers: pure functions on one partition, plus thin Dask wiring over the lake."""
