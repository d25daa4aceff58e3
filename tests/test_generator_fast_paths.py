"""Issue 16, the mailbox's speed: every shortcut of the generator gives exactly what the straightforward
path gives (skipped look-back days, the per-process memory of each thread's reach, business days by
look-up, the JSON writer, the Latin-1 accent stripper, the e-mail user from the name pools)."""
from __future__ import annotations

import datetime as dt
import gc
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pqrlab import business_days as bd
from pqrlab.channel import generator as G
from pqrlab.channel import language as L
from pqrlab.channel.generator import (MAX_THREAD_DAYS, ChannelConfig, Thread, forget_schedules, mail_for_day,
                                     mail_for_days, thread_count, threads_for)

FEW = settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def straightforward(cfg: ChannelConfig, days: list[dt.date]) -> dict[str, G.DayMail]:
    """The mailbox without shortcuts: every thread of the look-back scheduled, nothing remembered."""
    wanted = sorted(set(days))
    events: dict[dt.date, list[dict]] = {day: [] for day in wanted}
    truths: dict[dt.date, list[dict]] = {day: [] for day in wanted}
    for ordinal in range(wanted[0].toordinal() - MAX_THREAD_DAYS, wanted[-1].toordinal() + 1):
        open_day = dt.date.fromordinal(ordinal)
        for index in range(thread_count(cfg, open_day)):
            thread = Thread(cfg, open_day, index)
            for planned in thread.plan:
                if planned.delivered in events:
                    events[planned.delivered].append(thread.event(planned))
            if open_day in truths:
                truths[open_day].append(thread.truth())
    return {day.isoformat(): G._day_mail(cfg, day, events[day], truths[day]) for day in wanted}


def days_from(start: dt.date, n: int) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range(n)]


@pytest.mark.parametrize("cfg, days", [
    (ChannelConfig(seed=3, daily_events=60), days_from(dt.date(2026, 3, 30), 6)),  # Holy Week
    (ChannelConfig(seed=9, daily_events=25, defect_rate=0.3, template_split="eval"),
     days_from(dt.date(2025, 12, 20), 20)[::4]),  # Christmas to January, days apart
    (ChannelConfig(seed=1, daily_events=150, template_split="train"), [dt.date(2026, 1, 2)]),
])
def test_the_fast_mailbox_equals_the_straightforward_one_cold_and_warm(cfg, days):
    expected = straightforward(cfg, days)
    forget_schedules()
    assert mail_for_days(cfg, days) == expected  # cold: nothing remembered
    # warm: after other ranges of the same mailbox (earlier, later, overlapping) were generated
    mail_for_days(cfg, days_from(days[0] - dt.timedelta(days=40), 3))
    mail_for_days(cfg, days_from(days[-1] + dt.timedelta(days=5), 2))
    assert mail_for_days(cfg, days) == expected
    assert {day.isoformat(): mail_for_day(cfg, day) for day in days} == expected  # and day by day


def test_the_memory_of_reach_is_per_seed_and_volume():
    day = dt.date(2026, 6, 1)
    a, b = ChannelConfig(seed=4, daily_events=90), ChannelConfig(seed=4, daily_events=30)
    forget_schedules()
    mail_for_day(a, day)  # remembers the reach of a's threads only
    for cfg in (a, b, ChannelConfig(seed=5, daily_events=90)):
        assert mail_for_day(cfg, day) == straightforward(cfg, [day])[day.isoformat()]


@FEW
@given(offset=st.integers(0, 2000), back=st.integers(1, MAX_THREAD_DAYS), span=st.integers(1, 20),
       step=st.integers(1, 7), seed=st.integers(0, 2**31 - 1))
def test_threads_for_older_days_are_those_that_deliver_on_the_wanted_days(offset, back, span, step, seed):
    cfg = ChannelConfig(seed=seed, daily_events=120)
    since = dt.date(2021, 1, 1) + dt.timedelta(days=offset)
    wanted = days_from(since, span)[::step]
    open_day = since - dt.timedelta(days=back)
    every = [Thread(cfg, open_day, i) for i in range(thread_count(cfg, open_day))]
    delivering = [t.index for t in every if any(p.delivered in wanted for p in t.plan)]
    reaching = [t.index for t in every if t.last_possible_day >= since]
    assert all(max(p.delivered for p in t.plan) <= t.last_possible_day for t in every)
    forget_schedules()
    first = [t.index for t in threads_for(cfg, open_day, wanted)]  # from the streams: every thread that may reach
    assert first == reaching
    assert [t.index for t in threads_for(cfg, open_day, wanted)] == delivering  # remembered: exactly
    later = [day + dt.timedelta(days=3) for day in wanted]  # other days: what is remembered still decides
    assert [t.index for t in threads_for(cfg, open_day, later)] == [
        t.index for t in every if t.last_possible_day >= later[0] and any(p.delivered in later for p in t.plan)]


def test_threads_for_a_wanted_open_day_are_all_of_its_threads():
    cfg = ChannelConfig(seed=12, daily_events=200)
    day = dt.date(2026, 7, 1)
    for _ in range(2):
        assert [t.index for t in threads_for(cfg, day, [day - dt.timedelta(days=2), day])] == list(
            range(thread_count(cfg, day)))


def test_an_older_day_whose_longest_thread_ends_before_the_wanted_day_has_no_thread():
    since = dt.date(2026, 6, 1)
    for back in range(1, MAX_THREAD_DAYS + 1):
        open_day = since - dt.timedelta(days=back)
        if G.last_delivery_bound(open_day, G.MAX_TERM) < since:
            assert threads_for(ChannelConfig(seed=2, daily_events=200), open_day, [since]) == []
            assert back > 60  # the longest term's bound is far back, not a day or two


@FEW
@given(offset=st.integers(-400, 4000), term=st.integers(-3, 120))
def test_business_days_by_look_up_equal_numpys_calendar(offset, term):
    day = dt.date(2020, 1, 1) + dt.timedelta(days=offset)
    expected = bd.due_date(day, term) if term > 0 else day
    assert G._business_day_after.__wrapped__(day, term) == expected


def test_business_days_by_look_up_around_holidays_weekends_and_new_year():
    for day in days_from(dt.date(2025, 12, 15), 40) + days_from(dt.date(2026, 3, 25), 14):
        for term in (1, 2, 5, 10, 15, 20, 30, 60):
            assert G._business_day_after.__wrapped__(day, term) == bd.due_date(day, term), (day, term)


def test_every_good_line_is_exactly_what_json_dumps_writes():
    mail = mail_for_days(ChannelConfig(seed=8, daily_events=80, defect_rate=0.0), days_from(dt.date(2026, 4, 6), 3))
    lines = [line for day in mail.values() for line in day.lines]
    assert len(lines) > 100
    for line in lines:
        assert json.dumps(json.loads(line), ensure_ascii=False).encode() == line


_json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
                            max_leaves=8)


@FEW
@given(event=st.dictionaries(st.text(), st.none() | st.text(), max_size=14) | st.dictionaries(st.text(), _json_values))
def test_encode_event_equals_json_dumps_for_any_dict(event):
    assert G.encode_event(event) == json.dumps(event, ensure_ascii=False).encode()


@FEW
@given(text=st.text() | st.text(alphabet="aeiouáéíóúÁÉÍÓÚüÜñÑ¿¡ –“”😀", max_size=300))
def test_no_accents_equals_the_translation_table(text):
    assert L.no_accents(text) == text.translate(L._ACCENTS)


def test_the_email_user_from_the_pools_equals_the_stripped_full_name():
    pool = G.people(13)
    for i in range(0, pool.POOL, 7):
        for j in range(pool.POOL):
            full = G.strip_accents(f"{pool.first[i]} {pool.last[j]}".lower())
            assert f"{pool.plain_first[i]} {pool.plain_last[j]}" == full


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_left_as_it_was(enabled):
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        mail_for_day(ChannelConfig(seed=6, daily_events=10), dt.date(2026, 3, 2))
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
