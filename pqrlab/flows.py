"""The production pipeline *is* the teaching path: a Prefect flow that runs the numbered notebooks
with papermill, one task per notebook, all sharing one Dask cluster whose address it passes in.

Executed notebooks are kept per run under `<PQR_HOME>/runs/<run_id>/` with the run's `metrics.prom`, its
Dask performance report (`dask-report.html`, the dashboard of a finished run) and its library log (`run.log`).
"""
from __future__ import annotations

import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

import papermill as pm
from distributed import performance_report
from prefect import flow, get_run_logger, task
from prefect.exceptions import TerminationSignal
from prefect.runtime import flow_run

from pqrlab.console import LOG_FILE, active_console, run_console
from pqrlab.control import runs
from pqrlab.layers.bronze import day_counts
from pqrlab.metrics import export_run_metrics
from pqrlab.names import InvalidName, check_run_id
from pqrlab.pipeline import Run, open_run, with_model
from pqrlab.services.dask_cluster import dask_client
from pqrlab.services.lifecycle import check_interrupted, keep_interruptible

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOK_STEPS = {  # notebook → the pipeline step it runs
    "01_generate_raw.ipynb": "generate",
    "02_raw_to_bronze.ipynb": "bronze",
    "03_bronze_to_silver.ipynb": "silver",
    "04_silver_to_gold.ipynb": "gold",
    "05_publish_postgres.ipynb": "publish",
}
PIPELINE_NOTEBOOKS = tuple(NOTEBOOK_STEPS)
INGEST_NOTEBOOKS = ("01_generate_raw.ipynb", "02_raw_to_bronze.ipynb")  # skipped when reprocessing
DASK_REPORT = "dask-report.html"


@dataclass
class FlowReport:
    run_id: str
    status: str
    run_dir: Path
    dsn: str
    lake_url: str
    dask_dashboard: str = ""
    dask_report: Path | None = None  # the run's Dask performance report (HTML), kept beside the notebooks
    log_file: Path | None = None  # what Dask, Prefect and the kernels logged during the run
    notebook_seconds: dict[str, float] = field(default_factory=dict)
    retries: dict[str, int] = field(default_factory=dict)
    run: dict = field(default_factory=dict)


def run_folder(runs_dir: Path, run_id: str) -> Path:
    """`runs_dir/<run_id>` for executed notebooks; the run id is checked, so the folder stays inside."""
    folder = runs_dir / check_run_id(run_id)
    if folder.resolve().parent != runs_dir.resolve():
        raise InvalidName(f"run folder {folder} is outside {runs_dir}")
    return folder


def failure_message(step: str, err: BaseException) -> str:
    """`meta.runs.error`: a first line naming the step it stopped in and why (interrupted, or the error),
    then the error's details (a notebook's traceback)."""
    if isinstance(err, TerminationSignal):  # Prefect's form of SIGTERM inside a flow or task run
        return f"interrupted by {signal.Signals(err.signal).name} during step {step}"
    if isinstance(err, KeyboardInterrupt):
        return f"interrupted by {err or 'SIGINT'} during step {step}"
    name, value = getattr(err, "ename", type(err).__name__), getattr(err, "evalue", str(err))
    headline = " ".join(f"step {step} failed: {name}: {value}".split())[:300]  # a notebook's error, in one line
    return f"{headline}\n{err}"[:2000]


@task(retries=1, retry_delay_seconds=2, task_run_name="notebook {notebook}")
def run_notebook(notebook: str, parameters: dict, run_dir: str) -> tuple[float, int]:
    """Execute one notebook with papermill (kept in `run_dir`); return (seconds, retries it needed)."""
    from prefect.runtime import task_run

    if not (NOTEBOOK_DIR / notebook).exists():
        raise FileNotFoundError(f"{NOTEBOOK_DIR / notebook} not found: pqrlab must run from a checkout")
    started = time.perf_counter()
    console = active_console()
    keep_interruptible()  # also before a retry
    try:
        pm.execute_notebook(str(NOTEBOOK_DIR / notebook), str(Path(run_dir) / notebook), parameters=parameters,
                            kernel_name="python3", cwd=str(NOTEBOOK_DIR),
                            progress_bar=console.progress_bar(notebook) if console else False)
    except Exception:
        check_interrupted()  # an error after a signal (a cell that timed out waiting) is the interruption: no retry
        raise
    return time.perf_counter() - started, max(int(task_run.run_count or 1) - 1, 0)


def notebook_steps(reprocess: bool) -> dict[str, str]:
    """The notebooks a run executes: all of them, or Silver onward when it reprocesses ingested days."""
    return {nb: step for nb, step in NOTEBOOK_STEPS.items() if not (reprocess and nb in INGEST_NOTEBOOKS)}


@flow(name="pqr-lakehouse", log_prints=True)
def lakehouse_flow(run_id: str | None = None, seed: int | None = None, events: int | None = None,
                   start: str | None = None, days: int | None = None, lake_url: str | None = None,
                   pg_dsn: str | None = None, dask_address: str | None = None, day: str | None = None,
                   from_day: str | None = None, to_day: str | None = None, next_day: bool = False,
                   reprocess: bool = False, daily_events: float | None = None) -> FlowReport:
    """Raw → Bronze → Silver → Gold → PostgreSQL for one run's delivery days, by executing the notebooks in
    order: the days are claimed first (`GapError` / `DaysBusyError` in one line when they cannot be), released
    at the end whatever happens, and marked ingested once the publish notebook succeeded."""
    keep_interruptible()  # under `pqrlab run`, SIGTERM is ours again (Prefect's engine just installed its own)
    run = open_run(run_id=run_id, seed=seed, events=events, start=start, days=days, lake_url=lake_url,
                   pg_dsn=pg_dsn, dask_address=dask_address, day=day, from_day=from_day, to_day=to_day,
                   next_day=next_day, reprocess=reprocess, daily_events=daily_events, resolve_model=False)
    run_id, dsn = run.run_id, run.dsn
    runs.mark_abandoned(dsn)
    try:  # claimed inside: a signal right after the claim still releases it
        runs.claim_days(dsn, run_id, runs.days_to_claim(run.days, runs.ingested_days(dsn), run.reprocess))
        # under the claim: no other run changes them meanwhile
        runs.check_days(dsn, run.days, run.reprocess, run.settings.seed, run.daily)
        return _run_notebooks(with_model(run))  # a refused run trains nothing
    finally:
        runs.release_days(dsn, run_id)


def _run_notebooks(run: Run) -> FlowReport:
    """Execute the run's notebooks (its days claimed); record the days ingested when publish succeeded."""
    settings, run_id, dsn = run.settings, run.run_id, run.dsn
    run_dir = run_folder(settings.runs_dir, run_id)
    run_dir.mkdir(parents=True, exist_ok=True)
    steps = notebook_steps(run.reprocess)
    logger = get_run_logger()
    report = FlowReport(run_id, "running", run_dir, dsn, settings.lake_url, dask_report=run_dir / DASK_REPORT,
                        log_file=run_dir / LOG_FILE)
    step = "start"
    try:  # started inside: a signal right after the row says `running` still marks it failed
        runs.start_run(dsn, run_id, settings.seed, run.params, flow_run_id=str(flow_run.id) if flow_run.id else None)
        runs.record_run_days(dsn, run_id, run.days, run.reprocess)
        with run_console(report.log_file, len(steps)) as console, \
                dask_client(settings.dask_address, settings.dask_workers) as client, \
                performance_report(filename=str(report.dask_report), mode="inline"):
            report.dask_dashboard = client.dashboard_link
            logger.info("Dask dashboard: %s", client.dashboard_link)
            parameters = {"run_id": run_id, "seed": settings.seed, "events": settings.events,
                          "daily_events": run.daily, "start": run.days[0], "days": run.days,
                          "reprocess": run.reprocess, "lake_url": settings.lake_url, "pg_dsn": dsn,
                          "dask_address": client.scheduler.address}
            for index, (notebook, step) in enumerate(steps.items(), 1):
                keep_interruptible()
                console.notebook_started(index, notebook)
                report.notebook_seconds[notebook], report.retries[step] = run_notebook(
                    notebook, parameters, str(run_dir))
                check_interrupted()  # a signal whose exception something swallowed during the step
                rows = ((runs.get_run(dsn, run_id) or {}).get("steps") or {}).get(step, {}).get("rows_out", 0)
                console.notebook_finished(index, notebook, report.notebook_seconds[notebook], rows)
        step = "record ingested days"
        check_interrupted()
        if (runs.get_run(dsn, run_id) or {}).get("status") == "succeeded":  # publish finished the run
            runs.record_ingested(dsn, run_id, run.days, day_counts(run.lake, run.days))
    except BaseException as err:  # Ctrl-C and SIGTERM (RunInterrupted) too: the run never stays `running`
        runs.finish_run(dsn, run_id, "failed", error=failure_message(step, err), failed_step=step)
        raise
    finally:
        report.run = runs.get_run(dsn, run_id) or {}
        report.status = report.run.get("status", "failed")
        export_run_metrics(report.run, run_dir, settings.pushgateway_url, report.retries)
    return report
