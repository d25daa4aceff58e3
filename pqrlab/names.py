"""Names that become paths or patterns: run ids, days, dataset names, model names and versions.

Each is checked against an allow-list pattern where it enters (settings, `pipeline.open_run`, the CLI,
the enricher registry) and again where the lake builds a path from it, so no value a user types can
climb out of a folder (`..`, `/`) or act as a wildcard (`*`, `?`, `[`) in a listing.
"""
from __future__ import annotations

import datetime as dt
import re

RUN_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
DATASET_RE = re.compile(r"[a-z][a-z0-9_]{0,63}")  # layers, datasets, model names' parts
MODEL_NAME_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
VERSION_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._+-]{0,63}")
DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class InvalidName(ValueError):
    """A user-supplied name that would become a path or pattern is not allowed."""


def _check(value: object, pattern: re.Pattern, what: str, rule: str) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value) or ".." in value:
        raise InvalidName(f"invalid {what} {value!r}: use {rule}")
    return value


def check_run_id(run_id: object) -> str:
    """A run id: 1-64 letters, digits, `.`, `_`, `-`, starting with a letter or digit, without `..`."""
    return _check(run_id, RUN_ID_RE, "run id",
                  "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (no '..')")


def check_dataset(name: object, what: str = "dataset name") -> str:
    """A layer or dataset name: lower-case letters, digits and `_`, starting with a letter."""
    return _check(name, DATASET_RE, what, "lower-case letters, digits and '_', starting with a letter")


def check_model_name(name: object) -> str:
    return _check(name, MODEL_NAME_RE, "model name", "lower-case letters, digits and '-' (e.g. tfidf-logreg)")


def check_version(version: object) -> str:
    return _check(version, VERSION_RE, "model version",
                  "letters, digits, '.', '_', '+' or '-', starting with a letter or digit (e.g. 1.0.0)")


def parse_model_ref(ref: object) -> tuple[str, str]:
    """(model name, version or "") of `name` or `name@version`, both parts checked (they become paths)."""
    base, at, version = str(ref).partition("@")
    return check_model_name(base), check_version(version) if at else ""


def parse_day(value: object, what: str = "day") -> dt.date:
    """An ISO calendar day `YYYY-MM-DD` that exists (2026-02-30 does not), as a date."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not DAY_RE.fullmatch(text):
        raise InvalidName(f"invalid {what} {value!r}: write it as YYYY-MM-DD (e.g. 2026-03-02)")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise InvalidName(f"invalid {what} {value!r}: {err} (write an existing date as YYYY-MM-DD)") from None


def check_day(day: object) -> str:
    """A partition day as the lake names it: the shape `YYYY-MM-DD`, which is all a path needs. Whether it is
    an existing date is `parse_day`'s question (user input): a Raw folder `day=2026-02-30` must still be
    readable and writable so that Bronze quarantines its lines as `bad_partition` instead of failing."""
    if not isinstance(day, str) or not DAY_RE.fullmatch(day):
        raise InvalidName(f"invalid day {day!r}: write it as YYYY-MM-DD")
    return day
