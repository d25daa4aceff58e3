"""Tickets as state across days (issue 14): snapshots merged day by day, Gold as of each day, publish by day.

One small multi-day mailbox is generated once (Raw, Bronze); Silver/Gold are then built either as one range
run or day by day (one run per day, as the daily schedule does), on copies of that lake.
"""
from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from pqrlab.channel.generator import ChannelConfig
from pqrlab.control.db import fetch_frame
from pqrlab.control.publish import publish
from pqrlab.lake import Lake
from pqrlab.layers import gold, silver
from pqrlab.layers.bronze import MESSAGES, raw_to_bronze
from pqrlab.layers.raw import generate_raw

START = dt.date(2026, 3, 2)
N_DAYS = 9
ENRICHER = "keywords-baseline"


@pytest.fixture(scope="module")
def mailbox(tmp_path_factory, dask):
    """Raw and Bronze of a 9-day mailbox (one folder; copied by the tests that build on it)."""
    root = tmp_path_factory.mktemp("mailbox") / "lake"
    lake = Lake(f"file://{root}")
    cfg = ChannelConfig(seed=11, run_id="mail", events=260, start=START, days=N_DAYS)
    generate_raw(lake, dask, cfg)
    raw_to_bronze(lake, dask, "mail")
    return root


def copy_lake(mailbox, tmp_path, name: str) -> Lake:
    shutil.copytree(mailbox, tmp_path / name)
    return Lake(f"file://{tmp_path / name}")


def days_of(lake: Lake) -> list[str]:
    return lake.days("bronze", "mail", MESSAGES)


def run_day(lake: Lake, dask, day: str, run_id: str | None = None, reprocess: bool = False) -> str:
    """The daily job's Silver and Gold for one day (its own run id)."""
    run_id = run_id or f"d{day.replace('-', '')}"
    silver.bronze_to_silver(lake, dask, run_id, ENRICHER, days=[day], reprocess=reprocess)
    gold.silver_to_gold(lake, dask, run_id)
    return run_id


@pytest.fixture(scope="module")
def range_lake(mailbox, tmp_path_factory, dask) -> Lake:
    lake = copy_lake(mailbox, tmp_path_factory.mktemp("range"), "lake")
    silver.bronze_to_silver(lake, dask, "range", ENRICHER, days=days_of(lake))
    gold.silver_to_gold(lake, dask, "range")
    return lake


@pytest.fixture(scope="module")
def daily_lake(mailbox, tmp_path_factory, dask) -> Lake:
    lake = copy_lake(mailbox, tmp_path_factory.mktemp("daily"), "lake")
    for day in days_of(lake):
        run_day(lake, dask, day)
    return lake


def without_run(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns="run_id").reset_index(drop=True)


# -- pure merge ---------------------------------------------------------------------------------
def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def lifecycle_row(thread, kind, at, day, radicado=None):
    return {"thread_id": thread, "kind": kind, "sent_at": ts(at), "radicado": radicado,
            "day": dt.date.fromisoformat(day)}


def prediction_row(thread, at, day, pqrs_type="peticion", is_pqrs=True):
    return {"thread_id": thread, "day": dt.date.fromisoformat(day), "sent_at": ts(at), "is_pqrs": is_pqrs,
            "pqrs_type": pqrs_type, "subtype": "general" if pqrs_type == "peticion" else None, "topic": "salud",
            "municipality_code": "05001", "department_code": "05", "priority": "media", "priority_reason": None,
            "confidence": 0.9, "needs_review": False, "model_name": "m", "model_version": "1", "model_sha256": "x", "summary": "s"}


HAND_DAYS = {  # day -> (lifecycle, predictions) of the messages delivered that day
    "2026-03-02": ([lifecycle_row("t1", "initial", "2026-03-02T15:00", "2026-03-02"),
                    lifecycle_row("t1", "ack", "2026-03-02T16:00", "2026-03-02", "R-1"),
                    lifecycle_row("t2", "initial", "2026-03-02T17:00", "2026-03-02")],
                   [prediction_row("t1", "2026-03-02T15:00", "2026-03-02"),
                    prediction_row("t2", "2026-03-02T17:00", "2026-03-02", is_pqrs=False)]),
    "2026-03-03": ([lifecycle_row("t1", "follow_up", "2026-03-03T10:00", "2026-03-03"),
                    lifecycle_row("t3", "ack", "2026-03-03T11:00", "2026-03-03", "R-3")], []),  # ack before its initial
    "2026-03-04": ([lifecycle_row("t1", "follow_up", "2026-03-04T10:00", "2026-03-04"),
                    lifecycle_row("t1", "response", "2026-03-04T20:00", "2026-03-04"),
                    lifecycle_row("t3", "initial", "2026-03-03T09:00", "2026-03-04")],  # late mail
                   [prediction_row("t3", "2026-03-03T09:00", "2026-03-04", "queja")]),
    "2026-03-05": ([lifecycle_row("t1", "reopen", "2026-03-05T09:00", "2026-03-05"),
                    lifecycle_row("t1", "response", "2026-03-05T21:00", "2026-03-05")], []),
}


def hand_partial(day: str) -> pd.DataFrame:
    lifecycle, predictions = HAND_DAYS[day]
    return silver.ticket_partials(pd.DataFrame(lifecycle, columns=silver.LIFECYCLE_COLUMNS),
                                  pd.DataFrame(predictions, columns=silver.PREDICTION_OUT), f"r{day[-1]}")


def test_merging_day_partials_equals_building_from_all_messages_at_once():
    state = silver.ticket_partials(pd.DataFrame(columns=silver.LIFECYCLE_COLUMNS),
                                   pd.DataFrame(columns=silver.PREDICTION_OUT), "r0")
    for day in HAND_DAYS:
        state = silver.merge_ticket_state(state, hand_partial(day))
    lifecycle = pd.DataFrame([r for rows, _ in HAND_DAYS.values() for r in rows])
    predictions = pd.DataFrame([r for _, rows in HAND_DAYS.values() for r in rows])
    at_once = silver.build_tickets(lifecycle, predictions, "all")
    pd.testing.assert_frame_equal(without_run(silver.tickets_from_state(state)), without_run(at_once))
    t1 = at_once.set_index("ticket_id").loc["t1"]
    assert (t1["n_messages"], t1["n_follow_ups"], t1["priority"], t1["radicado"]) == (7, 2, "alta", "R-1")
    assert t1["first_response_at"] == ts("2026-03-04T20:00") and t1["last_response_at"] == ts("2026-03-05T21:00")
    assert t1["first_response_day"] == dt.date(2026, 3, 4) and t1["status"] == "responded"
    assert "t2" not in set(at_once["ticket_id"])  # not a PQRS
    t3 = at_once.set_index("ticket_id").loc["t3"]  # its ack came a day before its (late) first e-mail
    assert (t3["day"], t3["radicado"], t3["pqrs_type"], t3["n_messages"]) == (dt.date(2026, 3, 4), "R-3", "queja", 2)


def test_merge_is_associative_and_keeps_untouched_threads():
    days = list(HAND_DAYS)
    left = silver.merge_ticket_state(silver.merge_ticket_state(hand_partial(days[0]), hand_partial(days[1])),
                                     hand_partial(days[2]))
    right = silver.merge_ticket_state(hand_partial(days[0]),
                                      silver.merge_ticket_state(hand_partial(days[1]), hand_partial(days[2])))
    pd.testing.assert_frame_equal(left, right)
    after = silver.merge_ticket_state(left, hand_partial(days[3]))  # touches t1 only
    pd.testing.assert_frame_equal(after[after["thread_id"] != "t1"].reset_index(drop=True),
                                  left[left["thread_id"] != "t1"].reset_index(drop=True))
    assert after.set_index("thread_id").loc["t1", "run_id"] == "r5"


def test_a_ticket_answered_on_a_later_day_changes_state_that_day():
    state = hand_partial("2026-03-02")
    before = silver.tickets_from_state(state).set_index("ticket_id").loc["t1"]
    assert before["status"] == "open" and pd.isna(before["first_response_at"])
    for day in ("2026-03-03", "2026-03-04"):
        state = silver.merge_ticket_state(state, hand_partial(day))
    after = silver.tickets_from_state(state).set_index("ticket_id").loc["t1"]
    assert after["status"] == "responded" and after["first_response_day"] == dt.date(2026, 3, 4)


def test_the_carry_updates_only_touched_tickets_and_equals_deriving_them_from_the_whole_state():
    """`advance_tickets` carries state and tickets as Arrow tables, deriving only the touched threads'
    tickets each day (`update_tickets`): every day it must equal `tickets_from_state` of the whole state,
    in the same order, also on a day that touches no PQRS (t2 only) and on an empty day."""
    from pqrlab.layers.silver import (STATE_SCHEMA, merge_state_table, state_table, ticket_table,
                                      tickets_from_state, update_tickets)

    empty = silver.ticket_partials(pd.DataFrame(columns=silver.LIFECYCLE_COLUMNS),
                                   pd.DataFrame(columns=silver.PREDICTION_OUT), "r0")
    only_t2 = hand_partial("2026-03-02")
    only_t2 = only_t2[only_t2["thread_id"] == "t2"]
    partials = [hand_partial(d) for d in HAND_DAYS] + [only_t2, empty]
    state, tickets, frame_state = STATE_SCHEMA.empty_table(), ticket_table(tickets_from_state(empty)), empty
    for partial in partials:
        state, merged = merge_state_table(state, partial)
        tickets = update_tickets(tickets, merged)
        frame_state = silver.merge_ticket_state(frame_state, partial)
        assert state.equals(state_table(frame_state))
        assert tickets.equals(ticket_table(tickets_from_state(frame_state)))
    assert tickets.num_rows == 2 and tickets.column("ticket_id").to_pylist() == ["t1", "t3"]


def test_names_state_merged_by_day_equals_the_whole_history():
    learned = pd.DataFrame({"thread_id": ["a", "a", "b", "c"], "citizen_key": ["x", "x", "x", "y"],
                            "day": ["1", "2", "3", "3"],
                            "names": [("Ana",), ("Ana", "Ruiz"), ("Pérez",), ()]})
    state = pd.DataFrame(columns=silver.NAME_STATE_COLUMNS)
    for day in ("1", "2", "3"):
        state = silver.merge_names(state, learned[learned["day"] == day])
    assert silver.names_for_threads(state, ["a", "b", "c"]) == silver.thread_name_sets(learned)
    assert silver.names_for_threads(state, ["b"]) == {"b": ("Ana", "Pérez", "Ruiz")}  # the citizen's names


# -- lake: day by day == one range run --------------------------------------------------------
def test_snapshots_day_by_day_equal_one_range_run(range_lake, daily_lake):
    days = days_of(range_lake)
    assert silver.snapshot_days(daily_lake) == silver.snapshot_days(range_lake) == days
    for day in days:
        pd.testing.assert_frame_equal(without_run(silver.read_tickets(daily_lake, day=day)),
                                      without_run(silver.read_tickets(range_lake, day=day)), obj=day)
    messages = silver.read_messages(range_lake, days)  # every Silver message at once
    at_once = silver.build_tickets(messages[silver.LIFECYCLE_COLUMNS],
                                   messages[messages["kind"] == "initial"][silver.PREDICTION_OUT], "range")
    pd.testing.assert_frame_equal(at_once, silver.read_tickets(range_lake, day=days[-1]), check_dtype=False)


@pytest.mark.parametrize("name", gold.GOLD_DATASETS)
def test_gold_as_of_each_day_from_a_daily_sequence_equals_one_range_run(range_lake, daily_lake, name):
    assert gold.gold_days(daily_lake, name) == gold.gold_days(range_lake, name) == days_of(range_lake)
    for day in days_of(range_lake):
        daily = gold.read_gold(daily_lake, name, days=[day])
        assert set(daily["run_id"]) <= {f"d{day.replace('-', '')}"} and set(daily["day"]) <= {dt.date.fromisoformat(day)}
        pd.testing.assert_frame_equal(without_run(daily), without_run(gold.read_gold(range_lake, name, days=[day])),
                                      obj=f"{name} {day}")


def test_every_days_gold_file_has_the_same_schema_even_without_rows(daily_lake):
    for name in gold.GOLD_DATASETS:
        schemas = {str(daily_lake.read_parquet(f"{daily_lake.current_partition('gold', d, name)}/part-0.parquet").schema)
                   for d in gold.gold_days(daily_lake, name)}
        assert len(schemas) == 1, (name, schemas)
        assert "null" not in next(iter(schemas)), name


def test_a_thread_answered_on_a_later_day_changes_its_snapshot_that_day(daily_lake):
    final = silver.read_tickets(daily_lake)
    later = final[final["first_response_day"].notna() & (final["first_response_day"] > final["day"])]
    assert len(later) >= 3
    for ticket in later.head(5).itertuples():
        answered, before = ticket.first_response_day.isoformat(), (ticket.first_response_day - dt.timedelta(days=1))
        on_day = silver.read_tickets(daily_lake, day=answered).set_index("ticket_id").loc[ticket.ticket_id]
        prior = silver.read_tickets(daily_lake, day=before.isoformat()).set_index("ticket_id").loc[ticket.ticket_id]
        assert pd.isna(prior["first_response_at"]) and prior["status"] == "open"
        assert on_day["status"] in ("responded", "reopened") and on_day["run_id"] == f"d{answered.replace('-', '')}"


def test_backlog_carried_across_days_equals_recomputation_from_all_silver_messages(daily_lake):
    days = days_of(daily_lake)
    messages = silver.read_messages(daily_lake, days)
    for day in days:  # what was known at the end of each day: the messages delivered up to it
        known = messages[messages["day"].astype(str) <= day]
        tickets = silver.build_tickets(known[silver.LIFECYCLE_COLUMNS],
                                       known[known["kind"] == "initial"][silver.PREDICTION_OUT], "x")
        as_of = dt.date.fromisoformat(day)
        expected = gold.backlog_at(tickets, as_of)
        carried = gold.read_gold(daily_lake, "backlog_daily", days=[day]).drop(columns="run_id")
        pd.testing.assert_frame_equal(carried, expected, check_dtype=False, obj=day)
        open_ids = set(gold.read_gold(daily_lake, "open_tickets", days=[day])["ticket_id"])
        answered = pd.to_datetime(gold.answered_day(tickets))
        assert open_ids == set(tickets.loc[answered.isna() | (answered > pd.Timestamp(as_of)), "ticket_id"])


def test_gold_gate_per_day_catches_a_backlog_that_disagrees_with_the_open_list(daily_lake):
    from pqrlab import quality

    frames = {f"gold.{name}": gold.read_gold(daily_lake, name) for name in ("backlog_daily", "open_tickets")}
    check = next(c for c in quality.CHECKS if c.kind == "open_equals_open_tickets_per_day")
    assert quality.evaluate(check, quality.Context(frames=frames)).passed
    frames["gold.open_tickets"] = frames["gold.open_tickets"].iloc[1:]  # one ticket lost from one day's list
    result = quality.evaluate(check, quality.Context(frames=frames))
    assert not result.passed and result.observed == "1 days off"


def test_rerunning_a_middle_day_leaves_every_other_day_byte_identical(mailbox, tmp_path, dask):
    lake = copy_lake(mailbox, tmp_path, "lake")
    days = days_of(lake)
    for day in days:
        run_day(lake, dask, day)
    before = lake.checksums()
    middle = days[len(days) // 2]
    run_day(lake, dask, middle)  # same run id again: nothing changes at all
    assert lake.checksums() == before
    run_day(lake, dask, middle, run_id="rerun")
    after = lake.checksums()
    other = lambda sums: {p: s for p, s in sums.items() if f"/day={middle}/" not in p}  # noqa: E731
    assert other(after) == other(before)
    assert {p for p in after if f"/day={middle}/" in p and "/raw/" not in p and not p.startswith("raw/")
            and not p.startswith("truth/") and not p.startswith("bronze/messages") and not p.startswith("bronze/quar")} \
        == {p.replace(f"run_id=d{middle.replace('-', '')}", "run_id=rerun") for p in before
            if f"/day={middle}/" in p and p.startswith(("silver/", "gold/", "bronze/thread_names"))}


def test_reprocess_carries_the_state_through_later_days(mailbox, tmp_path, dask):
    lake = copy_lake(mailbox, tmp_path, "lake")
    days = days_of(lake)
    for day in days:
        run_day(lake, dask, day)
    before = {d: silver.read_tickets(lake, day=d) for d in days}
    gold_before = lake.checksums(("gold",))
    rp = days[3:5]
    silver.bronze_to_silver(lake, dask, "rp", ENRICHER, days=rp, reprocess=True)
    gold.silver_to_gold(lake, dask, "rp")
    assert silver.snapshot_days(lake, "rp") == days[3:] and gold.gold_days(lake, run_id="rp") == days[3:]
    assert [lake.current_run("silver", d, MESSAGES) for d in days] == \
        [f"d{d.replace('-', '')}" for d in days[:3]] + ["rp", "rp"] + [f"d{d.replace('-', '')}" for d in days[5:]]
    for day in days:  # same enricher: the same state, whoever wrote it
        pd.testing.assert_frame_equal(without_run(silver.read_tickets(lake, day=day)), without_run(before[day]))
    assert {p: s for p, s in lake.checksums(("gold",)).items() if p.split("/day=")[1][:10] < days[3]} == \
        {p: s for p, s in gold_before.items() if p.split("/day=")[1][:10] < days[3]}


# -- publish by day -------------------------------------------------------------------------------
def gold_rows(dsn: str, name: str) -> pd.DataFrame:
    frame = fetch_frame(dsn, f"SELECT * FROM public.gold_{name}")
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def test_publish_by_day_moves_core_tickets_and_replaces_exactly_the_runs_days(mailbox, tmp_path, dask, fresh_db):
    lake = copy_lake(mailbox, tmp_path, "lake")
    days = days_of(lake)
    status_by_day = {}
    for day in days:
        publish(lake, fresh_db, run_day(lake, dask, day))
        status_by_day[day] = fetch_frame(fresh_db, "SELECT ticket_id, status FROM core.tickets").set_index(
            "ticket_id")["status"]
    final = silver.read_tickets(lake)
    later = final[final["first_response_day"].notna() & (final["first_response_day"] > final["day"])]
    ticket = later.iloc[0]
    answered = ticket["first_response_day"].isoformat()
    previous = days[days.index(answered) - 1]
    assert status_by_day[previous][ticket["ticket_id"]] == "open"
    assert status_by_day[answered][ticket["ticket_id"]] in ("responded", "reopened")
    db_now = fetch_frame(fresh_db, "SELECT ticket_id, status FROM core.tickets ORDER BY 1")
    assert db_now["status"].tolist() == final.sort_values("ticket_id")["status"].tolist()
    assert fetch_frame(fresh_db, "SELECT day FROM public.gold_latest_day")["day"][0].isoformat() == days[-1]

    before = {name: gold_rows(fresh_db, name) for name in gold.GOLD_DATASETS}
    middle = days[len(days) // 2]
    result = publish(lake, fresh_db, run_day(lake, dask, middle, run_id="rerun"))
    assert result.counts["days"] == 1 and result.counts["tickets_changed"] == 0  # same messages, same state
    for name in gold.GOLD_DATASETS:
        after = gold_rows(fresh_db, name)
        is_middle = lambda f: f["day"].astype(str) == middle  # noqa: E731
        pd.testing.assert_frame_equal(after[~is_middle(after)].reset_index(drop=True),
                                      before[name][~is_middle(before[name])].reset_index(drop=True), obj=name)
        assert set(after.loc[is_middle(after), "run_id"]) <= {"rerun"}
        assert len(after[is_middle(after)]) == len(gold.read_gold(lake, name, days=[middle]))
        pd.testing.assert_frame_equal(without_run(after[is_middle(after)]),
                                      without_run(before[name][is_middle(before[name])]), obj=name)


def test_a_day_without_first_emails_concatenates_with_other_days(tmp_path):
    """A day whose messages are only acknowledgements and responses has every prediction empty (NaN in pandas):
    its Silver file still has the typed columns, so the days read back as one dataset (publish did not)."""
    import numpy as np
    import pyarrow as pa

    from pqrlab.enrich.base import PREDICTION_COLUMNS
    from pqrlab.lake import Lake
    from pqrlab.layers.silver import MODEL_COLUMNS, silver_table

    def day_frame(first: bool) -> pd.DataFrame:
        values = {"pqrs_type": "peticion", "subtype": "general", "topic": "salud", "municipality_code": "05001",
                  "department_code": "05", "priority": "media", "priority_reason": "", "is_pqrs": True,
                  "confidence": 0.9, "needs_review": False}
        row = {"message_id": "m1", "thread_id": "t1", "kind": "initial" if first else "ack"}
        row |= {c: (values[c] if first else np.nan) for c in PREDICTION_COLUMNS}
        row |= {c: ("x" if first else None) for c in MODEL_COLUMNS}
        row |= {"summary": "resumen" if first else None, "embedding_model": None, "embedding": None}
        return pd.DataFrame([row])

    lake = Lake(f"file://{tmp_path}")
    paths = []
    for i, first in enumerate((True, False, True)):
        path = f"{lake.partition('silver', f'2026-03-0{i + 2}', 'r1', 'messages')}/part-0.parquet"
        lake.write_parquet(path, silver_table(day_frame(first)))
        paths.append(path)
    table = lake.read_parquet_files(paths)
    assert table.num_rows == 3
    assert pa.types.is_large_string(table.schema.field("subtype").type)
    assert table.column("subtype").to_pylist() == ["general", None, "general"]
    assert table.column("is_pqrs").to_pylist() == [True, None, True]
