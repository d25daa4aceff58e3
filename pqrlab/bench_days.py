"""Does ingesting one more day cost the same after a year of history as after a month? (never a timed test)

    python -m pqrlab.bench_days                        # histories of 30 and 365 days, default daily volume
    python -m pqrlab.bench_days --history 30 365 --next-days 3 --daily-events 82

For each history length H it takes a fresh lake and database, backfills days 1..H in one run (timed: the
backfill), then ingests the next day `--next-days` times (`next_day=True`, as the daily schedule does;
timed: one more day). Every run is the production flow (`flows.lakehouse_flow`: papermill notebooks,
one Dask cluster, a local Prefect server, embedded PostgreSQL). Prints a table and each run's step times.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from pqrlab.settings import Settings

DEFAULT_HISTORIES = (30, 365)


def timed_run(flow, **parameters) -> tuple[float, dict]:
    """Wall seconds of one flow run and its `meta.runs` row; fails loudly if the run did not succeed."""
    started = time.perf_counter()
    report = flow(**parameters)
    seconds = time.perf_counter() - started
    if report.status != "succeeded":
        raise RuntimeError(f"run {report.run_id} {report.status}: {(report.run.get('error') or '')[:300]}")
    return seconds, report.run


def step_seconds(run: dict) -> str:
    """`generate 1.2s, bronze 0.8s, ...` from a run's recorded steps."""
    from pqrlab.steps import ordered_steps

    return ", ".join(f"{step} {values.get('seconds', 0):.1f}s" for step, values in ordered_steps(run.get("steps") or {}))


def measure_history(flow, common: dict, server_dsn: str, folder: Path, start: dt.date, history: int,
                    next_days: int) -> dict:
    """Backfill `history` days from `start` into a fresh lake and database, then ingest `next_days` more, one by one."""
    from pqrlab.course import fresh_database

    dsn = fresh_database(server_dsn, f"bench_days_{history}")
    where = {**common, "lake_url": f"file://{folder / f'lake-{history}'}", "pg_dsn": dsn}
    last = start + dt.timedelta(days=history - 1)
    backfill_s, backfill = timed_run(flow, from_day=start.isoformat(), to_day=last.isoformat(), **where)
    print(f"  {history} days backfilled in {backfill_s:.1f} s ({step_seconds(backfill)})", flush=True)
    next_s = []
    for _ in range(next_days):
        seconds, run = timed_run(flow, next_day=True, **where)
        next_s.append(seconds)
        print(f"  + {run.get('last_day')} (day {history + len(next_s)}) run {run['run_id']}: {seconds:.1f} s "
              f"({step_seconds(run)})", flush=True)
    return {"history": history, "backfill_s": backfill_s, "next_median_s": statistics.median(next_s),
            "next_min_s": min(next_s), "next_max_s": max(next_s)}


def table(rows: list[dict], next_days: int) -> str:
    lines = [f"{'history (days)':>14}  {'backfill (s)':>12}  {'one more day, median of ' + str(next_days) + ' (s)':>32}  "
             f"{'min':>6}  {'max':>6}"]
    lines += [f"{r['history']:>14}  {r['backfill_s']:>12.1f}  {r['next_median_s']:>32.1f}  {r['next_min_s']:>6.1f}  "
              f"{r['next_max_s']:>6.1f}" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pqrlab.bench_days", description=__doc__.split("\n")[0])
    parser.add_argument("--history", type=int, nargs="+", default=list(DEFAULT_HISTORIES),
                        help="days of history before the timed next days (default: 30 365)")
    parser.add_argument("--next-days", type=int, default=3, help="next days ingested and timed after each history")
    parser.add_argument("--daily-events", type=int, help="mean e-mails a day (default: PQR_DAILY_EVENTS)")
    args = parser.parse_args(argv)
    if args.daily_events:
        os.environ["PQR_DAILY_EVENTS"] = str(args.daily_events)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
    settings = Settings.from_env()
    folder = Path(tempfile.mkdtemp(prefix="pqr-bench-days-"))
    os.environ["PQR_HOME"] = str(folder / "home")  # executed notebooks of these runs stay out of the student's home
    os.environ.setdefault("DASK_TEMPORARY_DIRECTORY", str(folder / "dask"))
    from pqrlab.services.dask_cluster import dask_client
    from pqrlab.services.postgres import embedded_server
    from pqrlab.services.prefect_server import prefect_env, prefect_server

    with ExitStack() as stack:
        stack.callback(shutil.rmtree, folder, True)  # runs last: after every service below has stopped
        os.environ.update(prefect_env(folder / "home"))
        os.environ["PREFECT_API_URL"] = stack.enter_context(prefect_server(folder / "home"))
        server = embedded_server(folder / "pgdata")
        stack.callback(server.cleanup)
        client = stack.enter_context(dask_client(None, settings.dask_workers, shared=False))
        from pqrlab.flows import lakehouse_flow  # after PREFECT_API_URL is set

        common = {"dask_address": client.scheduler.address}
        rows = []
        for history in args.history:
            print(f"history {history} days (daily volume {os.environ.get('PQR_DAILY_EVENTS', 'default')}):", flush=True)
            rows.append(measure_history(lakehouse_flow, common, server.get_uri(), folder, settings.start, history,
                                        args.next_days))
    print("\n" + table(rows, args.next_days))
    print(f"\ncommand: python -m pqrlab.bench_days --history {' '.join(map(str, args.history))} "
          f"--next-days {args.next_days}" + (f" --daily-events {args.daily_events}" if args.daily_events else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
