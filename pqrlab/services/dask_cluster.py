"""Dask: the shared cluster of `pqrlab up`, a configured scheduler, or a LocalCluster sized for this machine.

`pqrlab up` runs one scheduler and its workers in their own processes on fixed ports and publishes the
scheduler's address in `Settings.services_file`; `start_client(None)` attaches to it while it answers
(so a notebook's work shows on the dashboard a student is watching) and starts its own cluster only
when there is none. `stop_client` never closes a cluster it did not start.
"""
from __future__ import annotations

import contextlib
import logging
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

from distributed import Client, LocalCluster

from pqrlab.services.process import port_answers, read_services, spawned, wait_http
from pqrlab.settings import Settings


def shared_scheduler(settings: Settings | None = None) -> str | None:
    """The address of the cluster a running `pqrlab up` shares, if its scheduler answers; else None."""
    settings = settings or Settings.from_env()
    address = read_services(settings.services_file).get("dask_scheduler")
    if not address:
        return None
    where = urllib.parse.urlsplit(address)
    return address if where.port and port_answers(where.port, where.hostname or "127.0.0.1") else None


def start_client(address: str | None = None, n_workers: int = 2, *, shared: bool = True) -> Client:
    """A client on `address`, else on the shared cluster of `pqrlab up` (unless `shared=False`: benchmarks
    that size their own cluster), else on a new LocalCluster (one single-threaded worker process per core;
    closed with the client by `stop_client`)."""
    address = address or (shared_scheduler() if shared else None)
    if address:
        return Client(address, timeout="30s")
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
    """Close the client and, if it started one, its LocalCluster (never a shared or configured one)."""
    cluster = getattr(client, "_pqr_owned_cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


@contextlib.contextmanager
def dask_client(address: str | None = None, n_workers: int = 2, *, shared: bool = True) -> Iterator[Client]:
    client = start_client(address, n_workers, shared=shared)
    try:
        yield client
    finally:
        stop_client(client)


@contextlib.contextmanager
def shared_cluster(settings: Settings, env: dict[str, str], logs: Path) -> Iterator[dict[str, str]]:
    """Run a scheduler (fixed ports, dashboard included) and its workers as processes of their own; yield
    the scheduler's address and dashboard URL; stop them afterwards. Outlives every notebook kernel."""
    address = f"tcp://127.0.0.1:{settings.dask_scheduler_port}"
    dashboard = f"http://127.0.0.1:{settings.dask_dashboard_port}"
    scheduler = [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                 "--port", str(settings.dask_scheduler_port), "--dashboard-address", dashboard.removeprefix("http://")]
    workers = [sys.executable, "-m", "distributed.cli.dask_worker", address, "--host", "127.0.0.1",
               "--nworkers", str(settings.dask_workers), "--nthreads", "1", "--memory-limit", "4GiB",
               "--local-directory", str(settings.home / "dask")]
    with spawned(scheduler, logs / "dask-scheduler.log", env) as scheduler_proc, \
            spawned(workers, logs / "dask-workers.log", env) as workers_proc:
        wait_http(f"{dashboard}/health", 60, scheduler_proc)
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(settings.dask_workers, timeout=90)
        if workers_proc.poll() is not None:
            raise RuntimeError(f"Dask workers exited early with code {workers_proc.returncode}")
        yield {"dask_scheduler": address, "dask_dashboard": f"{dashboard}/status"}
