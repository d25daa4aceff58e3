"""Observability: generated config in sync, promtool checks and rule unit tests, and every dashboard and
alert query evaluated against a real Prometheus that scraped a real run's metrics."""
from __future__ import annotations

import subprocess
import urllib.request
from pathlib import Path

import pytest

from pqrlab import observability as obs
from pqrlab.services import prometheus as prom

ROOT = Path(__file__).resolve().parents[1]
PROM_DIR = ROOT / "observability" / "prometheus"
missing = prom.binaries_missing()
needs_prometheus = pytest.mark.skipif(
    bool(missing), reason=f"{', '.join(missing)} not installed (`make test` installs Debian's prometheus "
                          "and prometheus-pushgateway when it runs as root with apt)")


def test_committed_files_are_what_the_module_renders():
    for relative, text in obs.rendered().items():
        path = ROOT / "observability" / relative
        assert path.exists() and path.read_text() == text, f"{relative}: run `python -m pqrlab.observability write`"


def test_every_metric_in_a_query_is_documented():
    import re

    from pqrlab import metrics

    documented = set(re.findall(r"\| (pqr_\w+)", metrics.__doc__)) | {"pqr_step_rows_in", "pqr_step_rows_out",
                                                                       "pqr_backlog_overdue"}
    used = {m for _, expr, _ in obs.all_queries() for m in re.findall(r"pqr_\w+", expr)}
    assert used <= documented, used - documented


def test_exporter_gauges_describe_the_latest_day(pg_dsn):
    """The exporter's business gauges on day-keyed Gold of 40 days: the latest day's backlog and volume and the
    30-day compliance, each recomputed from the fixture's tickets; an older day's rows never leak in."""
    import datetime as dt

    import numpy as np

    from pqrlab import business_days as bd
    from pqrlab.layers.gold import answered_day
    from pqrlab.metrics import GoldCollector, SLA_WINDOW_DAYS, day_timestamp
    from tests.conftest import create_database
    from tests.gold_days import N_DAYS, day, load_gold, snapshot, synthetic_tickets

    tickets = synthetic_tickets()
    dsn = create_database(pg_dsn)
    load_gold(dsn, tickets)
    latest = day(N_DAYS - 1)
    gauges = {f.name: {tuple(s.labels.values()): s.value for s in f.samples} for f in GoldCollector(dsn).collect()}
    assert gauges["pqr_latest_day_timestamp_seconds"] == {(): day_timestamp(latest)}
    assert dt.datetime.fromtimestamp(day_timestamp(latest), bd.BOGOTA).date() == latest
    received = tickets[tickets["day"] == latest].groupby("pqrs_type").size()
    assert gauges["pqr_tickets_received"] == {(t,): n for t, n in received.items()}
    known = snapshot(tickets, latest)
    still_open = known[known["first_response_at"].isna()]
    assert sum(gauges["pqr_backlog_open"].values()) == len(still_open) > 0
    assert sum(gauges["pqr_backlog_overdue"].values()) == int((still_open["due_date"] < latest).sum()) > 0
    window = known[(known["due_date"] > latest - dt.timedelta(days=SLA_WINDOW_DAYS)) & (known["due_date"] <= latest)]
    on_time = (answered_day(window) <= window["due_date"]) & window["first_response_at"].notna()
    ratio = on_time.groupby(window["pqrs_type"]).mean()
    assert gauges["pqr_sla_compliance_ratio"] == pytest.approx({(t,): r for t, r in ratio.items()})
    assert np.isclose(list(gauges["pqr_enrichment_mean_confidence"].values())[0], 0.8)
    assert len(ratio) > 1


@needs_prometheus
@pytest.mark.parametrize("args", [
    ["check", "config", "prometheus.yml"],
    ["check", "rules", "rules/pqr_alerts.yml"],
    ["test", "rules", "pqr_alerts_test.yml"],
])
def test_promtool(args):
    cwd = PROM_DIR / "tests" if args[0] == "test" else PROM_DIR
    out = subprocess.run(["promtool", *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "SUCCESS" in out.stdout + out.stderr


@needs_prometheus
def test_promtool_rule_tests_can_fail(tmp_path):
    """The unit tests are not vacuous: the same tests against a rule with a wrong threshold fail."""
    broken = (PROM_DIR / "rules" / "pqr_alerts.yml").read_text().replace(
        f"< {obs.SLA_THRESHOLD}", "< 0.5")
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "pqr_alerts.yml").write_text(broken)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "t.yml").write_text((PROM_DIR / "tests" / "pqr_alerts_test.yml").read_text())
    out = subprocess.run(["promtool", "test", "rules", "t.yml"], cwd=tmp_path / "tests", capture_output=True,
                         text=True, timeout=120)
    assert out.returncode != 0 and "PQRSLAComplianceLow" in out.stdout + out.stderr


@pytest.fixture(scope="module")
def live(prefect_api, pg_dsn, dask, tmp_path_factory):
    """A real run pushed to a real Pushgateway; the exporter, the Pushgateway and Dask scraped by Prometheus."""
    import os

    from pqrlab.metrics import serve
    from pqrlab.services.process import free_port
    from tests.conftest import create_database

    if missing:
        pytest.skip(f"{', '.join(missing)} not installed")
    root = tmp_path_factory.mktemp("obs")
    dsn = create_database(pg_dsn)
    with prom.pushgateway(root / "pgw") as gateway:
        os.environ["PQR_PUSHGATEWAY_URL"] = gateway
        os.environ["PQR_HOME"] = str(root / "home")
        try:
            from pqrlab.flows import lakehouse_flow

            report = lakehouse_flow(run_id="obs-run", events=800, days=30, lake_url=f"file://{root / 'lake'}",
                                    pg_dsn=dsn)
        finally:
            del os.environ["PQR_PUSHGATEWAY_URL"]
        assert report.status == "succeeded"
        port = free_port()
        server, _ = serve(dsn, port)
        dask_target = dask.dashboard_link.split("//")[1].split("/")[0]
        config = obs.prometheus_config(f"127.0.0.1:{port}", gateway.removeprefix("http://"), dask_target,
                                       [str(PROM_DIR / "rules" / "pqr_alerts.yml")], interval="1s")
        try:
            with prom.prometheus(root / "prom", config) as url:
                prom.wait_for_targets(url, {"pqr_exporter", "pushgateway", "dask"})
                prom.query(url, "up")  # scrape done: now wait one rule evaluation
                import time

                time.sleep(2.5)
                yield {"url": url, "dsn": dsn, "gateway": gateway}
        finally:
            server.shutdown()


@needs_prometheus
@pytest.mark.parametrize("name, expr, labels", obs.all_queries(), ids=[q[0] for q in obs.all_queries()])
def test_every_dashboard_and_alert_query_returns_data(live, name, expr, labels):
    result = prom.query(live["url"], expr)
    assert result, f"{name}: no data for {expr}"
    for series in result:
        assert set(labels) <= set(series["metric"]), (name, series["metric"])


@needs_prometheus
def test_alert_rules_evaluate_cleanly_and_none_fires_on_a_good_run(live):
    groups = prom.api(live["url"], "rules")["groups"]
    rules = [r for g in groups for r in g["rules"]]
    assert {r["name"] for r in rules} == {a.name for a in obs.ALERTS}
    assert all(r["health"] == "ok" and not r.get("lastError") for r in rules), rules
    firing = {r["name"] for r in rules if r["state"] == "firing"}
    assert "PQRPipelineRunFailed" not in firing and "PQRNoSuccessfulRun24h" not in firing


@needs_prometheus
def test_pushgateway_groups_by_job_without_run_labels(live):
    with urllib.request.urlopen(f"{live['gateway']}/metrics", timeout=10) as r:
        text = r.read().decode()
    pushed = [line for line in text.splitlines() if line.startswith("pqr_step_duration_seconds{")]
    assert pushed and all('job="pqr_pipeline"' in line and "run_id" not in line for line in pushed)
    assert 'pqr_run_info{' in text and 'run_id="obs-run"' in text


@needs_prometheus
def test_business_gauges_match_gold_tables(live):
    from pqrlab.control.db import fetch_frame

    sla = fetch_frame(live["dsn"], "SELECT pqrs_type, sum(on_time)::float / sum(due) AS ratio "
                                   "FROM public.gold_sla_compliance WHERE day > (SELECT max(day) - 30 FROM "
                                   "public.gold_latest_day) AND day <= (SELECT max(day) FROM public.gold_latest_day) "
                                   "GROUP BY 1")
    scraped = {s["metric"]["pqrs_type"]: float(s["value"][1])
               for s in prom.query(live["url"], 'pqr_sla_compliance_ratio{job="pqr_exporter"}')}
    assert scraped == pytest.approx(dict(zip(sla["pqrs_type"], sla["ratio"])))
    assert prom.query(live["url"], 'up{job="dask"}')[0]["value"][1] == "1"
