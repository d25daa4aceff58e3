"""Colombian business days (días hábiles) and the legal response terms of Ley 1755 de 2015, art. 14.

Business days exclude Saturdays, Sundays and national holidays; the calendar comes from the
`holidays` package (it knows the holidays moved to Monday by Ley 51 de 1983), never by hand.

Every day here is a Bogotá calendar day: the receipt day that starts the clock is the day in
America/Bogota of the sent timestamp, whatever UTC offset the sender's clock wrote (`bogota_day`,
`bogota_days`). 23:30 at -12:00 is 06:30 the next day in Bogotá, so it counts from that next day.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from zoneinfo import ZoneInfo

import holidays
import numpy as np
import pandas as pd

LOCAL_TZ = "America/Bogota"
BOGOTA = ZoneInfo(LOCAL_TZ)


def bogota_day(moment: dt.datetime) -> dt.date:
    """The Bogotá calendar day of an aware timestamp (any offset)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a timestamp without a UTC offset has no Bogotá day")
    return moment.astimezone(BOGOTA).date()


def bogota_days(moments: pd.Series) -> pd.Series:
    """`bogota_day` of a Series of aware timestamps (NaT stays missing), vectorised."""
    return moments.dt.tz_convert(LOCAL_TZ).dt.date

# Legal term in business days, by PQRS subtype (art. 14). Quejas, reclamos and sugerencias follow the
# general 15-day term.
TERM_DAYS: dict[str, int] = {
    "general": 15,
    "documentos": 10,
    "consulta": 30,
}
TYPE_DEFAULT_SUBTYPE = {"queja": "general", "reclamo": "general", "sugerencia": "general"}


def term_days(pqrs_type: str, subtype: str | None) -> int:
    """Legal term for a ticket: petitions by subtype, everything else the general 15 days."""
    if pqrs_type == "peticion" and subtype in TERM_DAYS:
        return TERM_DAYS[subtype]
    return TERM_DAYS["general"]


@lru_cache(maxsize=None)
def holiday_dates(first_year: int, last_year: int) -> tuple[dt.date, ...]:
    return tuple(sorted(holidays.Colombia(years=range(first_year, last_year + 1)).keys()))


def _busday_calendar(first_year: int, last_year: int) -> np.busdaycalendar:
    return np.busdaycalendar(weekmask="1111100", holidays=list(holiday_dates(first_year, last_year)))


@lru_cache(maxsize=16)
def busday_calendar(first_year: int, last_year: int) -> np.busdaycalendar:
    return _busday_calendar(first_year, last_year)


def _calendar_for(days: np.ndarray) -> np.busdaycalendar:
    years = days.astype("datetime64[Y]").astype(int) + 1970
    return busday_calendar(int(years.min()) - 1, int(years.max()) + 2)


def due_dates(received: np.ndarray, terms: np.ndarray) -> np.ndarray:
    """Last business day of each term, counted from the day after receipt (vectorised).

    `received` holds days (datetime64[D]); `terms` business days. Receipt on a non-business day is
    counted the same way: the first business day after it is day 1.
    """
    received = np.asarray(received, dtype="datetime64[D]")
    if received.size == 0:
        return received
    cal = _calendar_for(received)
    return np.busday_offset(received, np.asarray(terms, dtype=np.int64), roll="backward", busdaycal=cal)


def due_date(received: dt.date, term: int) -> dt.date:
    """Scalar form of `due_dates`."""
    return due_dates(np.array([received], dtype="datetime64[D]"), np.array([term]))[0].astype(dt.date)


def business_days_between(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Business days after `start` up to and including `end` (0 when `end` <= `start`)."""
    start = np.asarray(start, dtype="datetime64[D]")
    end = np.asarray(end, dtype="datetime64[D]")
    if start.size == 0:
        return np.zeros(0, dtype=np.int64)
    cal = _calendar_for(np.concatenate([start, end]))
    counts = np.busday_count(start + 1, end + 1, busdaycal=cal)
    return np.maximum(counts, 0)


def is_business_day(day: dt.date) -> bool:
    d = np.datetime64(day, "D")
    return bool(np.is_busday(d, busdaycal=_calendar_for(np.array([d]))))
