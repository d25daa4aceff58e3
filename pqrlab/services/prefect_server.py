"""A local `prefect server start` for the length of a run or a test session.

Prefect 3 without a server starts a temporary one per process (10-20 s, and its start-up can time out
on a busy 2-core machine); one explicit server, healthy in about 5 s, is faster and observable.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def prefect_env(home: Path) -> dict[str, str]:
    """Environment that keeps Prefect's state in the project folder and its telemetry off."""
    return {
        "PREFECT_HOME": str(home / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": os.environ.get("PREFECT_LOGGING_LEVEL", "WARNING"),
    }


def wait_healthy(api_url: str, timeout_s: float = 90.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"prefect server exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"prefect server at {api_url} not healthy after {timeout_s:.0f} s")


@contextlib.contextmanager
def prefect_server(home: Path, port: int | None = None) -> Iterator[str]:
    """Run a Prefect server on 127.0.0.1, yield its API URL, and stop it afterwards."""
    port = port or free_port()
    env = {**os.environ, **prefect_env(home)}
    (home / "prefect").mkdir(parents=True, exist_ok=True)
    log = open(home / "prefect" / "server.log", "ab")
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    api_url = f"http://127.0.0.1:{port}/api"
    try:
        wait_healthy(api_url, proc=proc)
        yield api_url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
