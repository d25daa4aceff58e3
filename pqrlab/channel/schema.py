"""The Raw e-mail event contract, versioned, in one place.

Each Raw JSONL line is one e-mail message (an event). Bronze validates lines against this contract
and quarantines the ones that break it, each with a reason.
"""
from __future__ import annotations

RAW_SCHEMA_VERSION = "1.0"

# field -> (python type, required, description)
RAW_FIELDS: dict[str, tuple[type, bool, str]] = {
    "schema_version": (str, True, "version of this contract"),
    "event_id": (str, True, "unique id of the delivery event (uuid5 of message_id)"),
    "message_id": (str, True, "RFC 5322-like id of the e-mail"),
    "thread_id": (str, True, "conversation id; equals the ticket id for PQRS threads"),
    "in_reply_to": (str, False, "message_id this message replies to; null for a first e-mail"),
    "kind": (str, True, "initial | ack | follow_up | response | reopen"),
    "direction": (str, True, "inbound (citizen to entity) | outbound (entity to citizen)"),
    "sent_at": (str, True, "RFC 3339 timestamp with UTC offset (Z or ±HH:MM, at most ±14:00)"),
    "from_addr": (str, True, "sender e-mail address"),
    "to_addr": (str, True, "recipient e-mail address"),
    "subject": (str, False, "subject line (may disagree with the body)"),
    "body": (str, True, "plain-text body, non-empty, at most MAX_BODY_CHARS characters"),
    "radicado": (str, False, "filing number given by the entity's acknowledgement"),
}
REQUIRED_FIELDS = tuple(name for name, (_, required, _) in RAW_FIELDS.items() if required)
KINDS = ("initial", "ack", "follow_up", "response", "reopen")
DIRECTIONS = ("inbound", "outbound")
MAX_BODY_CHARS = 100_000
# Every text field has a cap (characters); a longer value is quarantined, never cut. Ids and the
# radicado are printable ASCII without spaces; addresses follow RFC 5321's 254-character path limit.
MAX_CHARS: dict[str, int] = {
    "schema_version": 16, "event_id": 255, "message_id": 255, "thread_id": 255, "in_reply_to": 255,
    "kind": 16, "direction": 16, "sent_at": 64, "from_addr": 254, "to_addr": 254, "subject": 1_000,
    "body": MAX_BODY_CHARS, "radicado": 64,
}
ID_FIELDS = ("event_id", "message_id", "thread_id", "in_reply_to", "radicado")
ADDRESS_FIELDS = ("from_addr", "to_addr")
SUPPORTED_SCHEMA_VERSIONS = (RAW_SCHEMA_VERSION,)
# A whole Raw line (bytes) is refused before parsing above this size: the body cap in 4-byte UTF-8
# plus room for the other fields and JSON escapes.
MAX_LINE_BYTES = 4 * MAX_BODY_CHARS + 64 * 1024
# sent_at must fall in this UTC window (the calendar and the date types hold far wider; a clock set
# to year 1 or 9999 is a broken clock, not a receipt date).
SENT_AT_RANGE = ("1970-01-01", "2100-01-01")
# Late mail: a relay may deliver an e-mail on a later day than it was sent (Bronze keeps it, flagged `late`),
# but SMTP gives up retrying after 4-5 days (RFC 5321 §4.5.4.1): a line sent more than this many days before
# its delivery day breaks the contract (`late_arrival`), as does one sent after it (`future_timestamp`).
MAX_DELIVERY_DELAY_DAYS = 5
# Largest UTC offset a real clock writes (Line Islands +14:00, Baker Island -12:00).
MAX_UTC_OFFSET_MINUTES = 14 * 60

# Reasons Bronze gives quarantined lines; the generator's defect kinds map onto them.
QUARANTINE_REASONS = (
    "malformed_json", "bad_encoding", "missing_field", "wrong_type", "invalid_value",
    "empty_body", "oversized_body", "late_arrival", "duplicate",
    # hostile input (docs/security.md, "Hostile input")
    "oversized_line", "oversized_field", "nul_character", "invalid_unicode", "out_of_range",
    "future_timestamp", "bad_partition",
    # Raw verified against its manifest
    "unlisted_file", "checksum_mismatch",
    # a bug, never expected: one line failed in a way no rule names (kept, with the error)
    "unexpected_error",
)
DEFECT_KINDS = (
    "malformed_json", "bad_encoding", "missing_field", "wrong_type",
    "empty_body", "oversized_body", "future_timestamp", "duplicate",
)


def describe() -> str:
    """The contract as a Markdown table (shown in notebooks and the README)."""
    rows = ["| field | type | required | meaning |", "|---|---|---|---|"]
    for name, (kind, required, text) in RAW_FIELDS.items():
        rows.append(f"| `{name}` | {kind.__name__} | {'yes' if required else 'no'} | {text} |")
    return "\n".join(rows)
