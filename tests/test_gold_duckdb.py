"""An independent check: SLA, backlog and the area/topic tables as of each day, recomputed from the last Silver ticket
snapshot with plain DuckDB SQL, equal the Dask Gold, for a run that spans Holy Week 2026 and a holiday moved to Monday
(San José, 23 March). (Every response of this run is delivered on the day it is sent, so what was known at the end
of a day is what the last snapshot says happened by then.)"""
from __future__ import annotations

import datetime as dt

import duckdb
import holidays
import pandas as pd
import pytest

from pqrlab.channel.generator import ChannelConfig
from pqrlab.duck import gold_glob, ticket_snapshot_url
from pqrlab.layers.bronze import raw_to_bronze
from pqrlab.layers.gold import read_gold, silver_to_gold
from pqrlab.layers.raw import generate_raw
from pqrlab.layers.silver import bronze_to_silver

START, DAYS = dt.date(2026, 3, 2), 61
# The generator's personal data as it writes it: e-mail addresses, cédulas (12.345.678), mobile numbers.
PERSONAL_DATA = r"@|\b\d{1,3}(\.\d{3}){2,3}\b|\b3\d{2} \d{3} \d{4}\b|\+57"
AS_OF = START + dt.timedelta(days=DAYS - 1)

TICKETS_SQL = """
CREATE TABLE t AS
SELECT t.*,
       CASE WHEN pqrs_type = 'peticion' AND subtype = 'documentos' THEN 10
            WHEN pqrs_type = 'peticion' AND subtype = 'consulta' THEN 30 ELSE 15 END AS term,
       CAST(first_response_at AS DATE) AS answered_day           -- session time zone: America/Bogota
FROM read_parquet('{tickets}', hive_partitioning = false) t;  -- the file's own day, not its folder's
CREATE TABLE cal AS
SELECT d, business, sum(business::int) OVER (ORDER BY d) AS idx FROM calendar;
CREATE TABLE due AS
SELECT t.*, (SELECT min(c2.d) FROM cal c2 WHERE c2.business AND c2.idx = c.idx + t.term) AS due_sql
FROM t JOIN cal c ON c.d = t.day;
"""
SLA_SQL = """
SELECT due_sql AS day, due_sql AS due_date, pqrs_type, count(*) AS due,
       count(*) FILTER (answered_day <= due_sql) AS on_time,
       0 AS late,  -- at the end of the due date, an answer after it is not known yet
       count(*) FILTER (answered_day IS NULL OR answered_day > due_sql) AS overdue_open
FROM due WHERE due_sql <= DATE '{as_of}' GROUP BY ALL ORDER BY ALL
"""
BACKLOG_SQL = """
SELECT c.d AS day, due.pqrs_type,
       CASE WHEN c.idx - r.idx <= 5 THEN '0-5' WHEN c.idx - r.idx <= 10 THEN '6-10'
            WHEN c.idx - r.idx <= 15 THEN '11-15' ELSE '>15' END AS age_bucket,
       count(*) AS open, count(*) FILTER (c.d > due.due_sql) AS overdue
FROM due JOIN cal r ON r.d = due.day
JOIN cal c ON c.d >= due.day AND c.d <= DATE '{as_of}'
WHERE due.answered_day IS NULL OR due.answered_day > c.d
GROUP BY ALL ORDER BY ALL
"""

AREA = """pqrs_type, coalesce(topic, 'otros') AS topic, coalesce(department_code, 'unknown') AS department_code,
          coalesce(municipality_code, 'unknown') AS municipality_code"""
SLA_AREA_SQL = """
SELECT due_sql AS day, due_sql AS due_date, {area}, count(*) AS due,
       count(*) FILTER (answered_day <= due_sql) AS on_time,
       0 AS late,
       count(*) FILTER (answered_day IS NULL OR answered_day > due_sql) AS overdue_open
FROM due WHERE due_sql <= DATE '{as_of}' GROUP BY ALL ORDER BY ALL
"""
BACKLOG_AREA_SQL = """
SELECT c.d AS day, {area}, count(*) AS open, count(*) FILTER (c.d > due.due_sql) AS overdue
FROM due JOIN cal c ON c.d >= due.day AND c.d <= DATE '{as_of}'
WHERE due.answered_day IS NULL OR due.answered_day > c.d
GROUP BY ALL ORDER BY ALL
"""
RESPONSE_AREA_SQL = """
SELECT answered_day AS day, answered_day, {area}, CAST(a.idx - r.idx AS BIGINT) AS business_days, count(*) AS n
FROM due JOIN cal r ON r.d = due.day JOIN cal a ON a.d = due.answered_day
GROUP BY ALL ORDER BY ALL
"""
OPEN_TICKETS_SQL = """
SELECT c.d AS day, ticket_id,
       CASE WHEN CAST(acknowledged_at AS DATE) <= c.d THEN radicado END AS radicado,  -- known once acknowledged
       {area}, priority, due.day AS received_day, due_sql AS due_date,
       due_sql < c.d AS overdue, CAST(c.idx - d.idx AS BIGINT) AS business_days_overdue
FROM due JOIN cal d ON d.d = due.due_sql JOIN cal c ON c.d >= due.day AND c.d <= DATE '{as_of}'
WHERE answered_day IS NULL OR answered_day > c.d
ORDER BY ALL
"""


@pytest.fixture(scope="module")
def run(dask, tmp_path_factory):
    from pqrlab.lake import Lake

    lake = Lake(f"file://{tmp_path_factory.mktemp('gold') / 'lake'}")
    cfg = ChannelConfig(seed=21, run_id="hw", events=4000, start=START, days=DAYS)
    generate_raw(lake, dask, cfg)
    raw_to_bronze(lake, dask, "hw")
    bronze_to_silver(lake, dask, "hw", "keywords-baseline")
    silver_to_gold(lake, dask, "hw")
    return lake


def duck(lake, day: str | None = AS_OF.isoformat()) -> duckdb.DuckDBPyConnection:
    """DuckDB with the calendar and the ticket snapshot after `day` (None: the latest) as table `t`."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'America/Bogota'")
    days = pd.date_range(START - dt.timedelta(days=10), AS_OF + dt.timedelta(days=90)).date
    official = holidays.Colombia(years=range(START.year, AS_OF.year + 2))
    calendar = pd.DataFrame({"d": days, "business": [d.weekday() < 5 and d not in official for d in days]})
    assert not calendar.set_index("d").loc[dt.date(2026, 3, 23), "business"]  # San José, moved to Monday
    assert not calendar.set_index("d").loc[dt.date(2026, 4, 3), "business"]   # Good Friday
    con.register("calendar", calendar)
    con.execute(TICKETS_SQL.format(tickets=ticket_snapshot_url(lake, day)))
    return con


def frame(rows: pd.DataFrame) -> list[tuple]:
    return sorted(map(tuple, rows.astype(str).to_numpy().tolist()))


def test_sla_recomputed_with_duckdb_equals_gold(run):
    con = duck(run)
    expected = con.execute(SLA_SQL.format(as_of=AS_OF)).df()
    gold = read_gold(run, "sla_compliance", "hw")[["day", "due_date", "pqrs_type", "due", "on_time", "late",
                                                    "overdue_open"]]
    assert len(gold) > 20 and frame(expected) == frame(gold)
    # The window's deadlines really do cross the holidays.
    assert (gold["due_date"] > dt.date(2026, 4, 3)).any() and (gold["due_date"] < dt.date(2026, 3, 23)).any()


def test_backlog_recomputed_with_duckdb_equals_gold(run):
    con = duck(run)
    expected = con.execute(BACKLOG_SQL.format(as_of=AS_OF)).df()
    gold = read_gold(run, "backlog_daily", "hw")[["day", "pqrs_type", "age_bucket", "open", "overdue"]]
    assert len(gold) > 100 and frame(expected) == frame(gold)
    assert gold["overdue"].sum() > 0


def test_due_dates_in_silver_equal_duckdb_calendar(run):
    con = duck(run)
    mismatches = con.execute("SELECT count(*) FROM due WHERE due_sql <> due_date").fetchone()[0]
    assert mismatches == 0


@pytest.mark.parametrize("name, sql, minimum", [
    ("sla_area", SLA_AREA_SQL, 100), ("backlog_area", BACKLOG_AREA_SQL, 1000), ("response_area", RESPONSE_AREA_SQL, 100),
    ("open_tickets", OPEN_TICKETS_SQL, 20)])
def test_area_tables_recomputed_with_duckdb_equal_gold(run, name, sql, minimum):
    con = duck(run)
    expected = con.execute(sql.format(as_of=AS_OF, area=AREA)).df()
    gold = read_gold(run, name, "hw").drop(columns="run_id")
    assert len(gold) > minimum and list(expected.columns) == list(gold.columns)
    assert frame(expected) == frame(gold)


def test_area_tables_add_up_to_the_type_tables(run):
    sla, sla_area = read_gold(run, "sla_compliance", "hw"), read_gold(run, "sla_area", "hw")
    counts = ["due", "on_time", "late", "overdue_open"]
    by_type = sla_area.groupby(["due_date", "pqrs_type"])[counts].sum().reset_index()
    assert frame(by_type) == frame(sla[["due_date", "pqrs_type", *counts]])
    backlog, backlog_area = read_gold(run, "backlog_daily", "hw"), read_gold(run, "backlog_area", "hw")
    assert frame(backlog.groupby("day")[["open", "overdue"]].sum().reset_index()) == frame(
        backlog_area.groupby("day")[["open", "overdue"]].sum().reset_index())
    open_now = read_gold(run, "open_tickets", "hw", days=[AS_OF.isoformat()])
    last = backlog_area[backlog_area["day"] == AS_OF]
    assert len(open_now) == last["open"].sum() and open_now["overdue"].sum() == last["overdue"].sum()
    # 1 May 2026 (Friday) is a holiday: tickets due on 30 April are overdue with 0 business days of delay.
    assert ((open_now["business_days_overdue"] == 0) & open_now["overdue"]).any()


def test_open_ticket_list_carries_no_personal_data(run):
    import re

    open_now = read_gold(run, "open_tickets", "hw", days=[AS_OF.isoformat()])
    text = open_now.to_csv()
    assert not re.search(PERSONAL_DATA, text)
    assert set(open_now.columns) == {"run_id", "day", "ticket_id", "radicado", "pqrs_type", "topic", "department_code",
                                     "municipality_code", "priority", "received_day", "due_date", "overdue",
                                     "business_days_overdue"}


def test_gold_glob_reads_each_day_once(run):
    con = duck(run)
    by_glob = con.execute(f"SELECT count(*), sum(tickets) FROM read_parquet('{gold_glob(run, 'daily_volume')}')").fetchone()
    volume = read_gold(run, "daily_volume")
    assert by_glob == (len(volume), volume["tickets"].sum())
    assert by_glob[1] == con.execute("SELECT count(*) FROM t").fetchone()[0]
