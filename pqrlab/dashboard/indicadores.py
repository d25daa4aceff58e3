"""What the executive page shows, as pure functions of the Gold frames and the filters (no Streamlit).

Definitions (the Gold docstring has the underlying ones):
- received: tickets received in the period; compliance: on time / due among tickets due in the period;
- open and overdue: tickets still unanswered at the end of the period's last day (Gold backlog);
- p50/p90: business days to the first response of the tickets answered in the period;
- backlog today: the tickets open at the end of the latest ingested day (`open_tickets`), by age bucket
  (business days since receipt, as in Gold's backlog), and the overdue ones oldest first;
- due soon: tickets open today whose due date is within the next 5 business days.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from pqrlab import business_days as bd
from pqrlab.channel.places import divipola
from pqrlab.dashboard.formato import TOPIC_LABELS, TYPE_LABELS, UNKNOWN_PLACE, label
from pqrlab.layers.gold import AGE_BUCKETS, age_bucket, response_area_percentiles

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


def default_period(first: dt.date, last: dt.date, days: int = 30) -> tuple[dt.date, dt.date]:
    """The last `days` days up to the latest day `last` (or from `first` when there are fewer)."""
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
    cut = sliced(frames["open_tickets"], filters)
    return int((~cut["overdue"].astype(bool) & cut["business_days_overdue"].between(-horizon, 0)).sum())


def overdue_list(frames: dict[str, pd.DataFrame], filters: Filters, limit: int = 200) -> pd.DataFrame:
    """The oldest tickets overdue today, Spanish headers, no personal data."""
    cut = sliced(frames["open_tickets"], filters)
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


def daily(frames: dict[str, pd.DataFrame], filters: Filters) -> pd.DataFrame:
    """One row per day of the period: tickets received, tickets due that day and their compliance (as of the
    due date), and the open and overdue tickets at the end of the day."""
    f = filters
    days = pd.Index(pd.date_range(f.start, f.end).date, name="day")
    received = in_period(sliced(frames["volume"], f), "day", f.start, f.end).groupby("day")["tickets"].sum()
    sla = in_period(sliced(frames["sla"], f), "due_date", f.start, f.end).groupby("due_date")[["due", "on_time"]].sum()
    backlog = in_period(sliced(frames["backlog"], f), "day", f.start, f.end).groupby("day")[["open", "overdue"]].sum()
    out = pd.concat([received.rename("received"), sla.rename_axis("day"), backlog], axis=1).reindex(days)
    out = out.reindex(columns=["received", "due", "on_time", "open", "overdue"]).fillna(0).astype("int64")
    out["compliance"] = (out["on_time"] / out["due"].where(out["due"] > 0)).astype(float)
    return out.reset_index()


def open_today(frames: dict[str, pd.DataFrame], filters: Filters) -> pd.DataFrame:
    """The slice's tickets open at the end of the latest day, with their age in business days and bucket."""
    cut = sliced(frames["open_tickets"], filters)
    received = pd.to_datetime(cut["received_day"]).to_numpy(dtype="datetime64[D]")
    day = pd.to_datetime(cut["day"]).to_numpy(dtype="datetime64[D]")
    age = bd.business_days_between(received, day)
    return cut.assign(age=age, age_bucket=age_bucket(age))


def backlog_by_age(frames: dict[str, pd.DataFrame], filters: Filters) -> pd.DataFrame:
    """Open and overdue tickets today per age bucket (every bucket, in order, zero when empty)."""
    today = open_today(frames, filters)
    counts = today.assign(open=1, overdue=today["overdue"].astype(int)).groupby("age_bucket")[["open", "overdue"]].sum()
    out = counts.reindex(list(AGE_BUCKETS)).fillna(0).astype("int64")
    return out.rename_axis("age_bucket").reset_index()


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


# -- the operations page: which run each published day comes from ------------------------------------
def day_ranges(days: pd.DataFrame) -> pd.DataFrame:
    """Consecutive published days written by the same run, as ranges (first, last, number of days)."""
    if days.empty:
        return pd.DataFrame(columns=["run_id", "first_day", "last_day", "days"])
    ordered = days.sort_values("day").reset_index(drop=True)
    stamps = pd.to_datetime(ordered["day"])
    starts = (ordered["run_id"] != ordered["run_id"].shift()) | (stamps.diff() != pd.Timedelta(days=1))
    groups = ordered.assign(block=starts.cumsum()).groupby("block")
    return pd.DataFrame({"run_id": groups["run_id"].first(), "first_day": groups["day"].min(),
                         "last_day": groups["day"].max(), "days": groups.size()}).reset_index(drop=True)


def missing_days(days: pd.DataFrame) -> list[dt.date]:
    """Days between the first and the latest published day that have no Gold (a gap to backfill)."""
    if days.empty:
        return []
    published = set(days["day"])
    first, last = min(published), max(published)
    return [d for d in (first + dt.timedelta(days=i) for i in range((last - first).days + 1)) if d not in published]
