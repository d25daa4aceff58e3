"""The pipeline's steps as the notebooks call them: resolve the run, do one layer, record it.

Each notebook has a `parameters` cell of plain values (None = take the setting); `open_run` turns them
into a `Run` with the lake, the PostgreSQL DSN and the run id, and each `step_*` does one layer and
records its timings, counts and lineage in `meta.runs` / `meta.lineage`.
"""
from __future__ import annotations

from dataclasses import dataclass

from distributed import Client

from pqrlab import quality
from pqrlab.channel.generator import ChannelConfig
from pqrlab.control import db, publish, runs
from pqrlab.enrich.registry import resolve_enricher
from pqrlab.lake import Lake
from pqrlab.names import check_run_id
from pqrlab.layers import bronze, gold, raw, silver
from pqrlab.services.postgres import resolve_dsn
from pqrlab.settings import Settings
from pqrlab.steps import StepResult


def default_run_id(settings: Settings) -> str:
    """Same parameters, same run id: rerunning the default job is idempotent."""
    return f"s{settings.seed}-n{settings.events}-{settings.start:%Y%m%d}-{settings.days}d"


@dataclass
class Run:
    """Everything a step needs to know about the run it works on."""

    settings: Settings
    run_id: str
    lake: Lake
    dsn: str

    @property
    def channel(self) -> ChannelConfig:
        s = self.settings
        return ChannelConfig(seed=s.seed, run_id=self.run_id, events=s.events, start=s.start, days=s.days,
                             defect_rate=s.defect_rate)

    @property
    def params(self) -> dict:
        s = self.settings
        return {"events": s.events, "start": s.start.isoformat(), "days": s.days, "as_of": s.end.isoformat(),
                "defect_rate": s.defect_rate, "enricher": s.enricher, "embeddings": s.embeddings,
                "lake_url": s.lake_url}


def open_run(run_id: str | None = None, seed: int | None = None, events: int | None = None,
             start: str | None = None, days: int | None = None, lake_url: str | None = None,
             pg_dsn: str | None = None, enricher: str | None = None, dask_address: str | None = None) -> Run:
    """Resolve a notebook's (or the flow's) parameters against the settings; prepare the control plane."""
    settings = Settings.from_env().with_overrides(
        seed=seed, events=events, days=days, lake_url=lake_url, pg_dsn=pg_dsn, enricher=enricher,
        dask_address=dask_address, start=start)
    run_id = check_run_id(run_id) if run_id is not None else default_run_id(settings)
    dsn = resolve_dsn(settings)
    db.apply_migrations(dsn)
    lake = Lake.from_settings(settings)
    settings = settings.with_overrides(enricher=resolve_enricher(settings.enricher, lake, dsn))
    return Run(settings, run_id, lake, dsn)


def _recorded(run: Run, result: StepResult) -> StepResult:
    runs.record_step(run.dsn, result)
    return result


def quality_context(run: Run, layer: str, raw_lines: int = 0) -> quality.Context:
    """Load what `layer`'s checks look at (only the columns they need)."""
    ctx = quality.Context(raw_lines=raw_lines, as_of=run.settings.end)
    if layer == "bronze":
        ctx.frames["bronze.messages"] = run.lake.read_dataset(
            "bronze", bronze.MESSAGES, run.run_id, ["message_id", "kind", "direction", "day"]).to_pandas()
        ctx.frames["bronze.quarantine"] = run.lake.read_dataset(
            "bronze", bronze.QUARANTINE, run.run_id, ["reason"]).to_pandas()
    elif layer == "silver":
        columns = ["message_id", "in_reply_to", "subject", "body", "summary"]
        ctx.frames["silver.messages"] = run.lake.read_dataset("silver", bronze.MESSAGES, run.run_id, columns).to_pandas()
        ctx.frames["silver.tickets"] = silver.read_tickets(run.lake, run.run_id)
    elif layer == "gold":
        ctx.frames["silver.tickets"] = run.lake.read_dataset("silver", silver.TICKETS, run.run_id,
                                                             ["ticket_id"]).to_pandas()
        for name in gold.GOLD_DATASETS:
            ctx.frames[f"gold.{name}"] = gold.read_gold(run.lake, name, run.run_id)
    return ctx


def quality_gate(run: Run, layer: str, raw_lines: int = 0) -> list[quality.CheckResult]:
    """Evaluate and record `layer`'s checks; stop the run if a blocking one failed."""
    results = quality.run_checks(layer, quality_context(run, layer, raw_lines))
    runs.record_checks(run.dsn, run.run_id, results)
    failed = quality.blocking_failures(results)
    if failed:
        raise quality.QualityGateError(failed)
    return results


def begin_run(run: Run) -> None:
    """Mark the run started in `meta.runs` (kept as is when the flow already started it)."""
    runs.start_run(run.dsn, run.run_id, run.settings.seed, run.params, keep_started=True)


def record_layer(run: Run, result: StepResult) -> StepResult:
    """Record a layer's result (timings, counts, lineage) and pass its quality gate, if it has one."""
    _recorded(run, result)
    if result.step in ("bronze", "silver", "gold"):
        quality_gate(run, result.step, raw_lines=result.rows_in if result.step == "bronze" else 0)
    return result


def step_generate(run: Run, client: Client) -> StepResult:
    begin_run(run)
    return record_layer(run, raw.generate_raw(run.lake, client, run.channel))


def step_bronze(run: Run, client: Client) -> StepResult:
    return record_layer(run, bronze.raw_to_bronze(run.lake, client, run.run_id))


def step_silver(run: Run, client: Client) -> StepResult:
    return record_layer(run, silver.bronze_to_silver(run.lake, client, run.run_id, run.settings.enricher,
                                                     run.settings.embeddings))


def step_gold(run: Run, client: Client) -> StepResult:
    return record_layer(run, gold.silver_to_gold(run.lake, client, run.run_id, run.settings.end))


def step_publish(run: Run) -> StepResult:
    result = _recorded(run, publish.publish(run.lake, run.dsn, run.run_id))
    runs.finish_run(run.dsn, run.run_id, "succeeded")
    return result
