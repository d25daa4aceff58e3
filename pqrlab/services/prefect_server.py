"""A local `prefect server start` for the length of a run or a test session.

Prefect 3 without a server starts a temporary one per process (10-20 s, and its start-up can time out
on a busy 2-core machine); one explicit server, healthy in about 5 s, is faster and observable.
"""
from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from pqrlab.services.process import free_port, running


def prefect_env(home: Path) -> dict[str, str]:
    """Environment that keeps Prefect's state in the project folder and its telemetry off."""
    return {
        "PREFECT_HOME": str(home / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": os.environ.get("PREFECT_LOGGING_LEVEL", "WARNING"),
    }


@contextlib.contextmanager
def prefect_server(home: Path, port: int | None = None) -> Iterator[str]:
    """Run a Prefect server on 127.0.0.1, yield its API URL, and stop it afterwards."""
    port = port or free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    args = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    with running(args, f"{api_url}/health", home / "prefect" / "server.log",
                 env={**os.environ, **prefect_env(home)}, timeout_s=90):
        yield api_url


def flush_to_server(timeout_s: float = 5.0) -> None:
    """Send Prefect's queued logs and events while the server still runs (call before stopping it).

    Otherwise they are sent at interpreter exit to a server that is gone, and the retries hold up the
    exit of an interrupted run for up to a minute or more.
    """
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=timeout_s)
