"""Embedded services: PostgreSQL recovers a server left by a killed process; the CLI reads meta.runs."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import psutil
import psycopg

from pqrlab.services.postgres import HANDLES_FILE, embedded_server, prune_dead_handles


def postmaster_pid(pgdata: Path) -> int | None:
    pidfile = pgdata / "postmaster.pid"
    if not pidfile.exists():
        return None
    pid = int(pidfile.read_text().split()[0])
    return pid if psutil.pid_exists(pid) else None


def test_recovers_a_server_left_by_a_killed_process(tmp_path):
    pgdata = tmp_path / "pgdata"
    child = textwrap.dedent(f"""
        import os, signal
        from pqrlab.services.postgres import embedded_server
        embedded_server(__import__('pathlib').Path({str(pgdata)!r}))
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    subprocess.run([sys.executable, "-c", child], check=False, timeout=120)
    stale = json.loads((pgdata / HANDLES_FILE).read_text())
    assert stale and not any(psutil.pid_exists(p) for p in stale)  # the dead pid is still registered
    assert postmaster_pid(pgdata)  # and the server still runs
    server = embedded_server(pgdata)  # joins it, dropping the dead handle
    assert json.loads((pgdata / HANDLES_FILE).read_text()) == [os.getpid()]
    with psycopg.connect(server.get_uri()) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    server.cleanup()  # the last live user leaves: the server stops
    assert postmaster_pid(pgdata) is None
    assert prune_dead_handles(pgdata) == []


def test_cli_status_lists_runs(fresh_db):
    from pqrlab.control.runs import finish_run, start_run

    start_run(fresh_db, "cli-run", 1, {"events": 10})
    finish_run(fresh_db, "cli-run", "succeeded")
    out = subprocess.run([sys.executable, "-m", "pqrlab.cli", "status"], capture_output=True, text=True,
                         env={**os.environ, "PQR_PG_DSN": fresh_db}, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "cli-run" in out.stdout and "succeeded" in out.stdout


def test_cli_rejects_bad_input():
    out = subprocess.run([sys.executable, "-m", "pqrlab.cli", "run", "--events", "0"], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 2 and "events must be at least 1" in out.stderr and "Traceback" not in out.stderr
