"""Gold KPI definitions on a hand-built set of tickets with known answers."""
import datetime as dt

import pandas as pd

from pqrlab.layers.gold import (backlog_partial, combine, model_evaluation, percentiles, response_partial,
                                sla_partial, volume_partial, with_compliance)

AS_OF = dt.date(2026, 4, 30)


def ts(text):
    return pd.Timestamp(text).tz_convert("UTC")


def tickets():
    rows = [
        # (id, day, type, due_date, first_response_at)
        ("a", "2026-03-18", "peticion", "2026-04-13", "2026-04-13T23:30:00-05:00"),  # on time: before local midnight
        ("b", "2026-03-18", "peticion", "2026-04-13", "2026-04-14T00:10:00-05:00"),  # late by ten minutes
        ("c", "2026-03-18", "queja", "2026-04-13", None),                           # overdue and still open
        ("d", "2026-04-20", "queja", "2026-05-12", None),                           # not yet due: excluded
        ("e", "2026-03-19", "reclamo", "2026-04-14", "2026-03-25T10:00:00-05:00"),  # on time
    ]
    frame = pd.DataFrame(rows, columns=["ticket_id", "day", "pqrs_type", "due_date", "first_response_at"])
    frame["day"] = pd.to_datetime(frame["day"]).dt.date
    frame["due_date"] = pd.to_datetime(frame["due_date"]).dt.date
    frame["first_response_at"] = pd.to_datetime(frame["first_response_at"], utc=True)
    frame["topic"] = "salud"
    frame["department_code"] = ["11", "11", "05", "05", None]
    frame["municipality_code"] = ["11001", "11001", "05001", "05001", None]
    return frame


def test_sla_counts_and_compliance():
    sla = with_compliance(combine([sla_partial(tickets(), AS_OF)], ["due_date", "pqrs_type"]))
    rows = {(r.due_date.isoformat(), r.pqrs_type): r for r in sla.itertuples()}
    assert set(rows) == {("2026-04-13", "peticion"), ("2026-04-13", "queja"), ("2026-04-14", "reclamo")}
    p = rows[("2026-04-13", "peticion")]
    assert (p.due, p.on_time, p.late, p.overdue_open, p.compliance) == (2, 1, 1, 0, 0.5)
    q = rows[("2026-04-13", "queja")]
    assert (q.due, q.on_time, q.late, q.overdue_open, q.compliance) == (1, 0, 0, 1, 0.0)
    assert rows[("2026-04-14", "reclamo")].compliance == 1.0


def test_partials_combine_to_the_whole():
    frame = tickets()
    whole = combine([sla_partial(frame, AS_OF)], ["due_date", "pqrs_type"])
    split = combine([sla_partial(frame.iloc[:2], AS_OF), sla_partial(frame.iloc[2:], AS_OF)],
                    ["due_date", "pqrs_type"])
    pd.testing.assert_frame_equal(whole, split)


def test_volume_counts_every_ticket_once_with_unknown_department():
    volume = volume_partial(tickets())
    assert volume["tickets"].sum() == 5
    assert "unknown" in set(volume["department_code"])


def test_backlog_by_age_bucket_hand_checked():
    backlog = combine([backlog_partial(tickets(), AS_OF)], ["day", "pqrs_type", "age_bucket"])
    at = lambda day: {(r.pqrs_type, r.age_bucket): (r.open, r.overdue)  # noqa: E731
                      for r in backlog[backlog["day"] == dt.date.fromisoformat(day)].itertuples()}
    # 13 Apr: "a" was answered that day (not open at its end); "b" (answered 14 Apr) and "c" are open,
    # 15 business days old (Holy Week and 23 Mar skipped), due that very day: not yet overdue.
    assert at("2026-04-13") == {("peticion", "11-15"): (1, 0), ("queja", "11-15"): (1, 0)}
    # 14 Apr: "b" answered; "c" still open, 16 business days old and overdue.
    assert at("2026-04-14") == {("queja", ">15"): (1, 1)}
    # 18 Mar: the day "a", "b", "c" arrived: open, age 0.
    assert at("2026-03-18") == {("peticion", "0-5"): (2, 0), ("queja", "0-5"): (1, 0)}
    # 30 Apr (as of): "c" (overdue) and "d" (received 20 Apr, 8 business days old) are open.
    assert at("2026-04-30") == {("queja", ">15"): (1, 1), ("queja", "6-10"): (1, 0)}


def test_response_time_percentiles_in_business_days():
    hist = combine([response_partial(tickets())], ["pqrs_type", "topic", "business_days"])
    table = percentiles(hist).set_index("pqrs_type")
    # a: 15 business days, b: 16 → p50 15, p90 16; e: 19 Mar → 25 Mar is 3 (23 Mar is a holiday).
    assert table.loc["peticion", ["answered", "p50_business_days", "p90_business_days"]].tolist() == [2, 15, 16]
    assert table.loc["reclamo", ["p50_business_days", "p90_business_days"]].tolist() == [3, 3]


def test_model_evaluation_compares_predictions_with_truth():
    predicted = pd.DataFrame({"ticket_id": ["a", "b", "c"], "pqrs_type": ["peticion", "queja", "queja"],
                              "subtype": ["general", None, None], "topic": ["salud", "salud", "otros"],
                              "priority": ["alta", "baja", "baja"], "municipality_code": ["11001", None, "05001"],
                              "model_name": "m", "model_version": "1"})
    truth = pd.DataFrame({"ticket_id": ["a", "b", "c"], "pqrs_type": ["peticion", "reclamo", "queja"],
                          "subtype": ["documentos", None, None], "topic": ["salud", "salud", "salud"],
                          "priority": ["alta", "baja", "media"], "municipality_code": ["11001", "05001", "05001"],
                          "municipality_mentioned": [True, False, True]})
    ev = model_evaluation(predicted, truth).set_index("field")
    assert ev.loc["pqrs_type", ["tickets", "correct"]].tolist() == [3, 2]
    assert ev.loc["subtype", ["tickets", "correct"]].tolist() == [1, 0]
    assert ev.loc["municipality_code", ["tickets", "correct"]].tolist() == [2, 2]  # only where the text names one
    assert ev.loc["topic", "accuracy"] == round(2 / 3, 6)


def test_a_window_with_nothing_due_yet_gives_empty_sla():
    early = dt.date(2026, 3, 19)  # the day after receipt: no term has ended
    frame = tickets()
    sla = with_compliance(combine([sla_partial(frame[frame["day"] <= early], early)], ["due_date", "pqrs_type"]))
    assert sla.empty and list(sla.columns) == ["due_date", "pqrs_type", "due", "on_time", "late", "overdue_open",
                                               "compliance"]
