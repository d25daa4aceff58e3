"""Gold by area and topic on hand-made tickets: holidays, Bogotá days, empty partitions, unknown places."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from pqrlab.layers import gold

D = dt.date


def tickets(*rows) -> pd.DataFrame:
    """(ticket_id, received day, first response UTC or None, due date, municipality or None)."""
    frame = pd.DataFrame(rows, columns=["ticket_id", "day", "first_response_at", "due_date", "municipality_code"])
    frame["first_response_at"] = pd.to_datetime(frame["first_response_at"], utc=True)
    return frame.assign(radicado="R-" + frame["ticket_id"], pqrs_type="queja", topic=None, priority="media",
                        department_code=frame["municipality_code"].str[:2])


CASES = tickets(
    ("a", D(2026, 4, 14), None, D(2026, 4, 30), "05001"),                      # open, due Thursday before 1 May
    ("b", D(2026, 4, 20), "2026-05-01 04:00", D(2026, 5, 11), "05001"),        # answered 30 April in Bogotá
    ("c", D(2026, 4, 27), None, D(2026, 5, 19), None),                          # open, no place named
)


@pytest.mark.parametrize("as_of, overdue, days", [
    (D(2026, 4, 28), False, -2),   # two business days left (29, 30 April)
    (D(2026, 4, 30), False, 0),    # due today: still in term
    (D(2026, 5, 1), True, 0),      # Labour Day (holiday): overdue, no business day of delay yet
    (D(2026, 5, 4), True, 1),      # the next Monday: one business day late
])
def test_open_ticket_is_overdue_by_calendar_and_late_by_business_days(as_of, overdue, days):
    table = gold.open_tickets_partial(CASES, as_of)
    assert list(table.columns) == gold.OPEN_TICKET_COLUMNS and (table["day"] == as_of).all()
    rows = table.set_index("ticket_id")
    assert (bool(rows.loc["a", "overdue"]), int(rows.loc["a", "business_days_overdue"])) == (overdue, days)
    assert rows.loc["c", "municipality_code"] == "unknown" and rows.loc["c", "topic"] == "otros"


def test_a_response_counts_on_its_bogota_day():
    """04:00 UTC on 1 May is 23:00 on 30 April in Bogotá: answered (and closed) before the holiday."""
    assert "b" not in set(gold.open_tickets_partial(CASES, D(2026, 4, 30))["ticket_id"])
    hist = gold.response_area_partial(CASES)
    assert hist[["answered_day", "business_days", "n"]].values.tolist() == [[D(2026, 4, 30), 8, 1]]
    backlog = gold.backlog_area_partial(CASES, D(2026, 5, 4)).groupby("day")[["open", "overdue"]].sum()
    assert backlog.loc[D(2026, 4, 30)].tolist() == [2, 0] and backlog.loc[D(2026, 5, 1)].tolist() == [2, 1]


def test_sla_by_area_counts_each_ticket_once_in_its_place():
    sla = gold.sla_area_partial(CASES, D(2026, 5, 31))
    assert sla[["due", "on_time", "late", "overdue_open"]].sum().tolist() == [3, 1, 0, 2]
    assert set(sla["municipality_code"]) == {"05001", "unknown"}


def test_empty_partition_gives_empty_tables_with_their_columns():
    empty = CASES.iloc[0:0]
    for frame in (gold.open_tickets_partial(empty, D(2026, 5, 1)), gold.backlog_area_partial(empty, D(2026, 5, 1)),
                  gold.sla_area_partial(empty, D(2026, 5, 1)), gold.response_area_partial(empty)):
        assert frame.empty
    assert list(gold.open_tickets_partial(empty, D(2026, 5, 1)).columns) == gold.OPEN_TICKET_COLUMNS
    assert gold.stack_rows([empty.iloc[0:0]], ["ticket_id"]).empty


def test_percentiles_over_any_slice_are_nearest_rank():
    hist = pd.DataFrame({"business_days": [1, 2, 10], "n": [5, 4, 1]})
    assert gold.response_area_percentiles(hist) == {0.5: 1.0, 0.9: 2.0}
    assert all(np.isnan(v) for v in gold.response_area_percentiles(hist.iloc[0:0]).values())
