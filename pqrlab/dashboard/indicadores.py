"""What the executive page shows, as pure functions of the Gold frames and the filters (no Streamlit).

Definitions (the Gold docstring has the underlying ones):
- received: tickets received in the period; compliance: on time / due among tickets due in the period;
- open and overdue: tickets still unanswered at the end of the period's last day (Gold backlog);
- p50/p90: business days to the first response of the tickets answered in the period;
- due soon: open tickets at the latest cut whose due date is within the next 5 business days.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from pqrlab.channel.places import divipola
from pqrlab.dashboard.formato import TOPIC_LABELS, TYPE_LABELS, UNKNOWN_PLACE, label
from pqrlab.layers.gold import response_area_percentiles

DUE_SOON_BUSINESS_DAYS = 5
DAY_COLUMN = {"volume": "day", "sla": "due_date", "backlog": "day", "response": "answered_day", "open_tickets": "day"}


@dataclass(frozen=True)
class Filters:
    start: dt.date
    end: dt.date
    department: str | None = None  # DIVIPOLA department code
    municipality: str | None = None  # DIVIPOLA municipality code
    pqrs_type: str | None = None
    topic: str | None = None

    def previous(self) -> "Filters":
        """The same filters over the period of equal length just before."""
        length = self.end - self.start + dt.timedelta(days=1)
        return Filters(self.start - length, self.start - dt.timedelta(days=1), self.department,
                       self.municipality, self.pqrs_type, self.topic)


@lru_cache(maxsize=1)
def places() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(municipalities, departments) with names and coordinates; a department sits at its towns' mean."""
    towns = divipola()
    departments = towns.groupby(["department_code", "department"], as_index=False)[["latitude", "longitude"]].mean()
    return towns, departments


def department_names() -> dict[str, str]:
    _, departments = places()
    return {**dict(zip(departments["department_code"], departments["department"])), "unknown": UNKNOWN_PLACE}


def municipality_names() -> dict[str, str]:
    towns, _ = places()
    return {**dict(zip(towns["municipality_code"], towns["municipality"])), "unknown": UNKNOWN_PLACE}


def data_days(frames: dict[str, pd.DataFrame]) -> tuple[dt.date, dt.date] | None:
    """First and last day with data (received tickets or backlog)."""
    days = pd.concat([frames["volume"]["day"], frames["backlog"]["day"]])
    return (min(days), max(days)) if len(days) else None


def default_period(first: dt.date, last: dt.date, days: int = 30) -> tuple[dt.date, dt.date]:
    """The last `days` days of data (or all of it when shorter)."""
    return max(first, last - dt.timedelta(days=days - 1)), last


def sliced(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Rows matching the place, type and topic filters (not the period)."""
    keep = pd.Series(True, index=frame.index)
    for column, value in (("department_code", filters.department), ("municipality_code", filters.municipality),
                          ("pqrs_type", filters.pqrs_type), ("topic", filters.topic)):
        if value is not None:
            keep &= frame[column] == value
    return frame[keep]


def in_period(frame: pd.DataFrame, column: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    return frame[(frame[column] >= start) & (frame[column] <= end)]


def at_end(frames: dict[str, pd.DataFrame], filters: Filters) -> pd.DataFrame:
    """The slice's backlog at the end of the period: the last backlog day on or before it, taken over the
    whole backlog (a slice with nothing open that day has no rows, not an older day's)."""
    days = frames["backlog"]["day"]
    before = days[days <= filters.end]
    backlog = sliced(frames["backlog"], filters)
    return backlog[backlog["day"] == before.max()] if len(before) else backlog.iloc[0:0]


def latest_cut(open_tickets: pd.DataFrame, end: dt.date) -> pd.DataFrame:
    """The newest open-ticket snapshot on or before `end` (else the oldest one)."""
    if open_tickets.empty:
        return open_tickets
    days = open_tickets["day"]
    cut = days[days <= end].max() if (days <= end).any() else days.min()
    return open_tickets[days == cut]


def summary(frames: dict[str, pd.DataFrame], filters: Filters) -> dict[str, float]:
    """The KPI numbers for one period and slice."""
    f, (start, end) = filters, (filters.start, filters.end)
    received = in_period(sliced(frames["volume"], f), "day", start, end)["tickets"].sum()
    sla = in_period(sliced(frames["sla"], f), "due_date", start, end)
    backlog = at_end(frames, f)
    answered = in_period(sliced(frames["response"], f), "answered_day", start, end)
    percentiles = response_area_percentiles(answered)
    due, on_time = int(sla["due"].sum()), int(sla["on_time"].sum())
    return {"received": int(received), "due": due, "on_time": on_time, "late": int(sla["late"].sum()),
            "compliance": on_time / due if due else float("nan"),
            "open": int(backlog["open"].sum()), "overdue": int(backlog["overdue"].sum()),
            "answered": int(answered["n"].sum()), "p50": percentiles[0.5], "p90": percentiles[0.9]}


def due_soon(frames: dict[str, pd.DataFrame], filters: Filters, horizon: int = DUE_SOON_BUSINESS_DAYS) -> int:
    """Open tickets whose due date falls today or within the next `horizon` business days (still saveable)."""
    cut = latest_cut(sliced(frames["open_tickets"], filters), filters.end)
    return int((~cut["overdue"].astype(bool) & cut["business_days_overdue"].between(-horizon, 0)).sum())


def overdue_list(frames: dict[str, pd.DataFrame], filters: Filters, limit: int = 200) -> pd.DataFrame:
    """The oldest overdue tickets, Spanish headers, no personal data."""
    cut = latest_cut(sliced(frames["open_tickets"], filters), filters.end)
    late = cut[cut["overdue"].astype(bool)].sort_values(["business_days_overdue", "due_date", "radicado"],
                                           ascending=[False, True, True]).head(limit)
    towns, departments = municipality_names(), department_names()
    return pd.DataFrame({
        "Radicado": late["radicado"].fillna("(sin radicado)"),
        "Tipo": late["pqrs_type"].map(lambda c: label(TYPE_LABELS, c)),
        "Tema": late["topic"].map(lambda c: label(TOPIC_LABELS, c)),
        "Municipio": late["municipality_code"].map(lambda c: towns.get(c, c)),
        "Departamento": late["department_code"].map(lambda c: departments.get(c, c)),
        "Recibido": late["received_day"], "Vencía": late["due_date"],
        "Días hábiles de mora": late["business_days_overdue"].astype(int),
    }).reset_index(drop=True)


def week_start(days: pd.Series) -> pd.Series:
    stamps = pd.to_datetime(days)
    return (stamps - pd.to_timedelta(stamps.dt.weekday, unit="D")).dt.date


def weekly(frames: dict[str, pd.DataFrame], filters: Filters) -> pd.DataFrame:
    """Per week (Monday) of the period: tickets received, tickets due and compliance."""
    f = filters
    volume = in_period(sliced(frames["volume"], f), "day", f.start, f.end)
    sla = in_period(sliced(frames["sla"], f), "due_date", f.start, f.end)
    received = volume.groupby(week_start(volume["day"]))["tickets"].sum().rename("received")
    due = sla.groupby(week_start(sla["due_date"]))[["due", "on_time"]].sum()
    out = pd.concat([received, due], axis=1).fillna(0).astype("int64").rename_axis("week").reset_index()
    out["compliance"] = (out["on_time"] / out["due"].where(out["due"] > 0)).astype(float)
    return out.sort_values("week").reset_index(drop=True)


def breakdown(frames: dict[str, pd.DataFrame], filters: Filters, key: str) -> pd.DataFrame:
    """Received, compliance, open and overdue per value of `key` (topic, department or municipality code)."""
    f = filters
    received = in_period(sliced(frames["volume"], f), "day", f.start, f.end).groupby(key)["tickets"].sum()
    sla = in_period(sliced(frames["sla"], f), "due_date", f.start, f.end).groupby(key)[["due", "on_time"]].sum()
    backlog = at_end(frames, f).groupby(key)[["open", "overdue"]].sum()
    out = pd.concat([received.rename("received"), sla, backlog], axis=1).fillna(0).astype("int64")
    out["compliance"] = (out["on_time"] / out["due"].where(out["due"] > 0)).astype(float)
    return out.rename_axis(key).reset_index().sort_values(["overdue", "received"], ascending=False)


def map_points(frames: dict[str, pd.DataFrame], filters: Filters, level: str) -> pd.DataFrame:
    """`breakdown` by department or municipality with names and coordinates (unknown places left out)."""
    key = f"{level}_code"
    rows = breakdown(frames, filters, key)
    towns, departments = places()
    where = (towns if level == "municipality" else departments).rename(columns={level: "name"})
    return rows.merge(where[[key, "name", "latitude", "longitude"]], on=key, how="inner")
