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
