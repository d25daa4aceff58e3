"""The student's workspace (`pqrlab up`): every service on a fixed local port, kept running until Ctrl-C.

PostgreSQL (embedded), a Prefect server whose UI reaches its API, one shared Dask cluster with its
dashboard, JupyterLab (dask-labextension pointed at that dashboard, a workspace with the Dask panes beside
notebook 02, the dashboard also under `/proxy/<port>/` for a single forwarded port) and Streamlit.
Nothing here is Linux-only: the same calls work on macOS and under WSL.
"""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pqrlab.services.dask_cluster import shared_cluster
from pqrlab.control.bi import ensure_bi_login
from pqrlab.control.db import apply_migrations
from pqrlab.services.postgres import resolve_dsn
from pqrlab.services.prefect_server import prefect_env, prefect_server, server_answers
from pqrlab.services.process import ensure_ports_free, published, spawned, wait_http
from pqrlab.settings import Settings

REPO = Path(__file__).resolve().parents[2]
LAB_FILES = Path(__file__).resolve().parents[1] / "data" / "jupyterlab"  # overrides.json here is compose's
WORKSPACE_TEMPLATE = LAB_FILES / "workspace.json"
WORKSPACE_NAME = "pqr"
DASK_PLUGIN = "dask-labextension:plugin"


def fixed_ports(settings: Settings) -> dict[str, tuple[int, str]]:
    """Each service's port and the setting that moves it (Prefect's only when `up` starts the server)."""
    ports = {
        "the Dask scheduler": (settings.dask_scheduler_port, "PQR_DASK_SCHEDULER_PORT"),
        "the Dask dashboard": (settings.dask_dashboard_port, "PQR_DASK_DASHBOARD_PORT"),
        "JupyterLab": (settings.jupyter_port, "PQR_JUPYTER_PORT"),
        "Streamlit": (settings.streamlit_port, "PQR_STREAMLIT_PORT"),
    }
    if not settings.prefect_api_url:
        ports["the Prefect server"] = (settings.prefect_port, "PQR_PREFECT_PORT")
    return ports


def dashboard_proxy_path(settings: Settings) -> str:
    """The Dask dashboard through JupyterLab's jupyter-server-proxy (relative to JupyterLab's base URL)."""
    return f"proxy/{settings.dask_dashboard_port}"


def write_lab_config(settings: Settings, dashboard_url: str) -> Path:
    """JupyterLab's per-installation folder: overrides pointing dask-labextension at `dashboard_url`, and
    the `pqr` workspace (notebook 02 with Task Stream, Progress and Worker Memory beside it)."""
    lab = settings.home / "jupyter"
    (lab / "app-settings").mkdir(parents=True, exist_ok=True)
    overrides = json.loads((LAB_FILES / "overrides.json").read_text())
    overrides[DASK_PLUGIN]["defaultURL"] = dashboard_url
    (lab / "app-settings" / "overrides.json").write_text(json.dumps(overrides, indent=2))
    from jupyterlab_server.workspaces_handler import WorkspacesManager

    workspace = WORKSPACE_TEMPLATE.read_text().replace("DASK_DASHBOARD_URL", dashboard_url)
    WorkspacesManager(str(lab / "workspaces")).save(WORKSPACE_NAME, workspace)
    return lab


def jupyterlab_command(settings: Settings, lab: Path) -> list[str]:
    return [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={settings.jupyter_port}",
            "--allow-root",  # harmless for a normal user; needed in root containers (no os.geteuid: not on Windows)
            "--IdentityProvider.token=", f"--ServerApp.root_dir={REPO}",
            f"--LabApp.app_settings_dir={lab / 'app-settings'}", f"--LabApp.workspaces_dir={lab / 'workspaces'}"]


def streamlit_command(settings: Settings) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(REPO / "pqrlab" / "dashboard" / "app.py"),
            "--server.headless=true", "--server.address=127.0.0.1", f"--server.port={settings.streamlit_port}",
            "--browser.gatherUsageStats=false"]


@dataclass
class Workspace:
    urls: dict[str, str]  # what `pqrlab up` prints and publishes in `Settings.services_file`
    processes: dict[str, subprocess.Popen]

    def exited(self) -> str | None:
        """A line naming the first service process that stopped by itself, else None."""
        for name, proc in self.processes.items():
            if proc.poll() is not None:
                return f"{name} exited with code {proc.returncode}"
        return None


@contextlib.contextmanager
def workspace(settings: Settings) -> Iterator[Workspace]:
    """Start every service (PortTaken first if a fixed port is in use), yield their URLs, stop them all."""
    ensure_ports_free(fixed_ports(settings))
    logs = settings.home / "logs"
    with contextlib.ExitStack() as stack:
        dsn = resolve_dsn(settings)
        apply_migrations(dsn)
        ensure_bi_login(dsn, settings.bi_user, settings.bi_password)  # Streamlit connects through it
        os.environ.update(prefect_env(settings.home))
        api = settings.prefect_api_url or stack.enter_context(prefect_server(settings.home, settings.prefect_port))
        if not server_answers(api):
            raise RuntimeError(f"Prefect API {api} does not answer")
        env = {**os.environ, "PQR_PG_DSN": dsn, "PREFECT_API_URL": api}
        dask = stack.enter_context(shared_cluster(settings, env, logs))
        lab = write_lab_config(settings, dashboard_proxy_path(settings))
        jupyter = stack.enter_context(spawned(jupyterlab_command(settings, lab), logs / "jupyterlab.log", env))
        streamlit = stack.enter_context(spawned(streamlit_command(settings), logs / "streamlit.log", env))
        lab_url = f"http://127.0.0.1:{settings.jupyter_port}"
        app_url = f"http://127.0.0.1:{settings.streamlit_port}"
        wait_http(f"{lab_url}/api/status", 120, jupyter)
        wait_http(f"{app_url}/_stcore/health", 120, streamlit)
        services = {
            "postgres": dsn, "prefect_api": api, "prefect_ui": api.removesuffix("/api"), **dask,
            "jupyterlab": f"{lab_url}/lab/workspaces/{WORKSPACE_NAME}",
            "dask_dashboard_proxied": f"{lab_url}/{dashboard_proxy_path(settings)}/status",
            "streamlit": app_url, "logs": str(logs),
        }
        stack.enter_context(published(settings.services_file, services))
        yield Workspace(services, {"JupyterLab": jupyter, "Streamlit": streamlit})
