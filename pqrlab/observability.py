"""Observability as code: every Grafana panel's PromQL and every alert rule, in one place.

`python -m pqrlab.observability write` renders them into `observability/` (Prometheus config and rules,
promtool unit tests, Grafana provisioning and dashboards); a test checks the committed files are
exactly what this module renders, and another evaluates every query against a real Prometheus.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent / "observability"
PROM_DS = {"type": "prometheus", "uid": "prometheus"}


@dataclass(frozen=True)
class Panel:
    title: str
    expr: str
    labels: tuple[str, ...] = ()  # labels every returned series must carry
    unit: str = "short"


@dataclass(frozen=True)
class Alert:
    name: str
    expr: str
    summary: str
    signal: str  # the query whose data the alert looks at (must return data on a live system)
    severity: str = "warning"
    for_: str = "0m"
    labels: tuple[str, ...] = ()


DASHBOARDS: dict[str, list[Panel]] = {
    "Pipeline overview": [
        Panel("Last run succeeded", "max(pqr_run_success)"),
        Panel("Run duration", "max(pqr_run_duration_seconds)", unit="s"),
        Panel("Hours since the last successful run", "(time() - max(pqr_last_success_timestamp_seconds)) / 3600",
              unit="h"),
        Panel("Step duration", "max by (step) (pqr_step_duration_seconds)", ("step",), "s"),
        Panel("Throughput", "max by (step) (pqr_step_throughput_rows_per_second)", ("step",)),
        Panel("Rows out by step", "max by (step) (pqr_step_rows_out)", ("step",)),
        Panel("Quarantined lines by reason", "max by (reason) (pqr_quarantined_rows)", ("reason",)),
        Panel("Failed step", "max by (step) (pqr_step_failed)", ("step",)),
        Panel("Retries by step", "max by (step) (pqr_step_retries)", ("step",)),
    ],
    "SLA and backlog": [
        Panel("SLA compliance by type", "max by (pqrs_type) (pqr_sla_compliance_ratio)", ("pqrs_type",),
              "percentunit"),
        Panel("Open backlog by age (business days)", "max by (age_bucket) (pqr_backlog_open)", ("age_bucket",)),
        Panel("Overdue backlog by age", "max by (age_bucket) (pqr_backlog_overdue)", ("age_bucket",)),
        Panel("Tickets received on the latest day", "max by (pqrs_type) (pqr_tickets_received)", ("pqrs_type",)),
        Panel("Latest ingested day", "max(pqr_latest_day_timestamp_seconds) * 1000", unit="dateTimeAsIsoNoDateIfToday"),
    ],
    "Enrichment": [
        Panel("Model in use", "max by (model_name, model_version) (pqr_model_info)", ("model_name", "model_version")),
        Panel("Messages enriched per second", "max(pqr_enrichment_messages_per_second)"),
        Panel("Mean confidence", "max(pqr_enrichment_mean_confidence)", unit="percentunit"),
        Panel("Silver step duration", 'max by (step) (pqr_step_duration_seconds{step="silver"})', ("step",), "s"),
    ],
}

SLA_THRESHOLD = 0.80
OVERDUE_THRESHOLD = 50
ALERTS: list[Alert] = [
    Alert("PQRPipelineRunFailed", "max(pqr_run_success) == 0", "The last pipeline run failed",
          "pqr_run_success", "critical"),
    Alert("PQRNoSuccessfulRun24h",
          "(time() - max(pqr_last_success_timestamp_seconds) > 86400) or absent(pqr_last_success_timestamp_seconds)",
          "No successful pipeline run in 24 h", "pqr_last_success_timestamp_seconds", "critical"),
    Alert("PQRStepSlowerThanNorm",
          "max by (step) (pqr_step_duration_seconds) > 2 * max by (step) "
          "(avg_over_time(pqr_step_duration_seconds[7d])) and max by (step) (pqr_step_duration_seconds) > 30",
          "Step {{ $labels.step }} took over twice its 7-day average", "pqr_step_duration_seconds",
          labels=("step",)),
    Alert("PQRSLAComplianceLow", f"max by (pqrs_type) (pqr_sla_compliance_ratio) < {SLA_THRESHOLD}",
          "SLA compliance for {{ $labels.pqrs_type }} below " + f"{SLA_THRESHOLD:.0%}"
          + " (tickets due in the 30 days up to the latest day)", "pqr_sla_compliance_ratio",
          labels=("pqrs_type",)),
    Alert("PQROverdueBacklogHigh", f"sum(pqr_backlog_overdue) > {OVERDUE_THRESHOLD}",
          f"Over {OVERDUE_THRESHOLD} overdue open tickets at the end of the latest day", "pqr_backlog_overdue"),
]


def all_queries() -> list[tuple[str, str, tuple[str, ...]]]:
    """(name, PromQL, labels) of every panel and of every alert's signal."""
    panels = [(f"{d} / {p.title}", p.expr, p.labels) for d, ps in DASHBOARDS.items() for p in ps]
    return panels + [(f"alert {a.name}", a.signal, ()) for a in ALERTS]


# -- rendering --------------------------------------------------------------------------------
def prometheus_config(exporter: str, pushgateway: str, dask: str, rules: list[str], interval: str = "15s",
                      alertmanager: str | None = None) -> dict:
    alerting = {"alerting": {"alertmanagers": [{"static_configs": [{"targets": [alertmanager]}]}]}} if alertmanager else {}
    return {
        "global": {"scrape_interval": interval, "evaluation_interval": interval},
        **alerting,
        "rule_files": rules,
        "scrape_configs": [
            {"job_name": "pqr_exporter", "static_configs": [{"targets": [exporter]}]},
            {"job_name": "pushgateway", "honor_labels": True, "static_configs": [{"targets": [pushgateway]}]},
            {"job_name": "dask", "static_configs": [{"targets": [dask]}]},
        ],
    }


def alert_rules() -> dict:
    return {"groups": [{"name": "pqr-lakehouse", "rules": [
        {"alert": a.name, "expr": a.expr, "for": a.for_, "labels": {"severity": a.severity},
         "annotations": {"summary": a.summary}} for a in ALERTS]}]}


def grafana_dashboard(title: str, panels: list[Panel]) -> dict:
    uid = "pqr-" + title.lower().replace(" ", "-")
    return {
        "uid": uid, "title": f"PQR Lakehouse · {title}", "schemaVersion": 39, "version": 1, "editable": True,
        "time": {"from": "now-7d", "to": "now"}, "refresh": "1m", "tags": ["pqr-lakehouse"],
        "panels": [{
            "id": i + 1, "type": "timeseries" if p.labels else "stat", "title": p.title, "datasource": PROM_DS,
            "gridPos": {"h": 8, "w": 12, "x": 12 * (i % 2), "y": 8 * (i // 2)},
            "fieldConfig": {"defaults": {"unit": p.unit}, "overrides": []},
            "targets": [{"refId": "A", "datasource": PROM_DS, "expr": p.expr,
                         "legendFormat": " ".join("{{" + label + "}}" for label in p.labels) or p.title}],
        } for i, p in enumerate(panels)],
    }


GRAFANA_DATASOURCES = {"apiVersion": 1, "datasources": [
    {"name": "Prometheus", "uid": "prometheus", "type": "prometheus", "access": "proxy",
     "url": "http://prometheus:9090", "isDefault": True},
    {"name": "PQR PostgreSQL (gold)", "uid": "pqr-postgres", "type": "grafana-postgresql-datasource",
     "url": "supabase-db:5432", "user": "$PQR_BI_USER",
     "jsonData": {"database": "postgres", "sslmode": "disable"},
     "secureJsonData": {"password": "$PQR_BI_PASSWORD"}},
    {"name": "Alertmanager", "uid": "alertmanager", "type": "alertmanager", "access": "proxy",
     "url": "http://alertmanager:9093", "jsonData": {"implementation": "prometheus"}},
]}
PG_DS = {"type": "grafana-postgresql-datasource", "uid": "pqr-postgres"}
ALERTMANAGER_CONFIG = {  # every alert reaches the team's receiver (Alertmanager UI :9093, Grafana's alert list)
    "route": {"receiver": "equipo-pqrs", "group_by": ["alertname"], "group_wait": "30s", "group_interval": "5m",
              "repeat_interval": "4h"},
    "receivers": [{"name": "equipo-pqrs"}],  # add email_configs / webhook_configs here to notify people
}


@dataclass(frozen=True)
class SqlPanel:
    title: str
    kind: str  # stat | timeseries | table | barchart
    sql: str
    unit: str = "short"


def business_panels() -> list[SqlPanel]:
    """The business view from `public.gold_*` as of the latest ingested day (read by Grafana as the BI login role);
    period panels cover the 30 days up to it, as the Streamlit page does by default."""
    from pqrlab.dashboard.queries import LATEST_DAY_EXPR as latest

    period = f"BETWEEN {latest} - 29 AND {latest}"
    departments = "(SELECT DISTINCT department_code, department FROM public.gold_places)"
    return [
        SqlPanel("Tickets recibidos (30 días al último día)", "stat", "SELECT sum(tickets) AS \"Tickets\" "
                 f"FROM public.gold_daily_volume WHERE day {period}"),
        SqlPanel("Cumplimiento de términos (vencen en los 30 días)", "stat", "SELECT sum(on_time)::float / "
                 f"nullif(sum(due), 0) AS \"Cumplimiento\" FROM public.gold_sla_area WHERE day {period}",
                 "percentunit"),
        SqlPanel("Vencidos sin respuesta hoy", "stat", "SELECT count(*) AS \"Vencidos\" FROM public.gold_open_tickets "
                 f"WHERE day = {latest} AND overdue"),
        SqlPanel("Tickets por día", "timeseries", "SELECT day::timestamptz AS time, sum(tickets) AS \"Tickets\" "
                 "FROM public.gold_daily_volume GROUP BY 1 ORDER BY 1"),
        SqlPanel("Abiertos y vencidos al cierre de cada día", "timeseries", "SELECT day::timestamptz AS time, "
                 "sum(open) AS \"Abiertos\", sum(overdue) AS \"Vencidos\" FROM public.gold_backlog_daily "
                 "GROUP BY 1 ORDER BY 1"),
        SqlPanel("Cumplimiento por departamento (30 días)", "table", "SELECT coalesce(p.department, "
                 "'Sin lugar identificado') AS \"Departamento\", sum(s.due) AS \"Vencen\", sum(s.on_time)::float / "
                 f"nullif(sum(s.due), 0) AS \"Cumplimiento\" FROM public.gold_sla_area s LEFT JOIN {departments} p "
                 f"USING (department_code) WHERE s.day {period} GROUP BY 1 ORDER BY 3 NULLS LAST"),
        SqlPanel("Abiertos y vencidos por tema (hoy)", "barchart", "SELECT topic AS \"Tema\", sum(open) AS "
                 f"\"Abiertos\", sum(overdue) AS \"Vencidos\" FROM public.gold_backlog_area WHERE day = {latest} "
                 "GROUP BY 1 ORDER BY 3 DESC"),
        SqlPanel("Pendientes hoy por antigüedad (días hábiles)", "barchart", "SELECT age_bucket AS \"Antigüedad\", "
                 "sum(open) AS \"Abiertos\", sum(overdue) AS \"Vencidos\" FROM public.gold_backlog_daily "
                 f"WHERE day = {latest} GROUP BY 1 ORDER BY min(CASE age_bucket WHEN '0-5' THEN 1 WHEN '6-10' THEN 2 "
                 "WHEN '11-15' THEN 3 ELSE 4 END)"),
    ]


def grafana_sql_dashboard(title: str, panels: list[SqlPanel]) -> dict:
    """A Grafana dashboard on the PostgreSQL datasource (the SLA target line at 95 % on compliance)."""
    uid = "pqr-" + title.lower().replace(" ", "-")
    return {
        "uid": uid, "title": f"PQR Lakehouse · {title}", "schemaVersion": 39, "version": 1, "editable": True,
        "time": {"from": "now-1y", "to": "now"}, "refresh": "5m", "tags": ["pqr-lakehouse", "gold"],
        "panels": [{
            "id": i + 1, "type": p.kind, "title": p.title, "datasource": PG_DS,
            "gridPos": {"h": 5 if p.kind == "stat" else 9, "w": 8 if p.kind == "stat" else 12,
                        "x": 8 * i if p.kind == "stat" else 12 * (i % 2), "y": 0 if p.kind == "stat" else 5 + 9 * (i // 2)},
            "fieldConfig": {"defaults": {"unit": p.unit, **({"thresholds": {"mode": "absolute", "steps": [
                {"color": "red", "value": None}, {"color": "green", "value": 0.95}]}} if p.unit == "percentunit" else {})},
                "overrides": []},
            "targets": [{"refId": "A", "datasource": PG_DS, "editorMode": "code", "rawQuery": True, "rawSql": p.sql,
                         "format": "time_series" if p.kind == "timeseries" else "table"}],
        } for i, p in enumerate(panels)],
    }
GRAFANA_PROVIDERS = {"apiVersion": 1, "providers": [
    {"name": "pqr-lakehouse", "folder": "PQR Lakehouse", "type": "file",
     "options": {"path": "/etc/grafana/provisioning/dashboards/json"}}]}


def rendered() -> dict[str, str]:
    """Relative path under observability/ → file content."""
    dump = lambda obj: yaml.safe_dump(obj, sort_keys=False, allow_unicode=True, width=120)  # noqa: E731
    files = {
        "prometheus/prometheus.yml": dump(prometheus_config("pqr-exporter:9108", "pushgateway:9091",
                                                            "dask-scheduler:8787", ["rules/*.yml"],
                                                            alertmanager="alertmanager:9093")),
        "alertmanager/alertmanager.yml": dump(ALERTMANAGER_CONFIG),
        "prometheus/rules/pqr_alerts.yml": dump(alert_rules()),
        "prometheus/tests/pqr_alerts_test.yml": dump(alert_tests()),
        "grafana/provisioning/datasources/datasources.yml": dump(GRAFANA_DATASOURCES),
        "grafana/provisioning/dashboards/dashboards.yml": dump(GRAFANA_PROVIDERS),
    }
    for title, panels in DASHBOARDS.items():
        name = title.lower().replace(" ", "-")
        files[f"grafana/provisioning/dashboards/json/{name}.json"] = json.dumps(
            grafana_dashboard(title, panels), indent=2, ensure_ascii=False) + "\n"
    files["grafana/provisioning/dashboards/json/negocio-pqrs.json"] = json.dumps(
        grafana_sql_dashboard("Negocio PQRS", business_panels()), indent=2, ensure_ascii=False) + "\n"
    return {path: "# Generated by `python -m pqrlab.observability write`: edit pqrlab/observability.py.\n"
                  + text if path.endswith(".yml") else text for path, text in files.items()}


def alert_tests() -> dict:
    """promtool unit tests: each alert firing and not firing on synthetic series."""
    def case(series: list[tuple[str, str]], alert: str, at: str, fired: list[dict]) -> dict:
        return {"interval": "1m", "input_series": [{"series": s, "values": v} for s, v in series],
                "alert_rule_test": [{"eval_time": at, "alertname": alert, "exp_alerts": fired}]}

    def fired(alert: Alert, **labels) -> list[dict]:
        return [{"exp_labels": {"severity": alert.severity, **labels},
                 "exp_annotations": {"summary": alert.summary.replace("{{ $labels.step }}", labels.get("step", ""))
                                     .replace("{{ $labels.pqrs_type }}", labels.get("pqrs_type", ""))}}]

    a = {alert.name: alert for alert in ALERTS}
    run = 'pqr_run_success{job="pqr_pipeline"}'
    last = 'pqr_last_success_timestamp_seconds{job="pqr_exporter"}'
    step = 'pqr_step_duration_seconds{job="pqr_pipeline",step="silver"}'
    sla = 'pqr_sla_compliance_ratio{job="pqr_exporter",pqrs_type="queja"}'
    overdue = 'pqr_backlog_overdue{job="pqr_exporter",age_bucket=">15"}'
    return {"rule_files": ["../rules/pqr_alerts.yml"], "evaluation_interval": "1m", "tests": [
        case([(run, "1x10")], "PQRPipelineRunFailed", "5m", []),
        case([(run, "1x5 0x5")], "PQRPipelineRunFailed", "8m", fired(a["PQRPipelineRunFailed"])),
        case([(last, "0x10")], "PQRNoSuccessfulRun24h", "5m", []),  # success at t=0, checked 5 minutes later
        case([(last, "0+0x1500")], "PQRNoSuccessfulRun24h", "25h", fired(a["PQRNoSuccessfulRun24h"])),
        case([("up", "1x10")], "PQRNoSuccessfulRun24h", "5m", fired(a["PQRNoSuccessfulRun24h"])),  # never succeeded
        case([(step, "40x100")], "PQRStepSlowerThanNorm", "90m", []),
        case([(step, "40x100 200x5")], "PQRStepSlowerThanNorm", "103m", fired(a["PQRStepSlowerThanNorm"], step="silver")),
        case([(step, "10x100 25x5")], "PQRStepSlowerThanNorm", "103m", []),  # slower, but under 30 s
        case([(sla, "0.9x10")], "PQRSLAComplianceLow", "5m", []),
        case([(sla, "0.6x10")], "PQRSLAComplianceLow", "5m", fired(a["PQRSLAComplianceLow"], pqrs_type="queja")),
        case([(overdue, "10x10")], "PQROverdueBacklogHigh", "5m", []),
        case([(overdue, "80x10")], "PQROverdueBacklogHigh", "5m", fired(a["PQROverdueBacklogHigh"])),
    ]}


def write(root: Path = ROOT) -> list[Path]:
    written = []
    for relative, text in rendered().items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        written.append(path)
    return written


if __name__ == "__main__":
    if sys.argv[1:] != ["write"]:
        sys.exit("usage: python -m pqrlab.observability write")
    for path in write():
        print(path)
