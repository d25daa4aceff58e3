"""Hostile Raw lines as named hypothesis strategies (one per kind), for the Bronze tests and the fuzz run.

Each kind is a function `kind(base) -> strategy` of a good record `base` (unique ids, an inbound first
e-mail sent on the partition's Bogotá day). The strategy draws a list of `Line`s: the bytes, the
partition they land in (days after the base's) and what Bronze must do with them: `None` = a Bronze row,
otherwise the quarantine reason.
"""
from __future__ import annotations

import collections
import datetime as dt
import json
from dataclasses import dataclass
from typing import Callable
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from pqrlab.channel.schema import MAX_BODY_CHARS, MAX_CHARS, MAX_LINE_BYTES

BOGOTA = ZoneInfo("America/Bogota")
PQRS_TEXT = "Presento un reclamo por el cobro del agua en la factura de este mes. "
TEXT_FIELDS = ("event_id", "message_id", "thread_id", "from_addr", "to_addr", "subject", "body", "kind",
               "direction", "schema_version", "sent_at")


@dataclass(frozen=True)
class Line:
    data: bytes
    expected: str | None  # None: lands in Bronze; else its quarantine reason
    day_offset: int = 0


def base_record(n: int, day: dt.date, seconds: int) -> dict:
    """A good first e-mail, unique by `n`, sent `seconds` after Bogotá midnight of `day`."""
    sent = dt.datetime(day.year, day.month, day.day, tzinfo=BOGOTA) + dt.timedelta(seconds=seconds)
    return {"schema_version": "1.0", "event_id": f"ev-{n}", "message_id": f"<fz{n}@correo.pqr>",
            "thread_id": f"TFZ-{n}", "in_reply_to": None, "kind": "initial", "direction": "inbound",
            "sent_at": sent.isoformat(), "from_addr": f"ciudadano{n}@correo.co",
            "to_addr": "pqrsd@entidad.gov.co", "subject": "Reclamo", "body": PQRS_TEXT + "Gracias.",
            "radicado": None}


def encode(record: object) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass")


def one(record: object, expected: str | None, offset: int = 0) -> list[Line]:
    return [Line(encode(record) if not isinstance(record, bytes) else record, expected, offset)]


def sent_at(base: dict) -> dt.datetime:
    return dt.datetime.fromisoformat(base["sent_at"])


# Text a storable field may hold: anything but NUL and surrogates (st.characters never yields those here).
storable = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))
controls = st.sampled_from([chr(c) for c in (*range(1, 32), 0x7f, *range(0x80, 0xa0))])
exotic = st.sampled_from(["\u202e", "\u200b", "\ufeff", "\uffff", "\ufffe", "\U0001f600", "\U0010fffd", "e\u0301",
                          "\u2028", "\u2029", "\u0085", "ß", "İ", "\ufdd0", "𝔘𝔫𝔦"])
hostile_text = st.lists(st.one_of(storable, controls, exotic), max_size=300).map("".join)
injections = st.sampled_from(["'); DROP TABLE core.tickets; --", "=HYPERLINK(\"http://x\")", "\"", ",", "\\",
                              "\\.", "\\\\N", "\t|\t", "${jndi:ldap://x}", "<script>alert(1)</script>",
                              "%s%s%n", "\\x00", "\\u0000"])


# -- kinds that land in Bronze --------------------------------------------------------------------
def plain_hostile_text(base):
    return st.tuples(hostile_text, hostile_text).map(
        lambda t: one({**base, "subject": t[0], "body": PQRS_TEXT + t[1]}, None))


def control_characters(base):
    return st.lists(controls, min_size=1, max_size=40).map(
        lambda cs: one({**base, "body": PQRS_TEXT + "\r".join(cs) + "\rfin\r", "subject": "a\rb\tc"}, None))


def copy_null_marker(base):
    return st.sampled_from(["\\N", "\\\\N", "\\.", "\\", "NULL", "", "\\N\n"]).map(
        lambda s: one({**base, "subject": s, "body": PQRS_TEXT + s}, None))


def injection_strings(base):
    return st.lists(injections, min_size=1, max_size=5).map(
        lambda xs: one({**base, "subject": "".join(xs), "body": PQRS_TEXT + " ".join(xs)}, None))


def exotic_unicode(base):
    return st.lists(exotic, min_size=1, max_size=30).map(
        lambda xs: one({**base, "subject": "".join(xs), "body": PQRS_TEXT + "".join(xs)}, None))


def fields_at_their_cap(base):
    def build(pad: str) -> list[Line]:
        local = "a" * (MAX_CHARS["from_addr"] - len("@correo.co"))
        return one({**base, "subject": pad * MAX_CHARS["subject"],
                    "message_id": (base["message_id"] + "x" * 300)[:MAX_CHARS["message_id"]],
                    "from_addr": local[: -len(base["event_id"])] + base["event_id"] + "@correo.co"}, None)
    return st.sampled_from(["x", "ñ", "\U0001f600"]).map(build)


def unusual_offsets(base):
    """The same Bogotá moment written at any real offset: +14:00, -12:00, +05:45, Z, -00:00..."""
    offsets = st.sampled_from([14 * 60, -12 * 60, 5 * 60 + 45, 0, -5 * 60, 9 * 60 + 30, -9 * 60 - 30, 13 * 60 + 45,
                               -3 * 60, 1 * 60, 2 * 60])

    def build(args) -> list[Line]:
        minutes, style = args
        moment = sent_at(base).astimezone(dt.timezone(dt.timedelta(minutes=minutes)))
        text = moment.isoformat()
        if style == "Z" and minutes == 0:
            text = text.replace("+00:00", "Z")
        elif style == "lower" and minutes == 0:
            text = text.replace("T", "t").replace("+00:00", "z")
        elif style == "nanos":
            text = text[:19] + ".123456789" + text[19:]
        elif style == "minus_zero" and minutes == 0:
            text = text.replace("+00:00", "-00:00")
        return one({**base, "sent_at": text}, None)
    return st.tuples(offsets, st.sampled_from(["plain", "Z", "lower", "nanos", "minus_zero"])).map(build)


def second_first_email(base):
    twin = {**base, "message_id": base["message_id"][:-1] + ".2>", "event_id": base["event_id"] + ".2"}
    return st.just([*one(base, None), *one(twin, None)])


def orphan_reply(base):
    return st.just(one({**base, "kind": "follow_up", "thread_id": base["thread_id"] + "-orphan",
                        "in_reply_to": "<nowhere@x>"}, None))


def extra_fields(base):
    nested = st.recursive(st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.text(storable, max_size=20),
                          lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids,
                                                                                        max_size=3), max_leaves=20)
    return nested.map(lambda x: one({**base, "x-extra": x, "x-deep": json.loads("[" * 60 + "]" * 60)}, None))


def case_twin_duplicate(base):
    twin = {**base, "message_id": base["message_id"].upper(), "event_id": base["event_id"] + ".dup"}
    return st.just([*one(base, None), *one(twin, "duplicate")])


def cross_day_duplicate(base):
    later = {**base, "sent_at": (sent_at(base) + dt.timedelta(days=1)).isoformat()}
    return st.just([*one(base, None), *one(later, "duplicate", offset=1)])


def receipt_at_day_boundary(base):
    """23:30 at -12:00 the day before is 06:30 in Bogotá on the partition's day: it belongs there; so do
    00:30 at +14:00 the day after and 23:59 at +14:00 the same day."""
    day = sent_at(base).date()
    def at(d: dt.date, h: int, m: int, off: int) -> dt.datetime:
        return dt.datetime(d.year, d.month, d.day, h, m, tzinfo=dt.timezone(dt.timedelta(minutes=off)))
    moments = [at(day - dt.timedelta(days=1), 23, 30, -720), at(day + dt.timedelta(days=1), 0, 30, 840),
               at(day, 23, 59, 840), at(day, 0, 0, -300), at(day, 23, 59, -300), at(day, 5, 0, 0),
               at(day + dt.timedelta(days=1), 4, 59, 0)]
    return st.sampled_from(moments).map(lambda moment: one({**base, "sent_at": moment.isoformat()}, None))


# -- kinds that land in quarantine ------------------------------------------------------------------
def deep_nesting(base):
    return st.integers(2_000, 200_000).map(
        lambda depth: one(("{\"x\": " + "[" * depth + "]" * depth + "}").encode(), "malformed_json"))


def huge_integer(base):
    return st.tuples(st.integers(4_400, 50_000), st.sampled_from(["body", "x-n", "sent_at"])).map(
        lambda a: one(encode(base)[:-1] + f', "{a[1]}2": {"9" * a[0]}}}'.encode(), "malformed_json"))


def lone_surrogate(base):
    return st.tuples(st.sampled_from(TEXT_FIELDS), st.integers(0xD800, 0xDFFF)).map(
        lambda a: one(encode(base).replace(json.dumps(base[a[0]], ensure_ascii=False).encode(),
                                           json.dumps(base[a[0]] + chr(a[1])).encode(), 1), "invalid_unicode"))


def escaped_nul(base):
    return st.sampled_from(TEXT_FIELDS).map(
        lambda name: one({**base, name: base[name] + "\x00"}, "nul_character"))


def raw_nul_byte(base):
    return st.sampled_from([b"\x00", b"\x00\x00", b"\x1f", b"\n"[:0] + b"\x0b"]).map(
        lambda byte: one(encode(base).replace(b"Gracias", b"Gra" + byte + b"cias"), "malformed_json"))


def invalid_utf8(base):
    return st.sampled_from([b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xe2\x82", b"\x80"]).map(
        lambda bad: one(encode(base).replace(b"Gracias", b"Gracias" + bad), "bad_encoding"))


def byte_order_mark(base):
    return st.just(one(b"\xef\xbb\xbf" + encode(base), "malformed_json"))


def non_json_constants(base):
    return st.sampled_from(["NaN", "Infinity", "-Infinity"]).map(
        lambda c: one(encode(base)[:-1] + f', "score": {c}}}'.encode(), "malformed_json"))


def repeated_key(base):
    return st.just(one(encode(base)[:-1] + b', "body": "otro cuerpo"}', "malformed_json"))


def not_an_object(base):
    return st.sampled_from([b"[]", b"42", b"\"texto\"", b"null", b"", b"   ", b"\r", b"true", b"{", b"}"]).map(
        lambda data: one(data, "malformed_json"))


def truncated(base):
    data = encode(base)  # the cut is a share of the line, so the draw never depends on the base (replayable)
    return st.integers(1, 999).map(lambda share: one(data[: max(1, len(data) * share // 1000)], "malformed_json"))


def extreme_years(base):
    stamps = st.sampled_from(["0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00-12:00", "9999-12-31T23:59:59-12:00",
                              "9999-12-31T23:59:59+14:00", "1969-12-31T23:59:59Z", "2100-01-01T00:00:00Z",
                              "5000-06-01T10:00:00-05:00", "0000-01-01T00:00:00Z"])
    return stamps.map(lambda s: one({**base, "sent_at": s}, "out_of_range"))


def odd_iso_forms(base):
    day = sent_at(base).date()
    iso = day.isocalendar()
    forms = [f"{iso.year}-W{iso.week:02d}-{iso.weekday}T10:00:00-05:00",
             f"{day.year}-{day.timetuple().tm_yday:03d}T10:00:00-05:00",
             f"{day:%Y%m%d}T100000-0500", f"{day}T10:00:00", f"{day}T10:00:00-0500", f"{day}T10:00-05:00",
             f"{day}", f"{day}T10:00:00+05", f"{day}T10:00:00.-05:00", f"{day}T10:00:00 -05:00",
             f"{day}T١٠:00:00-05:00", f" {day}T10:00:00-05:00", f"{day}T10:00:00-05:00\n", "hoy"]
    return st.sampled_from(forms).map(lambda s: one({**base, "sent_at": s}, "wrong_type"))


def impossible_offsets(base):
    text = base["sent_at"][:19]
    return st.sampled_from(["+14:01", "-14:30", "+23:59", "-99:00", "+05:60"]).map(
        lambda off: one({**base, "sent_at": text + off}, "invalid_value"))


def impossible_dates(base):
    return st.sampled_from(["2026-02-30T10:00:00-05:00", "2026-13-01T10:00:00-05:00", "2026-03-02T24:00:00-05:00",
                            "2026-03-02T23:59:60-05:00", "2026-03-00T10:00:00-05:00", "2026-03-02T10:61:00-05:00"]
                           ).map(lambda s: one({**base, "sent_at": s}, "invalid_value"))


def invisible_body(base):
    blank = st.sampled_from([" ", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00a0", "\u3000", "\t",
                             "\r", "\n", "\u202e", "\u2028", "\x01"])
    return st.lists(blank, min_size=1, max_size=50).map(lambda xs: one({**base, "body": "".join(xs)}, "empty_body"))


def oversized_fields(base):
    def build(args) -> list[Line]:
        name, extra = args
        value = (base[name] or "R") + "x" * (MAX_CHARS[name] + extra)
        if name in ("from_addr", "to_addr"):
            value = "a" * (MAX_CHARS[name] + extra) + "@correo.co"
        return one({**base, name: value}, "oversized_field")
    return st.tuples(st.sampled_from(["subject", "message_id", "event_id", "thread_id", "from_addr", "to_addr",
                                      "radicado", "in_reply_to", "kind"]), st.integers(1, 3_000)).map(build)


def oversized_body(base):
    return st.integers(1, 500).map(
        lambda extra: one({**base, "body": "x" * (MAX_BODY_CHARS + extra)}, "oversized_body"))


def oversized_line(base):
    return st.integers(1, 1000).map(
        lambda extra: one({**base, "x-padding": "p" * (MAX_LINE_BYTES + extra)}, "oversized_line"))


def ids_with_spaces(base):
    return st.tuples(st.sampled_from(["message_id", "event_id", "thread_id", "in_reply_to", "radicado"]),
                     st.sampled_from([" ", "\t", "\u00a0", "ñ", "\u200b", "\n"]), st.booleans()).map(
        lambda a: one({**base, a[0]: (a[1] + (base[a[0]] or "x")) if a[2] else ((base[a[0]] or "x") + a[1])},
                      "invalid_value"))


def bad_addresses(base):
    return st.tuples(st.sampled_from(["from_addr", "to_addr"]),
                     st.sampled_from(["sin-arroba", "a b@c.co", "@c.co", "a@", "a@@b", "a@b\r", "a\x01@b.co", ""])).map(
        lambda a: one({**base, a[0]: a[1]}, "invalid_value"))


def unknown_vocabulary(base):
    return st.tuples(st.sampled_from(["kind", "direction", "schema_version"]),
                     st.sampled_from(["INITIAL", "forward", "in", "2.0", "", "initial "])).map(
        lambda a: one({**base, a[0]: a[1]}, "invalid_value"))


def wrong_types(base):
    return st.tuples(st.sampled_from(["body", "sent_at", "message_id", "subject", "radicado"]),
                     st.sampled_from([1, 1.5, True, [], {}, 10**20, 1e308])).map(
        lambda a: one({**base, a[0]: a[1]}, "wrong_type"))


def missing_fields(base):
    return st.tuples(st.sampled_from(["message_id", "body", "sent_at", "thread_id", "kind", "from_addr"]),
                     st.booleans()).map(
        lambda a: one({**{k: v for k, v in base.items() if k != a[0]}, **({a[0]: None} if a[1] else {})},
                      "missing_field"))


def wrong_partition(base):
    # late mail (sent up to MAX_DELIVERY_DELAY_DAYS before its delivery day) is kept; earlier is a contract break
    return st.sampled_from([(-1, None), (-5, None), (-6, "late_arrival"), (-400, "late_arrival"),
                            (1, "future_timestamp"), (30, "future_timestamp")]).map(
        lambda a: one({**base, "sent_at": (sent_at(base) + dt.timedelta(days=a[0])).isoformat()}, a[1]))


KINDS: dict[str, Callable[[dict], st.SearchStrategy[list[Line]]]] = {
    f.__name__: f for f in (
        plain_hostile_text, control_characters, copy_null_marker, injection_strings, exotic_unicode,
        fields_at_their_cap, unusual_offsets, second_first_email, orphan_reply, extra_fields, case_twin_duplicate,
        cross_day_duplicate, receipt_at_day_boundary,
        deep_nesting, huge_integer, lone_surrogate, escaped_nul, raw_nul_byte, invalid_utf8, byte_order_mark,
        non_json_constants, repeated_key, not_an_object, truncated, extreme_years, odd_iso_forms,
        impossible_offsets, impossible_dates, invisible_body, oversized_fields, oversized_body, oversized_line,
        ids_with_spaces, bad_addresses, unknown_vocabulary, wrong_types, missing_fields, wrong_partition)
}
HEAVY_KINDS = ("oversized_body", "oversized_line")  # hundreds of kB a line: drawn sparingly


def outcomes(lines: list[Line], day: dt.date) -> list[str | None]:
    """What Bronze's pure validation does with `lines` of one partition: None or the reason, per line."""
    from pqrlab.layers.bronze import validate_lines

    data = b"".join(line.data + b"\n" for line in lines)
    good, bad = validate_lines([("part-0.jsonl", data)], day, "fuzz")
    result: list[str | None] = [None] * len(lines)
    for line_no, reason in zip(bad.column("line_no").to_pylist(), bad.column("reason").to_pylist()):
        result[line_no - 1] = reason
    assert good.num_rows + bad.num_rows == len(lines)
    return result


def write_raw(lake, run_id: str, corpus) -> dict[tuple[str, str, int], str | None]:
    """Write the corpus as Raw partitions with true manifests; (day, file, line_no) -> expected outcome."""
    from pqrlab.lake import sha256_bytes
    from pqrlab.layers.raw import MANIFEST

    files: dict[tuple[str, str], list[tuple[bytes, str | None]]] = collections.defaultdict(list)
    for day, name, data, expected in corpus:
        files[(day.isoformat(), name)].append((data, expected))
    expected_at = {}
    for day in sorted({d for d, _ in files}):
        base = lake.partition("raw", day, run_id)
        listed = []
        for (d, name), lines in sorted(files.items()):
            if d != day:
                continue
            payload = b"".join(data + b"\n" for data, _ in lines)
            listed.append({"name": name, "sha256": lake.write_immutable(f"{base}/{name}", payload),
                           "lines": len(lines)})
            expected_at.update({(day, name, i): e for i, (_, e) in enumerate(lines, start=1)})
        lake.write_json(f"{base}/{MANIFEST}", {"day": day, "run_id": run_id, "files": listed}, immutable=True)
    return expected_at
