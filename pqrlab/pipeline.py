"""The pipeline's steps as the notebooks call them: resolve the run, do one layer, record it.

Each notebook has a `parameters` cell of plain values (None = take the setting); `open_run` turns them
into a `Run` with the lake, the PostgreSQL DSN and the run id, and each `step_*` does one layer and
records its timings, counts and lineage in `meta.runs` / `meta.lineage`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import pandas as pd
from distributed import Client

from pqrlab import quality
from pqrlab.channel.generator import ChannelConfig
from pqrlab.control import db, publish, runs
from pqrlab.enrich.registry import resolve_enricher
from pqrlab.lake import Lake
from pqrlab.names import InvalidName, check_run_id, parse_day
from pqrlab.layers import bronze, gold, raw, silver
from pqrlab.services.postgres import resolve_dsn
from pqrlab.settings import MAX_DAYS, Settings, SettingsError
from pqrlab.steps import StepResult


def window(settings: Settings) -> list[str]:
    """The settings' default backfill window (PQR_START, PQR_DAYS) as ISO days."""
    return [(settings.start + dt.timedelta(days=i)).isoformat() for i in range(settings.days)]


def default_run_id(settings: Settings, days: list[str] | None = None, reprocess: bool = False) -> str:
    """Same seed, daily volume and days, same run id: rerunning them is idempotent (`-rp`: a reprocess)."""
    days = days or window(settings)
    daily = settings.daily_volume(len(days))
    first, last = parse_day(days[0]), parse_day(days[-1])
    return f"s{settings.seed}-v{daily:g}-{first:%Y%m%d}-{last:%Y%m%d}" + ("-rp" if reprocess else "")


def day_range(first: object, last: object) -> list[str]:
    """Every day from `first` to `last` (checked: real dates, in order, at most MAX_DAYS) as ISO strings."""
    start, end = parse_day(first, "first day (--from)"), parse_day(last, "last day (--to)")
    if end < start:
        raise SettingsError(f"--to {end} is before --from {start}: give the first day, then the last")
    if (end - start).days >= MAX_DAYS:
        raise SettingsError(f"{start}..{end} is {(end - start).days + 1} days; a run covers at most {MAX_DAYS}")
    return [(start + dt.timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]


def plan_days(settings: Settings, days: list[str] | None = None, day: str | None = None,
              from_day: str | None = None, to_day: str | None = None, next_from: dt.date | None = None) -> list[str]:
    """The delivery days a run covers (pure; SettingsError/InvalidName in one line): one `day`, the range
    `from_day..to_day`, `next_from` (the next day not yet ingested), explicit consecutive `days`, or the
    settings' window."""
    chosen = [name for name, value in (("--day", day), ("--from/--to", from_day or to_day),
                                      ("--next", next_from), ("days", days)) if value]
    if len(chosen) > 1:
        raise SettingsError(f"give only one of {', '.join(chosen)}")
    if day:
        return day_range(parse_day(day, "day (--day)"), parse_day(day, "day (--day)"))
    if from_day or to_day:
        if not (from_day and to_day):
            raise SettingsError("--from and --to go together: --from YYYY-MM-DD --to YYYY-MM-DD")
        return day_range(from_day, to_day)
    if next_from:
        return [next_from.isoformat()]
    if days:
        listed = sorted({parse_day(d).isoformat() for d in days})
        if listed != day_range(listed[0], listed[-1]):
            raise SettingsError(f"the days of a run must be consecutive; got {', '.join(listed[:5])}…")
        return listed
    return window(settings)


@dataclass
class Run:
    """Everything a step needs to know about the run it works on: its delivery days among them."""

    settings: Settings
    run_id: str
    lake: Lake
    dsn: str
    days: list[str] = field(default_factory=list)  # sorted ISO delivery days; default: the settings' window
    reprocess: bool = False  # Silver onward again for days already ingested (Raw and Bronze untouched)

    def __post_init__(self) -> None:
        self.days = sorted(self.days) if self.days else window(self.settings)

    @property
    def daily(self) -> float:
        """Mean e-mails per day of the mailbox this run reads."""
        return self.settings.daily_volume(len(self.days))

    @property
    def channel(self) -> ChannelConfig:
        s = self.settings
        return ChannelConfig(seed=s.seed, run_id=self.run_id, events=s.events, start=parse_day(self.days[0]),
                             days=len(self.days), defect_rate=s.defect_rate, daily_events=self.daily)

    @property
    def params(self) -> dict:
        s = self.settings
        return {"events": s.events, "daily_events": self.daily, "start": self.days[0], "days": len(self.days),
                "first_day": self.days[0], "last_day": self.days[-1], "reprocess": self.reprocess,
                "as_of": self.days[-1], "defect_rate": s.defect_rate, "enricher": s.enricher,
                "embeddings": s.embeddings, "lake_url": s.lake_url}


def open_run(run_id: str | None = None, seed: int | None = None, events: int | None = None,
             start: str | None = None, days: int | list[str] | None = None, lake_url: str | None = None,
             pg_dsn: str | None = None, enricher: str | None = None, dask_address: str | None = None,
             day: str | None = None, from_day: str | None = None, to_day: str | None = None,
             next_day: bool = False, reprocess: bool = False, daily_events: float | None = None,
             resolve_model: bool = True) -> Run:
    """Resolve a notebook's (or the flow's) parameters against the settings; prepare the control plane.

    `days` is the run's delivery days (a list of ISO strings), or, as a whole number, the length of the
    window from `start`; `day`, `from_day`/`to_day` and `next_day` choose the days as the CLI does. The
    settings' start and days become the run's first day and length (so `settings.end` is its last day).
    """
    window_days = days if isinstance(days, int) and not isinstance(days, bool) else None
    listed = None if window_days is not None or days is None else [str(d) for d in days]
    if run_id is not None:  # a bad run id is refused before anything is touched (no database, no folder)
        check_run_id(run_id)
    settings = Settings.from_env().with_overrides(
        seed=seed, events=events, days=window_days, lake_url=lake_url, pg_dsn=pg_dsn, enricher=enricher,
        dask_address=dask_address, start=start, daily_events=daily_events)
    dsn = resolve_dsn(settings)
    db.apply_migrations(dsn)
    return plan_run(settings, dsn, run_id, listed, day, from_day, to_day, next_day, reprocess, resolve_model)


def plan_run(settings: Settings, dsn: str, run_id: str | None = None, days: list[str] | None = None,
             day: str | None = None, from_day: str | None = None, to_day: str | None = None,
             next_day: bool = False, reprocess: bool = False, resolve_model: bool = True) -> Run:
    """The `Run` for these choices of days (see `plan_days`; `next_day` asks the control plane), its settings'
    window set to the run's days and its daily volume fixed, and its run id (given, or `default_run_id`).
    `resolve_model=False` leaves the enricher setting as it is (a check before the run must not train the
    default model into the lake)."""
    try:
        run_days = plan_days(settings, days, day, from_day, to_day,
                             runs.next_day(dsn, settings.start) if next_day else None)
    except InvalidName as err:
        raise SettingsError(str(err)) from None
    daily = settings.daily_volume(len(run_days))
    settings = settings.with_overrides(start=run_days[0], days=len(run_days), daily_events=daily)
    run_id = check_run_id(run_id) if run_id is not None else default_run_id(settings, run_days, reprocess)
    run = Run(settings, run_id, Lake.from_settings(settings), dsn, run_days, reprocess)
    return with_model(run) if resolve_model else run


def with_model(run: Run) -> Run:
    """The run with its enricher setting resolved to a trained model's name@version (`resolve_enricher`:
    the promoted one, or the default trained and promoted now when the lake has none)."""
    enricher = resolve_enricher(run.settings.enricher, run.lake, run.dsn)
    return replace(run, settings=run.settings.with_overrides(enricher=enricher))


def _recorded(run: Run, result: StepResult) -> StepResult:
    runs.record_step(run.dsn, result)
    return result


def run_days(run: Run) -> list[str] | None:
    """The run's delivery days (None: the days the run's own Bronze has)."""
    return sorted(run.days) or None


def quality_context(run: Run, layer: str, raw_lines: int = 0, client: Client | None = None) -> quality.Context:
    """Load what `layer`'s checks look at, for the run's days (only the columns they need); with `client`, the
    checks that scan every text run on its workers."""
    lake, days = run.lake, run_days(run) or lake_days(run, "bronze", bronze.MESSAGES)
    ctx = quality.Context(raw_lines=raw_lines, as_of=dt.date.fromisoformat(days[-1]) if days else run.settings.end)
    if layer == "bronze":
        ctx.frames["bronze.messages"] = current_frame(lake, "bronze", bronze.MESSAGES, days,
                                                      ["message_id", "kind", "direction", "day"])
        ctx.frames["bronze.quarantine"] = current_frame(lake, "bronze", bronze.QUARANTINE, days, ["reason"])
    elif layer == "silver":
        columns = ["message_id", "in_reply_to"]
        if client is None:
            columns += PII_COLUMNS
        else:  # each worker counts its days' leftovers: the texts never travel to this process
            ctx.pii_hits = silver_pii_hits(lake, days, client)
        ctx.frames["silver.messages"] = silver.read_messages(lake, days, columns)
        ctx.frames["silver.tickets"] = silver.read_tickets(lake, day=silver.snapshot_days(lake)[-1])
    elif layer == "gold":
        gold_days = gold.gold_days(lake, run_id=run.run_id)
        tickets = silver.read_tickets(lake, day=gold_days[-1])
        ctx.frames["silver.tickets"] = tickets[tickets["day"].astype(str).isin(set(gold_days))]
        for name in gold.GOLD_DATASETS:
            ctx.frames[f"gold.{name}"] = gold.read_gold(lake, name, days=gold_days)
    return ctx


PII_COLUMNS = ["subject", "body", "summary"]  # the Silver texts the `no_pii` checks scan


def day_pii_hits(lake: Lake, day: str) -> dict[str, dict[str, int]]:
    """One Dask task: the `no_pii` counts of a day's current Silver messages, per text column."""
    messages = silver.read_messages(lake, [day], PII_COLUMNS) if lake.current_partition(
        "silver", day, silver.MESSAGES) else pd.DataFrame(columns=PII_COLUMNS)
    return {f"silver.messages.{column}": quality.pii_hits(messages[column]) for column in PII_COLUMNS}


def silver_pii_hits(lake: Lake, days: list[str], client: Client) -> dict[str, dict[str, int]]:
    """The `no_pii` counts of the Silver messages of `days`, one task per day on the workers, added up."""
    per_day = client.gather(client.map(day_pii_hits, [lake] * len(days), days, pure=False))
    return {key: quality.add_hits([counts[key] for counts in per_day]) for key in
            (f"silver.messages.{column}" for column in PII_COLUMNS)}


def lake_days(run: Run, layer: str, dataset: str) -> list[str]:
    return run.lake.days(layer, run.run_id, dataset)


def current_frame(lake: Lake, layer: str, dataset: str, days: list[str], columns: list[str]):
    """The current partitions of `days` of a day-keyed dataset, as one pandas frame (those columns)."""
    folders = [lake.current_partition(layer, d, dataset) for d in days]
    return lake.read_parquet_files([f"{f}/part-0.parquet" for f in folders if f], columns=columns).to_pandas()


def quality_gate(run: Run, layer: str, raw_lines: int = 0, client: Client | None = None) -> list[quality.CheckResult]:
    """Evaluate and record `layer`'s checks (on `client`'s workers where they scan every text); stop the run if
    a blocking one failed."""
    results = quality.run_checks(layer, quality_context(run, layer, raw_lines, client))
    runs.record_checks(run.dsn, run.run_id, results)
    failed = quality.blocking_failures(results)
    if failed:
        raise quality.QualityGateError(failed)
    return results


def begin_run(run: Run) -> None:
    """Mark the run started in `meta.runs` (kept as is when the flow already started it), with its days."""
    runs.start_run(run.dsn, run.run_id, run.settings.seed, run.params, keep_started=True)
    runs.record_run_days(run.dsn, run.run_id, run.days, run.reprocess)


def record_layer(run: Run, result: StepResult, client: Client | None = None) -> StepResult:
    """Record a layer's result (timings, counts, lineage) and pass its quality gate, if it has one (on
    `client`'s workers where a check scans every text)."""
    _recorded(run, result)
    if result.step in ("bronze", "silver", "gold"):
        quality_gate(run, result.step, raw_lines=result.rows_in if result.step == "bronze" else 0, client=client)
    return result


def step_generate(run: Run, client: Client) -> StepResult:
    begin_run(run)
    return record_layer(run, raw.generate_raw(run.lake, client, run.channel, run.days), client)


def step_bronze(run: Run, client: Client) -> StepResult:
    return record_layer(run, bronze.raw_to_bronze(run.lake, client, run.run_id, run.days), client)


def step_silver(run: Run, client: Client) -> StepResult:
    return record_layer(run, silver.bronze_to_silver(run.lake, client, run.run_id, run.settings.enricher,
                                                     run.settings.embeddings, run_days(run), run.reprocess), client)


def step_gold(run: Run, client: Client) -> StepResult:
    return record_layer(run, gold.silver_to_gold(run.lake, client, run.run_id), client)


def step_publish(run: Run) -> StepResult:
    result = _recorded(run, publish.publish(run.lake, run.dsn, run.run_id))
    runs.finish_run(run.dsn, run.run_id, "succeeded")
    return result
