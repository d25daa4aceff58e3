"""The synthetic e-mail channel: the entity's mailbox as a deterministic stream of Raw JSONL events.

The mailbox is a pure function of `(seed, daily volume, day)`: `mail_for_day(cfg, day)` gives the lines
delivered on one America/Bogota day, whatever run asks for them. A thread (a PQRS conversation) *opens* on
the day its first e-mail is delivered; its whole schedule (acknowledgement, follow-up, response, reopening,
late deliveries) and its ground truth are drawn when it opens, from its own generator
`rng([seed, open day, 1, index])`, and the text of each message from another one of its own, so any message
can be produced alone. A thread lives at most `MAX_THREAD_DAYS`, so day D needs only the schedules of the
threads opened in `[D - MAX_THREAD_DAYS, D]`: generating a range day by day gives exactly the same bytes as
generating it at once (`mail_for_days`).

Random streams (`stream.Stream` of integer lists, a BLAKE2b-keyed Mersenne Twister; each has its own tag):
`[seed, day, 0]` threads opened that day · `[seed, day, 1, i]` thread i's schedule and truth ·
`[seed, day, 2, i, k + 1]` the text of its message k (a reply with one choice takes the key's own uniform,
`stream.key_uniform`) · `[seed, day, 3]` the defects delivered that day. An older thread whose
`last_possible_day` (bounded from its case's legal term) is before the wanted days is not scheduled further,
an older day whose longest possible thread ends before them is skipped whole, and a process remembers each
thread's bound and delivery days (`threads_for`), so a later call builds only the threads that deliver on
its days: the same bytes, faster (`tests/test_generator_fast_paths.py` compares with the plain path).
Ticket ids do not depend on the run: `T{seed tag}-{open day:%Y%m%d}-{i:05d}`.

Late mail (an inbound e-mail delivered on a later day than it was sent, as a retrying mail relay does) is
real mail with its own truth, not a defect: Bronze keeps it, flagged `late`.

Labels follow `docs/labelling-guide.md`: `draw_case` draws type, subtype, topic, what is at stake and the
situation, and the priority comes from `priority.priority_for` (the situation, not the phrases); a queja is
about a public servant's conduct, a service failure or wrong charge is a reclamo; the municipality label is
None when the e-mail names no place. `language.py` writes the words for those labels.
"""
from __future__ import annotations

import bisect
import datetime as dt
import gc
import hashlib
import json
import operator
import threading
import unicodedata
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from pqrlab import business_days as bd
from pqrlab.channel import language as L
from pqrlab.channel import templates as T
from pqrlab.channel.places import divipola, municipality_weights
from pqrlab.channel.priority import priority_for
from pqrlab.channel.schema import DEFECT_KINDS, MAX_BODY_CHARS, RAW_SCHEMA_VERSION
from pqrlab.channel.stream import Stream, key_uniform

GENERATOR_VERSION = "2.5.0"  # 2.5: a queja's risk is a threat or violence (2.4: suggestions voiced as complaints, broken works)
ENTITY_ADDR = "pqrsd@entidad.gov.co"
BOGOTA = dt.timezone(dt.timedelta(hours=-5))
_EVENT_NS = uuid.UUID("6f1c4b52-8a0e-4a57-9d1d-2f43c1f0a9e1")
_EVENT_NS_BYTES = _EVENT_NS.bytes

TYPE_P = {"peticion": 0.55, "queja": 0.16, "reclamo": 0.22, "sugerencia": 0.07}
SUBTYPE_P = {"general": 0.6, "documentos": 0.3, "consulta": 0.1}
TOPIC_P = {
    "servicios_publicos": 0.34, "salud": 0.13, "educacion": 0.08, "movilidad": 0.08, "seguridad": 0.07,
    "impuestos": 0.08, "ambiente": 0.05, "vivienda": 0.05, "tramites": 0.08, "otros": 0.04,
}
# What is at stake per type/subtype and which situation the case is in decide priority (priority_for).
STAKE_P = {
    ("peticion", "general"): {"pendiente": 0.3, "ninguno": 0.7},
    ("peticion", "documentos"): {"pendiente": 0.35, "ninguno": 0.65},
    ("peticion", "consulta"): {"pendiente": 0.1, "ninguno": 0.9},
    ("queja", "general"): {"dano": 1.0}, ("reclamo", "general"): {"dano": 1.0},
    ("sugerencia", "general"): {"ninguno": 1.0},
}
SITUATION_P = {
    ("peticion", "general"): {"riesgo_vida": 0.06, "tutela": 0.03, "plazo_legal": 0.05, "ninguna": 0.86},
    ("peticion", "documentos"): {"tutela": 0.03, "plazo_legal": 0.08, "ninguna": 0.89},
    ("peticion", "consulta"): {"plazo_legal": 0.04, "ninguna": 0.96},
    ("queja", "general"): {"riesgo_vida": 0.03, "especial_proteccion": 0.16, "tutela": 0.05, "plazo_legal": 0.03,
                           "ninguna": 0.73},
    ("reclamo", "general"): {"riesgo_vida": 0.12, "especial_proteccion": 0.15, "tutela": 0.06, "plazo_legal": 0.05,
                             "ninguna": 0.62},
    ("sugerencia", "general"): {"ninguna": 1.0},
}
NOT_PQRS_SHARE = 0.08  # 12 kinds of mail that is no PQRS (templates.NOT_PQRS_KINDS)
CHUNK_LINES = 20_000  # at most this many lines per Raw file: a busy day is split into part-000, part-001, ...
MENTION_PLACE_P = 0.85
HOUR_P = np.array([1, 1, 1, 1, 1, 2, 4, 8, 12, 12, 11, 10, 7, 8, 10, 10, 9, 7, 5, 4, 3, 3, 2, 1], float)
# A thread's response comes within twice its legal term (Ley 1755 allows one extension up to that), at most
# 60 business days (~95 calendar days); a reopening within 5 days of it; a late delivery within LATE_MAX_DAYS.
MAX_THREAD_DAYS = 110
LATE_SHARE = 0.01  # share of inbound e-mails a relay delivers on a later day than they were sent
LATE_MAX_DAYS = 3  # at most this many days late (schema.MAX_DELIVERY_DELAY_DAYS is the contract's bound)
# Mean e-mails per thread (measured over 20,000 threads: `messages_per_thread()`); with the day weights it
# turns a daily volume of e-mails into a number of threads opened per day.
MESSAGES_PER_THREAD = 3.22
WEEKDAY_WEIGHTS = (1.15, 1.0, 1.0, 1.0, 1.0, 0.3, 0.15)  # Monday ... Sunday
HOLIDAY_WEIGHT = 0.2
MEAN_WEEK_WEIGHT = sum(WEEKDAY_WEIGHTS) / 7  # the daily volume is a mean over the week


@lru_cache(maxsize=1)
def towns() -> Categorical:
    """Municipalities (as dicts) with their sampling weights."""
    return Categorical(divipola().to_dict("records"), municipality_weights())


@dataclass(frozen=True)
class ChannelConfig:
    """The mailbox (seed, daily volume, defect rate, wording split) and the window a run asks of it.

    The daily volume is `daily_events` (mean e-mails per day over a week), or `events / days` when only a
    total for the window is given. The run id and the window never change what a day's mail is.
    """

    seed: int
    run_id: str = "mailbox"
    events: int = 0
    start: dt.date = dt.date(2026, 3, 2)
    days: int = 1
    defect_rate: float = 0.02
    template_split: str | None = None  # "train" / "eval": disjoint halves of the type paraphrases
    daily_events: float | None = None

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=self.days - 1)

    @property
    def window(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range(self.days)]

    @property
    def daily(self) -> float:
        """Mean e-mails delivered per day (over a week)."""
        if self.daily_events is not None:
            return float(self.daily_events)
        return round(self.events / self.days, 2)

    @property
    def seed_tag(self) -> str:
        return _seed_tag(self.seed)

    def rng(self, *stream: int) -> Stream:
        return Stream(self.seed, *stream)


@lru_cache(maxsize=64)
def _seed_tag(seed: int) -> str:
    return hashlib.sha256(f"seed:{seed}".encode()).hexdigest()[:6]


@dataclass
class RawFile:
    """What one generation task wrote to one Raw partition."""

    day: str
    name: str
    lines: int
    defects: dict[str, int] = field(default_factory=dict)
    sha256: str = ""


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[dt.date]:
    return frozenset(bd.holiday_dates(year, year))


def day_weight(day: dt.date) -> float:
    """Relative mail volume of a day: fewer on weekends and holidays, more on Mondays."""
    return HOLIDAY_WEIGHT if day in _holidays(day.year) else WEEKDAY_WEIGHTS[day.weekday()]


def thread_count(cfg: ChannelConfig, day: dt.date) -> int:
    """Threads opened on `day` (their first e-mail delivered that day): Poisson around the seasonal mean."""
    mean = cfg.daily * day_weight(day) / (MEAN_WEEK_WEIGHT * MESSAGES_PER_THREAD)
    return int(cfg.rng(day.toordinal(), 0).poisson(mean))


# -- text ------------------------------------------------------------------------------------
def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
                   ).replace("\u0303", "")


def _typo(rng: Stream, text: str) -> str:
    words = text.split(" ")
    i = int(rng.integers(len(words)))
    w = words[i]
    if len(w) > 3:
        j = int(rng.integers(len(w) - 1))
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def _pick(rng: Stream, options):
    return _at_share(options, rng.random())


def _at_share(options, u: float):
    """The option at uniform `u` in [0, 1) (equal shares)."""
    return options[int(u * len(options))]


class Categorical:
    """Draws from fixed weights by inverse CDF (much faster than `rng.choice(p=…)` per draw)."""

    def __init__(self, values, weights) -> None:
        self.values = list(values)
        cdf = np.cumsum(np.asarray(list(weights), dtype=float))
        self.cdf = (cdf / cdf[-1]).tolist()  # cdf[-1] == 1.0 exactly, above every uniform in [0, 1)

    def draw(self, rng: Stream):
        return self.values[bisect.bisect_right(self.cdf, rng.random())]

    def at(self, u: float):
        """The value at cumulative share `u` in [0, 1): for uniforms drawn in one block."""
        return self.values[bisect.bisect_right(self.cdf, u)]


def _categorical(probs: dict[str, float]) -> Categorical:
    return Categorical(probs.keys(), probs.values())


TYPES, SUBTYPES, TOPICS_C = map(_categorical, (TYPE_P, SUBTYPE_P, TOPIC_P))
STAKES = {key: _categorical(p) for key, p in STAKE_P.items()}
SITUATIONS = {key: _categorical(p) for key, p in SITUATION_P.items()}
HOURS = Categorical(range(24), HOUR_P)
BUSINESS_HOURS = Categorical(range(24), np.where((np.arange(24) >= 7) & (np.arange(24) < 18), HOUR_P, 0))


class _People:
    """Personal data like the real thing: Faker es_CO names and addresses, Colombian ids and phones.

    Faker is slow per call, so each task draws pools of first names, last names and addresses once and
    combines them (hundreds of each give hundreds of thousands of distinct people).
    """

    POOL = 300

    def __init__(self, seed: int) -> None:
        from faker import Faker

        faker = Faker("es_CO")
        faker.seed_instance(seed)
        self.first = [faker.first_name() for _ in range(self.POOL)]
        self.last = [faker.last_name() for _ in range(self.POOL)]
        self.addresses = [faker.street_address() for _ in range(self.POOL)]
        # the e-mail user of "first last" is the two plain parts joined (NFD and lower act per character)
        self.plain_first = [strip_accents(name.lower()) for name in self.first]
        self.plain_last = [strip_accents(name.lower()) for name in self.last]

    def person(self, rng: Stream) -> dict[str, str]:
        i, j = int(rng.random() * self.POOL), int(rng.random() * self.POOL)  # _pick's draws
        name = f"{self.first[i]} {self.last[j]}"
        plain = f"{self.plain_first[i]} {self.plain_last[j]}"
        user = plain.replace(" ", _pick(rng, (".", "_", ""))) + str(int(rng.integers(1, 99)))
        return {
            "name": name,
            "cedula": f"{int(rng.integers(10_000_000, 1_299_999_999)):,}".replace(",", "."),
            "phone": f"3{int(rng.integers(0, 3))}{int(rng.integers(0, 10))} {int(rng.integers(100, 999))} "
                     f"{int(rng.integers(1000, 9999))}",
            "email": f"{user}@{_pick(rng, ('gmail.com', 'hotmail.com', 'yahoo.es', 'outlook.com'))}",
            "address": _pick(rng, self.addresses),
        }


def compose_body(rng: Stream, case: dict, person: dict, place: dict | None,
                 split: str | None = None) -> str:
    """The citizen's first e-mail for a case, in one of `language.STYLES`, labels per the guide."""
    return L.compose(rng, case, person, place, split)[1]


def compose_subject(rng: Stream, case: dict) -> str:
    """Subjects agree with the type, name only the topic, or mislead, as real ones do."""
    return L.subject(rng, case)


def draw_case(rng: Stream) -> dict:
    """A PQRS case: type, subtype, topic, what is at stake and the situation; the priority follows from
    them by the guide's rule (`priority_for`), never drawn on its own."""
    r = rng.random
    u = (r(), r(), r(), r(), r())
    pqrs_type = TYPES.at(u[0])
    subtype = SUBTYPES.at(u[1]) if pqrs_type == "peticion" else "general"
    stake, situation = STAKES[(pqrs_type, subtype)].at(u[2]), SITUATIONS[(pqrs_type, subtype)].at(u[3])
    return {"pqrs_type": pqrs_type, "subtype": subtype, "topic": TOPICS_C.at(u[4]), "stake": stake,
            "situation": situation, "priority": _priority(situation, stake)}


_priority = lru_cache(maxsize=None)(priority_for)  # a few dozen (situation, stake) pairs


# -- threads ---------------------------------------------------------------------------------
def _at(day: dt.date, rng: Stream, business_hours: bool = False) -> dt.datetime:
    hour = (BUSINESS_HOURS if business_hours else HOURS).draw(rng)
    minute, second = divmod(int(rng.random() * 3600), 60)
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=BOGOTA)


def event_id_of(message_id: str) -> str:
    """`str(uuid.uuid5(_EVENT_NS, message_id))`, without building UUID objects (a third of the cost)."""
    h = hashlib.sha1(_EVENT_NS_BYTES + message_id.encode()).hexdigest()
    # version 5 in the 13th hex digit; RFC 4122 variant (binary 10xx) in the 17th
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}


def message_id_of(ticket_id: str, k: int) -> str:
    return f"<{ticket_id}.{k}@correo.pqr>"


@lru_cache(maxsize=16)
def _business_ordinals(year: int) -> tuple[int, ...]:
    """Ordinals of the business days of `year - 1 … year + 2`: the calendar `bd.due_date` uses for `year`."""
    holidays = {d.toordinal() for d in bd.holiday_dates(year - 1, year + 2)}
    first, last = dt.date(year - 1, 1, 1).toordinal(), dt.date(year + 2, 12, 31).toordinal()
    return tuple(o for o in range(first, last + 1) if o % 7 not in (0, 6) and o not in holidays)  # 0 Sun, 6 Sat


@lru_cache(maxsize=65_536)
def _business_day_after(day: dt.date, n: int) -> dt.date:
    """`bd.due_date(day, n)` (n > 0) by a look-up in the year's business days; `day` itself when n <= 0."""
    if n <= 0:
        return day
    ordinals = _business_ordinals(day.year)
    i = bisect.bisect_right(ordinals, day.toordinal()) - 1 + int(n)  # rolled back to a business day, then n on
    return dt.date.fromordinal(ordinals[i]) if 0 <= i - int(n) and i < len(ordinals) else bd.due_date(day, int(n))


@lru_cache(maxsize=4096)
def _day_text(day: dt.date, pattern: str) -> str:
    """`format(day, pattern)`, once per day and pattern (strftime is slow next to a look-up)."""
    return format(day, pattern)


@lru_cache(maxsize=8)
def people(seed: int) -> _People:
    """The seed's pools of names and addresses (drawn once per process)."""
    return _People(seed)



class _lazy:
    """`functools.cached_property` without its per-instance lock (Python 3.11): computed once on first access."""

    def __init__(self, func) -> None:
        self.func, self.name, self.__doc__ = func, func.__name__, func.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


def last_delivery_bound(open_day: dt.date, term: int) -> dt.date:
    """The last day a thread opened on `open_day` with legal term `term` (0: no PQRS) can deliver mail on:
    the response within twice the term, a reopening within 5 days of it, late mail within LATE_MAX_DAYS
    (later for a longer term)."""
    last = _business_day_after(open_day, 2 * term) + dt.timedelta(days=5) if term > 0 else open_day
    return last + dt.timedelta(days=LATE_MAX_DAYS)


def _days_late(rng: Stream) -> int:
    """0, or how many days after it was sent a relay delivers an inbound e-mail (late mail)."""
    return int(rng.integers(1, LATE_MAX_DAYS + 1)) if rng.random() < LATE_SHARE else 0


class Planned(NamedTuple):
    """One message of a thread's schedule: when it is sent and on which (Bogotá) day it is delivered."""

    k: int
    kind: str
    sent_at: dt.datetime
    delivered: dt.date
    reply_to: int | None  # k of the message it answers

    @property
    def late(self) -> bool:
        return self.delivered > self.sent_at.date()


_LOG_DELAY_SHARE = float(np.log(0.55))  # the median response delay is 0.55 of the term (once, not per thread)
_INBOUND = frozenset({"initial", "follow_up", "reopen"})  # the citizen writes these; the entity the others


class Thread:
    """Thread `index` opened on `open_day`: its schedule is drawn at once (cheap); who writes, where from and
    the text are drawn only when asked (every thread of the last MAX_THREAD_DAYS is scheduled for a day)."""

    def __init__(self, cfg: ChannelConfig, open_day: dt.date, index: int) -> None:
        self.cfg, self.open_day, self.index = cfg, open_day, index
        self._rng = cfg.rng(open_day.toordinal(), 1, index)
        self._head()

    def _head(self) -> None:
        """The first draws of the stream: receipt, category and case (enough to bound the last delivery)."""
        rng, open_day = self._rng, self.open_day
        self.received_at = _at(open_day, rng)  # delivery of the first e-mail: the receipt
        self.is_pqrs = not rng.random() < NOT_PQRS_SHARE
        self.category = "pqrs" if self.is_pqrs else _pick(rng, T.NOT_PQRS_KINDS)
        self.case = draw_case(rng) if self.is_pqrs else None
        self.term = bd.term_days(self.case["pqrs_type"], self.case["subtype"]) if self.is_pqrs else 0

    @_lazy
    def last_possible_day(self) -> dt.date:
        """No message of the thread is delivered after this day (known before the rest of its schedule)."""
        return last_delivery_bound(self.open_day, self.term)

    @_lazy
    def plan(self) -> tuple[Planned, ...]:
        """Every message's send time and delivery day, drawn after the head from the same stream."""
        rng, open_day = self._rng, self.open_day
        sent = self.received_at - dt.timedelta(days=_days_late(rng))
        plan = [Planned(0, "initial", sent, open_day, None)]
        self.due = self.response_at = self.reopened_at = None
        if self.is_pqrs:
            plan += self._pqrs_schedule(rng)
        return tuple(plan)

    def _pqrs_schedule(self, rng: Stream) -> list[Planned]:
        open_day = self.open_day
        ack_at = self.received_at + dt.timedelta(minutes=1 + int(rng.random() * 44))
        plan = [Planned(1, "ack", ack_at, ack_at.date(), 0)]
        self.due = _business_day_after(open_day, self.term)
        # Response delay in business days: most well inside the term, a tail past it (missed deadlines),
        # never past twice the term (the legal extension's bound).
        delay = min(max(1, int(round(self.term * rng.lognormal(_LOG_DELAY_SHARE, 0.45)))), 2 * self.term)
        response_day = _business_day_after(open_day, delay)
        if delay > 5 and rng.random() < 0.45:  # the citizen insists before the answer arrives
            at = _at(_business_day_after(open_day, int(rng.integers(3, delay))), rng)
            plan.append(Planned(len(plan) + 1, "follow_up", at, at.date() + dt.timedelta(days=_days_late(rng)), 0))
        self.response_at = _at(response_day, rng, business_hours=True)
        response = Planned(len(plan) + 1, "response", self.response_at, response_day, 0)
        plan.append(response)
        if rng.random() < 0.06:
            self.reopened_at = _at(response_day + dt.timedelta(days=int(rng.integers(1, 6))), rng)
            late = dt.timedelta(days=_days_late(rng))
            plan.append(Planned(len(plan) + 1, "reopen", self.reopened_at, self.reopened_at.date() + late, response.k))
        return plan

    @_lazy
    def _who(self) -> tuple[dict, dict | None, dict | None]:
        """(person, town row, place mentioned or None): drawn after the schedule, from the same stream."""
        rng, _ = self._rng, self.plan  # the schedule's draws come first
        person = people(self.cfg.seed).person(rng)
        if not self.is_pqrs:
            return person, None, None
        row = towns().draw(rng)
        mentioned = bool(rng.random() < MENTION_PLACE_P)
        return person, row, ({"municipality": row["municipality"], "department": row["department"]}
                             if mentioned else None)

    @_lazy
    def ticket_id(self) -> str:
        return f"T{self.cfg.seed_tag}-{_day_text(self.open_day, '%Y%m%d')}-{self.index:05d}"

    @_lazy
    def radicado(self) -> str | None:
        if not self.is_pqrs:
            return None
        return f"E{_day_text(self.open_day, '%Y%m%d')}{self.cfg.seed_tag[:2].upper()}{self.index:05d}"

    @_lazy
    def _first(self) -> tuple[str, str]:
        """Subject and body of the first e-mail."""
        rng = self.cfg.rng(self.open_day.toordinal(), 2, self.index, 1)
        if not self.is_pqrs:
            return L.not_pqrs_email(rng, self.category, self._who[0])
        person, _, place = self._who
        subject = compose_subject(rng, self.case)
        return subject, compose_body(rng, self.case, person, place, self.cfg.template_split)

    def text(self, planned: Planned) -> tuple[str, str]:
        """Subject and body of one message, from the message's own stream."""
        if planned.k == 0:
            return self._first
        radicado = self.radicado
        if planned.kind == "ack":  # no choice in it: no stream needed
            return f"Radicado {radicado}", T.ACK_BODY.format(radicado=radicado, date=_day_text(self.open_day, "%d/%m/%Y"))
        # one choice in each: the message's stream key gives its one uniform (no generator to seed)
        u = key_uniform(self.cfg.seed, self.open_day.toordinal(), 2, self.index, planned.k + 1)
        if planned.kind == "follow_up":
            subject, body = self._first
            text = _at_share(T.FOLLOW_UPS, u).format(radicado=radicado) + "\n\n> " + body[:200]
            return f"RE: {subject}", text
        if planned.kind == "response":
            return (f"Respuesta radicado {radicado}",
                    T.RESPONSE_BODY.format(radicado=radicado, resolution=_at_share(T.RESOLUTIONS, u)))
        return f"RE: Respuesta radicado {radicado}", _at_share(T.REOPEN_REPLIES, u).format(radicado=radicado)

    @_lazy
    def _message_ids(self) -> tuple[str, ...]:
        return tuple(message_id_of(self.ticket_id, p.k) for p in self.plan)

    @_lazy
    def _sent_texts(self) -> tuple[str, ...]:
        return tuple(p.sent_at.isoformat() for p in self.plan)

    def event(self, planned: Planned) -> dict:
        """The Raw event of one planned message."""
        citizen = self._who[0]["email"]
        inbound = planned.kind in _INBOUND
        subject, body = self.text(planned)
        message_id = self._message_ids[planned.k]
        return {
            "schema_version": RAW_SCHEMA_VERSION,
            "event_id": event_id_of(message_id),
            "message_id": message_id,
            "thread_id": self.ticket_id,
            "in_reply_to": None if planned.reply_to is None else self._message_ids[planned.reply_to],
            "kind": planned.kind,
            "direction": "inbound" if inbound else "outbound",
            "sent_at": self._sent_texts[planned.k],
            "from_addr": citizen if inbound else ENTITY_ADDR,
            "to_addr": ENTITY_ADDR if inbound else citizen,
            "subject": subject,
            "body": body,
            "radicado": None if planned.kind == "initial" else self.radicado,
        }

    def truth(self) -> dict:
        """The thread's ground truth (for evaluation only), with every message's delivery."""
        person, row, place = self._who
        messages = [{"message_id": message_id, "kind": p.kind, "sent_at": sent, "delivered_day": p.delivered.isoformat(),
                     "late": p.late} for p, message_id, sent in zip(self.plan, self._message_ids, self._sent_texts)]
        base = {"ticket_id": self.ticket_id, "is_pqrs": self.is_pqrs, "category": self.category,
                "received_at": self.received_at.isoformat(), "received_day": self.open_day.isoformat(),
                "messages": messages}
        if not self.is_pqrs:
            return {**base, "pqrs_type": None, "subtype": None, "topic": None, "priority": None,
                    "municipality_code": None, "department_code": None, "municipality_mentioned": False, "pii": {}}
        # guide §5: no place named in the e-mail, no municipality label
        return {**base, **self.case, "municipality_code": row["municipality_code"] if place else None,
                "department_code": row["department_code"] if place else None, "municipality_mentioned": place is not None,
                "radicado": self.radicado, "term_days": self.term, "due_date": self.due.isoformat(),
                "responded_at": self.response_at.isoformat(),
                "reopened_at": self.reopened_at.isoformat() if self.reopened_at else None, "pii": person}


def messages_per_thread(cfg: ChannelConfig | None = None, threads: int = 20_000) -> float:
    """Mean messages per thread over `threads` threads (how MESSAGES_PER_THREAD was measured)."""
    cfg = cfg or ChannelConfig(seed=1)
    day = dt.date(2026, 3, 2)
    return sum(len(Thread(cfg, day + dt.timedelta(days=i // 500), i % 500).plan) for i in range(threads)) / threads


# -- defects ---------------------------------------------------------------------------------
def make_defect(kind: str, event: dict, rng: Stream) -> bytes:
    """A corrupted delivery of a good event, recognisable by Bronze as `kind`."""
    bad = dict(event)
    if kind == "malformed_json":
        line = json.dumps(bad, ensure_ascii=False)
        return line[: len(line) // 2].encode()
    if kind == "bad_encoding":
        bad["body"] = bad["body"] + " Año, señor, información."
        return json.dumps(bad, ensure_ascii=False).encode("latin-1", errors="replace")
    if kind == "missing_field":
        del bad[_pick(rng, ("message_id", "body", "sent_at", "thread_id"))]
    elif kind == "wrong_type":
        bad[_pick(rng, ("sent_at", "body"))] = int(rng.integers(1_000_000, 2_000_000_000))
    elif kind == "empty_body":
        bad["body"] = ""
    elif kind == "oversized_body":
        bad["body"] = (bad["body"] + "\n") * (MAX_BODY_CHARS // max(len(bad["body"]), 1) + 2)
    elif kind == "future_timestamp":  # a sender's clock days ahead: sent after the day it was delivered
        sent = dt.datetime.fromisoformat(bad["sent_at"]) + dt.timedelta(days=int(rng.integers(1, 4)))
        bad["sent_at"] = sent.isoformat()
    return json.dumps(bad, ensure_ascii=False).encode()


def _not_serializable(value):
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_STRING = json.encoder.encode_basestring  # how json.dumps(…, ensure_ascii=False) writes a str
# the C encoder that json.dumps(…, ensure_ascii=False) builds on every call, built once (same text)
_ENCODE = json.encoder.c_make_encoder(None, _not_serializable, json.encoder.encode_basestring, None, ": ", ", ",
                                      False, False, True) if json.encoder.c_make_encoder else None


_KEY_TEXT: dict[str, str] = {}  # '"key": ' per key


def encode_event(event: dict) -> bytes:
    """`json.dumps(event, ensure_ascii=False).encode()`; an event of text and nulls (every good one) is
    written here with json's own string encoder, a third faster than the dict encoder."""
    parts = []
    for key, value in event.items():
        text = None
        if value is None:
            text = "null"
        elif value.__class__ is str:
            text = _STRING(value)
        if key.__class__ is not str or text is None:  # a defect's number or anything else: the general encoder
            return "".join(_ENCODE(event, 0)).encode() if _ENCODE else json.dumps(event, ensure_ascii=False).encode()
        parts.append((_KEY_TEXT.get(key) or _KEY_TEXT.setdefault(key, _STRING(key) + ": ")) + text)
    return ("{" + ", ".join(parts) + "}").encode()


# -- the mail of a day -----------------------------------------------------------------------
@dataclass
class DayMail:
    """Everything delivered on one day: Raw files (name -> lines), the truth of threads opened that day,
    and the defects injected into those lines."""

    day: str
    files: dict[str, list[bytes]]
    truths: list[dict]
    defects: list[dict]

    @property
    def lines(self) -> list[bytes]:
        return [line for name in sorted(self.files) for line in self.files[name]]


def part_name(chunk: int = 0) -> str:
    return f"part-{chunk:03d}.jsonl"


_DELIVERY_ORDER = operator.itemgetter("sent_at", "message_id")


def _with_defects(cfg: ChannelConfig, day: dt.date, events: list[dict]) -> list[tuple[bytes, str | None]]:
    """The day's lines in delivery order (sent time, message id), each injected defect right after its original."""
    events = sorted(events, key=_DELIVERY_ORDER)
    rng = cfg.rng(day.toordinal(), 3)
    n_defects = int(rng.binomial(len(events), cfg.defect_rate)) if events else 0
    extra: dict[int, list[tuple[bytes, str]]] = {}
    for i in rng.choice(len(events), size=n_defects, replace=True) if n_defects else []:
        kind = DEFECT_KINDS[int(rng.integers(len(DEFECT_KINDS)))]
        extra.setdefault(int(i), []).append((make_defect(kind, events[int(i)], rng), kind))
    out: list[tuple[bytes, str | None]] = []
    for i, event in enumerate(events):
        out.append((encode_event(event), None))
        out += extra.get(i, [])
    return out


def _day_mail(cfg: ChannelConfig, day: dt.date, events: list[dict], truths: list[dict]) -> DayMail:
    lines = _with_defects(cfg, day, events)
    files: dict[str, list[bytes]] = {}
    defects = []
    for start in range(0, max(len(lines), 1), CHUNK_LINES):
        name = part_name(start // CHUNK_LINES)
        chunk = lines[start:start + CHUNK_LINES]
        files[name] = [payload for payload, _ in chunk]
        defects += [{"day": day.isoformat(), "file": name, "line_no": n, "kind": kind}
                    for n, (_, kind) in enumerate(chunk, start=1) if kind]
    return DayMail(day.isoformat(), files, truths, defects)


MAX_TERM = max(bd.TERM_DAYS.values())
MAX_MESSAGES = 5  # a thread's messages at most: initial, acknowledgement, follow-up, response, reopening


class _Remembered(NamedTuple):
    """What a process remembers of the threads opened on one day (a few bytes per thread)."""

    bounds: bytes  # each thread's last possible delivery day, in days after the open day
    known: bytearray  # 1 where the thread's schedule was drawn
    deliveries: bytearray  # MAX_MESSAGES per thread: each message's delivery day - open day + 1; 0 for none


_MEMORY: dict[tuple[int, float, int], _Remembered] = {}  # (seed, daily volume, open day) -> its threads
_MEMORY_DAYS = 2048  # open days remembered per process
_MEMORY_LOCK = threading.Lock()


def forget_schedules() -> None:
    """Empty this process's memory of the threads' reach and delivery days (`threads_for`)."""
    with _MEMORY_LOCK:
        _MEMORY.clear()


def _remembered(cfg: ChannelConfig, open_day: dt.date) -> tuple[_Remembered, list[Thread] | None]:
    """The day's memory, and its threads when they had to be built for it."""
    key = (cfg.seed, cfg.daily, open_day.toordinal())
    memory = _MEMORY.get(key)
    if memory is not None:
        return memory, None
    threads = [Thread(cfg, open_day, i) for i in range(thread_count(cfg, open_day))]
    memory = _Remembered(bytes((t.last_possible_day - open_day).days for t in threads), bytearray(len(threads)),
                         bytearray(MAX_MESSAGES * len(threads)))
    with _MEMORY_LOCK:
        if len(_MEMORY) >= _MEMORY_DAYS:
            del _MEMORY[next(iter(_MEMORY))]  # the oldest remembered day
        memory = _MEMORY.setdefault(key, memory)
    return memory, threads


def _remember_schedule(memory: _Remembered, thread: Thread) -> None:
    plan = thread.plan
    if len(plan) <= MAX_MESSAGES:
        start = thread.index * MAX_MESSAGES
        for slot, planned in enumerate(plan):
            memory.deliveries[start + slot] = (planned.delivered - thread.open_day).days + 1
        memory.known[thread.index] = 1


def threads_for(cfg: ChannelConfig, open_day: dt.date, wanted: list[dt.date]) -> list[Thread]:
    """The threads opened on `open_day` that may deliver mail on the (sorted) `wanted` days, in index order:
    all of them when `open_day` is wanted (its truths are), else those whose schedule delivers on one of them.

    An older day whose longest possible thread ends before the first wanted day has none (no stream is
    seeded). Each thread's last possible day, and once drawn its delivery days, are remembered per process,
    keyed by (seed, daily volume, open day): the next call (the next day of a daily run, the next task of a
    worker) builds only the threads that deliver on its days, instead of seeding every stream of the
    look-back again.
    """
    since = wanted[0]
    if open_day < since and last_delivery_bound(open_day, MAX_TERM) < since:
        return []
    memory, threads = _remembered(cfg, open_day)
    count = len(memory.bounds)
    if open_day in wanted:
        chosen = threads or [Thread(cfg, open_day, i) for i in range(count)]
    else:
        after = (since - open_day).days
        offsets = {(day - open_day).days + 1 for day in wanted if day > open_day}
        chosen = []
        for i in range(count):
            if memory.known[i]:
                if offsets.isdisjoint(memory.deliveries[i * MAX_MESSAGES:(i + 1) * MAX_MESSAGES]):
                    continue
            elif memory.bounds[i] < after:
                continue
            chosen.append(threads[i] if threads else Thread(cfg, open_day, i))
    for thread in chosen:
        if not memory.known[thread.index]:
            _remember_schedule(memory, thread)
    return chosen


def mail_for_days(cfg: ChannelConfig, days: list[dt.date]) -> dict[str, DayMail]:
    """The mail delivered on each of `days` (any set of days; each thread is scheduled once).

    Equal, byte for byte, to `mail_for_day` called on each day alone.
    """
    wanted = sorted(set(days))
    if not wanted:
        return {}
    with _collector_paused():
        return _mail_for_days(cfg, wanted)


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector off meanwhile: the mailbox makes no reference cycles, and the
    collector's passes over its growing lists of events and truths cost about a tenth of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _mail_for_days(cfg: ChannelConfig, wanted: list[dt.date]) -> dict[str, DayMail]:
    events: dict[dt.date, list[dict]] = {day: [] for day in wanted}
    truths: dict[dt.date, list[dict]] = {day: [] for day in wanted}
    first = wanted[0].toordinal() - MAX_THREAD_DAYS
    for ordinal in range(first, wanted[-1].toordinal() + 1):
        open_day = dt.date.fromordinal(ordinal)
        for thread in threads_for(cfg, open_day, wanted):
            for planned in thread.plan:
                if planned.delivered in events:
                    events[planned.delivered].append(thread.event(planned))
            if open_day in truths:
                truths[open_day].append(thread.truth())
    return {day.isoformat(): _day_mail(cfg, day, events[day], truths[day]) for day in wanted}


def mail_for_day(cfg: ChannelConfig, day: dt.date) -> DayMail:
    """The Raw lines delivered on `day`: first e-mails of threads opened that day, plus the acknowledgements,
    follow-ups, responses and reopenings of older threads that fall on it, late mail and the day's defects."""
    return mail_for_days(cfg, [day])[day.isoformat()]


def generation_tasks(cfg: ChannelConfig, days: list[dt.date] | None = None, days_per_task: int = 16
                     ) -> list[list[dt.date]]:
    """The run's days in groups of consecutive days, one generation task each (a task schedules the threads
    of MAX_THREAD_DAYS before its first day once, so a group shares that work)."""
    days = sorted(days if days is not None else cfg.window)
    return [days[i:i + days_per_task] for i in range(0, len(days), days_per_task)]


def config_dict(cfg: ChannelConfig) -> dict:
    """The mailbox's parameters for a manifest: what a day's mail depends on (not the run's window)."""
    out = {"seed": cfg.seed, "daily_events": cfg.daily, "defect_rate": cfg.defect_rate,
           "generator_version": GENERATOR_VERSION}
    if cfg.template_split is not None:
        out["template_split"] = cfg.template_split
    return out
