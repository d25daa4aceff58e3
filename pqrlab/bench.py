"""Benchmarks that print numbers (never timed tests): `python -m pqrlab.bench generate --events 100000 1000000`.

Each size runs on a fresh LocalCluster so that peak memory (max RSS of each worker process and of
this driver) belongs to that size alone.
"""
from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import tempfile
import time
from pathlib import Path

from pqrlab.channel.generator import ChannelConfig
from pqrlab.lake import Lake
from pqrlab.layers.raw import generate_raw
from pqrlab.services.dask_cluster import dask_client


def _max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_generate(events: int, workers: int, days: int, folder: Path) -> dict:
    """Generate one run of `events` e-mails into a scratch lake; return throughput and peak memory."""
    lake = Lake(f"file://{folder / f'lake-{events}'}")
    cfg = ChannelConfig(seed=42, run_id=f"bench-{events}", events=events, start=dt.date(2026, 3, 2), days=days)
    with dask_client(None, workers) as client:
        client.run(lambda: None)  # workers up before the clock starts
        started = time.perf_counter()
        result = generate_raw(lake, client, cfg)
        seconds = time.perf_counter() - started
        worker_rss = client.run(_max_rss_mib)
    raw_bytes = sum(lake.fs.du(p) for p in [lake.url.removeprefix("file://") + "/raw"])
    shutil.rmtree(folder / f"lake-{events}", ignore_errors=True)
    return {"events": events, "seconds": seconds, "events_per_s": result.rows_out / seconds,
            "files": result.counts["files"], "raw_mib": raw_bytes / 2**20,
            "peak_worker_mib": max(worker_rss.values()), "driver_mib": _max_rss_mib()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pqrlab.bench", description=__doc__)
    sub = parser.add_subparsers(dest="what", required=True)
    gen = sub.add_parser("generate", help="e-mail channel → Raw: events/s and peak memory by size")
    gen.add_argument("--events", type=int, nargs="+", default=[100_000, 1_000_000])
    gen.add_argument("--workers", type=int, default=2)
    gen.add_argument("--days", type=int, default=61)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pqr-bench-") as tmp:
        print(f"{'events':>12} {'seconds':>9} {'events/s':>10} {'files':>7} {'raw MiB':>9} "
              f"{'peak worker MiB':>16} {'driver MiB':>11}")
        for events in args.events:
            row = bench_generate(events, args.workers, args.days, Path(tmp))
            print(f"{row['events']:>12,} {row['seconds']:>9.1f} {row['events_per_s']:>10,.0f} {row['files']:>7} "
                  f"{row['raw_mib']:>9.1f} {row['peak_worker_mib']:>16.0f} {row['driver_mib']:>11.0f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
