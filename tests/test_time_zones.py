"""The receipt day that starts the Ley 1755 clock is the Bogotá day, whatever offset the sender wrote
(issue 12, section 4): partition days, due dates, backlog and SLA all follow it, and the DuckDB
recomputation agrees with Gold on a run written at unusual offsets."""
from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from pqrlab import business_days as bd
from pqrlab.layers.bronze import MESSAGES, QUARANTINE, Rejected, parse_line, raw_to_bronze
from pqrlab.layers.gold import read_gold, silver_to_gold
from pqrlab.layers.silver import bronze_to_silver, read_tickets
from tests.hostile_corpus import base_record
from tests.test_gold_duckdb import BACKLOG_SQL, SLA_SQL, duck, frame

D = dt.date


@pytest.mark.parametrize("stamp, day", [
    ("2026-03-02T23:30:00-12:00", D(2026, 3, 3)),   # the case: the next Bogotá day
    ("2026-03-02T23:59:59-05:00", D(2026, 3, 2)), ("2026-03-03T00:00:00-05:00", D(2026, 3, 3)),
    ("2026-03-03T00:30:00+14:00", D(2026, 3, 2)),   # Kiribati's morning is Bogotá's previous day
    ("2026-03-03T04:59:59Z", D(2026, 3, 2)), ("2026-03-03T05:00:00Z", D(2026, 3, 3)),
    ("2026-03-03T10:44:59+05:45", D(2026, 3, 2)), ("2026-03-03T10:45:00+05:45", D(2026, 3, 3)),
    ("2026-03-02T19:00:00-04:00", D(2026, 3, 2)), ("2026-03-02T20:00:00-04:00", D(2026, 3, 2)),
    ("2026-03-03T06:00:00+01:00", D(2026, 3, 3)), ("2026-03-03T05:59:59+01:00", D(2026, 3, 2)),
    ("2026-12-31T23:30:00-12:00", D(2027, 1, 1)),   # across a year
    ("2024-02-29T23:30:00-12:00", D(2024, 3, 1)),   # across a leap day
])
def test_bogota_day_of_any_offset(stamp, day):
    assert bd.bogota_day(dt.datetime.fromisoformat(stamp)) == day


@pytest.mark.parametrize("zone, local, day", [
    # New York springs forward on 2026-03-08 and falls back on 2026-11-01; Madrid on 03-29 and 10-25.
    ("America/New_York", dt.datetime(2026, 3, 7, 23, 30), D(2026, 3, 7)),   # -05:00: 04:30Z -> 23:30 Bogotá
    ("America/New_York", dt.datetime(2026, 3, 8, 23, 30), D(2026, 3, 8)),   # -04:00: 03:30Z -> 22:30 Bogotá
    ("America/New_York", dt.datetime(2026, 3, 9, 0, 30), D(2026, 3, 8)),    # -04:00: 04:30Z -> 23:30 Bogotá
    ("America/New_York", dt.datetime(2026, 11, 1, 0, 30), D(2026, 10, 31)),  # -04:00: 04:30Z -> 23:30 Bogotá
    ("America/New_York", dt.datetime(2026, 11, 2, 0, 30), D(2026, 11, 2)),   # -05:00: 05:30Z -> 00:30 Bogotá
    ("Europe/Madrid", dt.datetime(2026, 3, 30, 6, 30), D(2026, 3, 29)),     # +02:00: 04:30Z -> 23:30 Bogotá
    ("Europe/Madrid", dt.datetime(2026, 3, 28, 6, 30), D(2026, 3, 28)),     # +01:00: 05:30Z -> 00:30 Bogotá
])
def test_dst_observing_senders(zone, local, day):
    moment = local.replace(tzinfo=ZoneInfo(zone))
    assert bd.bogota_day(moment) == day
    assert bd.bogota_day(dt.datetime.fromisoformat(moment.isoformat())) == day  # as the sender writes it


def test_naive_timestamps_have_no_bogota_day():
    with pytest.raises(ValueError):
        bd.bogota_day(dt.datetime(2026, 3, 2, 10))


def test_vectorised_and_scalar_bogota_day_agree():
    stamps = ["2026-03-02T23:30:00-12:00", "2026-03-03T00:30:00+14:00", "2026-03-03T04:59:59Z", None]
    series = pd.Series(pd.to_datetime(stamps, utc=True, format="ISO8601"))
    expected = [bd.bogota_day(dt.datetime.fromisoformat(s)) for s in stamps[:3]]
    assert bd.bogota_days(series).tolist()[:3] == expected and pd.isna(bd.bogota_days(series).iloc[3])


@pytest.mark.parametrize("stamp, partition, outcome", [
    ("2026-03-02T23:30:00-12:00", D(2026, 3, 3), None),
    ("2026-03-02T23:30:00-12:00", D(2026, 3, 2), "future_timestamp"),
    ("2026-03-03T00:30:00+14:00", D(2026, 3, 2), None),
    ("2026-03-03T00:30:00+14:00", D(2026, 3, 3), "late"),  # sent Bogotá 03-02, delivered 03-03: late mail, kept
    ("2026-03-03T00:30:00+14:00", D(2026, 3, 7), "late"),  # five days late: still a relay's retry
    ("2026-03-03T00:30:00+14:00", D(2026, 3, 8), "late_arrival"),  # six: no relay retries that long
    ("2026-03-03T10:45:00+05:45", D(2026, 3, 3), None),
])
def test_bronze_partitions_by_the_bogota_day(stamp, partition, outcome):
    line = json.dumps({**base_record(1, partition, 0), "sent_at": stamp}).encode()
    try:
        typed = parse_line(line, partition)
        assert outcome in (None, "late") and typed["sent_at"].utcoffset() == dt.timedelta(0)
        assert typed["late"] == (outcome == "late")
    except Rejected as rejected:
        assert rejected.reason == outcome


# -- a run written at unusual offsets, through Gold, checked by hand and by DuckDB -------------------------
RECLAMO = "Presento un reclamo por el cobro de la factura del agua que no estoy de acuerdo. "


def thread(n: int, received: str, responded: str | None) -> list[dict]:
    """A reclamo received at `received` (any offset) and answered at `responded`, with an ack."""
    first = {**base_record(n, D(2026, 3, 2), 0), "sent_at": received, "body": RECLAMO, "subject": "Reclamo"}
    ack = {**first, "message_id": f"<ack{n}@x>", "event_id": f"ack-{n}", "kind": "ack", "direction": "outbound",
           "from_addr": "pqrsd@entidad.gov.co", "to_addr": first["from_addr"], "in_reply_to": first["message_id"],
           "body": "Recibimos su solicitud.", "radicado": f"R{n}"}
    out = [first, ack]
    if responded:
        out.append({**ack, "message_id": f"<resp{n}@x>", "event_id": f"resp-{n}", "kind": "response",
                    "sent_at": responded, "body": "Respuesta de fondo."})
    return out


THREADS = [
    # received 23:30 at -12:00 on 03-02 = Bogotá 03-03 06:30: due 15 business days from 03-03 = 03-25
    # (San José, 03-23, is a holiday); answered 00:30 at +14:00 on 03-26 = Bogotá 03-25 05:30: on time.
    thread(1, "2026-03-02T23:30:00-12:00", "2026-03-26T00:30:00+14:00"),
    # received 00:30 at +14:00 on 03-03 = Bogotá 03-02 05:30: due 03-24; answered Bogotá 03-25: late.
    thread(2, "2026-03-03T00:30:00+14:00", "2026-03-25T10:00:00-05:00"),
    # received 10:45 at +05:45 on 03-03 = Bogotá 03-03 00:00; still open.
    thread(3, "2026-03-03T10:45:00+05:45", None),
    # received Z on a Saturday late evening = Bogotá Saturday 03-07: counted from the Monday after.
    thread(4, "2026-03-08T04:59:00Z", "2026-03-30T13:00:00+01:00"),
]


def test_due_dates_backlog_and_sla_follow_the_bogota_day(lake, dask):
    from tests.hostile_corpus import write_raw

    corpus = []
    for messages in THREADS:
        for message in messages:
            day = bd.bogota_day(dt.datetime.fromisoformat(message["sent_at"]))
            corpus.append((day, "part-0.jsonl", json.dumps(message).encode(), None))
    write_raw(lake, "tz", corpus)
    bronze = raw_to_bronze(lake, dask, "tz")
    assert bronze.counts["quarantined"] == 0, lake.read_dataset("bronze", QUARANTINE, "tz").to_pandas()
    bronze_to_silver(lake, dask, "tz", "keywords-baseline")
    silver_to_gold(lake, dask, "tz")

    tickets = read_tickets(lake, "tz").set_index("ticket_id")
    assert (tickets["pqrs_type"] == "reclamo").all() and (tickets["term_days"] == 15).all()
    assert tickets["day"].to_dict() == {"TFZ-1": D(2026, 3, 3), "TFZ-2": D(2026, 3, 2), "TFZ-3": D(2026, 3, 3),
                                        "TFZ-4": D(2026, 3, 7)}
    assert tickets["due_date"].to_dict() == {"TFZ-1": D(2026, 3, 25), "TFZ-2": D(2026, 3, 24),
                                             "TFZ-3": D(2026, 3, 25), "TFZ-4": D(2026, 3, 30)}
    messages = lake.read_dataset("bronze", MESSAGES, "tz").to_pandas()
    assert set(messages["day"].astype(str)) == {"2026-03-02", "2026-03-03", "2026-03-07", "2026-03-25",
                                                "2026-03-30"}

    sla = read_gold(lake, "sla_compliance", "tz").set_index("due_date")
    assert sla.loc[D(2026, 3, 25), ["due", "on_time", "late", "overdue_open"]].tolist() == [2, 1, 0, 1]
    # due 03-24, answered 03-25: as of the end of its due date it is overdue and open (no answer known yet)
    assert sla.loc[D(2026, 3, 24), ["on_time", "late", "overdue_open"]].tolist() == [0, 0, 1]
    assert sla.loc[D(2026, 3, 30), ["on_time", "late"]].tolist() == [1, 0]   # 13:00 +01:00 is 07:00 Bogotá
    backlog = read_gold(lake, "backlog_daily", "tz")
    first_day = backlog.groupby("day")["open"].sum()
    assert first_day.index.min() == D(2026, 3, 2) and first_day[D(2026, 3, 2)] == 1  # only ticket 2 so far
    assert first_day[D(2026, 3, 3)] == 3 and first_day[D(2026, 3, 25)] == 2         # 1 answered that day

    assert sorted(backlog["day"].unique()) == list(pd.date_range("2026-03-02", "2026-03-30").date)  # every day
    con = duck(lake, None)
    last = "2026-03-30"  # the last day with mail: Gold exists up to it
    assert frame(con.execute(SLA_SQL.format(as_of=last)).df()) == frame(read_gold(lake, "sla_compliance", "tz")[
        ["day", "due_date", "pqrs_type", "due", "on_time", "late", "overdue_open"]])
    assert frame(con.execute(BACKLOG_SQL.format(as_of=last)).df()) == frame(
        backlog[["day", "pqrs_type", "age_bucket", "open", "overdue"]])
    assert con.execute("SELECT count(*) FROM due WHERE due_sql <> due_date").fetchone()[0] == 0
