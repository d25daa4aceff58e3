"""Prometheus metrics: pipeline numbers from `meta.runs`, business numbers from `public.gold_*`.

One table, the one place where names and labels are documented:

| metric | labels | source | meaning |
|---|---|---|---|
| pqr_run_success | – | meta.runs | 1 when the last run succeeded, else 0 |
| pqr_run_duration_seconds | – | meta.runs | wall time of the last run |
| pqr_last_run_timestamp_seconds | – | meta.runs | when the last run ended (Unix time) |
| pqr_last_success_timestamp_seconds | – | meta.runs (exporter) | when the last *successful* run ended |
| pqr_run_info | run_id | meta.runs | 1 for the run the other pipeline metrics describe |
| pqr_step_duration_seconds | step | meta.runs | wall time of each step |
| pqr_step_rows_in, pqr_step_rows_out | step | meta.runs | rows read / written by each step |
| pqr_step_throughput_rows_per_second | step | meta.runs | rows written per second |
| pqr_step_failed | step | meta.runs | 1 for the step that failed the run |
| pqr_step_retries | step | flow | task retries the step needed |
| pqr_quarantined_rows | reason | meta.runs | Bronze lines quarantined, by reason |
| pqr_model_info | model_name, model_version | gold_enrichment_summary | 1 for the model version in use |
| pqr_enrichment_messages_per_second | – | meta.runs | Silver messages enriched per second |
| pqr_enrichment_mean_confidence | – | gold_enrichment_summary | mean confidence of the tickets received on the latest day with tickets |
| pqr_latest_day_timestamp_seconds | – | gold_latest_day | the latest ingested day (its midnight in Bogotá, Unix time) |
| pqr_sla_compliance_ratio | pqrs_type | gold_sla_compliance | on time / due, tickets due in the 30 days up to the latest day |
| pqr_backlog_open, pqr_backlog_overdue | age_bucket | gold_backlog_daily | open / overdue tickets at the end of the latest day |
| pqr_tickets_received | pqrs_type | gold_daily_volume | tickets received on the latest day |

The business gauges describe the latest ingested day (`public.gold_latest_day`), never a run: Gold is keyed
by the as-of day, and a rerun of an older day does not change what they show.

Batch runs push the pipeline metrics (source meta.runs / flow) to a Pushgateway (`PQR_PUSHGATEWAY_URL`),
grouped by `job="pqr_pipeline"` and `source="email"`: each push replaces the group, so series never pile up
per run (the run id is a label of `pqr_run_info` only). `pqrlab metrics serve` exposes the business gauges
and the last success from PostgreSQL for Prometheus to scrape. With neither configured nothing breaks: the numbers stay in
`meta.runs` and in each run's `metrics.prom`.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from prometheus_client import CollectorRegistry, Gauge, push_to_gateway, write_to_textfile
from prometheus_client.core import GaugeMetricFamily

from pqrlab.business_days import BOGOTA
from pqrlab.steps import ordered_steps

JOB = "pqr_pipeline"
GROUPING = {"source": "email"}


def run_registry(run: dict, retries: dict[str, int] | None = None) -> CollectorRegistry:
    """Gauges for one `meta.runs` row (pipeline metrics)."""
    registry = CollectorRegistry()
    gauge = lambda name, text, labels=(): Gauge(name, text, list(labels), registry=registry)  # noqa: E731
    gauge("pqr_run_success", "1 when the last run succeeded").set(1 if run.get("status") == "succeeded" else 0)
    gauge("pqr_run_info", "The run the pipeline metrics describe", ["run_id"]).labels(run["run_id"]).set(1)
    if run.get("ended_at") and run.get("started_at"):
        gauge("pqr_run_duration_seconds", "Wall time of the last run").set(
            (run["ended_at"] - run["started_at"]).total_seconds())
        gauge("pqr_last_run_timestamp_seconds", "End of the last run (Unix time)").set(run["ended_at"].timestamp())
    steps = dict(ordered_steps(run.get("steps") or {}))
    families = {
        "duration_seconds": ("seconds", "Wall time of each step"), "rows_in": ("rows_in", "Rows read by each step"),
        "rows_out": ("rows_out", "Rows written by each step"),
        "throughput_rows_per_second": ("rows_per_second", "Rows written per second by each step"),
    }
    for name, (key, text) in families.items():
        g = gauge(f"pqr_step_{name}", text, ["step"])
        for step, summary in steps.items():
            g.labels(step).set(summary.get(key, 0))
    quarantined = gauge("pqr_quarantined_rows", "Bronze lines quarantined, by reason", ["reason"])
    for key, value in steps.get("bronze", {}).items():
        if key.startswith("quarantined_"):
            quarantined.labels(key.removeprefix("quarantined_")).set(value)
    failed = gauge("pqr_step_failed", "1 for the step that failed the run", ["step"])
    failing = failed_step(run) if run.get("status") == "failed" else None
    for step in [*steps, *([failing] if failing and failing not in steps else [])]:
        failed.labels(step).set(1 if step == failing else 0)
    retried = gauge("pqr_step_retries", "Task retries each step needed", ["step"])
    for step, n in (retries or {}).items():
        retried.labels(step).set(n)
    silver = steps.get("silver")
    if silver and silver.get("seconds"):
        gauge("pqr_enrichment_messages_per_second", "Silver messages enriched per second").set(
            silver.get("messages", 0) / silver["seconds"])
    return registry


def failed_step(run: dict) -> str:
    """The first pipeline step without a record in a failed run."""
    from pqrlab.steps import STEP_ORDER

    done = set(run.get("steps") or {})
    return next((s for s in STEP_ORDER if s not in done), STEP_ORDER[-1])


def export_run_metrics(run: dict, folder: Path, pushgateway_url: str | None = None,
                       retries: dict[str, int] | None = None) -> Path:
    """Write `metrics.prom` into `folder`; push to the Pushgateway when one is configured."""
    registry = run_registry(run, retries)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "metrics.prom"
    write_to_textfile(str(path), registry)
    if pushgateway_url:
        push_to_gateway(pushgateway_url, job=JOB, registry=registry, grouping_key=GROUPING)
    return path


# -- the exporter: business gauges from Gold (the latest day), pipeline gauges from meta.runs ------------
SLA_WINDOW_DAYS = 30  # the compliance gauge: tickets due in the last 30 days up to the latest day
LATEST_DAY = "SELECT max(day) FROM public.gold_latest_day"
LAST_SUCCESS = "SELECT extract(epoch FROM max(ended_at)) FROM meta.runs WHERE status = 'succeeded'"
BUSINESS_QUERIES = {  # parameters: latest = the latest day, window = SLA_WINDOW_DAYS
    "sla": """SELECT pqrs_type, sum(on_time)::float / nullif(sum(due), 0) FROM public.gold_sla_compliance
              WHERE day > %(latest)s - %(window)s AND day <= %(latest)s GROUP BY 1""",
    "backlog": """SELECT age_bucket, sum(open), sum(overdue) FROM public.gold_backlog_daily
                  WHERE day = %(latest)s GROUP BY 1""",
    "received": """SELECT pqrs_type, sum(tickets) FROM public.gold_daily_volume WHERE day = %(latest)s GROUP BY 1""",
    "model": """SELECT model_name, model_version, sum(mean_confidence * tickets) / sum(tickets)
                FROM public.gold_enrichment_summary WHERE day = (SELECT max(day) FROM public.gold_enrichment_summary
                                                                 WHERE day <= %(latest)s) GROUP BY 1, 2""",
}


def day_timestamp(day: dt.date) -> float:
    """Midnight of `day` in Bogotá as Unix time (what Grafana shows as that date)."""
    return dt.datetime.combine(day, dt.time(), BOGOTA).timestamp()


def business_rows(conn, latest: dt.date) -> dict[str, list[tuple]]:
    params = {"latest": latest, "window": SLA_WINDOW_DAYS}
    return {name: conn.execute(sql, params).fetchall() for name, sql in BUSINESS_QUERIES.items()}


class GoldCollector:
    """Reads the serving tables at every scrape (so Grafana shows what Streamlit shows)."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn

    def collect(self):
        from pqrlab.control.db import connect

        with connect(self.dsn) as conn:
            latest = conn.execute(LATEST_DAY).fetchone()[0]
            last_success = conn.execute(LAST_SUCCESS).fetchone()[0]
            rows = business_rows(conn, latest) if latest else {}
        sla = GaugeMetricFamily("pqr_sla_compliance_ratio", "On time / due by PQRS type, due in the 30 days up to "
                                "the latest day", labels=["pqrs_type"])
        opened = GaugeMetricFamily("pqr_backlog_open", "Open tickets at the end of the latest day", labels=["age_bucket"])
        overdue = GaugeMetricFamily("pqr_backlog_overdue", "Overdue open tickets at the end of the latest day",
                                    labels=["age_bucket"])
        received = GaugeMetricFamily("pqr_tickets_received", "Tickets received on the latest day",
                                     labels=["pqrs_type"])
        model = GaugeMetricFamily("pqr_model_info", "Model version in use", labels=["model_name", "model_version"])
        confidence = GaugeMetricFamily("pqr_enrichment_mean_confidence", "Mean confidence of the tickets received "
                                       "on the latest day with tickets")
        for pqrs_type, ratio in rows.get("sla", []):
            sla.add_metric([pqrs_type], ratio or 0.0)
        for bucket, n_open, n_overdue in rows.get("backlog", []):
            opened.add_metric([bucket], n_open)
            overdue.add_metric([bucket], n_overdue)
        for pqrs_type, n in rows.get("received", []):
            received.add_metric([pqrs_type], n)
        for name, version, mean in rows.get("model", []):
            model.add_metric([name, version], 1)
            confidence.add_metric([], mean)
        yield from (sla, opened, overdue, received, model, confidence)
        if latest is not None:
            yield GaugeMetricFamily("pqr_latest_day_timestamp_seconds", "The latest ingested day (Bogotá midnight)",
                                    value=day_timestamp(latest))
        if last_success is not None:
            yield GaugeMetricFamily("pqr_last_success_timestamp_seconds", "End of the last successful run",
                                    value=float(last_success))


def exporter_registry(dsn: str) -> CollectorRegistry:
    registry = CollectorRegistry()
    registry.register(GoldCollector(dsn))
    return registry


def serve(dsn: str, port: int, host: str = "127.0.0.1"):
    """Expose the gauges over HTTP (`/metrics`); returns the server and its thread."""
    from prometheus_client import start_http_server

    return start_http_server(port, addr=host, registry=exporter_registry(dsn))
