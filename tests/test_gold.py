"""Gold KPI definitions on a hand-built set of tickets with known answers."""
import datetime as dt

import pandas as pd

from pqrlab.layers.gold import combine, sla_partial, volume_partial, with_compliance

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
