"""Runs that end, always (issue 12 §7), with real processes: SIGTERM/SIGINT stop everything a run started
and mark it failed (interrupted); a run whose process vanished (SIGKILL) is marked abandoned by the next
`pqrlab status` or run; no server outlives its owner; a failed run leaves earlier published Gold as it was."""
from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import psycopg
import pytest

from pqrlab.control.db import fetch_frame
from pqrlab.control.runs import get_run, mark_abandoned, start_run
from pqrlab.steps import STEP_ORDER
from tests.conftest import create_database

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def wait_until(predicate, timeout_s: float, what: str, every_s: float = 0.5):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every_s)
    raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}")


def all_gone(procs: list[psutil.Process]) -> list[psutil.Process]:
    """The processes of `procs` still running (zombies count as gone)."""
    alive = []
    for proc in procs:
        try:
            if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                alive.append(proc)
        except psutil.NoSuchProcess:
            pass
    return alive


def describe(procs: list[psutil.Process]) -> str:
    out = []
    for proc in procs:
        try:
            out.append(f"{proc.pid} {' '.join(proc.cmdline())[:120]}")
        except psutil.Error:
            pass
    return "; ".join(out)


# -- the watchdog: a server never outlives its owner ---------------------------------------------
OWNER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from pqrlab.services.process import free_port, running
    port = free_port()
    args = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    with running(args, f"http://127.0.0.1:{port}/", Path(sys.argv[1]) / "server.log") as proc:
        print(proc.pid, flush=True)
        time.sleep(float(sys.argv[2]))
""")


def start_owner(tmp_path: Path, sleep_s: float) -> tuple[subprocess.Popen, list[psutil.Process]]:
    owner = subprocess.Popen([sys.executable, "-c", OWNER, str(tmp_path), str(sleep_s)], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, env=ENV)  # SIGINT prints a traceback there
    watchdog_pid = int(owner.stdout.readline())
    watchdog = psutil.Process(watchdog_pid)
    return owner, [watchdog, *watchdog.children(recursive=True)]


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_a_server_does_not_outlive_its_owner(tmp_path, sig):
    owner, server = start_owner(tmp_path, 120)
    assert len(server) == 2 and "http.server" in " ".join(server[1].cmdline())
    owner.send_signal(sig)
    owner.wait(30)
    wait_until(lambda: not all_gone(server), 20, f"the server to stop: {describe(server)}")


def test_a_server_stops_when_its_block_ends(tmp_path):
    owner, server = start_owner(tmp_path, 0.1)
    assert owner.wait(30) == 0
    assert all_gone(server) == []


def test_the_watchdog_stops_a_whole_process_tree(tmp_path):
    """A server that starts helpers of its own (like a server with workers) loses them all with its owner."""
    script = "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)']); " \
             "time.sleep(300)"
    owner = subprocess.Popen([sys.executable, str(REPO / "pqrlab/services/watchdog.py"), "--", sys.executable, "-c",
                              script], env=ENV, start_new_session=True)
    tree = wait_until(lambda: (lambda t: t if len(t) == 2 else None)(psutil.Process(owner.pid).children(recursive=True)),
                      30, "the server and its helper")
    owner.send_signal(signal.SIGTERM)
    owner.wait(30)
    wait_until(lambda: not all_gone(tree), 15, "the tree to stop")


# -- SIGTERM/SIGINT unwind a run's `with` blocks and stop its children --------------------------
INTERRUPTIBLE = textwrap.dedent("""
    import subprocess, sys, time
    from pqrlab.services.lifecycle import interruptible
    try:
        with interruptible():
            child = subprocess.Popen([sys.executable, "-c", "import signal, time; "
                                      "signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(300)"])
            print(child.pid, flush=True)
            time.sleep(300)
    except KeyboardInterrupt as err:
        print(f"interrupted {err}", flush=True)
        sys.exit(3)
""")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_interruptible_turns_signals_into_an_exception_and_stops_children(sig):
    proc = subprocess.Popen([sys.executable, "-c", INTERRUPTIBLE], stdout=subprocess.PIPE, text=True, env=ENV)
    child = psutil.Process(int(proc.stdout.readline()))
    proc.send_signal(sig)
    assert proc.wait(60) == 3
    assert proc.stdout.read().strip() == f"interrupted {sig.name}"
    wait_until(lambda: not all_gone([child]), 20, "the child that ignores SIGTERM to be killed")


SWALLOWED = textwrap.dedent("""
    import os, signal, sys
    from pqrlab.services.lifecycle import RunInterrupted, check_interrupted, interruptible, interrupted_by
    try:
        with interruptible():
            try:
                os.kill(os.getpid(), signal.SIGTERM)
                for _ in range(10**6):  # the handler runs at the next bytecode: inside this `try`
                    pass
            except BaseException as err:  # like Prefect's engine after a flow run's end: swallowed
                print(f"swallowed {type(err).__name__}", flush=True)
            os.kill(os.getpid(), signal.SIGINT)  # a later signal is only recorded: cleaning up goes on
            print(f"still running, interrupted by {interrupted_by()}", flush=True)
            check_interrupted()
            print("not stopped", flush=True)
    except RunInterrupted as err:
        print(f"stopped by {err}", flush=True)
        check_interrupted()  # after the block: what follows in this process starts uninterrupted
        print(f"after the block: {interrupted_by()}", flush=True)
        sys.exit(3)
""")


def test_a_swallowed_interruption_still_stops_the_run_at_the_next_check():
    out = subprocess.run([sys.executable, "-c", SWALLOWED], capture_output=True, text=True, env=ENV, timeout=60)
    assert out.returncode == 3, out.stderr
    assert out.stdout.split("\n")[:4] == ["swallowed RunInterrupted", "still running, interrupted by SIGTERM",
                                          "stopped by SIGTERM", "after the block: None"]


# Prefect's flow engine installs its SIGTERM bridge (TerminationSignal, not a KeyboardInterrupt) over ours;
# raised while an asyncio task runs (nbclient's kernel-alive poll during every notebook cell), asyncio stores it
# on that task, which nbclient cancels; raised in a loop callback (zmq's poll-ready), asyncio logs and drops it
# and the cell waits until it times out, an ordinary error that Prefect retries: the signal was lost.
IN_A_TASK = textwrap.dedent("""
    import asyncio, os, signal, sys, threading, time
    from prefect.utilities.engine import capture_sigterm, is_prefect_sigterm_handler_installed
    from pqrlab.services.lifecycle import RunInterrupted, interruptible, keep_interruptible

    async def busy_poll():  # Python code inside a task step when the signal arrives
        while True:
            begun = time.perf_counter()
            while time.perf_counter() - begun < 0.2:
                pass
            await asyncio.sleep(0)

    def busy_callback(loop, until):  # Python code in a loop callback (zmq's poll-ready) when the signal arrives
        begun = time.perf_counter()
        while time.perf_counter() - begun < 0.2:
            pass
        if time.perf_counter() < until:
            loop.call_soon(busy_callback, loop, until)

    async def cell():
        if sys.argv[2] == "task":
            poll = asyncio.ensure_future(busy_poll())
        else:
            asyncio.get_running_loop().call_soon(busy_callback, asyncio.get_running_loop(), time.perf_counter() + 1.2)
        await asyncio.sleep(1.5)
        if sys.argv[2] == "task":
            poll.cancel()  # as nbclient does with its kernel-alive poll: an exception stored on it is never seen

    try:
        with interruptible(), capture_sigterm():
            assert is_prefect_sigterm_handler_installed()
            if sys.argv[1] == "keep":
                keep_interruptible()
            print(f"prefect bridge: {is_prefect_sigterm_handler_installed()}", flush=True)
            threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM)).start()
            asyncio.new_event_loop().run_until_complete(cell())
            print("the cell finished", flush=True)
    except RunInterrupted as err:
        print(f"stopped by {err}", flush=True)
        sys.exit(3)
""")


@pytest.mark.parametrize("where", ["task", "callback"])
def test_keep_interruptible_takes_sigterm_back_from_prefect_so_asyncio_can_not_swallow_it(where):
    out = subprocess.run([sys.executable, "-c", IN_A_TASK, "keep", where], capture_output=True, text=True, env=ENV,
                         timeout=60)
    assert (out.returncode, out.stdout.split("\n")[:2]) == (3, ["prefect bridge: False", "stopped by SIGTERM"]), \
        out.stderr[-2000:]


# -- abandoned runs ---------------------------------------------------------------------------------
def test_a_run_whose_process_is_gone_is_marked_abandoned(fresh_db):
    code = f"from pqrlab.control.runs import start_run; start_run({fresh_db!r}, 'gone', 1, {{}})"
    subprocess.run([sys.executable, "-c", code], env=ENV, check=True, timeout=60)
    start_run(fresh_db, "alive", 1, {})  # owned by this test process, which is alive
    start_run(fresh_db, "reused-pid", 1, {})
    start_run(fresh_db, "other-host", 1, {})
    start_run(fresh_db, "done", 1, {})
    with psycopg.connect(fresh_db) as conn:
        conn.execute("UPDATE meta.runs SET owner_started_at = owner_started_at - interval '1 hour' "
                     "WHERE run_id = 'reused-pid'")  # same pid, another process: the owner is gone
        conn.execute("UPDATE meta.runs SET owner_host = 'another-machine', owner_pid = 1 WHERE run_id = 'other-host'")
        conn.execute("UPDATE meta.runs SET status = 'succeeded', owner_pid = 999999999 WHERE run_id = 'done'")
    assert sorted(mark_abandoned(fresh_db)) == ["gone", "reused-pid"]
    gone = get_run(fresh_db, "gone")
    assert gone["status"] == "abandoned" and gone["ended_at"] is not None
    assert f"its process {gone['owner_pid']}" in gone["error"]
    assert get_run(fresh_db, "alive")["status"] == "running"
    assert get_run(fresh_db, "other-host")["status"] == "running"  # cannot be told from here: left alone
    assert get_run(fresh_db, "done")["status"] == "succeeded"
    assert mark_abandoned(fresh_db) == []  # idempotent


def test_steps_in_a_kernel_keep_the_flow_as_owner(fresh_db):
    """The flow starts the run; notebook 01 (another process) calls start_run(keep_started=True) again."""
    start_run(fresh_db, "owned", 1, {})
    code = f"from pqrlab.control.runs import start_run; start_run({fresh_db!r}, 'owned', 1, {{}}, keep_started=True)"
    subprocess.run([sys.executable, "-c", code], env=ENV, check=True, timeout=60)
    assert get_run(fresh_db, "owned")["owner_pid"] == os.getpid()
    assert mark_abandoned(fresh_db) == []


def test_a_rerun_takes_the_run_over_and_clears_its_failure(fresh_db):
    from pqrlab.control.runs import finish_run

    start_run(fresh_db, "again", 1, {})
    finish_run(fresh_db, "again", "failed", error="step bronze failed: X", failed_step="bronze")
    start_run(fresh_db, "again", 1, {})
    row = get_run(fresh_db, "again")
    assert row["status"] == "running" and row["error"] is None and row["failed_step"] is None


# -- real `pqrlab run`s: SIGTERM, SIGKILL, and earlier Gold kept ---------------------------------
GOLD = ["public.gold_daily_volume", "public.gold_sla_compliance", "core.tickets"]


def cli_run(tmp_path: Path, dsn: str, run_id: str) -> subprocess.Popen:
    env = {**ENV, "PQR_PG_DSN": dsn, "PQR_HOME": str(tmp_path / "home"), "PQR_LAKE_URL": f"file://{tmp_path / 'lake'}",
           "PQR_DASK_WORKERS": "1", "PQR_EVENTS": "400", "PQR_DAYS": "30"}
    env.pop("PREFECT_API_URL", None)  # each run starts (and must stop) its own Prefect server
    log = open(tmp_path / f"{run_id}.log", "w")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen([sys.executable, "-m", "pqrlab.cli", "run", "--run-id", run_id], env=env, stdout=log,
                            stderr=subprocess.STDOUT, cwd=tmp_path)


def wait_for_step(dsn: str, run_id: str, step: str, proc: subprocess.Popen, timeout_s: float = 300) -> None:
    def reached():
        assert proc.poll() is None, f"the run ended early with {proc.returncode}"
        row = get_run(dsn, run_id) if table_exists(dsn) else None
        return row is not None and step in (row.get("steps") or {})
    wait_until(reached, timeout_s, f"{run_id} to finish step {step}")


def table_exists(dsn: str) -> bool:
    return fetch_frame(dsn, "SELECT to_regclass('meta.runs') IS NOT NULL AS ok")["ok"][0]


def snapshot(dsn: str) -> dict:
    return {t: fetch_frame(dsn, f"SELECT * FROM {t} ORDER BY 1, 2, 3") for t in GOLD}


def signal_when(proc: subprocess.Popen, dsn: str, run_id: str, moment: str | None, timeout_s: float = 300) -> float:
    """Send SIGTERM once the run reached `moment` (None: at once; "started": its row exists; else a step
    recorded), or not at all when it ended first; return the wall time it was sent (0 when not sent)."""
    def reached() -> bool:
        if moment is None or proc.poll() is not None:
            return True
        row = get_run(dsn, run_id) if table_exists(dsn) else None
        return row is not None and (moment == "started" or moment in (row.get("steps") or {}))
    wait_until(reached, timeout_s, f"{run_id} to reach {moment}", every_s=0.2)
    if proc.poll() is not None:
        return 0.0
    sent = time.time()
    proc.send_signal(signal.SIGTERM)
    return sent


def sigterm_outcome(tmp_path: Path, dsn: str, run_id: str, moment: str | None, before: dict) -> tuple:
    """SIGTERM a real run at `moment`; check it was not lost: the process ends with 143 and a final row, failed
    with the step it interrupted or succeeded when its work had ended before the signal; exit 0 only for a run
    that had exited before the signal was sent, -SIGTERM only before `pqrlab run` started anything (no row).
    Earlier Gold is as it was unless the run itself published. Returns (exit code, status, failed step)."""
    import pandas as pd

    proc = cli_run(tmp_path, dsn, run_id)
    sent = signal_when(proc, dsn, run_id, moment)
    children = psutil.Process(proc.pid).children(recursive=True) if proc.poll() is None else []
    rc = proc.wait(180)
    log = (tmp_path / f"{run_id}.log").read_text()
    row = get_run(dsn, run_id) or {}
    wait_until(lambda: not all_gone(children), 30, f"children of {run_id} to stop: {describe(children)}")
    if not sent:  # it ended before the signal
        assert (rc, row.get("status")) == (0, "succeeded"), log[-3000:]
    elif rc == -signal.SIGTERM:  # the default handler: before `pqrlab run` started anything
        assert not row, f"{run_id}: {row}"
    else:
        assert rc == 143 and "interrupted by SIGTERM" in log, f"{run_id}: {rc}\n{log[-3000:]}"
        if row.get("status") == "succeeded":  # interrupted after its work: it had ended before the signal
            assert row["ended_at"].timestamp() <= sent, f"{run_id}: succeeded after the SIGTERM"
        elif row:
            assert row["status"] == "failed" and row["ended_at"] is not None, f"{run_id}: {row}"
            assert row["error"].startswith(f"interrupted by SIGTERM during step {row['failed_step']}"), row["error"]
    if "publish" not in (row.get("steps") or {}):  # it published nothing: earlier Gold as it was
        for table in GOLD:
            pd.testing.assert_frame_equal(before[table], snapshot(dsn)[table], obj=f"{run_id}: {table}")
    return rc, row.get("status"), row.get("failed_step")


def test_real_runs_end_on_sigterm_and_sigkill(pg_dsn, tmp_path):
    import pandas as pd

    dsn = create_database(pg_dsn)
    good = cli_run(tmp_path, dsn, "good")
    assert good.wait(600) == 0, (tmp_path / "good.log").read_text()[-3000:]
    before = snapshot(dsn)
    assert len(before["public.gold_daily_volume"]) > 0

    # SIGTERM mid-run: everything it started stops, the row says failed + interrupted + the step
    term = cli_run(tmp_path, dsn, "term")
    wait_for_step(dsn, "term", "generate", term)
    children = psutil.Process(term.pid).children(recursive=True)
    assert any("prefect" in " ".join(c.cmdline()) for c in children), describe(children)
    sent = time.monotonic()
    term.send_signal(signal.SIGTERM)
    assert term.wait(120) == 143, (tmp_path / "term.log").read_text()[-3000:]
    stop_seconds = time.monotonic() - sent
    wait_until(lambda: not all_gone(children), 30, f"children of the interrupted run to stop: {describe(children)}")
    row = get_run(dsn, "term")
    assert row["status"] == "failed" and row["ended_at"] is not None
    assert row["error"].startswith("interrupted by SIGTERM during step ") and row["failed_step"] in STEP_ORDER
    assert "interrupted by SIGTERM" in (tmp_path / "term.log").read_text()
    after = snapshot(dsn)
    for table in GOLD:  # the earlier run's published Gold is as it was
        pd.testing.assert_frame_equal(before[table], after[table], obj=table)
    print(f"SIGTERM to exit: {stop_seconds:.1f} s")

    # SIGTERM at other moments, from the very start to the last notebook: never lost
    moments = {"at-once": None, "started": "started", "in-gold": "gold", "late": "publish"}
    outcomes = {run_id: sigterm_outcome(tmp_path, dsn, run_id, moment, before) for run_id, moment in moments.items()}
    rc, status, step = outcomes["in-gold"]  # mid-run: interrupted for sure, in the step it was running or after
    assert (rc, status) == (143, "failed") and step in ("gold", "publish"), outcomes
    print(f"SIGTERM outcomes (exit code, status, failed step): {outcomes}")

    # SIGKILL mid-run: the Prefect server goes with it (watchdog); `pqrlab status` marks the run abandoned
    before = snapshot(dsn)  # the late run above may have published before its SIGTERM
    kill = cli_run(tmp_path, dsn, "kill")
    wait_for_step(dsn, "kill", "generate", kill)
    children = psutil.Process(kill.pid).children(recursive=True)
    servers = [c for c in children if "prefect" in " ".join(c.cmdline())]
    servers += [d for s in servers for d in s.children(recursive=True)]
    assert servers, describe(children)
    kill.send_signal(signal.SIGKILL)
    kill.wait(30)
    wait_until(lambda: not all_gone(servers), 30, f"the orphaned Prefect server to stop: {describe(servers)}")
    wait_until(lambda: not all_gone(children), 60, f"every child of the killed run to stop: {describe(children)}")
    assert get_run(dsn, "kill")["status"] == "running"  # nobody could mark it: its process was killed
    status = subprocess.run([sys.executable, "-m", "pqrlab.cli", "status"], capture_output=True, text=True,
                            env={**ENV, "PQR_PG_DSN": dsn, "PQR_HOME": str(tmp_path / "home")}, timeout=120)
    assert status.returncode == 0, status.stderr
    assert "kill: its process is gone; marked abandoned" in status.stdout
    row = get_run(dsn, "kill")
    assert row["status"] == "abandoned" and "ended without finishing" in row["error"]
    for table in GOLD:
        pd.testing.assert_frame_equal(before[table], snapshot(dsn)[table], obj=table)
    assert dt.datetime.now(dt.timezone.utc) - row["ended_at"] < dt.timedelta(minutes=5)

