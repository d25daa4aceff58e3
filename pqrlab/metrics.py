"""Prometheus metrics of a run, built from its `meta.runs` row (one source of truth for the numbers).

Every run writes them in the text exposition format beside its executed notebooks, and pushes them to
a Pushgateway when `PQR_PUSHGATEWAY_URL` is set. Names and labels (documented in the README):

| metric | labels | meaning |
|---|---|---|
| pqr_run_success | – | 1 when the last run succeeded, else 0 |
| pqr_run_duration_seconds | – | wall time of the last run |
| pqr_last_run_timestamp_seconds | – | when the last run ended (Unix time) |
| pqr_step_duration_seconds | step | wall time of each step |
| pqr_step_rows_in / pqr_step_rows_out | step | rows read / written by each step |
| pqr_step_throughput_rows_per_second | step | rows_out / duration |
| pqr_quarantined_rows | reason | Bronze lines quarantined, by reason |
"""
from __future__ import annotations

from pathlib import Path

from prometheus_client import CollectorRegistry, Gauge, push_to_gateway, write_to_textfile

from pqrlab.steps import ordered_steps

JOB = "pqr_pipeline"


def run_registry(run: dict) -> CollectorRegistry:
    """Gauges for one `meta.runs` row."""
    registry = CollectorRegistry()
    Gauge("pqr_run_success", "1 when the last run succeeded", registry=registry).set(
        1 if run["status"] == "succeeded" else 0)
    if run.get("ended_at") and run.get("started_at"):
        Gauge("pqr_run_duration_seconds", "Wall time of the last run", registry=registry).set(
            (run["ended_at"] - run["started_at"]).total_seconds())
        Gauge("pqr_last_run_timestamp_seconds", "End of the last run (Unix time)", registry=registry).set(
            run["ended_at"].timestamp())
    step_gauges = {
        name: Gauge(f"pqr_step_{name}", text, ["step"], registry=registry)
        for name, text in (("duration_seconds", "Wall time of each step"), ("rows_in", "Rows read by each step"),
                           ("rows_out", "Rows written by each step"),
                           ("throughput_rows_per_second", "Rows written per second by each step"))
    }
    quarantined = Gauge("pqr_quarantined_rows", "Bronze lines quarantined, by reason", ["reason"], registry=registry)
    for step, summary in ordered_steps(run.get("steps") or {}):
        step_gauges["duration_seconds"].labels(step).set(summary.get("seconds", 0))
        step_gauges["rows_in"].labels(step).set(summary.get("rows_in", 0))
        step_gauges["rows_out"].labels(step).set(summary.get("rows_out", 0))
        step_gauges["throughput_rows_per_second"].labels(step).set(summary.get("rows_per_second", 0))
        for key, value in summary.items():
            if key.startswith("quarantined_"):
                quarantined.labels(key.removeprefix("quarantined_")).set(value)
    return registry


def export_run_metrics(run: dict, folder: Path, pushgateway_url: str | None = None) -> Path:
    """Write `metrics.prom` into `folder`; push to the Pushgateway when one is configured."""
    registry = run_registry(run)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "metrics.prom"
    write_to_textfile(str(path), registry)
    if pushgateway_url:
        push_to_gateway(pushgateway_url, job=JOB, registry=registry)
    return path
