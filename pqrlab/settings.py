"""One settings object, read from the environment (and `.env`), with embedded defaults.

Every knob the pipeline has lives here; nothing else in `pqrlab` reads `os.environ` for
configuration. The defaults give the *embedded* stack (no Docker): a local lake folder, an
embedded PostgreSQL started on demand, a Dask LocalCluster and Prefect without a server.
The same code points at the compose stack by setting the variables documented in `.env.example`.
"""
from __future__ import annotations

import datetime as dt
import math
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from dotenv import load_dotenv

from pqrlab.names import InvalidName, parse_day, parse_model_ref

DEFAULT_START = dt.date(2026, 3, 2)  # a 61-day window that spans Holy Week 2026
DEFAULT_DAYS = 61
DEFAULT_DAILY_EVENTS = 82.0  # mean e-mails a day: the default 61-day backfill holds about 5,000 lines
DEFAULT_MAX_EVENTS = 1_000_000  # a run above this needs PQR_MAX_EVENTS raised on purpose
MAX_DAYS = 3_660  # ten years of daily partitions
LAKE_SCHEMES = ("file", "s3")
PG_CONNECT_TIMEOUT_S = 5
SCHEDULE_TIME_RE = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")  # HH:MM, 24-hour clock


class SettingsError(ValueError):
    """A setting or argument a person can fix; its message is one line saying what and how."""


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


def _flag(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
        raise ValueError(value)
    return lowered in ("1", "true", "yes", "on")


def check_enricher_name(name: object) -> str:
    """`name` or `name@version` with safe parts (they become paths under the lake's `models/`)."""
    try:
        parse_model_ref(name)
    except InvalidName as err:
        raise SettingsError(f"PQR_ENRICHER={name!r}: {err}") from None
    return str(name)


def _check_writable(folder: Path, what: str, variable: str) -> None:
    """Create and remove a probe in `folder` (or its nearest existing parent); leaves nothing behind."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise SettingsError(f"{what} {folder} cannot be created: {existing} is not a folder; set {variable} "
                            "to a folder you can write")
    try:
        probe = tempfile.mkdtemp(prefix=".pqr-write-check-", dir=existing)
        os.rmdir(probe)
    except OSError as err:
        raise SettingsError(f"{what} {folder} is not writable ({err.strerror or err}); set {variable} to a "
                            "folder you can write or fix its permissions") from None


def _check_postgres(dsn: str) -> None:
    """Connect once with a short timeout; SettingsError with the reason when PostgreSQL does not answer."""
    import psycopg

    try:
        psycopg.connect(dsn, connect_timeout=PG_CONNECT_TIMEOUT_S).close()
    except (psycopg.Error, ValueError) as err:
        reason = " ".join(str(err).split())[:300]
        raise SettingsError(f"PostgreSQL at PQR_PG_DSN does not answer ({reason}); start it or fix "
                            "PQR_PG_DSN (unset it for the embedded server)") from None


def _get(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _parse(name: str, default: str, kind, hint: str):
    """The environment variable `name` (or `default`) converted by `kind`, or SettingsError naming it."""
    value = _get(name, default)
    try:
        return kind(value)
    except (ValueError, TypeError, InvalidName):
        raise SettingsError(f"{name}={value!r} is not {hint}; fix or unset it (in the environment or .env)") from None


def _daily_events_from_env() -> float | None:
    """PQR_DAILY_EVENTS; else None when PQR_EVENTS gives a total for the window; else the default."""
    if _get("PQR_DAILY_EVENTS"):
        return _parse("PQR_DAILY_EVENTS", "", float, "a number of e-mails per day (e.g. 82)")
    return None if _get("PQR_EVENTS") else DEFAULT_DAILY_EVENTS


_S3_BUCKET_RE = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


def _to_lake_url(value: str, base: Path) -> str:
    """Return an absolute fsspec URL; relative `file://./x` and bare paths resolve against `base`."""
    if any(ord(char) < 32 or ord(char) == 127 for char in value):  # a pasted newline or tab becomes a folder name
        raise SettingsError(f"lake URL {value!r} holds a control character (a newline?); fix PQR_LAKE_URL")
    if "://" not in value:
        return "file://" + str((base / value).resolve())
    scheme, rest = value.split("://", 1)
    if scheme not in LAKE_SCHEMES:
        raise SettingsError(f"lake URL {value!r} has scheme {scheme!r}; PQR_LAKE_URL must be file://<folder> "
                            "or s3://<bucket>/<prefix>")
    if not rest or (scheme == "s3" and not _S3_BUCKET_RE.fullmatch(rest.split("/", 1)[0])):
        raise SettingsError(f"lake URL {value!r} names no folder or bucket; PQR_LAKE_URL must be file://<folder> "
                            "or s3://<bucket>/<prefix> (bucket: 3-63 lower-case letters, digits, '.' or '-')")
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
    # Mean e-mails delivered per day (over a week; PQR_DAILY_EVENTS). None: `events` spread over the run's
    # days (`--events N` / PQR_EVENTS: daily volume = N / days).
    daily_events: float | None = DEFAULT_DAILY_EVENTS
    start: dt.date = DEFAULT_START
    days: int = DEFAULT_DAYS
    defect_rate: float = 0.02
    enricher: str = "promoted"  # the registry's promoted model (trained on the first run when none); or name@version
    embeddings: bool = False  # Silver keeps a sentence embedding per first e-mail (MiniLM; slower)
    dask_workers: int = 2
    max_events: int = DEFAULT_MAX_EVENTS  # upper bound on `events` (PQR_MAX_EVENTS raises it explicitly)
    bi_user: str = "pqr_bi_reader"  # the login role in pqr_bi that Streamlit, Metabase and Grafana use
    bi_password: str | None = None  # its password (required where PostgreSQL asks for one, as in compose)
    bi_dsn: str | None = None  # None: the control-plane DSN with the user switched to `bi_user`
    sla_target: float = 0.95  # the legal-compliance target drawn on the dashboard's charts
    schedule_time: str = "06:00"  # `pqrlab schedule`: the daily run's time of day (HH:MM, America/Bogota)
    # `pqrlab up`'s fixed, bookmarkable local ports (the conventional ones); each one setting.
    dask_scheduler_port: int = 8786
    dask_dashboard_port: int = 8787
    prefect_port: int = 4200
    jupyter_port: int = 8888
    streamlit_port: int = 8501

    def __post_init__(self) -> None:
        """Refuse values no run can use, with one line saying which setting and how to fix it."""
        def need(ok: bool, message: str) -> None:
            if not ok:
                raise SettingsError(message)

        for name in ("seed", "events", "days", "dask_workers", "max_events"):
            value = getattr(self, name)
            need(isinstance(value, int) and not isinstance(value, bool),
                 f"{name} must be a whole number, not {value!r}")
        need(self.max_events >= 1, f"PQR_MAX_EVENTS must be at least 1, not {self.max_events}")
        need(1 <= self.events <= self.max_events,
             f"events must be between 1 and {self.max_events:,} (got {self.events:,}); for a bigger run set "
             f"PQR_MAX_EVENTS to at least {self.events} on purpose" if self.events >= 1 else
             f"events must be at least 1 (got {self.events}): use --events N or PQR_EVENTS=N")
        need(self.daily_events is None or (isinstance(self.daily_events, float | int)
                                           and not isinstance(self.daily_events, bool)
                                           and math.isfinite(self.daily_events)
                                           and 0 < self.daily_events <= self.max_events),
             f"daily events must be a number above 0 and at most {self.max_events:,} (got {self.daily_events!r}): "
             "use --daily-events N or PQR_DAILY_EVENTS=N")
        need(1 <= self.days <= MAX_DAYS, f"days must be between 1 and {MAX_DAYS} (got {self.days}): use --days N "
             "or PQR_DAYS=N")
        need(self.seed >= 0, f"seed must be 0 or more (got {self.seed}): use --seed N or PQR_SEED=N")
        need(1 <= self.dask_workers <= 256, f"PQR_DASK_WORKERS must be between 1 and 256 (got {self.dask_workers})")
        need(isinstance(self.defect_rate, float | int) and 0 <= self.defect_rate <= 1,
             f"PQR_DEFECT_RATE must be a number between 0 and 1 (got {self.defect_rate!r})")
        need(isinstance(self.start, dt.date), f"start must be a date, not {self.start!r}")
        try:
            self.end
        except OverflowError:
            raise SettingsError(f"start {self.start} plus {self.days} days runs past year 9999: move --start "
                                "or shorten --days") from None
        scheme = self.lake_url.split("://", 1)[0] if "://" in self.lake_url else ""
        need(scheme in LAKE_SCHEMES, f"lake URL {self.lake_url!r} is not supported: PQR_LAKE_URL must be "
             "file://<folder> or s3://<bucket>/<prefix>")
        check_enricher_name(self.enricher)
        for name in ("dask_scheduler_port", "dask_dashboard_port", "prefect_port", "jupyter_port", "streamlit_port"):
            port = getattr(self, name)
            need(isinstance(port, int) and 1 <= port <= 65535,
                 f"PQR_{name.upper()} must be a port number between 1 and 65535 (got {port!r})")
        need(isinstance(self.sla_target, float | int) and 0 < self.sla_target <= 1,
             f"PQR_SLA_TARGET must be a share between 0 and 1, e.g. 0.95 (got {self.sla_target!r})")
        need(isinstance(self.schedule_time, str) and SCHEDULE_TIME_RE.fullmatch(self.schedule_time) is not None,
             f"PQR_SCHEDULE_TIME must be a time of day HH:MM on a 24-hour clock, e.g. 06:00 (got {self.schedule_time!r})")


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
            seed=_parse("PQR_SEED", "42", int, "a whole number"),
            events=_parse("PQR_EVENTS", "5000", int, "a whole number of e-mails (e.g. 5000)"),
            daily_events=_daily_events_from_env(),
            start=_parse("PQR_START", DEFAULT_START.isoformat(), parse_day, "an existing date YYYY-MM-DD"),
            days=_parse("PQR_DAYS", str(DEFAULT_DAYS), int, "a whole number of days"),
            defect_rate=_parse("PQR_DEFECT_RATE", "0.02", float, "a number between 0 and 1"),
            enricher=_get("PQR_ENRICHER", cls.enricher),
            embeddings=_parse("PQR_EMBEDDINGS", "0", _flag, "one of 1/0, true/false, yes/no, on/off"),
            dask_workers=_parse("PQR_DASK_WORKERS", "2", int, "a whole number"),
            max_events=_parse("PQR_MAX_EVENTS", str(DEFAULT_MAX_EVENTS), int, "a whole number"),
            bi_user=_get("PQR_BI_USER", "pqr_bi_reader"),
            bi_password=_get("PQR_BI_PASSWORD"),
            bi_dsn=_get("PQR_BI_DSN"),
            sla_target=_parse("PQR_SLA_TARGET", "0.95", float, "a share between 0 and 1 (e.g. 0.95)"),
            schedule_time=_get("PQR_SCHEDULE_TIME", "06:00"),
            dask_scheduler_port=_parse("PQR_DASK_SCHEDULER_PORT", "8786", int, "a port number"),
            dask_dashboard_port=_parse("PQR_DASK_DASHBOARD_PORT", "8787", int, "a port number"),
            prefect_port=_parse("PQR_PREFECT_PORT", "4200", int, "a port number"),
            jupyter_port=_parse("PQR_JUPYTER_PORT", "8888", int, "a port number"),
            streamlit_port=_parse("PQR_STREAMLIT_PORT", "8501", int, "a port number"),
        )

    def with_overrides(self, **values: object) -> "Settings":
        """A copy with the given fields replaced (checked again); `None` values are ignored (keep the setting)."""
        values = {k: v for k, v in values.items() if v is not None}
        if "events" in values and "daily_events" not in values:  # a total given: daily volume = events / days
            values["daily_events"] = None
        if "start" in values:
            try:
                values["start"] = parse_day(values["start"], "start day")
            except InvalidName as err:
                raise SettingsError(str(err)) from None
        if "lake_url" in values:
            values["lake_url"] = _to_lake_url(str(values["lake_url"]), project_root())
        return replace(self, **values)

    def preflight(self, write: bool = True, enricher: bool = True) -> None:
        """Checks that need I/O, before any service starts or anything is written: the lake and PQR_HOME can be
        written (`write`), PostgreSQL answers (when PQR_PG_DSN is set), the enricher exists (`enricher`).
        Raises SettingsError (one line: what is wrong and how to fix it)."""
        if write and self.lake_url.startswith("file://"):
            _check_writable(Path(self.lake_url.removeprefix("file://")), "lake", "PQR_LAKE_URL")
        if write:
            _check_writable(self.home, "PQR_HOME folder", "PQR_HOME")
        if self.pg_dsn:
            _check_postgres(self.pg_dsn)
        if not enricher:
            return
        from pqrlab.enrich.base import enricher_problem
        from pqrlab.lake import Lake

        problem = enricher_problem(self.enricher, Lake(self.lake_url, self.storage_options))
        if problem:
            raise SettingsError(f"PQR_ENRICHER: {problem}")

    def daily_volume(self, days: int | None = None) -> float:
        """Mean e-mails per day of the mailbox: `daily_events`, else `events` over `days` (default `self.days`)."""
        if self.daily_events is not None:
            return float(self.daily_events)
        return round(self.events / (days or self.days), 2)

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
