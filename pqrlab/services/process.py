"""Local server processes: free and taken ports, wait until an HTTP endpoint answers, run one for a `with` block."""
from __future__ import annotations

import contextlib
import json
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


class PortTaken(RuntimeError):
    """A fixed port that a service needs is already in use (the message says which setting moves it)."""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def port_answers(port: int, host: str = "127.0.0.1", timeout_s: float = 1.0) -> bool:
    """Whether something accepts TCP connections on `host:port`."""
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            return True
    except OSError:
        return False


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a server could bind `host:port` now (nothing listens there, nothing holds it)."""
    if port_answers(port, host):
        return False
    with socket.socket() as sock:
        if os.name != "nt":  # as servers do: a port in TIME_WAIT is free for them (on Windows it means "share")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def ensure_ports_free(ports: dict[str, tuple[int, str]], host: str = "127.0.0.1") -> None:
    """Raise PortTaken for the first taken port; `ports` maps a service to (port, the setting that moves it)."""
    for service, (port, setting) in ports.items():
        if not port_is_free(port, host):
            raise PortTaken(f"Port {port} for {service} is already in use (another `make up`?): stop what uses it, "
                            f"or set {setting}=<another port> in .env")


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
def spawned(args: list[str], log: Path, env: dict | None = None) -> Iterator[subprocess.Popen]:
    """Start `args` in its own session under a watchdog (output to `log`), yield it; on exit stop it and all
    it started. The watchdog also stops it if this process dies without cleaning up (SIGKILL)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        proc = subprocess.Popen([sys.executable, str(WATCHDOG), "--", *args], stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        try:
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


@contextlib.contextmanager
def running(args: list[str], ready_url: str, log: Path, env: dict | None = None,
            timeout_s: float = 30.0) -> Iterator[subprocess.Popen]:
    """Start `args` under the watchdog (output to `log`), wait for `ready_url`, yield; stop its whole group on exit."""
    with spawned(args, log, env) as proc:
        wait_http(ready_url, timeout_s, proc)
        yield proc


def read_services(services_file: Path) -> dict[str, str]:
    """The URLs a running `pqrlab up` published in `services_file` (empty when none is running)."""
    try:
        return json.loads(services_file.read_text())
    except (OSError, ValueError):
        return {}


@contextlib.contextmanager
def published(services_file: Path, services: dict[str, str]) -> Iterator[None]:
    """Publish `services` in `services_file` for the length of the block (removed afterwards)."""
    services_file.parent.mkdir(parents=True, exist_ok=True)
    temporary = services_file.with_suffix(".tmp")
    temporary.write_text(json.dumps({**services, "pid": os.getpid()}, indent=2))
    temporary.replace(services_file)
    try:
        yield
    finally:
        services_file.unlink(missing_ok=True)
