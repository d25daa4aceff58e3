"""compose.yaml lists the full stack with pinned images and the same settings names as pqrlab."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REQUIRED = {"rustfs", "supabase-db", "prefect-server", "dask-scheduler", "dask-worker", "prometheus",
            "grafana", "metabase", "streamlit", "jupyterlab"}


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_full_stack_is_listed_with_pinned_images():
    services = compose()["services"]
    assert REQUIRED <= set(services)
    for name, service in services.items():
        image = service.get("image", "")
        assert re.search(r":[\w.\-]+$", image), (name, image)
        assert not image.endswith(":latest"), (name, image)


def test_settings_names_are_the_ones_pqrlab_reads():
    source = (ROOT / "pqrlab" / "settings.py").read_text()
    known = set(re.findall(r'_(?:get|parse)\("([A-Z0-9_]+)"', source)) | {"AWS_DEFAULT_REGION", "PREFECT_SERVER_ANALYTICS_ENABLED"}
    pqr_env = compose()["x-pqr-env"]
    assert set(pqr_env) <= known, set(pqr_env) - known
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert known - {"PREFECT_SERVER_ANALYTICS_ENABLED"} <= documented, known - documented


# -- the stack comes up by itself (static checks: there is no Docker engine here) -------------------------
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

ONE_SHOT = {"bucket-init", "db-init", "metabase-init", "pipeline"}  # exit when done: no healthcheck by design
COMPOSE_ENV = {"POSTGRES_PASSWORD": "x", "PQR_BI_PASSWORD": "y", "MB_ADMIN_PASSWORD": "z1", "GRAFANA_ADMIN_PASSWORD": "w"}


def test_compose_file_matches_the_compose_specification_schema():
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run([str(checker), "--builtin-schema", "vendor.compose-spec", str(ROOT / "compose.yaml")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_config_resolves_with_a_real_compose_binary(tmp_path):
    """`docker-compose config` (Debian's package; `make test` installs it) parses, merges, interpolates and
    validates. Debian ships Compose 1.29, which predates the top-level `name` key of the compose
    specification (checked by the schema test above), so it reads a copy without that one line."""
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.skip("docker-compose is not installed (make observability-tools installs it as root)")
    source = (ROOT / "compose.yaml").read_text()
    assert re.search(r"^name: pqr-lakehouse$", source, re.M)
    copy = tmp_path / "compose.yaml"
    copy.write_text(re.sub(r"^name: .*$", "", source, flags=re.M))
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **COMPOSE_ENV}
    result = subprocess.run([binary, "-f", str(copy), "--project-directory", str(ROOT), "config"],
                            capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)
    assert resolved["services"]["streamlit"]["environment"]["PQR_BI_DSN"].startswith("postgresql://pqr_bi_reader:y@")
    assert resolved["services"]["metabase-init"]["depends_on"]["db-init"]["condition"] == "service_completed_successfully"
    for secret in COMPOSE_ENV:  # every secret is required, none has a default
        missing = {k: v for k, v in env.items() if k != secret}
        refused = subprocess.run([binary, "-f", str(copy), "--project-directory", str(ROOT), "config", "-q"],
                                 capture_output=True, text=True, timeout=120, env=missing, cwd=tmp_path)
        assert refused.returncode != 0 and secret in refused.stderr, secret


def test_every_long_running_service_has_a_healthcheck_and_a_restart_policy():
    services = compose()["services"]
    for name, service in services.items():
        check = service.get("healthcheck", {})
        if name in ONE_SHOT:
            assert check.get("disable") is True, name  # documented in compose.yaml beside it
            continue
        assert check.get("test") and not check.get("disable"), f"{name}: no healthcheck"
        assert service.get("restart") == "unless-stopped", f"{name}: no restart policy"


def test_dependencies_wait_for_health_or_completion():
    services = compose()["services"]
    for name, service in services.items():
        depends = service.get("depends_on", {})
        assert isinstance(depends, dict), f"{name}: depends_on needs conditions"
        for target, spec in depends.items():
            wanted = "service_completed_successfully" if target in ONE_SHOT else "service_healthy"
            assert spec == {"condition": wanted}, (name, target, spec)
    assert services["metabase-init"]["depends_on"].keys() == {"metabase", "db-init"}
    assert {"db-init", "bucket-init"} <= set(services["pipeline"]["depends_on"])


def test_every_stateful_service_keeps_its_state_in_a_named_volume():
    data = compose()
    state = {"prefect-server": "/root/.prefect", "metabase": "/metabase-data", "grafana": "/var/lib/grafana",
             "prometheus": "/prometheus", "alertmanager": "/alertmanager", "supabase-db": "/var/lib/postgresql/data",
             "rustfs": "/data", "pushgateway": "/data"}
    for name, path in state.items():
        mounts = [v.split(":") for v in data["services"][name].get("volumes", [])]
        volume = next((m[0] for m in mounts if m[1] == path), None)
        assert volume in data["volumes"], f"{name}: {path} is not on a named volume"
    assert data["services"]["metabase"]["environment"]["MB_DB_FILE"].startswith("/metabase-data/")


def test_bi_services_connect_through_the_bi_login_role_not_postgres():
    services = compose()["services"]
    streamlit = services["streamlit"]["environment"]
    assert "PQR_PG_DSN" not in streamlit and streamlit["PQR_BI_DSN"].startswith("postgresql://${PQR_BI_USER")
    assert services["db-init"]["command"] == ["pqrlab", "bi-role", "--require-password"]
    assert services["metabase-init"]["command"] == ["python", "-m", "pqrlab.dashboard.metabase"]
    assert "PQR_PG_DSN" not in services["metabase-init"]["environment"]
    datasources = (ROOT / "observability/grafana/provisioning/datasources/datasources.yml").read_text()
    assert "user: $PQR_BI_USER" in datasources and "postgres@" not in datasources


def test_prometheus_alerts_go_to_alertmanager():
    prometheus = yaml.safe_load((ROOT / "observability/prometheus/prometheus.yml").read_text())
    targets = prometheus["alerting"]["alertmanagers"][0]["static_configs"][0]["targets"]
    assert targets == ["alertmanager:9093"] and "alertmanager" in compose()["services"]
    alertmanager = yaml.safe_load((ROOT / "observability/alertmanager/alertmanager.yml").read_text())
    assert alertmanager["route"]["receiver"] in {r["name"] for r in alertmanager["receivers"]}


def test_grafana_has_a_business_dashboard_on_postgresql():
    import json

    board = json.loads((ROOT / "observability/grafana/provisioning/dashboards/json/negocio-pqrs.json").read_text())
    assert board["panels"] and all(p["datasource"]["uid"] == "pqr-postgres" for p in board["panels"])
    assert all("public.gold_" in p["targets"][0]["rawSql"] for p in board["panels"])


def test_dockerfile_cpu_torch_notebook_inputs_non_root_and_healthcheck():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r'pip install "torch==2\.13\.0" --index-url https://download\.pytorch\.org/whl/cpu', dockerfile)
    copied = set(re.findall(r"^COPY (\S+)", dockerfile, re.M))
    assert {"docs", "notebooks", "exercises", "solutions", "pqrlab"} <= copied
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.M) and re.search(r"^HEALTHCHECK ", dockerfile, re.M)
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", ".pqr", "lakehouse", ".env"} <= set(ignored)
    # What the notebooks read from the repository is in the image.
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        for folder in set(re.findall(r"\.\./(\w+)/", notebook.read_text())):
            assert folder in copied, f"{notebook.name} reads ../{folder}/ which the image lacks"
