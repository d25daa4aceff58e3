"""Dask: connect to a configured scheduler, or start a LocalCluster sized for this machine."""
from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from distributed import Client, LocalCluster


def start_client(address: str | None = None, n_workers: int = 2) -> Client:
    """A client on `address`, or on a new LocalCluster (one single-threaded worker process per core).

    Closing the client of a LocalCluster it started also closes that cluster.
    """
    if address:
        return Client(address)
    cluster = LocalCluster(
        n_workers=n_workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address="127.0.0.1:0",
        memory_limit="4GiB",
        silence_logs=logging.WARNING,
    )
    client = Client(cluster)
    client._pqr_owned_cluster = cluster  # closed with the client, see stop_client
    return client


def stop_client(client: Client) -> None:
    """Close the client and, if it started one, its LocalCluster."""
    cluster = getattr(client, "_pqr_owned_cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


@contextlib.contextmanager
def dask_client(address: str | None = None, n_workers: int = 2) -> Iterator[Client]:
    client = start_client(address, n_workers)
    try:
        yield client
    finally:
        stop_client(client)
