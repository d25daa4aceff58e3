"""Legal deadlines (Ley 1755, art. 14) in Colombian business days, checked by hand around holidays."""
import datetime as dt

import numpy as np
import pytest

from pqrlab import business_days as bd

D = dt.date


@pytest.mark.parametrize("received, term, expected", [
    # 19 Mar is a working day in 2026 (San José moved to Mon 23 Mar); Holy Thu/Fri 2-3 Apr are holidays.
    (D(2026, 3, 18), 15, D(2026, 4, 13)),
    # Received on a Saturday: the first business day after it (Mon 30 Mar) is day 1.
    (D(2026, 3, 28), 10, D(2026, 4, 14)),
    # 30 business days across Holy Week and 1 May (a Friday in 2026).
    (D(2026, 3, 31), 30, D(2026, 5, 15)),
    # Friday receipt, 10 days: the weekend is skipped, no holidays.
    (D(2026, 2, 6), 10, D(2026, 2, 20)),
    # Received on the moved holiday itself (Mon 23 Mar): counted from Tue 24 Mar.
    (D(2026, 3, 23), 1, D(2026, 3, 24)),
])
def test_due_date_hand_checked(received, term, expected):
    assert bd.due_date(received, term) == expected


def test_terms_by_type_and_subtype():
    assert bd.term_days("peticion", "general") == 15
    assert bd.term_days("peticion", "documentos") == 10
    assert bd.term_days("peticion", "consulta") == 30
    for kind in ("queja", "reclamo", "sugerencia"):
        assert bd.term_days(kind, None) == 15


def test_business_days_between_skips_weekends_and_holidays():
    start = np.array(["2026-03-31"], dtype="datetime64[D]")
    end = np.array(["2026-04-06"], dtype="datetime64[D]")
    # 1 Apr (Wed) and 6 Apr (Mon); 2-3 Apr holidays, 4-5 Apr weekend.
    assert bd.business_days_between(start, end).tolist() == [2]
    assert bd.business_days_between(end, start).tolist() == [0]


def test_is_business_day():
    assert not bd.is_business_day(D(2026, 4, 2))
    assert not bd.is_business_day(D(2026, 3, 21))
    assert bd.is_business_day(D(2026, 3, 19))
