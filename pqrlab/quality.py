"""Data quality as declarations: each check is a row in `CHECKS`, evaluated by its kind.

After each layer is written, the pipeline evaluates that layer's checks, records every result in
`meta.quality_checks`, and stops the run (`QualityGateError`) if a *blocking* check failed, so nothing
is published from a bad run. A failed *warning* is recorded and the run goes on.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from pqrlab.channel.places import divipola
from pqrlab.channel.schema import DIRECTIONS, KINDS
from pqrlab.channel.templates import PQRS_TYPES, PRIORITIES, TOPICS
from pqrlab.enrich.masking import KINDS as PII_KINDS
from pqrlab.enrich.masking import structured_spans


@dataclass(frozen=True)
class Check:
    layer: str
    dataset: str
    kind: str
    column: str | None = None
    threshold: float | None = None
    values: tuple = ()
    blocking: bool = True

    @property
    def name(self) -> str:
        parts = [self.kind] + ([self.column] if self.column else [])
        return ":".join(parts) + ("" if self.blocking else ":warn")


@dataclass
class CheckResult:
    check: Check
    passed: bool
    observed: str
    threshold: str = ""


class QualityGateError(RuntimeError):
    def __init__(self, failed: list[CheckResult]) -> None:
        self.failed = failed
        super().__init__("blocking data-quality checks failed: " + "; ".join(
            f"{r.check.layer}.{r.check.dataset} {r.check.name} observed {r.observed} (threshold {r.threshold})"
            for r in failed))


CHECKS: tuple[Check, ...] = (
    # Bronze: the contract held and nothing was lost.
    Check("bronze", "messages", "not_null", "message_id"),
    Check("bronze", "messages", "unique", "message_id"),
    Check("bronze", "messages", "accepted_values", "kind", values=KINDS),
    Check("bronze", "messages", "accepted_values", "direction", values=DIRECTIONS),
    Check("bronze", "messages", "reconciles_with_raw"),
    Check("bronze", "quarantine", "share_of_raw_at_most", threshold=0.25),
    Check("bronze", "quarantine", "share_of_raw_at_most", threshold=0.05, blocking=False),
    Check("bronze", "messages", "fresh_within_days", "day", threshold=2, blocking=False),
    # Silver: curated, referentially sound, masked.
    Check("silver", "messages", "references", "in_reply_to", threshold=0.99, blocking=False),
    Check("silver", "messages", "no_pii", "body"),
    Check("silver", "messages", "no_pii", "subject"),
    Check("silver", "messages", "no_pii", "summary"),
    Check("silver", "tickets", "unique", "ticket_id"),
    Check("silver", "tickets", "accepted_values", "pqrs_type", values=PQRS_TYPES),
    Check("silver", "tickets", "accepted_values", "topic", values=TOPICS),
    Check("silver", "tickets", "accepted_values", "priority", values=PRIORITIES),
    Check("silver", "tickets", "in_divipola", "municipality_code"),
    Check("silver", "tickets", "not_null", "due_date"),
    Check("silver", "tickets", "mean_at_least", "confidence", threshold=0.6, blocking=False),
    Check("silver", "tickets", "share_true_at_most", "needs_review", threshold=0.2, blocking=False),
    # Gold (as of each of the run's days): aggregates add up.
    Check("gold", "daily_volume", "total_equals_silver_tickets", "tickets"),
    Check("gold", "backlog_daily", "open_equals_open_tickets_per_day"),
    Check("gold", "sla_compliance", "parts_sum_to_due"),
    Check("gold", "sla_compliance", "between_0_and_1", "compliance"),
)


@dataclass
class Context:
    """What the checks of one layer look at: its frames plus a few run-level facts. `pii_hits` holds the
    `no_pii` counts when they were taken elsewhere (per day partition, on the Dask workers): `"layer.dataset.
    column"` → rows still holding each kind; a column not in it is scanned from the frames."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    raw_lines: int = 0
    as_of: dt.date | None = None
    pii_hits: dict[str, dict[str, int]] = field(default_factory=dict)


STRUCTURED_KINDS = tuple(k for k in PII_KINDS if k != "NOMBRE")  # what `no_pii` counts (names have no pattern)


def pii_hits(texts: pd.Series) -> dict[str, int]:
    """How many of `texts` still hold each kind of personal data by the masker's own rules (pure; each
    distinct text is scanned once: empty summaries, repeated subjects)."""
    text = texts.fillna("")
    found = {t: {span.kind for span in structured_spans(t)} for t in text.unique()}
    kinds = text.map(found)
    return {label: int(kinds.map(lambda got: label in got).sum()) for label in STRUCTURED_KINDS}


def add_hits(counts: list[dict[str, int]]) -> dict[str, int]:
    """The `pii_hits` of several partitions added up (pure)."""
    return {label: sum(c.get(label, 0) for c in counts) for label in STRUCTURED_KINDS}


def _no_pii(hits: dict[str, int]) -> tuple[bool, object, object]:
    return not any(hits.values()), {k: v for k, v in hits.items() if v} or "none", "no PII pattern"


def _evaluate(check: Check, ctx: Context) -> tuple[bool, object, object]:
    counted = ctx.pii_hits.get(f"{check.layer}.{check.dataset}.{check.column}")
    if check.kind == "no_pii" and counted is not None:  # counted on the workers: the frame lacks the texts
        return _no_pii(counted)
    frame = ctx.frames.get(f"{check.layer}.{check.dataset}")
    col = frame[check.column] if frame is not None and check.column else None
    match check.kind:
        case "not_null":
            n = int(col.isna().sum())
            return n == 0, f"{n} nulls", "0 nulls"
        case "unique":
            n = int(col.dropna().duplicated().sum())
            return n == 0, f"{n} duplicates", "0 duplicates"
        case "accepted_values":
            bad = sorted(set(col.dropna()) - set(check.values))
            return not bad, bad[:5] or "none outside", list(check.values)
        case "in_divipola":
            bad = sorted(set(col.dropna()) - set(divipola()["municipality_code"]))
            return not bad, bad[:5] or "all valid", "DIVIPOLA codes"
        case "reconciles_with_raw":
            rows = len(frame) + len(ctx.frames["bronze.quarantine"])
            return rows == ctx.raw_lines, f"{len(frame)} + {len(ctx.frames['bronze.quarantine'])} = {rows}", \
                f"{ctx.raw_lines} raw lines"
        case "share_of_raw_at_most":
            share = len(frame) / ctx.raw_lines if ctx.raw_lines else 0.0
            return share <= check.threshold, round(share, 4), check.threshold
        case "fresh_within_days":
            latest = max(col) if len(col) else None
            lag = (ctx.as_of - latest).days if latest else None
            return lag is not None and lag <= check.threshold, f"latest {latest}", f"<= {check.threshold} days"
        case "references":
            replies = col.dropna()
            share = float(replies.isin(set(frame["message_id"])).mean()) if len(replies) else 1.0
            return share >= check.threshold, round(share, 4), check.threshold
        case "no_pii":
            return _no_pii(pii_hits(col))
        case "mean_at_least":
            mean = float(col.mean()) if len(col) else 0.0
            return mean >= check.threshold, round(mean, 4), check.threshold
        case "share_true_at_most":
            share = float(col.mean()) if len(col) else 0.0
            return share <= check.threshold, round(share, 4), check.threshold
        case "total_equals_silver_tickets":
            expected = len(ctx.frames["silver.tickets"])
            return int(col.sum()) == expected, int(col.sum()), expected
        case "open_equals_open_tickets_per_day":
            listed = ctx.frames["gold.open_tickets"].groupby("day").size()
            counted = frame.groupby("day")["open"].sum()
            days = counted.index.union(listed.index)
            bad = int((counted.reindex(days, fill_value=0) != listed.reindex(days, fill_value=0)).sum())
            return bad == 0, f"{bad} days off", "backlog open = open_tickets rows, each day"
        case "parts_sum_to_due":
            bad = int((frame["on_time"] + frame["late"] + frame["overdue_open"] != frame["due"]).sum())
            return bad == 0, f"{bad} rows off", "on_time + late + overdue_open = due"
        case "between_0_and_1":
            bad = int(((col < 0) | (col > 1)).sum())
            return bad == 0, f"{bad} rows outside", "[0, 1]"
    raise ValueError(f"unknown check kind {check.kind!r}")


def evaluate(check: Check, ctx: Context) -> CheckResult:
    """Evaluate one check (declared in `CHECKS` or by a student) on a context."""
    passed, observed, threshold = _evaluate(check, ctx)
    return CheckResult(check, bool(passed), str(observed), str(threshold))


def run_checks(layer: str, ctx: Context) -> list[CheckResult]:
    """Evaluate every declared check of `layer`."""
    return [evaluate(check, ctx) for check in CHECKS if check.layer == layer]


def blocking_failures(results: list[CheckResult]) -> list[CheckResult]:
    return [r for r in results if r.check.blocking and not r.passed]
