"""Red-team of issue 14 (daily incremental runs): defects found after the merge, each with its regression."""
from __future__ import annotations

import datetime as dt

import pytest

from pqrlab.control import runs
from tests.test_cli_errors import assert_one_line_error, cli

D0 = dt.date(2026, 3, 2)


def isos(first: dt.date, n: int) -> list[str]:
    return [(first + dt.timedelta(days=i)).isoformat() for i in range(n)]


def ingest_as(dsn: str, run_id: str, seed: int, daily: float, days: list[str]) -> None:
    """Record `days` ingested by a run of the mailbox (seed, daily) as the flow does after publish."""
    runs.start_run(dsn, run_id, seed, {"daily_events": daily})
    runs.record_ingested(dsn, run_id, days, {})


def test_mailbox_problem_names_the_lakes_mailbox_and_skips_unknown_ones():
    assert runs.mailbox_problem([], 42, 82) is None
    assert runs.mailbox_problem([(42, 82.0), (None, None)], 42, 82) is None
    assert runs.mailbox_problem([(42, 25.0)], 42, 25.004) is None  # the daily volume is kept to 2 decimals
    for seed, daily in ((7, 82), (42, 10), (7, 10)):
        problem = runs.mailbox_problem([(42, 82.0)], seed, daily)
        assert "seed 42 at 82" in problem and "--seed 42 --daily-events 82" in problem and "\n" not in problem


def test_a_run_of_another_mailbox_is_refused_on_a_lake_that_holds_one(tmp_path, fresh_db):
    """Found: `pqrlab run --next --seed 7` on a lake ingested with seed 42 was accepted, so one lake and
    core.tickets mixed two mailboxes (ticket ids, threads and Gold of both) without a word."""
    ingest_as(fresh_db, "s42", 42, 25.0, isos(D0, 2))
    runs.check_days(fresh_db, isos(D0 + dt.timedelta(days=2), 1), False, 42, 25.0)  # the same mailbox goes on
    for seed, daily in ((7, 25.0), (42, 10.0)):
        with pytest.raises(runs.GapError, match="another mailbox"):
            runs.check_days(fresh_db, isos(D0 + dt.timedelta(days=2), 1), False, seed, daily)
        with pytest.raises(runs.GapError, match="another mailbox"):  # a reprocess would relabel the days
            runs.check_days(fresh_db, isos(D0, 2), True, seed, daily)
    env = {"PQR_PG_DSN": fresh_db, "PQR_HOME": str(tmp_path / "home")}
    out = cli(tmp_path, ["run", "--next", "--seed", "7", "--daily-events", "25"], env)
    assert_one_line_error(out, ["another mailbox", "seed 42 at 25", "--seed 42 --daily-events 25"])
    out = cli(tmp_path, ["run", "--next", "--daily-events", "10"], env)  # the default seed is 42
    assert_one_line_error(out, ["another mailbox", "--daily-events 25"])
    assert not (tmp_path / "lake").exists()  # refused before anything was written


def test_a_run_holds_the_day_before_it_and_a_reprocess_every_later_ingested_day():
    have = [D0 + dt.timedelta(days=i) for i in range(6)]
    day = lambda i: D0 + dt.timedelta(days=i)  # noqa: E731
    assert runs.days_to_claim([day(6)], have) == [day(5), day(6)]  # --next reads the state after day 5
    assert runs.days_to_claim(isos(day(1), 2), have) == [day(0), day(1), day(2)]  # a plain rerun writes only them
    assert runs.days_to_claim(isos(day(1), 2), have, reprocess=True) == have  # and the state it carries after
    assert runs.days_to_claim([day(0)], []) == [day(-1), day(0)]


def test_next_is_refused_while_a_reprocess_rewrites_the_state_it_would_read(tmp_path, fresh_db):
    """Found: a reprocess of D1..D2 locked only D1..D2, yet rewrites the snapshots and Gold of every later day;
    `pqrlab run --next` (day 6) meanwhile locked day 6 only, read the state after day 5 being rewritten, and
    ended with a day-6 state built from the pre-reprocess history."""
    ingest_as(fresh_db, "s42", 42, 25.0, isos(D0, 6))
    reprocess = runs.days_to_claim(isos(D0 + dt.timedelta(days=1), 2), runs.ingested_days(fresh_db), True)
    runs.claim_days(fresh_db, "s42-rp", reprocess)  # this live test process is the reprocess
    try:
        env = {"PQR_PG_DSN": fresh_db, "PQR_HOME": str(tmp_path / "home")}
        out = cli(tmp_path, ["run", "--next", "--daily-events", "25"], env)
        assert_one_line_error(out, ["2026-03-07", "held by run s42-rp", "wait"])
    finally:
        runs.release_days(fresh_db, "s42-rp")


def test_a_bad_day_is_named_by_the_option_that_gave_it(tmp_path):
    """Found: `pqrlab run --day 2026-02-29` answered "invalid first day (--from)"."""
    from pqrlab.names import InvalidName
    from pqrlab.pipeline import plan_days
    from pqrlab.settings import Settings

    s = Settings(home=tmp_path, lake_url=f"file://{tmp_path}/lake")
    for bad in ("2026-02-29", "2026-13-01", "02/03/2026"):
        with pytest.raises(InvalidName, match=r"day \(--day\)") as err:
            plan_days(s, day=bad)
        assert "--from" not in str(err.value)
    assert runs.days_to_claim(["0001-01-01"], []) == [dt.date(1, 1, 1)]  # no day before the first date


def lake_bytes(root, skip_day: str) -> dict[str, bytes]:
    """Every derived lake file (not Raw, truth or models) outside `skip_day`, by path without its run folder."""
    import re

    files = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not rel.startswith(("raw/", "truth/", "models/")) and f"day={skip_day}" not in rel:
            files[re.sub(r"run_id=[^/]+/", "", rel)] = path.read_bytes()
    return files


def gold_rows(dsn: str, skip_day: str) -> dict:
    """Rows of every public.gold_* table with a day column, other than `skip_day`'s, in a stable order."""
    from pqrlab.control.db import fetch_frame

    tables = fetch_frame(dsn, "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
                              "AND table_name LIKE 'gold%%' AND column_name = 'day' AND table_name <> 'gold_days'")
    frames = {}
    for table in sorted(tables["table_name"]):
        frame = fetch_frame(dsn, f"SELECT * FROM public.{table} WHERE day <> %s", (skip_day,))
        frames[table] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
    return frames


def test_rerunning_one_middle_day_succeeds_and_leaves_every_other_day_byte_identical(prefect_api, pg_dsn,
                                                                                    tmp_path, monkeypatch):
    """Found: `pqrlab run --day D` for an ingested day before the latest failed in Silver (notebook 03's
    merge demonstration took the latest snapshot, a day the run did not write, whose state names the old run)."""
    from pqrlab.flows import lakehouse_flow
    from tests.conftest import create_database

    monkeypatch.setenv("PQR_HOME", str(tmp_path / "home"))
    dsn, lake = create_database(pg_dsn), tmp_path / "lake"
    common = {"daily_events": 10, "lake_url": f"file://{lake}", "pg_dsn": dsn}
    assert lakehouse_flow(from_day=isos(D0, 3)[0], to_day=isos(D0, 3)[-1], **common).status == "succeeded"
    middle = isos(D0, 3)[1]
    before, rows_before = lake_bytes(lake, middle), gold_rows(dsn, middle)
    assert rows_before and any(len(frame) for frame in rows_before.values())
    report = lakehouse_flow(day=middle, **common)
    assert report.status == "succeeded", report.run.get("error")
    assert lake_bytes(lake, middle) == before
    rows_after = gold_rows(dsn, middle)
    assert rows_after.keys() == rows_before.keys()
    assert all(rows_after[t].equals(rows_before[t]) for t in rows_before)  # public.gold_* of other days too
    assert runs.ingested_days(dsn) == [D0 + dt.timedelta(days=i) for i in range(3)]
