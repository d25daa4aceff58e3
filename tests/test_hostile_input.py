"""Hostile Raw lines: every one ends in Bronze or in quarantine with its reason, and what reaches
PostgreSQL is byte for byte what Bronze holds (issue 12, section 2).

Unit level: every named kind of `tests/hostile_corpus.py`, many hypothesis examples each, against the pure
validation. End to end: hypothesis draws a corpus of more than 10,000 lines of every kind, which goes through
Bronze → Silver → Gold → publish on a real Dask LocalCluster and the embedded PostgreSQL.
"""
from __future__ import annotations

import collections
import datetime as dt
import json
import time

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pqrlab import business_days as bd
from pqrlab.channel.schema import QUARANTINE_REASONS
from pqrlab.layers.bronze import QUARANTINE, Rejected, is_blank, parse_line, parse_sent_at, validate_lines
from tests.hostile_corpus import HEAVY_KINDS, KINDS, base_record, outcomes, write_raw

DAY = dt.date(2026, 3, 2)
FAST = settings(max_examples=30, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("kind", sorted(KINDS))
@FAST
@given(data=st.data(), n=st.integers(0, 10**6), seconds=st.integers(0, 86_399))
def test_each_hostile_kind_gets_its_decided_outcome(kind, data, n, seconds):
    lines = data.draw(KINDS[kind](base_record(n, DAY, seconds)))
    for offset in sorted({line.day_offset for line in lines}):
        group = [line for line in lines if line.day_offset == offset]
        expected = [None if (offset and line.expected == "duplicate") else line.expected for line in group]
        assert outcomes(group, DAY + dt.timedelta(days=offset)) == expected


def test_there_are_at_least_25_kinds_and_every_new_reason_is_exercised():
    assert len(KINDS) >= 25
    assert set(QUARANTINE_REASONS) - {"unexpected_error", "unlisted_file", "checksum_mismatch", "bad_partition"} \
        <= {"late_arrival", "duplicate", "missing_field", "wrong_type", "invalid_value", "empty_body",
            "oversized_body", "malformed_json", "bad_encoding", "oversized_line", "oversized_field", "nul_character",
            "invalid_unicode", "out_of_range", "future_timestamp"}


@pytest.mark.parametrize("text, reason", [
    ("2026-W10-1T10:00:00-05:00", "wrong_type"), ("2026-061T10:00:00-05:00", "wrong_type"),
    ("20260302T100000-0500", "wrong_type"), ("2026-03-02T10:00:00", "wrong_type"),
    ("2026-03-02T10:00:00+14:01", "invalid_value"), ("2026-02-29T10:00:00-05:00", "invalid_value"),
    ("0001-01-01T00:00:00+14:00", "out_of_range"), ("9999-12-31T23:59:59-12:00", "out_of_range"),
    ("2100-01-01T00:00:00Z", "out_of_range"), ("1969-12-31T23:59:59.999999Z", "out_of_range"),
])
def test_sent_at_forms_that_are_refused(text, reason):
    with pytest.raises(Rejected) as err:
        parse_sent_at(text)
    assert err.value.reason == reason


@pytest.mark.parametrize("text, utc", [
    ("2026-03-02T10:00:00Z", "2026-03-02T10:00:00+00:00"), ("2026-03-02t10:00:00z", "2026-03-02T10:00:00+00:00"),
    ("2026-03-02T10:00:00-00:00", "2026-03-02T10:00:00+00:00"),
    ("2026-03-02 10:00:00+14:00", "2026-03-01T20:00:00+00:00"),
    ("2026-03-02T10:00:00.123456789-12:00", "2026-03-02T22:00:00.123456+00:00"),
    ("2026-03-02T10:00:00+05:45", "2026-03-02T04:15:00+00:00"), ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00+00:00"),
])
def test_sent_at_forms_that_are_accepted(text, utc):
    assert parse_sent_at(text).isoformat() == utc


@pytest.mark.parametrize("text, blank", [("\u200b\u200c\u200d\ufeff", True), (" \t\r\n\u00a0\u3000", True),
                                         ("\u202e\u2060", True), ("", True), (".", False), ("\u200bA", False),
                                         ("e\u0301", False), ("\U0001f600", False)])
def test_blank_means_nothing_visible(text, blank):
    assert is_blank(text) is blank


def test_a_subject_that_is_exactly_backslash_n_stays_text_in_bronze():
    line = json.dumps({**base_record(1, DAY, 3600), "subject": "\\N"}).encode()
    assert parse_line(line, DAY)["subject"] == "\\N"


def test_a_partition_whose_day_is_no_date_quarantines_its_lines_without_failing():
    lines = b"".join(json.dumps(base_record(i, DAY, 3600)).encode() + b"\n" for i in range(3))
    good, bad = validate_lines([("part-0.jsonl", lines)], None, "r")
    assert good.num_rows == 0 and bad.column("reason").to_pylist() == ["bad_partition"] * 3


# -- end to end: Bronze → Silver → Gold → publish ------------------------------------------------
FUZZ_DAYS = 5
EXAMPLES = 300  # each example draws every kind once (the heavy ones in about 1 example in 40)


def draw_corpus() -> tuple[list[tuple[dt.date, str, bytes, str | None]], collections.Counter]:
    """More than 10,000 hostile lines of every kind, drawn by hypothesis."""
    corpus: list[tuple[dt.date, str, bytes, str | None]] = []
    per_kind: collections.Counter = collections.Counter()
    ids = iter(range(10**9))  # unique ids only: every choice comes from hypothesis, so examples replay exactly

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def collect(data):
        day = DAY + dt.timedelta(days=data.draw(st.integers(0, FUZZ_DAYS - 1), label="day"))
        heavy = data.draw(st.integers(0, 39), label="heavy") == 0  # hundreds of kB a line: about 1 in 40
        file_name = f"part-{data.draw(st.integers(0, 2), label='file')}.jsonl"
        for kind, strategy in KINDS.items():
            if kind in HEAVY_KINDS and not heavy:
                continue
            n = next(ids)
            seconds = data.draw(st.integers(0, 86_399), label="seconds")
            lines = data.draw(strategy(base_record(n, day, seconds)), label=kind)
            for line in lines:
                corpus.append((day + dt.timedelta(days=line.day_offset), file_name, line.data, line.expected))
                per_kind[kind] += 1

    collect()
    return corpus, per_kind


def test_fuzz_ten_thousand_hostile_lines_through_every_layer_to_postgres(lake, dask, fresh_db):
    from pqrlab.control.db import fetch_frame
    from pqrlab.control.publish import publish
    from pqrlab.layers.bronze import MESSAGES, raw_to_bronze
    from pqrlab.layers.gold import silver_to_gold
    from pqrlab.layers.silver import bronze_to_silver

    started = time.perf_counter()
    corpus, per_kind = draw_corpus()
    drawn = time.perf_counter()
    print(f"\nhostile lines per kind ({len(per_kind)} kinds, {len(corpus):,} lines, drawn in {drawn - started:.1f} s):")
    for kind, n in sorted(per_kind.items()):
        print(f"  {kind:28} {n:6,}")
    assert len(corpus) >= 10_000 and len(per_kind) >= 25
    expected_at = write_raw(lake, "fuzz", corpus)

    bronze = raw_to_bronze(lake, dask, "fuzz")
    good = lake.read_dataset("bronze", MESSAGES, "fuzz").to_pandas()
    bad = lake.read_dataset("bronze", QUARANTINE, "fuzz").to_pandas()
    assert bronze.rows_in == len(corpus) == len(good) + len(bad)
    assert bad["reason"].isin(QUARANTINE_REASONS).all() and (bad["reason"] != "unexpected_error").all()
    assert bad["reason"].str.len().gt(0).all()
    where = lambda f: list(zip(f["day"].astype(str), f["source_file"], f["line_no"]))  # noqa: E731
    assert {expected_at[k] for k in where(good)} == {None}
    sent_days = bd.bogota_days(good["sent_at"])  # late mail is kept and flagged: sent on a Bogotá day before delivery
    assert (good["late"] == (sent_days < pd.to_datetime(good["day"]).dt.date)).all()
    assert [expected_at[k] for k in where(bad)] == bad["reason"].tolist()

    bronze_to_silver(lake, dask, "fuzz", "keywords-baseline")
    silver_to_gold(lake, dask, "fuzz")
    publish(lake, fresh_db, "fuzz")

    stored = fetch_frame(fresh_db, "SELECT message_id, ticket_id, kind, direction, sent_at, subject, body, "
                                   "in_reply_to, subject_masked, body_masked FROM core.messages")
    silver = lake.read_dataset("silver", MESSAGES, "fuzz").to_pandas().set_index("message_id")
    both = stored.merge(good, on="message_id", suffixes=("", "_bronze"))
    assert len(both) == len(stored) >= 2_000
    for column in ("kind", "direction", "subject", "body", "in_reply_to"):
        mismatched = both[both[column].fillna("\x00NULL") != both[f"{column}_bronze"].fillna("\x00NULL")]
        assert mismatched.empty, (column, mismatched[["message_id", column, f"{column}_bronze"]].head())
    assert (both["ticket_id"] == both["thread_id"]).all()
    assert (pd.to_datetime(both["sent_at"], utc=True) == pd.to_datetime(both["sent_at_bronze"], utc=True)).all()
    for column in ("subject", "body"):
        assert (both[f"{column}_masked"].fillna("\x00NULL").tolist()
                == silver.loc[both["message_id"], column].fillna("\x00NULL").tolist())
    assert (stored["subject"] == "\\N").any() and stored["body"].str.contains("\r").any()
    print(f"fuzz: {len(good):,} Bronze rows, {len(bad):,} quarantined, {len(stored):,} messages compared in "
          f"PostgreSQL; {time.perf_counter() - started:.1f} s in all")


def test_copy_round_trips_every_storable_string_byte_for_byte(fresh_db):
    """`copy_frame` on its own: any string PostgreSQL text can hold (all but NUL) comes back equal; None is NULL."""
    import psycopg

    from pqrlab.control.db import copy_frame
    from tests.hostile_corpus import hostile_text, injections

    with psycopg.connect(fresh_db, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("CREATE TEMP TABLE rt (i int, s text, t timestamptz)")

        @settings(max_examples=60, deadline=None, database=None)
        @given(st.lists(st.one_of(st.none(), hostile_text, injections, st.just("\\N"), st.just("\r")), max_size=80))
        def round_trip(values):
            cur.execute("TRUNCATE rt")
            sent = pd.DataFrame({"i": range(len(values)), "s": values,
                                 "t": pd.Timestamp("2026-03-02T23:30:00-12:00")})
            copy_frame(cur, "rt", sent)
            back = [row[0] for row in cur.execute("SELECT s FROM rt ORDER BY i").fetchall()]
            assert back == values

        round_trip()


def test_partitions_dated_year_1_9999_or_no_date_are_quarantined_and_the_run_goes_on(lake, dask, fresh_db):
    """Raw folders `day=0001-01-01`, `day=9999-12-31`, `day=2026-02-30` beside a good day: their lines are
    `bad_partition`, the good day is published, nothing overflows."""
    from pqrlab.control.db import fetch_frame
    from pqrlab.control.publish import publish
    from pqrlab.layers.bronze import MESSAGES, raw_to_bronze
    from pqrlab.layers.gold import silver_to_gold
    from pqrlab.layers.silver import bronze_to_silver

    corpus = [(DAY, "part-0.jsonl", json.dumps(base_record(i, DAY, 3600 * 10)).encode(), None) for i in range(5)]
    expected_at = write_raw(lake, "days", corpus)
    for day in ("0001-01-01", "9999-12-31", "2026-02-30"):
        base = lake.partition("raw", day, "days")
        payload = b"".join(json.dumps({**base_record(100 + i, DAY, 0), "sent_at": f"{day}T10:00:00-05:00"}).encode()
                           + b"\n" for i in range(2))
        sha = lake.write_immutable(f"{base}/part-0.jsonl", payload)
        lake.write_json(f"{base}/_manifest.json", {"day": day, "run_id": "days",
                                                   "files": [{"name": "part-0.jsonl", "sha256": sha}]})
    result = raw_to_bronze(lake, dask, "days")
    assert result.rows_in == 11 and result.rows_out == 5 and result.counts["quarantined_bad_partition"] == 6
    bronze_to_silver(lake, dask, "days", "keywords-baseline")
    silver_to_gold(lake, dask, "days")
    publish(lake, fresh_db, "days")
    stored = fetch_frame(fresh_db, "SELECT message_id FROM core.messages WHERE run_id = 'days'")
    assert len(stored) == len(expected_at) == len(lake.read_dataset("bronze", MESSAGES, "days"))
