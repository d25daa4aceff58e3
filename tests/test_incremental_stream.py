"""Issue 14, the stream side: the mailbox as a pure function of (seed, daily volume, day), Raw and Bronze per
delivery day, late mail, the bounded cross-day look-back, and the control plane's days (gap rule, day locks,
ingested days) with the CLI's one-line refusals."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pqrlab.channel.generator import (MAX_THREAD_DAYS, ChannelConfig, Thread, mail_for_day, mail_for_days,
                                     thread_count)
from pqrlab.control import runs
from pqrlab.layers import bronze, raw
from tests.test_cli_errors import assert_one_line_error, cli

D0 = dt.date(2026, 3, 2)
FEW = settings(max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def days_from(start: dt.date, n: int) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range(n)]


def isos(days: list[dt.date]) -> list[str]:
    return [d.isoformat() for d in days]


# -- the mailbox ---------------------------------------------------------------------------------
@FEW
@given(seed=st.integers(0, 2**31 - 1), offset=st.integers(0, 3000), n=st.integers(1, 5),
       daily=st.floats(5, 120), defects=st.sampled_from([0.0, 0.02, 0.2]))
def test_day_by_day_equals_the_range_byte_for_byte(seed, offset, n, daily, defects):
    cfg = ChannelConfig(seed=seed, daily_events=daily, defect_rate=defects)
    days = days_from(dt.date(2020, 1, 1) + dt.timedelta(days=offset), n)
    at_once = mail_for_days(cfg, days)
    for day in days:
        alone = mail_for_day(cfg, day)
        assert alone == at_once[day.isoformat()]
    # ...and any subset of the range too (a run that starts in the middle sees the same mail)
    assert mail_for_days(cfg, days[n // 2:]) == {d: at_once[d] for d in isos(days[n // 2:])}


def test_the_mail_depends_on_seed_volume_and_day_only_not_on_the_run():
    day = D0 + dt.timedelta(days=8)
    a = mail_for_day(ChannelConfig(seed=5, run_id="one", daily_events=80, start=D0, days=61), day)
    b = mail_for_day(ChannelConfig(seed=5, run_id="other", daily_events=80, start=day, days=1), day)
    c = mail_for_day(ChannelConfig(seed=6, daily_events=80), day)
    assert a == b and a.lines != c.lines
    ids = [t["ticket_id"] for t in a.truths]
    assert len(set(ids)) == len(ids) and all(i.startswith("T") and f"-{day:%Y%m%d}-" in i for i in ids)


def test_every_thread_lives_at_most_max_thread_days_and_messages_are_in_order():
    cfg = ChannelConfig(seed=11, daily_events=400)
    longest = 0
    for day in days_from(dt.date(2026, 1, 1), 40):  # Holy Week, holidays and weekends included
        for i in range(thread_count(cfg, day)):
            thread = Thread(cfg, day, i)
            assert thread.plan[0].delivered == day  # a thread opens the day its first e-mail is delivered
            assert [p.sent_at for p in thread.plan] == sorted(p.sent_at for p in thread.plan)
            longest = max(longest, max((p.delivered - day).days for p in thread.plan))
    assert 60 < longest <= MAX_THREAD_DAYS


def test_weekends_and_holidays_get_less_mail_and_the_volume_is_the_daily_mean():
    cfg = ChannelConfig(seed=2, daily_events=300)
    days = days_from(dt.date(2026, 2, 2), 63)
    mail = mail_for_days(cfg, days)
    lines = {dt.date.fromisoformat(d): len(m.lines) for d, m in mail.items()}
    holidays = {dt.date(2026, 3, 23), dt.date(2026, 4, 2), dt.date(2026, 4, 3)}
    weekdays = [n for d, n in lines.items() if d.weekday() < 5 and d not in holidays]
    weekends = [n for d, n in lines.items() if d.weekday() >= 5]
    assert sum(weekends) / len(weekends) < 0.6 * sum(weekdays) / len(weekdays)
    assert lines[dt.date(2026, 4, 3)] < 0.6 * sum(weekdays) / len(weekdays)  # Good Friday
    assert 0.85 < sum(lines.values()) / len(lines) / cfg.daily < 1.15


def test_a_thread_opened_on_d_is_answered_on_a_later_day():
    cfg = ChannelConfig(seed=4, daily_events=100, defect_rate=0.0)
    days = days_from(D0, 45)
    mail = mail_for_days(cfg, days)
    lines = {d: [json.loads(line) for line in m.lines] for d, m in mail.items()}
    opened = mail[D0.isoformat()].truths
    answered_later = 0
    for truth in opened:
        if not truth["is_pqrs"]:
            continue
        response = next(m for m in truth["messages"] if m["kind"] == "response")
        assert response["delivered_day"] > D0.isoformat()
        if response["delivered_day"] in lines:
            found = [e for e in lines[response["delivered_day"]] if e["message_id"] == response["message_id"]]
            assert len(found) == 1 and found[0]["thread_id"] == truth["ticket_id"]
            answered_later += 1
    assert answered_later >= 0.8 * sum(t["is_pqrs"] for t in opened) > 0


def test_late_mail_is_real_mail_with_its_truth():
    cfg = ChannelConfig(seed=9, daily_events=300, defect_rate=0.0)
    mail = mail_for_days(cfg, days_from(D0, 20))
    truth_late = {m["message_id"]: m for d in mail.values() for t in d.truths for m in t["messages"] if m["late"]}
    delivered = {json.loads(line)["message_id"]: day for day, m in mail.items() for line in m.lines}
    seen = [mid for mid in truth_late if mid in delivered]
    assert seen, "a few late e-mails in 20 days of 300 a day"
    for mid in seen:
        assert delivered[mid] == truth_late[mid]["delivered_day"] > truth_late[mid]["sent_at"][:10]


# -- Raw and Bronze per delivery day ------------------------------------------------------------
def run_days(lake, dask, cfg: ChannelConfig, run_id: str, days: list[str]):
    cfg = ChannelConfig(**{**cfg.__dict__, "run_id": run_id})
    generated = raw.generate_raw(lake, dask, cfg, days)
    typed = bronze.raw_to_bronze(lake, dask, run_id, days)
    return generated, typed


def files_of(lake, layer: str, run_id: str, pattern: str) -> dict[str, bytes]:
    return {p.split("/day=")[1].split("/")[0] + "/" + p.rsplit("/", 1)[1]: lake.read_bytes(p)
            for p in lake.files(layer, run_id, pattern)}


def bronze_bytes(lake, days: list[str]) -> dict[str, bytes]:
    return {f"{d}/{ds}": lake.read_bytes(f"{lake.current_partition('bronze', d, ds)}/part-0.parquet")
            for d in days for ds in (bronze.MESSAGES, bronze.QUARANTINE)}


def test_backfill_then_day_by_day_gives_the_same_raw_and_bronze(tmp_path, dask):
    from pqrlab.lake import Lake

    cfg = ChannelConfig(seed=21, daily_events=60, defect_rate=0.05)
    days = isos(days_from(D0, 4))
    one, many = Lake(f"file://{tmp_path / 'one'}"), Lake(f"file://{tmp_path / 'many'}")
    generated, typed = run_days(one, dask, cfg, "range", days)
    assert generated.counts["days"] == 4 and typed.rows_in == generated.rows_out == typed.rows_out + \
        typed.counts["quarantined"]
    for day in days:
        run_days(many, dask, cfg, f"d{day.replace('-', '')}", [day])
    raw_one = files_of(one, "raw", "range", "*.jsonl")
    raw_many = {k: v for day in days for k, v in files_of(many, "raw", f"d{day.replace('-', '')}", "*.jsonl").items()}
    assert raw_one == raw_many and len(raw_one) == 4
    # Bronze holds the same rows either way (run_id aside)
    for day in days:
        for dataset in (bronze.MESSAGES, bronze.QUARANTINE):
            a = one.read_parquet(f"{one.current_partition('bronze', day, dataset)}/part-0.parquet").drop(["run_id"])
            b = many.read_parquet(f"{many.current_partition('bronze', day, dataset)}/part-0.parquet").drop(["run_id"])
            assert a.equals(b), (day, dataset)
    manifest = one.read_json(f"{one.partition('raw', days[0], 'range')}/{raw.MANIFEST}")
    assert {manifest[k] for k in ("seed", "day", "daily_events")} == {21, days[0], 60.0}
    assert manifest["generator_version"] and one.files("truth", "range", "tickets-*.jsonl")


def test_rerunning_a_middle_day_touches_only_that_day(lake, dask):
    cfg = ChannelConfig(seed=22, daily_events=50)
    days = isos(days_from(D0, 3))
    run_days(lake, dask, cfg, "first", days)
    before = bronze_bytes(lake, days)
    run_days(lake, dask, cfg, "again", [days[1]])
    after = bronze_bytes(lake, days)
    assert {k: v for k, v in after.items() if not k.startswith(days[1])} == \
        {k: v for k, v in before.items() if not k.startswith(days[1])}
    assert lake.day_runs("bronze", days[1], bronze.MESSAGES) == ["again"]
    assert lake.day_runs("raw", days[1]) == ["again", "first"]  # Raw is append-only: both copies stay
    assert files_of(lake, "raw", "again", "*.jsonl") == {k: v for k, v in files_of(lake, "raw", "first", "*.jsonl")
                                                         .items() if k.startswith(days[1])}


def test_late_mail_lands_in_bronze_flagged_not_quarantined(lake, dask):
    cfg = ChannelConfig(seed=9, daily_events=300, defect_rate=0.0)
    days = isos(days_from(D0, 6))
    _, typed = run_days(lake, dask, cfg, "late", days)
    rows = lake.read_dataset("bronze", bronze.MESSAGES, "late", ["message_id", "late", "sent_at", "day"]).to_pandas()
    truth = {m["message_id"]: m["late"] for p in lake.files("truth", "late", "tickets-*.jsonl")
             for line in lake.read_bytes(p).splitlines() for m in json.loads(line)["messages"]}
    late = rows[rows["late"]]
    assert len(late) == typed.counts["late"] > 0 and typed.counts["quarantined"] == 0
    assert all(truth.get(mid, True) for mid in late["message_id"])  # late in the truth (or an older thread's)
    assert not rows[~rows["late"]]["message_id"].map(lambda m: truth.get(m, False)).any()


def test_cross_day_duplicates_use_a_bounded_look_back(lake, dask):
    cfg = ChannelConfig(seed=23, daily_events=40, defect_rate=0.0)
    days = isos(days_from(D0, 3))
    run_days(lake, dask, cfg, "base", days)
    first_line = lake.read_bytes(f"{lake.partition('raw', days[0], 'base')}/part-000.jsonl").splitlines()[0]
    record = json.loads(first_line)
    later = (D0 + dt.timedelta(days=3)).isoformat()
    record["sent_at"] = f"{later}T08:00:00-05:00"  # the same message id delivered again, 3 days later
    for run_id, lookback in (("near", 30), ("far", 2)):
        base = lake.partition("raw", later, run_id)
        data = json.dumps(record).encode() + b"\n"
        sha = lake.write_immutable(f"{base}/part-000.jsonl", data)
        lake.write_json(f"{base}/{raw.MANIFEST}", {"day": later, "run_id": run_id,
                                                   "files": [{"name": "part-000.jsonl", "sha256": sha}]})
        result = bronze.raw_to_bronze(lake, dask, run_id, [later], lookback_days=lookback)
        if lookback == 30:
            assert result.counts.get("quarantined_duplicate") == 1
            bad = lake.read_parquet(f"{lake.current_partition('bronze', later, bronze.QUARANTINE)}/part-0.parquet")
            assert f"day={days[0]}" in bad.column("detail")[0].as_py()
            assert any(f"day={days[0]}" in url for url in result.inputs)  # the look-back is in the lineage
        else:  # first copy 3 days back, beyond a 2-day look-back: kept (the documented bound)
            assert result.rows_out == 1 and not result.counts.get("quarantined_duplicate")
            assert not any(f"day={days[0]}" in url for url in result.inputs)


def test_cross_day_duplicates_pure_range_equals_day_by_day():
    def part(day, *ids):
        return {"day": day, "keys": [(i, "part-000.jsonl", n) for n, i in enumerate(ids, 1)]}

    parts = [part("2026-03-01", "a", "b"), part("2026-03-02", "a", "c"), part("2026-03-05", "a", "c", "d")]
    flagged = bronze.cross_day_duplicates(parts, lookback_days=3)
    assert flagged == {"2026-03-02": {("part-000.jsonl", 1): "day=2026-03-01 part-000.jsonl:1"},
                       "2026-03-05": {("part-000.jsonl", 2): "day=2026-03-02 part-000.jsonl:2"}}
    # "a" on 03-05: its kept copy (03-01) is 4 days back, beyond the bound; the 03-02 copy was quarantined


def test_bronze_refuses_days_without_raw_in_one_line(lake, dask):
    with pytest.raises(FileNotFoundError, match="2026-03-02"):
        bronze.raw_to_bronze(lake, dask, "nothing", ["2026-03-02"])


# -- the control plane's days -------------------------------------------------------------------
def test_gap_rule():
    day = dt.date.fromisoformat
    have = [day("2026-03-02"), day("2026-03-03")]
    assert runs.gap_problem([], [day("2025-01-01")]) is None  # the first ever day: any day
    assert runs.gap_problem(have, [day("2026-03-04")]) is None  # the next day
    assert runs.gap_problem(have, [day("2026-03-03")]) is None  # a rerun
    assert runs.gap_problem(have, [day("2026-03-02")]) is None  # a rerun of the first day
    problem = runs.gap_problem(have, [day("2026-03-07"), day("2026-03-08")])
    assert "2026-03-04..2026-03-06" in problem and "pqrlab run --from 2026-03-04 --to 2026-03-08" in problem
    assert "\n" not in problem
    assert "2026-02-20" in runs.gap_problem(have, [day("2026-02-20")])  # behind history, without the rest
    assert runs.gap_problem(have, days_from(day("2026-02-20"), 20)) is None  # a rebuild from earlier
    assert runs.gap_problem(have, [day("2026-03-03"), day("2026-03-04")], reprocess=True).startswith(
        "--reprocess applies to ingested days only, and 2026-03-04 never was")
    assert runs.gap_problem(have, have, reprocess=True) is None


def test_next_day_after_the_calendars_last_day_is_one_line(fresh_db):
    runs.start_run(fresh_db, "r-end", 3, {"daily_events": 40.0})
    last = [dt.date.max - dt.timedelta(days=1), dt.date.max]
    runs.record_run_days(fresh_db, "r-end", isos(last))
    runs.record_ingested(fresh_db, "r-end", isos(last), {})
    with pytest.raises(runs.GapError, match="no next day to ingest"):
        runs.next_day(fresh_db, D0)


def test_ingested_days_next_day_and_record(fresh_db):
    assert runs.ingested_days(fresh_db) == [] and runs.next_day(fresh_db, D0) == D0
    runs.start_run(fresh_db, "r1", 3, {"daily_events": 40.0})
    runs.record_run_days(fresh_db, "r1", isos(days_from(D0, 2)))
    runs.record_ingested(fresh_db, "r1", isos(days_from(D0, 2)),
                         {D0.isoformat(): {"raw_lines": 10, "bronze_rows": 9, "quarantined": 1}})
    assert runs.ingested_days(fresh_db) == days_from(D0, 2)
    assert runs.next_day(fresh_db, dt.date(2020, 1, 1)) == D0 + dt.timedelta(days=2)
    row = runs.get_run(fresh_db, "r1")
    assert (row["first_day"], row["last_day"], row["days"]) == (D0, D0 + dt.timedelta(days=1), days_from(D0, 2))
    from pqrlab.control.db import connect, fetch_frame

    with connect(fresh_db) as conn:
        got = conn.execute("SELECT day, run_id, seed, daily_events, raw_lines FROM meta.ingested_days "
                           "ORDER BY day").fetchall()
    assert list(got[0][1:]) == ["r1", 3, 40.0, 10] and got[1][4] is None
    runs.record_ingested(fresh_db, "r2", [D0], {})  # a rerun upserts
    assert fetch_frame(fresh_db, "SELECT run_id FROM meta.ingested_days ORDER BY day")["run_id"].tolist() == \
        ["r2", "r1"]
    with pytest.raises(runs.GapError, match="never ingested"):
        runs.check_days(fresh_db, [D0 + dt.timedelta(days=5)])


def claim_in_a_process_that_ends(dsn: str, run_id: str, days: list[str]) -> None:
    code = ("import sys; from pqrlab.control import runs; "
            "runs.claim_days(sys.argv[1], sys.argv[2], sys.argv[3:])")
    subprocess.run([sys.executable, "-c", code, dsn, run_id, *days], check=True, timeout=120)


def test_day_locks_refuse_overlaps_take_over_dead_owners_and_allow_disjoint_runs(fresh_db):
    a, b = isos(days_from(D0, 3)), isos(days_from(D0 + dt.timedelta(days=2), 3))
    runs.claim_days(fresh_db, "run-a", a)
    runs.claim_days(fresh_db, "run-a", a)  # the same run of the same process: again is fine
    with pytest.raises(runs.DaysBusyError) as busy:
        runs.claim_days(fresh_db, "run-b", b)
    message = str(busy.value)
    assert "\n" not in message and "run-a" in message and "2026-03-04" in message and "run run-b" in message
    runs.claim_days(fresh_db, "run-c", isos(days_from(D0 + dt.timedelta(days=10), 2)))  # disjoint: both hold
    from pqrlab.control.db import fetch_frame

    held = lambda: fetch_frame(fresh_db, "SELECT day, run_id FROM meta.day_locks ORDER BY day")  # noqa: E731
    assert held()["run_id"].tolist() == ["run-a"] * 3 + ["run-c"] * 2
    assert runs.release_days(fresh_db, "run-a") == 3
    runs.claim_days(fresh_db, "run-b", b)  # free now
    # an owner that died without releasing: its days are taken over
    dead_days = isos(days_from(D0 + dt.timedelta(days=20), 2))
    claim_in_a_process_that_ends(fresh_db, "run-dead", dead_days)
    assert set(held()["run_id"]) >= {"run-dead"}
    runs.claim_days(fresh_db, "run-new", dead_days)
    assert "run-dead" not in set(held()["run_id"])
    runs.check_not_busy(fresh_db, "run-new", dead_days)  # its own days do not block it
    with pytest.raises(runs.DaysBusyError, match="run-new"):
        runs.check_not_busy(fresh_db, "other", dead_days[1:])


# -- runs of days: ids, planning, CLI ------------------------------------------------------------
def test_default_run_id_names_seed_volume_and_days(tmp_path):
    from pqrlab.pipeline import default_run_id, plan_days
    from pqrlab.settings import Settings

    s = Settings(home=tmp_path, lake_url=f"file://{tmp_path}/lake", seed=7, daily_events=82)
    assert default_run_id(s) == "s7-v82-20260302-20260501"
    assert default_run_id(s, ["2026-03-02"], reprocess=True) == "s7-v82-20260302-20260302-rp"
    events = Settings(home=tmp_path, lake_url=f"file://{tmp_path}/lake", events=6100, daily_events=None)
    assert default_run_id(events) == "s42-v100-20260302-20260501"  # --events N: N over the run's days
    assert plan_days(s, day="2026-03-05") == ["2026-03-05"]
    assert plan_days(s, from_day="2026-02-27", to_day="2026-03-02") == isos(days_from(dt.date(2026, 2, 27), 4))
    assert plan_days(s, next_from=dt.date(2026, 5, 2)) == ["2026-05-02"]
    assert len(plan_days(s)) == 61


def cli_env(tmp_path, dsn: str) -> dict[str, str]:
    return {"PQR_PG_DSN": dsn, "PQR_HOME": str(tmp_path / "home")}


def test_cli_refuses_gaps_busy_days_and_reprocessing_new_days_in_one_line(tmp_path, fresh_db):
    runs.record_ingested(fresh_db, "seeded", isos(days_from(D0, 2)), {})
    out = cli(tmp_path, ["run", "--day", "2026-03-06"], {**cli_env(tmp_path, fresh_db), "PQR_ENRICHER": "promoted"})
    assert_one_line_error(out, ["2026-03-04..2026-03-05", "never ingested", "pqrlab run --from 2026-03-04"])
    assert "training" not in out.stdout  # the default model is trained only for a run that goes ahead
    out = cli(tmp_path, ["run", "--from", "2026-03-03", "--to", "2026-03-05", "--reprocess"],
              cli_env(tmp_path, fresh_db))
    assert_one_line_error(out, ["--reprocess", "2026-03-04..2026-03-05"])
    runs.claim_days(fresh_db, "holder", ["2026-03-04"])  # this (live) test process holds the next day
    try:
        out = cli(tmp_path, ["run", "--next"], cli_env(tmp_path, fresh_db))
        assert_one_line_error(out, ["2026-03-04", "held by run holder", "wait"])
    finally:
        runs.release_days(fresh_db, "holder")
    assert not (tmp_path / "lake").exists()  # refused before anything was written


def test_a_threads_last_possible_day_bounds_every_delivery_and_skipping_keeps_the_bytes():
    cfg = ChannelConfig(seed=5, daily_events=300)
    for day in days_from(dt.date(2025, 12, 1), 45):  # Christmas, New Year, weekends
        for i in range(thread_count(cfg, day)):
            thread = Thread(cfg, day, i)
            assert max(p.delivered for p in thread.plan) <= thread.last_possible_day
            assert thread.last_possible_day <= day + dt.timedelta(days=MAX_THREAD_DAYS)
    # a day far from the older threads' open days (most are skipped) and its neighbour alone, then together
    late = [dt.date(2026, 2, 20), dt.date(2026, 2, 21)]
    together = mail_for_days(cfg, late)
    assert all(together[d.isoformat()].lines == mail_for_day(cfg, d).lines for d in late)
