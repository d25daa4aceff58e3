"""Real Prometheus and Pushgateway servers (Debian's `prometheus`, `prometheus-pushgateway`) on 127.0.0.1,
for tests and notebooks. The full stack runs them in compose instead."""
from __future__ import annotations

import contextlib
import json
import shutil
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import yaml

from pqrlab.services.process import free_port, running


def binaries_missing() -> list[str]:
    return [b for b in ("prometheus", "prometheus-pushgateway", "promtool") if shutil.which(b) is None]


@contextlib.contextmanager
def pushgateway(folder: Path) -> Iterator[str]:
    """A Pushgateway on a free local port; yields its URL."""
    folder.mkdir(parents=True, exist_ok=True)
    address = f"127.0.0.1:{free_port()}"
    with running(["prometheus-pushgateway", f"--web.listen-address={address}"], f"http://{address}/-/ready",
                 folder / "pushgateway.log"):
        yield f"http://{address}"


@contextlib.contextmanager
def prometheus(folder: Path, config: dict) -> Iterator[str]:
    """A Prometheus with `config` (rule files given as absolute paths) on a free local port; yields its URL."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "prometheus.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    address = f"127.0.0.1:{free_port()}"
    args = ["prometheus", f"--config.file={folder / 'prometheus.yml'}", f"--storage.tsdb.path={folder / 'data'}",
            f"--web.listen-address={address}"]
    with running(args, f"http://{address}/-/ready", folder / "prometheus.log"):
        yield f"http://{address}"


def query(url: str, promql: str) -> list[dict]:
    """Instant query through Prometheus's HTTP API; returns the result vector."""
    with urllib.request.urlopen(f"{url}/api/v1/query?" + urllib.parse.urlencode({"query": promql}), timeout=10) as r:
        body = json.load(r)
    if body["status"] != "success":
        raise RuntimeError(f"{promql}: {body}")
    return body["data"]["result"]


def api(url: str, path: str) -> dict:
    with urllib.request.urlopen(f"{url}/api/v1/{path}", timeout=10) as r:
        return json.load(r)["data"]


def wait_for_targets(url: str, jobs: set[str], timeout_s: float = 60) -> None:
    """Until every job has a healthy target that has been scraped at least once."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        targets = api(url, "targets")["activeTargets"]
        healthy = {t["labels"]["job"] for t in targets if t["health"] == "up"}
        if jobs <= healthy:
            return
        time.sleep(0.5)
    raise TimeoutError(f"targets not up after {timeout_s:.0f} s: {api(url, 'targets')['activeTargets']}")
