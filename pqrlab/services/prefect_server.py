"""A local `prefect server start` for the length of a run, a test session or `pqrlab up`.

Prefect 3 without a server starts a temporary one per process (10-20 s, and its start-up can time out
on a busy 2-core machine); one explicit server, healthy in about 5 s, is faster and observable.
Its UI calls the API at `PREFECT_UI_API_URL` (default :4200), so the server is told its real URL.
"""
from __future__ import annotations

import contextlib
import json
import os
import sys
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

from pqrlab.services.process import free_port, spawned, wait_http


def prefect_env(home: Path) -> dict[str, str]:
    """Environment that keeps Prefect's state in the project folder and its telemetry off."""
    return {
        "PREFECT_HOME": str(home / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": os.environ.get("PREFECT_LOGGING_LEVEL", "WARNING"),
    }


def ui_env(api_url: str) -> dict[str, str]:
    """What the server's UI needs to reach its API (and what links to the UI should say)."""
    return {"PREFECT_UI_API_URL": api_url, "PREFECT_UI_URL": api_url.removesuffix("/api")}


def server_answers(api_url: str) -> bool:
    """Whether a Prefect server answers its health check at `api_url`."""
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=3) as response:
            return json.load(response) is True
    except (OSError, ValueError):
        return False


@contextlib.contextmanager
def starting_prefect_server(home: Path, port: int | None = None) -> Iterator[tuple[str, Callable[[], str]]]:
    """Start a Prefect server on 127.0.0.1 (`port`, else a free one) and go on at once: yield its API URL and a
    function that waits until it answers (the caller works meanwhile); stop it afterwards."""
    port = port or free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    args = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    env = {**os.environ, **prefect_env(home), **ui_env(api_url), "PREFECT_API_URL": api_url}
    with spawned(args, home / "prefect" / "server.log", env=env) as proc:
        def ready() -> str:
            wait_http(f"{api_url}/health", 90, proc)
            return api_url

        yield api_url, ready


@contextlib.contextmanager
def prefect_server(home: Path, port: int | None = None) -> Iterator[str]:
    """Run a Prefect server on 127.0.0.1 (`port`, else a free one), yield its API URL once it answers, stop it
    afterwards."""
    with starting_prefect_server(home, port) as (_, ready):
        yield ready()


def flush_to_server(timeout_s: float = 5.0) -> None:
    """Send Prefect's queued logs and events while the server still runs (call before stopping it).

    Otherwise they are sent at interpreter exit to a server that is gone, and the retries hold up the
    exit of an interrupted run for up to a minute or more.
    """
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=timeout_s)
