"""One settings object, read from the environment (and `.env`), with embedded defaults.

Every knob the pipeline has lives here; nothing else in `pqrlab` reads `os.environ` for
configuration. The defaults give the *embedded* stack (no Docker): a local lake folder, an
embedded PostgreSQL started on demand, a Dask LocalCluster and Prefect without a server.
The same code points at the compose stack by setting the variables documented in `.env.example`.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from dotenv import load_dotenv

DEFAULT_START = dt.date(2026, 3, 2)  # a 61-day window that spans Holy Week 2026
DEFAULT_DAYS = 61


def project_root(start: Path | None = None) -> Path:
    """The checkout this runs in (nearest folder up with pqrlab's pyproject.toml), else the current folder.

    Relative settings (`file://./lakehouse`, `.pqr`, `.env`) resolve against it, so a notebook opened in
    `notebooks/` finds the same lake and database as `make run` in the project root.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and 'name = "pqrlab"' in pyproject.read_text(errors="ignore"):
            return folder
    return here


def _get(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _to_lake_url(value: str, base: Path) -> str:
    """Return an absolute fsspec URL; relative `file://./x` and bare paths resolve against `base`."""
    if "://" not in value:
        return "file://" + str((base / value).resolve())
    scheme, rest = value.split("://", 1)
    if scheme == "file" and not rest.startswith("/"):
        return "file://" + str((base / rest).resolve())
    return value


@dataclass(frozen=True)
class Settings:
    """Configuration of one PQR Lakehouse installation."""

    home: Path = field(default_factory=lambda: Path(".pqr").resolve())
    lake_url: str = field(default_factory=lambda: _to_lake_url("file://./lakehouse", Path.cwd()))
    pg_dsn: str | None = None  # None: embedded PostgreSQL under `home/pgdata`
    dask_address: str | None = None  # None: a LocalCluster per run
    prefect_api_url: str | None = None  # None: a local Prefect server for the run
    s3_endpoint_url: str | None = None
    aws_access_key_id: str | None = None
    aws_secret_access_key: str | None = None
    pushgateway_url: str | None = None
    seed: int = 42
    events: int = 5_000
    start: dt.date = DEFAULT_START
    days: int = DEFAULT_DAYS
    defect_rate: float = 0.02
    enricher: str = "keywords-baseline"
    embeddings: bool = False  # Silver keeps a sentence embedding per first e-mail (MiniLM; slower)
    dask_workers: int = 2
    # `pqrlab up`'s fixed, bookmarkable local ports (the conventional ones); each one setting.
    dask_scheduler_port: int = 8786
    dask_dashboard_port: int = 8787
    prefect_port: int = 4200
    jupyter_port: int = 8888
    streamlit_port: int = 8501

    @classmethod
    def from_env(cls, env_file: str | Path | None = ".env") -> "Settings":
        """Build settings from the environment; the project's `.env` fills variables not already set."""
        root = project_root()
        if env_file and (root / env_file).exists():
            load_dotenv(root / env_file, override=False)
        home = root / _get("PQR_HOME", ".pqr")
        return cls(
            home=home.resolve(),
            lake_url=_to_lake_url(_get("PQR_LAKE_URL", "file://./lakehouse"), root),
            pg_dsn=_get("PQR_PG_DSN"),
            dask_address=_get("PQR_DASK_ADDRESS"),
            prefect_api_url=_get("PREFECT_API_URL"),
            s3_endpoint_url=_get("PQR_S3_ENDPOINT_URL"),
            aws_access_key_id=_get("AWS_ACCESS_KEY_ID"),
            aws_secret_access_key=_get("AWS_SECRET_ACCESS_KEY"),
            pushgateway_url=_get("PQR_PUSHGATEWAY_URL"),
            seed=int(_get("PQR_SEED", "42")),
            events=int(_get("PQR_EVENTS", "5000")),
            start=dt.date.fromisoformat(_get("PQR_START", DEFAULT_START.isoformat())),
            days=int(_get("PQR_DAYS", str(DEFAULT_DAYS))),
            defect_rate=float(_get("PQR_DEFECT_RATE", "0.02")),
            enricher=_get("PQR_ENRICHER", "keywords-baseline"),
            embeddings=_get("PQR_EMBEDDINGS", "0").lower() in ("1", "true", "yes", "on"),
            dask_workers=int(_get("PQR_DASK_WORKERS", "2")),
            dask_scheduler_port=int(_get("PQR_DASK_SCHEDULER_PORT", "8786")),
            dask_dashboard_port=int(_get("PQR_DASK_DASHBOARD_PORT", "8787")),
            prefect_port=int(_get("PQR_PREFECT_PORT", "4200")),
            jupyter_port=int(_get("PQR_JUPYTER_PORT", "8888")),
            streamlit_port=int(_get("PQR_STREAMLIT_PORT", "8501")),
        )

    def with_overrides(self, **values: object) -> "Settings":
        """A copy with the given fields replaced; `None` values are ignored (keep the setting)."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})

    @property
    def end(self) -> dt.date:
        """Last day of the generated window, also the as-of date of the run's KPIs."""
        return self.start + dt.timedelta(days=self.days - 1)

    @property
    def runs_dir(self) -> Path:
        """Where executed notebooks and metrics of each run are kept."""
        return self.home / "runs"

    @property
    def services_file(self) -> Path:
        """Written by `pqrlab up` while it runs: the URLs of the shared Dask cluster, Prefect, JupyterLab."""
        return self.home / "services.json"

    @property
    def pg_data_dir(self) -> Path:
        return self.home / "pgdata"

    @property
    def storage_options(self) -> dict:
        """fsspec options for the lake URL (empty for a local folder)."""
        if not self.lake_url.startswith("s3://"):
            return {}
        options: dict = {"key": self.aws_access_key_id, "secret": self.aws_secret_access_key}
        if self.s3_endpoint_url:
            options["client_kwargs"] = {"endpoint_url": self.s3_endpoint_url}
        return options
