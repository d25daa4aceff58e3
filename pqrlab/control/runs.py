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


# -- delivery days: which were ingested, which a running run holds (migration 011) --------------------
SOURCE = "email"


class GapError(RuntimeError):
    """Days a run asks for cannot be ingested in that order (one line: which days are missing, what to run)."""


class DaysBusyError(RuntimeError):
    """Another live run holds some of the days (one line naming the holding run)."""


def span(days: list[dt.date]) -> str:
    """Days as short text: consecutive runs as `first..last` (pure)."""
    days = sorted(set(days))
    runs_of_days: list[list[dt.date]] = []
    for day in days:
        if runs_of_days and (day - runs_of_days[-1][-1]).days == 1:
            runs_of_days[-1].append(day)
        else:
            runs_of_days.append([day])
    text = [f"{r[0]}..{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs_of_days[:4]]
    return ", ".join(text) + (", …" if len(runs_of_days) > 4 else "")


def _range_command(first: dt.date, last: dt.date) -> str:
    return f"pqrlab run --day {first}" if first == last else f"pqrlab run --from {first} --to {last}"


def gap_problem(ingested: list[dt.date], days: list[dt.date], reprocess: bool = False) -> str | None:
    """Why `days` (consecutive) cannot be ingested after `ingested`, or None (pure).

    A first ever day may be any day. After that a range must start the day after an ingested day, rerun from
    the first ingested day, or (a backfill of earlier history) start earlier and reach the latest ingested
    day. `reprocess` needs every day already ingested.
    """
    have, first, last = set(ingested), min(days), max(days)
    if reprocess:
        missing = sorted(set(days) - have)
        if missing:
            return (f"--reprocess applies to ingested days only, and {span(missing)} never was; ingest it first: "
                    f"{_range_command(missing[0], missing[-1])}")
        return None
    if not have or first - dt.timedelta(days=1) in have or first == min(have):
        return None
    if first < min(have):
        if last >= max(have):
            return None
        return (f"cannot ingest {span(days)} before the ingested history ({span(sorted(have))}) without the days "
                f"after it: rebuild from there on with {_range_command(first, max(have))}")
    before = max(d for d in have if d < first)
    gap = [before + dt.timedelta(days=i) for i in range(1, (first - before).days)]
    return (f"cannot ingest {span(days)}: {span(gap)} {'was' if len(gap) == 1 else 'were'} never ingested (the "
            f"latest day before it is {before}); fill the gap first: {_range_command(gap[0], last)}")


def ingested_days(dsn: str, source: str = SOURCE) -> list[dt.date]:
    """Days whose publish step succeeded, sorted."""
    with connect(dsn) as conn:
        return [r[0] for r in conn.execute("SELECT day FROM meta.ingested_days WHERE source = %s ORDER BY day",
                                           (source,))]


def next_day(dsn: str, start: dt.date) -> dt.date:
    """The day after the latest ingested day, or `start` when none was ingested."""
    days = ingested_days(dsn)
    if not days:
        return start
    if days[-1] == dt.date.max:
        raise GapError(f"the lake's latest ingested day is {days[-1]}, the last day a calendar has: "
                       "there is no next day to ingest")
    return days[-1] + dt.timedelta(days=1)


def mailbox_problem(recorded: list[tuple[int | None, float | None]], seed: int, daily: float) -> str | None:
    """Why a run of the mailbox (`seed`, `daily` e-mails a day) cannot join a lake whose ingested days came
    from another mailbox (`recorded`: their (seed, daily_events); unknown ones are skipped), or None (pure).
    One lake and control plane hold one mailbox: mixing two would make its tickets and Gold meaningless."""
    other = sorted({(s, d) for s, d in recorded
                    if s is not None and d is not None and (s != seed or round(d, 2) != round(daily, 2))})
    if not other:
        return None
    have = ", ".join(f"seed {s} at {d:g} e-mails a day" for s, d in other[:3])
    return (f"this lake's days were ingested from another mailbox ({have}), not seed {seed} at {daily:g} a day; "
            f"give --seed {other[0][0]} --daily-events {other[0][1]:g}, or point PQR_LAKE_URL and PQR_PG_DSN "
            "at a new lake")


def check_days(dsn: str, days: list[dt.date], reprocess: bool = False, seed: int | None = None,
               daily: float | None = None) -> None:
    """Raise GapError (one line) when `days` cannot be ingested now (`gap_problem`), or when the run's mailbox
    (`seed`, `daily`, when given) is not the one the lake already holds (`mailbox_problem`)."""
    if seed is not None and daily is not None:
        with connect(dsn) as conn:
            recorded = conn.execute("SELECT DISTINCT seed, daily_events FROM meta.ingested_days WHERE source = %s",
                                    (SOURCE,)).fetchall()
        problem = mailbox_problem(recorded, seed, daily)
        if problem:
            raise GapError(problem)
    problem = gap_problem(ingested_days(dsn), [_as_date(d) for d in days], reprocess)
    if problem:
        raise GapError(problem)


def _as_date(day: dt.date | str) -> dt.date:
    return day if isinstance(day, dt.date) else dt.date.fromisoformat(day)


def busy_message(run_id: str, holders: dict[tuple, list[dt.date]]) -> str:
    """One line naming the run(s) holding days that `run_id` asked for (pure)."""
    parts = []
    for (holder, pid, host, acquired), days in sorted(holders.items(), key=lambda kv: min(kv[1])):
        since = f" since {acquired:%Y-%m-%d %H:%M:%S %Z}" if acquired else ""
        parts.append(f"{span(days)} held by run {holder} (pid {pid} on {host}{since})")
    return (f"run {run_id} cannot start: {'; '.join(parts)}; wait for it to finish (or stop it), then run again")


def _holders(conn, run_id: str, days: list[dt.date], source: str) -> dict[tuple, list[dt.date]]:
    """Live holders of any of `days` other than this process's own `run_id` (dead owners are skipped)."""
    me = _owner()
    rows = conn.execute("SELECT day, run_id, pid, host, owner_started_at, acquired_at FROM meta.day_locks "
                        "WHERE source = %s AND day = ANY(%s)", (source, days)).fetchall()
    holders: dict[tuple, list[dt.date]] = {}
    for day, holder, pid, host, born, acquired in rows:
        mine = (holder, pid, host) == (run_id, me["pid"], me["host"])
        if not mine and owner_alive(pid, host, born) is not False:
            holders.setdefault((holder, pid, host, acquired), []).append(day)
    return holders


def check_not_busy(dsn: str, run_id: str, days: list[dt.date | str], source: str = SOURCE) -> None:
    """Raise DaysBusyError (one line) when a live run holds any of `days` (a check; `claim_days` decides)."""
    with connect(dsn) as conn:
        holders = _holders(conn, run_id, sorted({_as_date(d) for d in days}), source)
    if holders:
        raise DaysBusyError(busy_message(run_id, holders))


def days_to_claim(days: list[dt.date | str], ingested: list[dt.date], reprocess: bool = False) -> list[dt.date]:
    """The days a run must hold (pure): its own days, the day before them (whose ticket state it reads) and,
    when it reprocesses, every later ingested day (whose state and Gold it rewrites). Holding only its own
    days let a `--next` run read the state of a day that a concurrent reprocess was rewriting."""
    wanted = {_as_date(d) for d in days}
    later = {d for d in ingested if d > max(wanted)} if reprocess else set()
    before = {min(wanted) - dt.timedelta(days=1)} if min(wanted) > dt.date.min else set()
    return sorted(wanted | later | before)


def claim_days(dsn: str, run_id: str, days: list[dt.date | str], source: str = SOURCE) -> None:
    """Lock `days` for `run_id` in one transaction, or raise DaysBusyError when a live run holds any of them.

    Locks of an owner whose process is gone (`owner_alive` is False) are taken over; an owner on another
    host cannot be checked and counts as live. The same process may claim its own run's days again.
    """
    wanted = sorted({_as_date(d) for d in days})
    me = _owner()
    with connect(dsn) as conn:
        conn.execute("LOCK TABLE meta.day_locks IN SHARE ROW EXCLUSIVE MODE")  # one claimer at a time
        holders = _holders(conn, run_id, wanted, source)
        if holders:
            raise DaysBusyError(busy_message(run_id, holders))
        conn.execute("DELETE FROM meta.day_locks WHERE source = %s AND day = ANY(%s)", (source, wanted))
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO meta.day_locks (source, day, run_id, pid, host, owner_started_at) "
                            "VALUES (%s, %s, %s, %s, %s, %s)",
                            [(source, day, run_id, me["pid"], me["host"], me["born"]) for day in wanted])


def release_days(dsn: str, run_id: str, source: str = SOURCE) -> int:
    """Release the days this process holds for `run_id`; return how many."""
    me = _owner()
    with connect(dsn) as conn:
        return conn.execute("DELETE FROM meta.day_locks WHERE source = %s AND run_id = %s AND pid = %s AND host = %s",
                            (source, run_id, me["pid"], me["host"])).rowcount


def record_run_days(dsn: str, run_id: str, days: list[dt.date | str], reprocess: bool = False) -> None:
    """`meta.runs`: the delivery days a run covers, and whether it reprocesses them."""
    dates = sorted({_as_date(d) for d in days})
    with connect(dsn) as conn:
        conn.execute("UPDATE meta.runs SET first_day = %s, last_day = %s, days = %s, reprocess = %s WHERE run_id = %s",
                     (dates[0], dates[-1], dates, reprocess, run_id))


def record_ingested(dsn: str, run_id: str, days: list[dt.date | str], counts: dict[str, dict]) -> None:
    """Mark `days` ingested by `run_id` (after its publish step succeeded): upsert one row per day with the
    run's seed and daily volume (from `meta.runs`) and the day's `counts` (raw_lines, bronze_rows, quarantined)."""
    rows = []
    for day in sorted({_as_date(d) for d in days}):
        c = counts.get(day.isoformat(), {})
        rows.append({"day": day, "run_id": run_id, "raw": c.get("raw_lines"), "bronze": c.get("bronze_rows"),
                     "quarantined": c.get("quarantined"), "source": SOURCE})
    with connect(dsn) as conn, conn.cursor() as cur:
        cur.executemany(
            """INSERT INTO meta.ingested_days (source, day, run_id, seed, daily_events, raw_lines, bronze_rows,
                                              quarantined)
               SELECT %(source)s, %(day)s, %(run_id)s, r.seed, (r.params->>'daily_events')::double precision,
                      %(raw)s, %(bronze)s, %(quarantined)s
               FROM (SELECT 1) one LEFT JOIN meta.runs r ON r.run_id = %(run_id)s
               ON CONFLICT (source, day) DO UPDATE SET run_id = EXCLUDED.run_id, seed = EXCLUDED.seed,
                 daily_events = EXCLUDED.daily_events, ingested_at = now(), raw_lines = EXCLUDED.raw_lines,
                 bronze_rows = EXCLUDED.bronze_rows, quarantined = EXCLUDED.quarantined""", rows)
