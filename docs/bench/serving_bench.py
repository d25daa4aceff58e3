"""Serving numbers, printed (never a timed test):

    PYTHONPATH=. python docs/bench/serving_bench.py --events 5000 --days 61

One backfill run (`--days` delivery days) through every layer on a temporary lake and embedded PostgreSQL,
then: the Gold step's seconds and the rows of each area table, the publish step's seconds, and what the
executive page costs through the BI login role as of the latest day (reading the Gold frames of the default
period and the one before it, then computing every indicator for the default filters).
"""
from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--days", type=int, default=61)
    args = parser.parse_args()

    from pqrlab.channel.generator import ChannelConfig
    from pqrlab.control.bi import ensure_bi_login, login_dsn
    from pqrlab.control.db import apply_migrations
    from pqrlab.control.publish import publish
    from pqrlab.control.runs import finish_run, start_run
    from pqrlab.dashboard import indicadores as ind
    from pqrlab.dashboard.queries import day_bounds, gold_frames
    from pqrlab.lake import Lake
    from pqrlab.layers.bronze import raw_to_bronze
    from pqrlab.layers.gold import AREA_DATASETS, silver_to_gold
    from pqrlab.layers.raw import generate_raw
    from pqrlab.layers.silver import bronze_to_silver
    from pqrlab.services.dask_cluster import start_client, stop_client
    from pqrlab.services.postgres import embedded_server

    folder = Path(tempfile.mkdtemp(prefix="pqr-serving-bench-"))
    folder.chmod(0o755)
    server = embedded_server(folder / "pgdata")
    dsn = server.get_uri()
    client = start_client(None, n_workers=2)
    try:
        apply_migrations(dsn)
        ensure_bi_login(dsn, "pqr_bi_reader", None)
        lake = Lake(f"file://{folder / 'lake'}")
        cfg = ChannelConfig(seed=42, run_id="bench", events=args.events, start=dt.date(2026, 3, 2), days=args.days)
        start_run(dsn, "bench", 42, {})
        generate_raw(lake, client, cfg)
        raw_to_bronze(lake, client, "bench")
        silver = bronze_to_silver(lake, client, "bench", "keywords-baseline")
        gold = silver_to_gold(lake, client, "bench")
        published = publish(lake, dsn, "bench")
        finish_run(dsn, "bench", "succeeded")
        print(f"events {args.events:,}, days {args.days}, tickets {silver.rows_out:,}")
        print(f"gold step {gold.seconds:.2f} s ({gold.counts['days']} days, every dataset); publish {published.seconds:.2f} s")
        for name in AREA_DATASETS:
            print(f"  gold_{name:<14} {gold.counts[f'rows_{name}']:>8,} rows")
        bi = login_dsn(dsn, "pqr_bi_reader", None)
        started = time.perf_counter()
        first, latest = day_bounds(bi)
        filters = ind.Filters(*ind.default_period(first, latest))
        frames = gold_frames(bi, filters.previous().start, filters.end, latest)
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        ind.summary(frames, filters), ind.summary(frames, filters.previous()), ind.due_soon(frames, filters)
        ind.daily(frames, filters), ind.backlog_by_age(frames, filters), ind.breakdown(frames, filters, "topic")
        ind.overdue_list(frames, filters)
        ind.map_points(frames, filters, "municipality")
        print(f"dashboard (latest day {latest}): read Gold as the BI role {loaded:.2f} s; indicators for the default filters "
              f"{time.perf_counter() - started:.2f} s")
    finally:
        stop_client(client)
        server.cleanup()


if __name__ == "__main__":
    main()
