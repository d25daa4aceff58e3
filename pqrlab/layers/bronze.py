"""Bronze: Raw JSONL → typed Parquet, mechanically (no AI). Bad lines go to quarantine, never dropped.

`validate_lines` is pure: bytes of one day partition in, (typed rows, quarantined rows) out, so that
raw lines = bronze rows + quarantined rows always holds. `raw_to_bronze` maps it over days with Dask.
"""
from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
from distributed import Client

from pqrlab.channel.schema import DIRECTIONS, KINDS, MAX_BODY_CHARS, RAW_FIELDS, REQUIRED_FIELDS
from pqrlab.lake import Lake
from pqrlab.layers.raw import MANIFEST
from pqrlab.steps import Output, StepResult, Timer

MESSAGES = "messages"
QUARANTINE = "quarantine"

BRONZE_SCHEMA = pa.schema([
    ("event_id", pa.string()), ("message_id", pa.string()), ("thread_id", pa.string()),
    ("in_reply_to", pa.string()), ("kind", pa.string()), ("direction", pa.string()),
    ("sent_at", pa.timestamp("us", tz="UTC")), ("from_addr", pa.string()), ("to_addr", pa.string()),
    ("subject", pa.string()), ("body", pa.string()), ("radicado", pa.string()),
    ("schema_version", pa.string()), ("day", pa.date32()), ("run_id", pa.string()),
    ("source_file", pa.string()), ("line_no", pa.int32()),
])
QUARANTINE_SCHEMA = pa.schema([
    ("reason", pa.string()), ("detail", pa.string()), ("raw_line", pa.string()),
    ("day", pa.date32()), ("run_id", pa.string()), ("source_file", pa.string()), ("line_no", pa.int32()),
])


class Rejected(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason, self.detail = reason, detail


def parse_line(line: bytes, day: dt.date) -> dict:
    """One Raw line as a typed record, or `Rejected` with the reason (pure)."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as err:
        raise Rejected("bad_encoding", str(err)) from None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as err:
        raise Rejected("malformed_json", str(err)) from None
    if not isinstance(record, dict):
        raise Rejected("malformed_json", "line is not a JSON object")
    for name in REQUIRED_FIELDS:
        if record.get(name) is None:
            raise Rejected("missing_field", name)
    for name, (kind, _, _) in RAW_FIELDS.items():
        if record.get(name) is not None and not isinstance(record[name], kind):
            raise Rejected("wrong_type", f"{name} is {type(record[name]).__name__}, expected {kind.__name__}")
    if record["kind"] not in KINDS or record["direction"] not in DIRECTIONS:
        raise Rejected("invalid_value", f"kind={record['kind']!r} direction={record['direction']!r}")
    try:
        sent_at = dt.datetime.fromisoformat(record["sent_at"])
    except ValueError:
        raise Rejected("wrong_type", "sent_at is not an ISO-8601 timestamp") from None
    if sent_at.tzinfo is None:
        raise Rejected("invalid_value", "sent_at has no UTC offset")
    if not record["body"].strip():
        raise Rejected("empty_body")
    if len(record["body"]) > MAX_BODY_CHARS:
        raise Rejected("oversized_body", f"{len(record['body'])} characters")
    if sent_at.date() != day:
        raise Rejected("late_arrival", f"sent {sent_at.date()} but delivered in partition {day}")
    typed = {name: record.get(name) for name in RAW_FIELDS}
    typed["sent_at"] = sent_at.astimezone(dt.timezone.utc)
    return typed


def validate_lines(files: list[tuple[str, bytes]], day: dt.date, run_id: str) -> tuple[pa.Table, pa.Table]:
    """Type every line of a day partition; duplicates (same message_id again) are quarantined too."""
    good: list[dict] = []
    bad: list[dict] = []
    seen: set[str] = set()
    for name, data in files:
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        for line_no, line in enumerate(lines, start=1):
            where = {"day": day, "run_id": run_id, "source_file": name, "line_no": line_no}
            try:
                record = parse_line(line, day)
                if record["message_id"] in seen:
                    raise Rejected("duplicate", record["message_id"])
            except Rejected as rejected:
                bad.append({"reason": rejected.reason, "detail": rejected.detail,
                            "raw_line": line.decode("utf-8", errors="replace")[:10_000], **where})
                continue
            seen.add(record["message_id"])
            good.append({**record, **where})
    return (pa.Table.from_pylist(good, schema=BRONZE_SCHEMA),
            pa.Table.from_pylist(bad, schema=QUARANTINE_SCHEMA))


def bronze_day(lake: Lake, run_id: str, day: str) -> dict:
    """One Dask task: read a Raw day partition, write its Bronze and quarantine Parquet."""
    base = lake.partition("raw", day, run_id)
    names = sorted(p.rsplit("/", 1)[1] for p in lake.fs.ls(base, detail=False) if p.endswith(".jsonl"))
    files = [(n, lake.read_bytes(f"{base}/{n}")) for n in names]
    good, bad = validate_lines(files, dt.date.fromisoformat(day), run_id)
    out = {"day": day, "raw_lines": sum(len(d.split(b"\n")) - (d.endswith(b"\n")) for _, d in files),
           "bronze": good.num_rows, "quarantined": bad.num_rows,
           "reasons": {r: bad.column("reason").to_pylist().count(r) for r in set(bad.column("reason").to_pylist())}}
    path = f"{lake.partition('bronze', day, run_id, MESSAGES)}/part-0.parquet"
    out["bronze_output"] = (lake.url_of(path), good.num_rows, lake.write_parquet(path, good))
    path = f"{lake.partition('bronze', day, run_id, QUARANTINE)}/part-0.parquet"
    out["quarantine_output"] = (lake.url_of(path), bad.num_rows, lake.write_parquet(path, bad))
    return out


def raw_to_bronze(lake: Lake, client: Client, run_id: str) -> StepResult:
    """Type and validate every Raw day partition of a run, in parallel."""
    with Timer() as timer:
        days = bronze_input_days(lake, run_id)
        parts = client.gather(client.map(bronze_day, [lake] * len(days), [run_id] * len(days), days, pure=False))
        result = finish_bronze(lake, run_id, parts)
    result.seconds = timer.seconds
    return result


def bronze_input_days(lake: Lake, run_id: str) -> list[str]:
    """The run's Raw day partitions (a clear error when there are none); clears the run's old Bronze."""
    days = lake.days("raw", run_id)
    if not days:
        raise FileNotFoundError(f"no Raw data for run {run_id!r} in {lake.url}: generate it first")
    lake.remove_run("bronze", run_id)
    return days


def finish_bronze(lake: Lake, run_id: str, parts: list[dict]) -> StepResult:
    """The step's counts, inputs and outputs from the `bronze_day` results."""
    result = StepResult(step="bronze", run_id=run_id)
    result.inputs = [lake.url_of(p) for p in lake.files("raw", run_id, MANIFEST)]
    reasons: dict[str, int] = {}
    for part in parts:
        result.outputs.append(Output(*part["bronze_output"]))
        result.outputs.append(Output(*part["quarantine_output"]))
        for reason, n in part["reasons"].items():
            reasons[reason] = reasons.get(reason, 0) + n
    result.rows_in = sum(p["raw_lines"] for p in parts)
    result.rows_out = sum(p["bronze"] for p in parts)
    result.counts = {"quarantined": sum(p["quarantined"] for p in parts),
                     **{f"quarantined_{k}": v for k, v in sorted(reasons.items())}}
    return result
