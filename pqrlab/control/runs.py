"""Governance: one `meta.runs` row per run, with every step's timings and counts, and `meta.lineage`."""
from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
from pathlib import Path

import psutil

from pqrlab import __version__
from pqrlab.control.db import connect
from pqrlab.steps import StepResult


def code_version() -> str:
    """The package version plus the git commit when run from a checkout."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=Path(__file__).parent, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{__version__}+{commit}" if commit else __version__


def start_run(dsn: str, run_id: str, seed: int | None, params: dict, flow_run_id: str | None = None,
              keep_started: bool = False) -> None:
    """Create the run row, or reset a rerun (its steps are overwritten as they run again).

    `keep_started` keeps the start time of a run already marked running (the flow started it).
    """
    with connect(dsn) as conn:
        conn.execute(
            """INSERT INTO meta.runs (run_id, seed, params, code_version, status, prefect_flow_run_id,
                                     owner_pid, owner_host, owner_started_at)
               VALUES (%(run_id)s, %(seed)s, %(params)s, %(code)s, 'running', %(flow)s,
                       %(pid)s, %(host)s, %(born)s)
               ON CONFLICT (run_id) DO UPDATE SET seed = EXCLUDED.seed, params = EXCLUDED.params,
                 code_version = EXCLUDED.code_version, status = 'running', ended_at = NULL, error = NULL,
                 failed_step = NULL,
                 started_at = CASE WHEN %(keep)s AND meta.runs.status = 'running'
                                   THEN meta.runs.started_at ELSE now() END,
                 owner_pid = CASE WHEN %(keep)s AND meta.runs.status = 'running'
                                  THEN meta.runs.owner_pid ELSE EXCLUDED.owner_pid END,
                 owner_host = CASE WHEN %(keep)s AND meta.runs.status = 'running'
                                   THEN meta.runs.owner_host ELSE EXCLUDED.owner_host END,
                 owner_started_at = CASE WHEN %(keep)s AND meta.runs.status = 'running'
                                         THEN meta.runs.owner_started_at ELSE EXCLUDED.owner_started_at END,
                 prefect_flow_run_id = COALESCE(EXCLUDED.prefect_flow_run_id, meta.runs.prefect_flow_run_id)""",
            {"run_id": run_id, "seed": seed, "params": json.dumps(params, default=str), "code": code_version(),
             "flow": flow_run_id, "keep": keep_started, **_owner()})


def _owner(pid: int | None = None) -> dict:
    """pid, host and start time of the process that owns a run (the pid alone can be reused)."""
    process = psutil.Process(pid or os.getpid())
    born = dt.datetime.fromtimestamp(process.create_time(), dt.timezone.utc)
    return {"pid": process.pid, "host": socket.gethostname(), "born": born}


def owner_alive(pid: int | None, host: str | None, started_at: dt.datetime | None) -> bool | None:
    """Whether the recorded owner still runs: None when it cannot be told (another host, no owner recorded)."""
    if pid is None or host != socket.gethostname():
        return None
    try:
        born = psutil.Process(pid).create_time()
    except (psutil.NoSuchProcess, psutil.ZombieProcess):
        return False
    except psutil.AccessDenied:
        return True
    return started_at is None or abs(born - started_at.timestamp()) < 1.0


def mark_abandoned(dsn: str) -> list[str]:
    """Mark `abandoned` every running run of this host whose owning process is gone; return their ids."""
    with connect(dsn) as conn:
        rows = conn.execute("SELECT run_id, owner_pid, owner_host, owner_started_at FROM meta.runs "
                            "WHERE status = 'running' AND owner_host = %s", (socket.gethostname(),)).fetchall()
        gone = [run_id for run_id, pid, host, born in rows if owner_alive(pid, host, born) is False]
        for run_id in gone:
            conn.execute(
                "UPDATE meta.runs SET status = 'abandoned', ended_at = now(), "
                "error = format('abandoned: its process %%s on %%s ended without finishing the run', "
                "owner_pid, owner_host) WHERE run_id = %s AND status = 'running'", (run_id,))
    return gone


def record_step(dsn: str, result: StepResult) -> None:
    """Store a step's summary in `meta.runs.steps` and its inputs/outputs in `meta.lineage`."""
    with connect(dsn) as conn:
        conn.execute(
            """INSERT INTO meta.runs (run_id, code_version) VALUES (%s, %s) ON CONFLICT (run_id) DO NOTHING""",
            (result.run_id, code_version()))
        conn.execute("UPDATE meta.runs SET steps = steps || jsonb_build_object(%s::text, %s::jsonb) "
                     "WHERE run_id = %s", (result.step, json.dumps(result.summary()), result.run_id))
        conn.execute("DELETE FROM meta.lineage WHERE run_id = %s AND step = %s", (result.run_id, result.step))
        rows = [(result.run_id, result.step, "input", url, None, None, result.model_version) for url in result.inputs]
        rows += [(result.run_id, result.step, "output", o.url, o.rows, o.sha256, result.model_version)
                 for o in result.outputs]
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO meta.lineage (run_id, step, direction, url, rows, sha256, model_version) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)


def record_checks(dsn: str, run_id: str, results: list) -> None:
    """Store one layer's data-quality results in `meta.quality_checks` (a rerun replaces them)."""
    rows = [(run_id, r.check.layer, r.check.dataset, r.check.name, r.passed, r.observed, r.threshold,
             r.check.blocking) for r in results]
    with connect(dsn) as conn, conn.cursor() as cur:
        cur.execute("INSERT INTO meta.runs (run_id, code_version) VALUES (%s, %s) ON CONFLICT (run_id) DO NOTHING",
                    (run_id, code_version()))
        cur.execute("DELETE FROM meta.quality_checks WHERE run_id = %s AND layer = ANY(%s)",
                    (run_id, sorted({r[1] for r in rows})))
        cur.executemany("INSERT INTO meta.quality_checks (run_id, layer, dataset, check_name, passed, observed, "
                        "threshold, blocking) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", rows)


def finish_run(dsn: str, run_id: str, status: str, error: str | None = None,
               failed_step: str | None = None) -> None:
    with connect(dsn) as conn:
        conn.execute("UPDATE meta.runs SET status = %s, ended_at = now(), error = %s, failed_step = %s "
                     "WHERE run_id = %s", (status, error, failed_step, run_id))


def get_run(dsn: str, run_id: str) -> dict | None:
    with connect(dsn) as conn:
        cur = conn.execute("SELECT * FROM meta.runs WHERE run_id = %s", (run_id,))
        row = cur.fetchone()
        return dict(zip([d.name for d in cur.description], row)) if row else None


def recent_runs(dsn: str, limit: int = 10) -> list[dict]:
    with connect(dsn) as conn:
        cur = conn.execute("SELECT run_id, status, started_at, ended_at, steps, failed_step, error FROM meta.runs "
                           "ORDER BY started_at DESC LIMIT %s", (limit,))
        return [dict(zip([d.name for d in cur.description], row)) for row in cur.fetchall()]
