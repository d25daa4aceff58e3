"""Bronze: typing and quarantine reasons on hand-made lines; nothing is dropped."""
import datetime as dt
import json

from pqrlab.layers.bronze import BRONZE_SCHEMA, QUARANTINE_SCHEMA, validate_lines

DAY = dt.date(2026, 3, 2)
GOOD = {
    "schema_version": "1.0", "event_id": "e1", "message_id": "<m1>", "thread_id": "t1", "in_reply_to": None,
    "kind": "initial", "direction": "inbound", "sent_at": "2026-03-02T09:15:00-05:00",
    "from_addr": "a@b.co", "to_addr": "pqrsd@entidad.gov.co", "subject": "Solicitud", "body": "Solicito…",
    "radicado": None,
}


def line(**changes) -> bytes:
    record = {**GOOD, **changes}
    return json.dumps({k: v for k, v in record.items() if v != "DROP"}, ensure_ascii=False).encode()


def test_each_bad_line_is_quarantined_with_its_reason():
    lines = [
        line(),                                             # good
        line(),                                             # duplicate of the first
        line(message_id="<m2>")[:40],                       # malformed JSON
        line(message_id="<m3>", body="Año").replace("ñ".encode(), "ñ".encode("latin-1")),  # bad encoding
        line(message_id="<m4>", body="DROP"),               # missing field
        line(message_id="<m5>", sent_at=1700000000),        # wrong type
        line(message_id="<m6>", body="   "),                # empty body
        line(message_id="<m7>", body="x" * 100_001),        # oversized
        line(message_id="<m8>", sent_at="2026-02-20T10:00:00-05:00"),  # sent 10 days before: no relay retries that long
        line(message_id="<m9>", kind="forward"),            # invalid value
        line(message_id="<m10>", sent_at="2026-03-02T23:30:00-05:00"),  # good: local day, not UTC day
        line(message_id="<m11>", sent_at="2026-02-27T10:00:00-05:00"),  # late mail (3 days): kept, flagged
        line(message_id="<m12>", sent_at="2026-03-03T00:10:00-05:00"),  # sent after its delivery day
        line(message_id="<m13>", sent_at="2026-03-02T04:59:00Z"),       # Bogotá 03-01 23:59: late by one day
    ]
    good, bad = validate_lines([("part-x.jsonl", b"\n".join(lines) + b"\n")], DAY, "r1")
    assert good.schema == BRONZE_SCHEMA and bad.schema == QUARANTINE_SCHEMA
    assert good.num_rows + bad.num_rows == len(lines)
    assert good.column("message_id").to_pylist() == ["<m1>", "<m10>", "<m11>", "<m13>"]
    assert good.column("late").to_pylist() == [False, False, True, True]
    assert bad.column("reason").to_pylist() == [
        "duplicate", "malformed_json", "bad_encoding", "missing_field", "wrong_type", "empty_body",
        "oversized_body", "late_arrival", "invalid_value", "future_timestamp"]
    assert bad.column("line_no").to_pylist() == [*range(2, 11), 13]
    sent = good.column("sent_at").to_pylist()[0]
    assert sent.tzinfo is not None and sent.hour == 14  # stored in UTC
