"""Bronze: Raw JSONL → typed Parquet, mechanically (no AI). Bad lines go to quarantine, never dropped.

`validate_lines` is pure: bytes of one day partition in, (typed rows, quarantined rows) out, so that
raw lines = bronze rows + quarantined rows always holds. `raw_to_bronze` maps it over a run's delivery days
with Dask: day D reads the run's Raw partition of D and writes `bronze/<dataset>/day=D/run_id=R/`, then
`Lake.replace_day` makes that folder the day's only one (rerunning D touches only D).

Late mail (sent on an earlier Bogotá day than the partition's delivery day, at most
`MAX_DELIVERY_DELAY_DAYS` earlier) is real mail: it is kept, with `late = true`.

Cross-day duplicates are checked against a bounded look-back: the Bronze message ids of the
`LOOKBACK_DAYS` days before each day (earlier days' current partitions, read with
`Lake.current_partition`, plus the run's own earlier days). Ingesting a day never reads all history; a
message re-delivered more than `LOOKBACK_DAYS` after its first copy is kept (documented trade-off).

Raw is verified, not trusted: a partition's files are held against its `_manifest.json` first
(`pqrlab.layers.raw.verify_partition`); lines of unlisted or altered files are quarantined
(`unlisted_file`, `checksum_mismatch`) and the step goes on; a listed file that is gone fails the step
(`RawIntegrityError`), since its lines can be neither typed nor quarantined.

Hostile input (docs/security.md, "Hostile input"): whatever a line holds, it ends in Bronze or in
quarantine with a reason, and no line can fail its partition or the run. Decisions:

- Size first: a line over `MAX_LINE_BYTES` is `oversized_line`; every text field has a cap
  (`MAX_CHARS`), over it `oversized_field` (`oversized_body` for the body). Values are never cut.
- Strict UTF-8 (`bad_encoding`) and strict JSON (RFC 8259): no NaN/Infinity, no duplicate keys, no
  BOM; nesting too deep for the parser or integers beyond Python's digit limit are `malformed_json`.
- Text that PostgreSQL or Arrow cannot hold exactly is refused, not repaired: a NUL (raw or escaped
  `\\u0000`) in any field is `nul_character`; a lone surrogate escape (`\\ud800`) is `invalid_unicode`.
  Everything else (bare CR, tabs, other controls, `\\N`, noncharacters) is kept byte for byte.
- Ids (event, message, thread, in-reply-to, radicado) are printable ASCII without spaces; addresses
  are `local@domain` without spaces or controls: otherwise `invalid_value`. Message ids that differ
  only by case are the same message: the later one is a `duplicate`, within a day and across days.
- `sent_at` is RFC 3339 (`YYYY-MM-DDTHH:MM:SS[.f](Z|±HH:MM)`): week dates, ordinal dates, basic
  format or a missing offset are `wrong_type`; impossible dates or offsets beyond ±14:00 are
  `invalid_value`; outside `SENT_AT_RANGE` (years 1 or 9999 included) `out_of_range`.
- The sent day is the Bogotá day of `sent_at` (`business_days.bogota_day`), whatever the offset; the
  delivery day is the partition's. A line sent before its delivery day is late mail, kept with
  `late = true`, unless it was sent more than `MAX_DELIVERY_DELAY_DAYS` before (`late_arrival`: no relay
  retries that long); a line sent after its delivery day is a `future_timestamp`; lines in a partition
  whose day is no date in range are `bad_partition`.
- A body with nothing visible (only whitespace, zero-width, format/control or other default-ignorable
  characters such as Hangul fillers and variation selectors, or Braille blanks) is
  `empty_body`.
- Anything else a line raises is `unexpected_error` with the error text: a bug to fix, never a crash.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata

import pyarrow as pa
import pyarrow.parquet as pq
from distributed import Client

from pqrlab.business_days import bogota_day
from pqrlab.channel.schema import (ADDRESS_FIELDS, DIRECTIONS, ID_FIELDS, KINDS, MAX_CHARS, MAX_LINE_BYTES,
                                   MAX_DELIVERY_DELAY_DAYS, MAX_UTC_OFFSET_MINUTES, RAW_FIELDS, REQUIRED_FIELDS, SENT_AT_RANGE,
                                   SUPPORTED_SCHEMA_VERSIONS)
from pqrlab.lake import Lake
from pqrlab.layers.raw import MANIFEST, RawIntegrityError, checked_partition
from pqrlab.steps import Output, StepResult, Timer

MESSAGES = "messages"
QUARANTINE = "quarantine"
LOOKBACK_DAYS = 30  # cross-day duplicates: ids of this many earlier days are compared, never all history
RAW_LINE_CHARS = 10_000  # a quarantined line keeps this much text; Raw keeps all of it
DETAIL_CHARS = 500

BRONZE_SCHEMA = pa.schema([
    ("event_id", pa.string()), ("message_id", pa.string()), ("thread_id", pa.string()),
    ("in_reply_to", pa.string()), ("kind", pa.string()), ("direction", pa.string()),
    ("sent_at", pa.timestamp("us", tz="UTC")), ("from_addr", pa.string()), ("to_addr", pa.string()),
    ("subject", pa.string()), ("body", pa.string()), ("radicado", pa.string()),
    ("schema_version", pa.string()), ("day", pa.date32()), ("run_id", pa.string()),
    ("source_file", pa.string()), ("line_no", pa.int32()), ("late", pa.bool_()),
])
QUARANTINE_SCHEMA = pa.schema([
    ("reason", pa.string()), ("detail", pa.string()), ("raw_line", pa.string()),
    ("day", pa.date32()), ("run_id", pa.string()), ("source_file", pa.string()), ("line_no", pa.int32()),
])

_ID_RE = re.compile(r"[\x21-\x7e]+")
_ADDRESS_RE = re.compile(r"[^\s@\x00-\x1f\x7f]+@[^\s@\x00-\x1f\x7f]+")
_UNSTORABLE_RE = re.compile("[\x00\ud800-\udfff]")  # NUL, lone surrogates
_RFC3339_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,9})?"
                         r"(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))")
# Characters that render as nothing although Unicode files them outside Z and C: the default-ignorable
# code points (Hangul fillers, variation selectors, the combining grapheme joiner, ...; Unicode's
# DerivedCoreProperties) and the Braille blank, an empty cell.
_INVISIBLE_RE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                           "\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
                           "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")
_SENT_MIN, _SENT_MAX = (dt.datetime.fromisoformat(d).replace(tzinfo=dt.timezone.utc) for d in SENT_AT_RANGE)


class Rejected(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason, self.detail = reason, detail


def _strict_object(pairs: list[tuple[str, object]]) -> dict:
    record = dict(pairs)
    if len(record) != len(pairs):
        raise ValueError("an object repeats a key")
    return record


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def decode_json(line: bytes) -> dict:
    """One line as a JSON object: strict UTF-8 and strict JSON, or `Rejected` (pure)."""
    if len(line) > MAX_LINE_BYTES:
        raise Rejected("oversized_line", f"{len(line)} bytes")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as err:
        raise Rejected("bad_encoding", str(err)) from None
    try:
        record = json.loads(text, object_pairs_hook=_strict_object, parse_constant=_no_constant)
    except RecursionError:
        raise Rejected("malformed_json", "nested too deeply") from None
    except ValueError as err:  # JSONDecodeError, integers beyond the digit limit, repeated keys
        raise Rejected("malformed_json", str(err)) from None
    if not isinstance(record, dict):
        raise Rejected("malformed_json", "line is not a JSON object")
    return record


def _encodes(text: str) -> bool:
    """True unless `text` holds a lone surrogate (the only str UTF-8 cannot encode)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_text(record: dict) -> None:
    """Every text field storable exactly (no NUL, no lone surrogate) and within its cap (pure)."""
    present = [(name, value) for name in RAW_FIELDS if (value := record.get(name)) is not None]
    joined = "".join(value for _, value in present)
    if "\x00" in joined or not _encodes(joined):  # one fast scan; name the field only on a hit
        for name, value in present:
            if "\x00" in value:
                raise Rejected("nul_character", f"{name} holds a NUL character")
            if _UNSTORABLE_RE.search(value):
                raise Rejected("invalid_unicode", f"{name} holds a lone surrogate")
    for name, value in present:
        if len(value) > MAX_CHARS[name]:
            reason = "oversized_body" if name == "body" else "oversized_field"
            raise Rejected(reason, f"{name}: {len(value)} characters (at most {MAX_CHARS[name]})")


def check_values(record: dict) -> None:
    """Closed vocabularies, id and address shapes (pure)."""
    if record["schema_version"] not in SUPPORTED_SCHEMA_VERSIONS:
        raise Rejected("invalid_value", f"schema_version={record['schema_version']!r}")
    if record["kind"] not in KINDS or record["direction"] not in DIRECTIONS:
        raise Rejected("invalid_value", f"kind={record['kind']!r} direction={record['direction']!r}")
    for name in ID_FIELDS:
        if record.get(name) is not None and not _ID_RE.fullmatch(record[name]):
            raise Rejected("invalid_value", f"{name} is not printable ASCII without spaces")
    for name in ADDRESS_FIELDS:
        if not _ADDRESS_RE.fullmatch(record[name]):
            raise Rejected("invalid_value", f"{name} is not an e-mail address")


def parse_sent_at(text: str) -> dt.datetime:
    """An RFC 3339 timestamp as an aware UTC datetime inside `SENT_AT_RANGE`, or `Rejected` (pure)."""
    match = _RFC3339_RE.fullmatch(text)
    if not match:
        raise Rejected("wrong_type", "sent_at is not an RFC 3339 timestamp (YYYY-MM-DDTHH:MM:SS±HH:MM)")
    year, zulu, sign, off_h, off_m = match.group(1, 8, 9, 10, 11)
    if not zulu and (int(off_m) >= 60 or int(off_h) * 60 + int(off_m) > MAX_UTC_OFFSET_MINUTES):
        raise Rejected("invalid_value", f"sent_at offset {sign}{off_h}:{off_m} is not a real UTC offset")
    if not _SENT_MIN.year - 1 <= int(year) <= _SENT_MAX.year:  # before any arithmetic that could overflow
        raise Rejected("out_of_range", f"sent_at year {year}")
    try:  # the shape is RFC 3339's, so the standard parser reads it (fractions past microseconds dropped)
        local = dt.datetime.fromisoformat(text.upper())
    except ValueError as err:
        raise Rejected("invalid_value", f"sent_at: {err}") from None
    utc = local.astimezone(dt.timezone.utc)
    if not _SENT_MIN <= utc < _SENT_MAX:
        raise Rejected("out_of_range", f"sent_at {utc.isoformat()} is outside {SENT_AT_RANGE}")
    return utc


def is_blank(text: str) -> bool:
    """Nothing a reader would see: only separators, whitespace, control, format (zero-width) and other
    default-ignorable characters (Hangul fillers, variation selectors), or Braille blanks."""
    return all(unicodedata.category(char)[0] in "ZC" or _INVISIBLE_RE.match(char) for char in text)


def parse_line(line: bytes, day: dt.date) -> dict:
    """One Raw line as a typed record, or `Rejected` with the reason (pure)."""
    record = decode_json(line)
    for name in REQUIRED_FIELDS:
        if record.get(name) is None:
            raise Rejected("missing_field", name)
    for name, (kind, _, _) in RAW_FIELDS.items():
        if record.get(name) is not None and not isinstance(record[name], kind):
            raise Rejected("wrong_type", f"{name} is {type(record[name]).__name__}, expected {kind.__name__}")
    check_text(record)
    check_values(record)
    sent_at = parse_sent_at(record["sent_at"])
    if is_blank(record["body"]):
        raise Rejected("empty_body")
    sent_day = bogota_day(sent_at)
    if (day - sent_day).days > MAX_DELIVERY_DELAY_DAYS:
        raise Rejected("late_arrival", f"sent {sent_day} (Bogotá), more than {MAX_DELIVERY_DELAY_DAYS} days "
                                       f"before its delivery day {day}")
    if sent_day > day:
        raise Rejected("future_timestamp", f"sent {sent_day} (Bogotá), after its delivery day {day}")
    typed = {name: record.get(name) for name in RAW_FIELDS}
    typed["sent_at"] = sent_at
    typed["late"] = sent_day < day
    return typed


def message_key(message_id: str) -> str:
    """Message ids that differ only by case name the same message."""
    return message_id.lower()


def partition_day(day: str) -> dt.date | None:
    """The date of a partition's `day=` value, or None when it is no date inside `SENT_AT_RANGE`."""
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        return None
    return date if _SENT_MIN.date() <= date < _SENT_MAX.date() else None


def split_lines(data: bytes) -> list[bytes]:
    """A file's lines (split on LF only; a final LF ends the last line, it does not start another)."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


def _clip(text: str, limit: int) -> str:
    return text[:limit].encode("utf-8", "backslashreplace").decode("utf-8")


def quarantine_row(line: bytes, reason: str, detail: str, where: dict) -> dict:
    return {"reason": reason, "detail": _clip(detail, DETAIL_CHARS),
            "raw_line": line.decode("utf-8", errors="replace")[:RAW_LINE_CHARS], **where}


def _typed_or_rejected(line: bytes, day: dt.date | None) -> dict:
    if day is None:
        raise Rejected("bad_partition", "the partition's day is not a date in range")
    try:
        return parse_line(line, day)
    except Rejected:
        raise
    except Exception as err:  # noqa: BLE001 - one line must never fail its partition
        raise Rejected("unexpected_error", f"{type(err).__name__}: {err}") from None


def validate_lines(files: list[tuple[str, bytes]], day: dt.date | None, run_id: str,
                   untrusted: list[tuple[str, bytes, str, str]] = ()) -> tuple[pa.Table, pa.Table]:
    """Type every line of a day partition; duplicates (same message_id again, any case) are quarantined
    too, and so is every line of an `untrusted` file (name, bytes, reason, detail)."""
    good: list[dict] = []
    bad: list[dict] = []
    seen: set[str] = set()
    for name, data in files:
        for line_no, line in enumerate(split_lines(data), start=1):
            where = {"day": day, "run_id": run_id, "source_file": name, "line_no": line_no}
            try:
                record = _typed_or_rejected(line, day)
                if message_key(record["message_id"]) in seen:
                    raise Rejected("duplicate", record["message_id"])
            except Rejected as rejected:
                bad.append(quarantine_row(line, rejected.reason, rejected.detail, where))
                continue
            seen.add(message_key(record["message_id"]))
            good.append({**record, **where})
    for name, data, reason, detail in untrusted:
        bad += [quarantine_row(line, reason, detail, {"day": day, "run_id": run_id, "source_file": name,
                                                        "line_no": line_no})
                for line_no, line in enumerate(split_lines(data), start=1)]
    return (pa.Table.from_pylist(good, schema=BRONZE_SCHEMA),
            pa.Table.from_pylist(bad, schema=QUARANTINE_SCHEMA))


def reason_counts(quarantine: pa.Table) -> dict[str, int]:
    reasons = quarantine.column("reason").to_pylist()
    return {r: reasons.count(r) for r in sorted(set(reasons))}


def write_day(lake: Lake, run_id: str, day: str, good: pa.Table, bad: pa.Table) -> dict:
    """Write one day's Bronze messages and quarantine; their outputs for lineage."""
    out = {}
    for key, dataset, table in (("bronze_output", MESSAGES, good), ("quarantine_output", QUARANTINE, bad)):
        path = f"{lake.partition('bronze', day, run_id, dataset)}/part-0.parquet"
        out[key] = (lake.url_of(path), table.num_rows, lake.write_parquet(path, table))
    return out


def bronze_day(lake: Lake, run_id: str, day: str) -> dict:
    """One Dask task: verify a Raw day partition against its manifest, type it, write Bronze and quarantine."""
    check = checked_partition(lake, day, run_id)
    good, bad = validate_lines(check.trusted, partition_day(day), run_id, check.untrusted)
    raw_lines = sum(len(split_lines(d)) for _, d in check.trusted) + \
        sum(len(split_lines(d)) for _, d, _, _ in check.untrusted)
    keys = [(message_key(m), f, n) for m, f, n in zip(good.column("message_id").to_pylist(),
                                                       good.column("source_file").to_pylist(),
                                                       good.column("line_no").to_pylist())]
    return {"day": day, "raw_lines": raw_lines, "bronze": good.num_rows, "quarantined": bad.num_rows,
            "late": sum(good.column("late").to_pylist()), "reasons": reason_counts(bad), "keys": keys,
            "untrusted": [(name, reason) for name, _, reason, _ in check.untrusted],
            "missing": [f"{lake.url_of(lake.partition('raw', day, run_id))}/{name}" for name in check.missing],
            **write_day(lake, run_id, day, good, bad)}


def cross_day_duplicates(parts: list[dict], lookback_days: int = LOOKBACK_DAYS,
                         days: set[str] | None = None) -> dict[str, dict[tuple[str, int], str]]:
    """Rows whose message id (any case) already came in one of the `lookback_days` days before (pure).

    `parts` are day results (`day`, `keys`: (key, source_file, line_no) of kept rows), earlier days' Bronze
    included; only rows of `days` (default: every part) are flagged. The earliest (day, file, line) wins,
    and a flagged row is no first copy (it goes to quarantine), so a range gives what day by day gives.
    Returns day -> {(source_file, line_no): where the first copy is}.
    """
    first: dict[str, tuple[dt.date, str]] = {}
    later: dict[str, dict[tuple[str, int], str]] = {}
    for part in sorted(parts, key=lambda p: p["day"]):
        day = partition_day(part["day"])
        if day is None:  # a bad partition: every line already quarantined
            continue
        flaggable = days is None or part["day"] in days
        for key, source_file, line_no in sorted(part["keys"], key=lambda k: (k[1], k[2])):
            seen = first.get(key)
            if flaggable and seen is not None and (day - seen[0]).days <= lookback_days:
                later.setdefault(part["day"], {})[(source_file, line_no)] = seen[1]
            else:
                first[key] = (day, f"day={part['day']} {source_file}:{line_no}")
    return later


def earlier_keys(lake: Lake, first_day: str, lookback_days: int = LOOKBACK_DAYS) -> list[dict]:
    """The Bronze message keys of the `lookback_days` days before `first_day` (their current partitions,
    as `cross_day_duplicates` parts, with the partition read as `input`)."""
    start = dt.date.fromisoformat(first_day)
    parts = []
    for back in range(lookback_days, 0, -1):
        day = (start - dt.timedelta(days=back)).isoformat()
        folder = lake.current_partition("bronze", day, MESSAGES)
        if folder is None:
            continue
        path = f"{folder}/part-0.parquet"
        table = lake.read_parquet(path, ["message_id", "source_file", "line_no"])
        keys = [(message_key(m), f, n) for m, f, n in zip(*(table.column(c).to_pylist() for c in table.column_names))]
        parts.append({"day": day, "keys": keys, "input": lake.url_of(path)})
    return parts


def move_duplicates(lake: Lake, run_id: str, day: str, rows: dict[tuple[str, int], str]) -> dict:
    """One Dask task: move a day's cross-day duplicates from Bronze to its quarantine, rewrite both."""
    good = lake.read_parquet(f"{lake.partition('bronze', day, run_id, MESSAGES)}/part-0.parquet")
    bad = lake.read_parquet(f"{lake.partition('bronze', day, run_id, QUARANTINE)}/part-0.parquet")
    records = good.to_pylist()
    is_dup = [(r["source_file"], r["line_no"]) in rows for r in records]
    first_in = lambda r: rows[(r["source_file"], r["line_no"])]  # noqa: E731
    moved = [{"reason": "duplicate", "detail": _clip(f"{r['message_id']} first in {first_in(r)}", DETAIL_CHARS),
              "raw_line": None, **{k: r[k] for k in ("day", "run_id", "source_file", "line_no")}}
             for r, dup in zip(records, is_dup) if dup]
    good = good.filter(pa.array([not d for d in is_dup]))
    bad = pa.concat_tables([bad, pa.Table.from_pylist(moved, schema=QUARANTINE_SCHEMA)])
    return {"day": day, "moved": len(moved), **write_day(lake, run_id, day, good, bad)}


def raw_to_bronze(lake: Lake, client: Client, run_id: str, days: list[str] | None = None,
                  lookback_days: int = LOOKBACK_DAYS) -> StepResult:
    """Type and validate the run's Raw partition of each delivery day in `days` (default: all the run's Raw
    days), in parallel; quarantine cross-day duplicates; make each day's new folder its current one."""
    with Timer() as timer:
        days = bronze_input_days(lake, run_id, days)
        parts = client.gather(client.map(bronze_day, [lake] * len(days), [run_id] * len(days), days, pure=False))
        dated = [day for day in days if partition_day(day)]
        earlier = earlier_keys(lake, dated[0], lookback_days) if dated else []
        duplicates = cross_day_duplicates(earlier + parts, lookback_days, set(days))
        fixes = client.gather(client.map(move_duplicates, [lake] * len(duplicates), [run_id] * len(duplicates),
                                         list(duplicates), list(duplicates.values()), pure=False))
        result = finish_bronze(lake, run_id, parts, fixes, earlier)
        replace_days(lake, run_id, days)
    result.seconds = timer.seconds
    return result


def bronze_input_days(lake: Lake, run_id: str, days: list[str] | None = None) -> list[str]:
    """The delivery days to type (sorted): `days`, each of which must have a Raw partition of the run, or all
    the run's Raw days; a one-line error when there are none or one is missing."""
    present = lake.days("raw", run_id)
    if days is None:
        days = present
    missing = sorted(set(days) - set(present))
    if not days or missing:
        what = f"day(s) {', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}" if missing else "any day"
        raise FileNotFoundError(f"no Raw data of run {run_id!r} for {what} in {lake.url}: generate it first "
                                "(notebook 01, or `pqrlab run` without --reprocess)")
    return sorted(days)


def replace_days(lake: Lake, run_id: str, days: list[str]) -> None:
    """After every day was written: each day's folder of this run becomes its only one (other runs' removed)."""
    for day in days:
        for dataset in (MESSAGES, QUARANTINE):
            lake.replace_day("bronze", day, run_id, dataset)


def refuse_incomplete_raw(run_id: str, parts: list[dict]) -> None:
    """Stop the step with one line when files a manifest lists are gone (they can be neither typed nor
    quarantined)."""
    missing = [path for part in parts for path in part["missing"]]
    if missing:
        raise RawIntegrityError(
            f"Raw of run {run_id!r} is incomplete: {len(missing)} file(s) its manifests list are gone "
            f"({', '.join(missing[:3])}{', …' if len(missing) > 3 else ''}). Raw is immutable: restore them "
            "from a copy, or generate the data again under a new run id.")


def apply_duplicate_moves(parts: list[dict], fixes: list[dict]) -> None:
    """Update the `bronze_day` results with what `move_duplicates` moved to quarantine (in place)."""
    by_day = {fix["day"]: fix for fix in fixes}
    for part in parts:
        fix = by_day.get(part["day"])
        if fix:
            part.update(bronze_output=fix["bronze_output"], quarantine_output=fix["quarantine_output"],
                        bronze=part["bronze"] - fix["moved"], quarantined=part["quarantined"] + fix["moved"])
            part["reasons"]["duplicate"] = part["reasons"].get("duplicate", 0) + fix["moved"]


def finish_bronze(lake: Lake, run_id: str, parts: list[dict], fixes: list[dict] = (),
                  earlier: list[dict] = ()) -> StepResult:
    """The step's counts, inputs (the days' Raw manifests, the look-back's Bronze partitions) and outputs from
    the `bronze_day` (and `move_duplicates`) results."""
    refuse_incomplete_raw(run_id, parts)
    apply_duplicate_moves(parts, list(fixes))
    result = StepResult(step="bronze", run_id=run_id)
    result.inputs = [lake.url_of(f"{lake.partition('raw', p['day'], run_id)}/{MANIFEST}")
                     for p in sorted(parts, key=lambda p: p["day"])] + [e["input"] for e in earlier]
    reasons: dict[str, int] = {}
    for part in parts:
        result.outputs.append(Output(*part["bronze_output"]))
        result.outputs.append(Output(*part["quarantine_output"]))
        for reason, n in part["reasons"].items():
            reasons[reason] = reasons.get(reason, 0) + n
    result.rows_in = sum(p["raw_lines"] for p in parts)
    result.rows_out = sum(p["bronze"] for p in parts)
    untrusted = [u for p in parts for u in p["untrusted"]]
    result.counts = {"quarantined": sum(p["quarantined"] for p in parts), "late": sum(p["late"] for p in parts),
                     "days": len(parts),
                     **{f"quarantined_{k}": v for k, v in sorted(reasons.items())},
                     "raw_unlisted_files": sum(r == "unlisted_file" for _, r in untrusted),
                     "raw_altered_files": sum(r == "checksum_mismatch" for _, r in untrusted)}
    return result


def day_counts(lake: Lake, days: list[str]) -> dict[str, dict[str, int]]:
    """Per delivery day, from its current Bronze partitions (Parquet footers only) and the Raw manifest of the
    run that wrote them: raw_lines, bronze_rows, quarantined (for `meta.ingested_days`)."""
    counts = {}
    for day in days:
        run_id = lake.current_run("bronze", day, MESSAGES)
        if run_id is None:
            continue
        rows = {}
        for dataset in (MESSAGES, QUARANTINE):
            with lake.fs.open(f"{lake.partition('bronze', day, run_id, dataset)}/part-0.parquet", "rb") as handle:
                rows[dataset] = pq.ParquetFile(handle).metadata.num_rows
        manifest = lake.read_json(f"{lake.partition('raw', day, run_id)}/{MANIFEST}")
        counts[day] = {"raw_lines": int(manifest.get("lines", 0)), "bronze_rows": rows[MESSAGES],
                       "quarantined": rows[QUARANTINE]}
    return counts
