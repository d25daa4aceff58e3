"""Numbers for "runs that end" and "errors a person can act on" (never timed tests).

    python -m pqrlab.bench_lifecycle --tries 5

Prints: how long the real CLI takes to refuse a bad argument, an unreachable PQR_PG_DSN and a bad
enricher (one line, exit 2), and how long a local server lives on after its owner is SIGKILLed.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import psutil

from pqrlab.services.process import free_port

OWNER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from pqrlab.services.process import free_port, running
    port = free_port()
    args = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    with running(args, f"http://127.0.0.1:{port}/", Path(sys.argv[1]) / "server.log") as proc:
        print(proc.pid, flush=True)
        time.sleep(300)
""")


def cli_refusal_seconds(folder: Path, args: list[str], env: dict[str, str]) -> float:
    """Seconds until `pqrlab` refuses `args` (asserts: exit 2, one line on stderr)."""
    env = {**os.environ, "PQR_HOME": str(folder / "home"), "PQR_LAKE_URL": f"file://{folder / 'lake'}", **env}
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "pqrlab.cli", *args], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert not (folder / "home").exists() and not (folder / "lake").exists(), "something was written"
    return seconds


def orphan_seconds(folder: Path) -> float:
    """Seconds from SIGKILL of a server's owner until the server (and its watchdog) are gone."""
    owner = subprocess.Popen([sys.executable, "-c", OWNER, str(folder)], stdout=subprocess.PIPE, text=True)
    watchdog = psutil.Process(int(owner.stdout.readline()))
    tree = [watchdog, *watchdog.children(recursive=True)]
    started = time.perf_counter()
    owner.kill()
    owner.wait()
    while any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in tree):
        time.sleep(0.02)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pqrlab.bench_lifecycle", description=__doc__)
    parser.add_argument("--tries", type=int, default=5)
    tries = parser.parse_args(argv).tries
    cases = {"--days 0": (["run", "--days", "0"], {}),
             "unreachable PQR_PG_DSN": (["run"], {"PQR_PG_DSN": f"postgresql://x@127.0.0.1:{free_port()}/x"}),
             "unknown PQR_ENRICHER": (["run"], {"PQR_ENRICHER": "gpt-9"})}
    with tempfile.TemporaryDirectory(prefix="pqr-bench-") as tmp:
        for name, (args, env) in cases.items():
            seconds = [cli_refusal_seconds(Path(tmp), args, env) for _ in range(tries)]
            print(f"refuses {name:<24} median {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s "
                  f"({tries} tries; one line, exit 2, nothing written)")
        seconds = [orphan_seconds(Path(tmp)) for _ in range(tries)]
        print(f"server gone after its owner's SIGKILL: median {statistics.median(seconds):.2f} s, "
              f"max {max(seconds):.2f} s ({tries} tries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
