"""Local server processes: a free port, wait until an HTTP endpoint answers, run one for a `with` block."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

WATCHDOG = Path(__file__).with_name("watchdog.py")  # run by path: stops the server if its owner dies


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout_s: float = 30.0, proc: subprocess.Popen | None = None) -> None:
    """Until `url` answers 2xx; fail early if `proc` exits first."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer in {timeout_s:.0f} s")


@contextlib.contextmanager
def running(args: list[str], ready_url: str, log: Path, env: dict | None = None,
            timeout_s: float = 30.0) -> Iterator[subprocess.Popen]:
    """Start `args` (output to `log`) under a watchdog, wait for `ready_url`, yield; stop it and all it
    started on exit. The watchdog also stops it if this process dies without cleaning up (SIGKILL)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        proc = subprocess.Popen([sys.executable, str(WATCHDOG), "--", *args], stdout=out, stderr=subprocess.STDOUT,
                                env=env, start_new_session=True)
        try:
            wait_http(ready_url, timeout_s, proc)
            yield proc
        finally:
            stop_process_group(proc)


def stop_process_group(proc: subprocess.Popen, grace_s: float = 15.0) -> None:
    """SIGTERM the session `proc` leads (it and everything it started), SIGKILL it after `grace_s`."""
    for sig, wait_s in ((signal.SIGTERM, grace_s), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            proc.wait(wait_s)
            return
        except subprocess.TimeoutExpired:
            continue
