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
    "sent_at": (str, True, "ISO-8601 timestamp with UTC offset"),
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

# Reasons Bronze gives quarantined lines; the generator's defect kinds map onto them.
QUARANTINE_REASONS = (
    "malformed_json", "bad_encoding", "missing_field", "wrong_type", "invalid_value",
    "empty_body", "oversized_body", "late_arrival", "duplicate",
)
DEFECT_KINDS = (
    "malformed_json", "bad_encoding", "missing_field", "wrong_type",
    "empty_body", "oversized_body", "late_arrival", "duplicate",
)


def describe() -> str:
    """The contract as a Markdown table (shown in notebooks and the README)."""
    rows = ["| field | type | required | meaning |", "|---|---|---|---|"]
    for name, (kind, required, text) in RAW_FIELDS.items():
        rows.append(f"| `{name}` | {kind.__name__} | {'yes' if required else 'no'} | {text} |")
    return "\n".join(rows)
