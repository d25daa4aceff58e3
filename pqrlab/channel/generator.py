"""The synthetic e-mail channel: PQRS threads as Raw JSONL events, with defects and ground truth.

Determinism: every random draw comes from a generator seeded by (seed, run id, opening day), so the
same seed, run id and parameters give byte-identical files, and days can be generated in parallel.
A task generates the threads *opened* on one day; their later messages land in the partitions of the
days they were sent (`raw/.../day=<sent day>/run_id=R/part-<opening day>.jsonl`).

Labels follow `docs/labelling-guide.md`: `draw_case` draws type, subtype, topic, what is at stake and the
situation, and the priority comes from `priority.priority_for` (the situation, not the phrases); a queja is
about a public servant's conduct, a service failure or wrong charge is a reclamo; the municipality label is
None when the e-mail names no place. `language.py` writes the words for those labels.
"""
from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import unicodedata
import uuid
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import numpy as np

from pqrlab import business_days as bd
from pqrlab.channel import language as L
from pqrlab.channel import templates as T
from pqrlab.channel.places import divipola, municipality_weights
from pqrlab.channel.priority import priority_for
from pqrlab.channel.schema import DEFECT_KINDS, MAX_BODY_CHARS, RAW_SCHEMA_VERSION

GENERATOR_VERSION = "2.0.0"
ENTITY_ADDR = "pqrsd@entidad.gov.co"
BOGOTA = dt.timezone(dt.timedelta(hours=-5))
_EVENT_NS = uuid.UUID("6f1c4b52-8a0e-4a57-9d1d-2f43c1f0a9e1")

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
CHUNK_LINES = 20_000  # at most this many lines per generation task: memory stays flat as size grows
MENTION_PLACE_P = 0.85
HOUR_P = np.array([1, 1, 1, 1, 1, 2, 4, 8, 12, 12, 11, 10, 7, 8, 10, 10, 9, 7, 5, 4, 3, 3, 2, 1], float)


@lru_cache(maxsize=1)
def towns() -> Categorical:
    """Municipalities (as dicts) with their sampling weights."""
    return Categorical(divipola().to_dict("records"), municipality_weights())


@dataclass(frozen=True)
class ChannelConfig:
    """Parameters of one generated run."""

    seed: int
    run_id: str
    events: int
    start: dt.date
    days: int
    defect_rate: float = 0.02
    template_split: str | None = None  # "train" / "eval": disjoint halves of the type paraphrases

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=self.days - 1)

    @property
    def run_tag(self) -> str:
        return hashlib.sha256(self.run_id.encode()).hexdigest()[:6]

    def rng(self, *stream: int) -> np.random.Generator:
        run_key = int(hashlib.sha256(self.run_id.encode()).hexdigest()[:8], 16)
        return np.random.default_rng([self.seed, run_key, *stream])


@dataclass
class RawFile:
    """What one generation task wrote to one Raw partition."""

    day: str
    name: str
    lines: int
    defects: dict[str, int] = field(default_factory=dict)
    sha256: str = ""


def day_budgets(cfg: ChannelConfig) -> list[tuple[dt.date, int]]:
    """Split the run's e-mails over its days: fewer on weekends and holidays, more on Mondays."""
    days = [cfg.start + dt.timedelta(days=i) for i in range(cfg.days)]
    holidays = set(bd.holiday_dates(cfg.start.year, cfg.end.year))
    weights = np.array([
        0.2 if d in holidays else (0.3, 0.15)[d.weekday() - 5] if d.weekday() >= 5
        else 1.15 if d.weekday() == 0 else 1.0
        for d in days
    ])
    counts = cfg.rng(0).multinomial(cfg.events, weights / weights.sum())
    return list(zip(days, (int(c) for c in counts)))


# -- text ------------------------------------------------------------------------------------
def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
                   ).replace("\u0303", "")


def _typo(rng: np.random.Generator, text: str) -> str:
    words = text.split(" ")
    i = int(rng.integers(len(words)))
    w = words[i]
    if len(w) > 3:
        j = int(rng.integers(len(w) - 1))
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def _pick(rng: np.random.Generator, options):
    return options[int(rng.integers(len(options)))]


class Categorical:
    """Draws from fixed weights by inverse CDF (much faster than `rng.choice(p=…)` per draw)."""

    def __init__(self, values, weights) -> None:
        self.values = list(values)
        cdf = np.cumsum(np.asarray(list(weights), dtype=float))
        self.cdf = cdf / cdf[-1]
        self.cdf_list = self.cdf.tolist()

    def draw(self, rng: np.random.Generator):
        return self.values[min(int(np.searchsorted(self.cdf, rng.random(), side="right")), len(self.values) - 1)]

    def at(self, u: float):
        """The value at cumulative share `u` in [0, 1): for uniforms drawn in one block."""
        return self.values[min(bisect.bisect_right(self.cdf_list, u), len(self.values) - 1)]


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

    def person(self, rng: np.random.Generator) -> dict[str, str]:
        name = f"{_pick(rng, self.first)} {_pick(rng, self.last)}"
        user = strip_accents(name.lower()).replace(" ", _pick(rng, (".", "_", ""))) + str(int(rng.integers(1, 99)))
        return {
            "name": name,
            "cedula": f"{int(rng.integers(10_000_000, 1_299_999_999)):,}".replace(",", "."),
            "phone": f"3{int(rng.integers(0, 3))}{int(rng.integers(0, 10))} {int(rng.integers(100, 999))} "
                     f"{int(rng.integers(1000, 9999))}",
            "email": f"{user}@{_pick(rng, ('gmail.com', 'hotmail.com', 'yahoo.es', 'outlook.com'))}",
            "address": _pick(rng, self.addresses),
        }


def compose_body(rng: np.random.Generator, case: dict, person: dict, place: dict | None,
                 split: str | None = None) -> str:
    """The citizen's first e-mail for a case, in one of `language.STYLES`, labels per the guide."""
    return L.compose(rng, case, person, place, split)[1]


def compose_subject(rng: np.random.Generator, case: dict) -> str:
    """Subjects agree with the type, name only the topic, or mislead, as real ones do."""
    return L.subject(rng, case)


def draw_case(rng: np.random.Generator) -> dict:
    """A PQRS case: type, subtype, topic, what is at stake and the situation; the priority follows from
    them by the guide's rule (`priority_for`), never drawn on its own."""
    u = rng.random(5).tolist()  # one numpy call for the whole case
    pqrs_type = TYPES.at(u[0])
    subtype = SUBTYPES.at(u[1]) if pqrs_type == "peticion" else "general"
    stake, situation = STAKES[(pqrs_type, subtype)].at(u[2]), SITUATIONS[(pqrs_type, subtype)].at(u[3])
    return {"pqrs_type": pqrs_type, "subtype": subtype, "topic": TOPICS_C.at(u[4]), "stake": stake,
            "situation": situation, "priority": priority_for(situation, stake)}


# -- threads ---------------------------------------------------------------------------------
def _at(day: dt.date, rng: np.random.Generator, business_hours: bool = False) -> dt.datetime:
    hour = (BUSINESS_HOURS if business_hours else HOURS).draw(rng)
    return dt.datetime(day.year, day.month, day.day, hour, int(rng.integers(60)), int(rng.integers(60)),
                       tzinfo=BOGOTA)


def _message(cfg: ChannelConfig, ticket_id: str, k: int, kind: str, sent_at: dt.datetime, sender: str,
             recipient: str, subject: str, body: str, reply_to: str | None, radicado: str | None) -> dict:
    message_id = f"<{ticket_id}.{k}@correo.pqr>"
    return {
        "schema_version": RAW_SCHEMA_VERSION,
        "event_id": str(uuid.uuid5(_EVENT_NS, message_id)),
        "message_id": message_id,
        "thread_id": ticket_id,
        "in_reply_to": reply_to,
        "kind": kind,
        "direction": "outbound" if sender == ENTITY_ADDR else "inbound",
        "sent_at": sent_at.isoformat(),
        "from_addr": sender,
        "to_addr": recipient,
        "subject": subject,
        "body": body,
        "radicado": radicado,
    }


@lru_cache(maxsize=65_536)
def _business_day_after(day: dt.date, n: int) -> dt.date:
    return bd.due_date(day, int(n)) if n > 0 else day


def generate_thread(cfg: ChannelConfig, rng: np.random.Generator, people: _People, open_day: dt.date,
                    seq: int, chunk: int = 0) -> tuple[list[dict], dict]:
    """One conversation: its messages (all, even those after the window) and its ground truth."""
    ticket_id = f"T{cfg.run_tag}-{open_day:%Y%m%d}-{chunk:03d}{seq:05d}"
    person = people.person(rng)
    received_at = _at(open_day, rng)
    if rng.random() < NOT_PQRS_SHARE:
        category = _pick(rng, T.NOT_PQRS_KINDS)
        subject, body = L.not_pqrs_email(rng, category, person)
        msg = _message(cfg, ticket_id, 0, "initial", received_at, person["email"], ENTITY_ADDR, subject, body,
                       None, None)
        truth = {"ticket_id": ticket_id, "is_pqrs": False, "category": category, "pqrs_type": None,
                 "subtype": None, "topic": None, "priority": None, "municipality_code": None,
                 "department_code": None, "municipality_mentioned": False,
                 "received_at": received_at.isoformat(), "pii": {}}
        return [msg], truth

    case = draw_case(rng)
    pqrs_type, subtype = case["pqrs_type"], case["subtype"]
    row = towns().draw(rng)
    mentioned = bool(rng.random() < MENTION_PLACE_P)
    place = {"municipality": row["municipality"], "department": row["department"]} if mentioned else None
    subject = compose_subject(rng, case)
    radicado = f"E{open_day:%Y%m%d}{cfg.run_tag[:2].upper()}{chunk:03d}{seq:05d}"

    messages = [_message(cfg, ticket_id, 0, "initial", received_at, person["email"], ENTITY_ADDR, subject,
                         compose_body(rng, case, person, place, cfg.template_split), None, None)]
    first = messages[0]["message_id"]
    ack_at = received_at + dt.timedelta(minutes=int(rng.integers(1, 45)))
    messages.append(_message(cfg, ticket_id, 1, "ack", ack_at, ENTITY_ADDR, person["email"], f"Radicado {radicado}",
                             T.ACK_BODY.format(radicado=radicado, date=f"{open_day:%d/%m/%Y}"), first, radicado))

    term = bd.term_days(pqrs_type, subtype)
    due = _business_day_after(open_day, term)
    # Response delay in business days: most well inside the term, a tail past it (missed deadlines).
    delay = max(1, int(round(term * rng.lognormal(np.log(0.55), 0.45))))
    response_day = _business_day_after(open_day, delay)
    k = 2
    last = first
    if delay > 5 and rng.random() < 0.45:  # the citizen insists before the answer arrives
        day = _business_day_after(open_day, int(rng.integers(3, delay)))
        text = _pick(rng, T.FOLLOW_UPS).format(radicado=radicado) + "\n\n> " + messages[0]["body"][:200]
        messages.append(_message(cfg, ticket_id, k, "follow_up", _at(day, rng), person["email"], ENTITY_ADDR,
                                 f"RE: {subject}", text, first, radicado))
        k += 1
    response_at = _at(response_day, rng, business_hours=True)
    messages.append(_message(cfg, ticket_id, k, "response", response_at, ENTITY_ADDR, person["email"],
                             f"Respuesta radicado {radicado}",
                             T.RESPONSE_BODY.format(radicado=radicado, resolution=_pick(rng, T.RESOLUTIONS)),
                             first, radicado))
    last = messages[-1]["message_id"]
    k += 1
    reopened_at = None
    if rng.random() < 0.06:
        day = response_day + dt.timedelta(days=int(rng.integers(1, 6)))
        reopened_at = _at(day, rng)
        messages.append(_message(cfg, ticket_id, k, "reopen", reopened_at, person["email"], ENTITY_ADDR,
                                 f"RE: Respuesta radicado {radicado}",
                                 _pick(rng, T.REOPEN_REPLIES).format(radicado=radicado), last, radicado))
    truth = {
        "ticket_id": ticket_id, "is_pqrs": True, "category": "pqrs", **case,
        # guide §5: no place named in the e-mail, no municipality label
        "municipality_code": row["municipality_code"] if mentioned else None,
        "department_code": row["department_code"] if mentioned else None,
        "municipality_mentioned": mentioned, "radicado": radicado,
        "received_at": received_at.isoformat(), "term_days": term, "due_date": due.isoformat(),
        "responded_at": response_at.isoformat(), "reopened_at": reopened_at.isoformat() if reopened_at else None,
        "pii": person,
    }
    return messages, truth


# -- defects ---------------------------------------------------------------------------------
def make_defect(kind: str, event: dict, rng: np.random.Generator) -> bytes:
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
    elif kind == "late_arrival":
        sent = dt.datetime.fromisoformat(bad["sent_at"]) - dt.timedelta(days=int(rng.integers(1, 4)))
        bad["sent_at"] = sent.isoformat()
    return json.dumps(bad, ensure_ascii=False).encode()


def encode_event(event: dict) -> bytes:
    return json.dumps(event, ensure_ascii=False).encode()


# -- one chunk of one day, one task ----------------------------------------------------------
def generation_tasks(cfg: ChannelConfig) -> list[tuple[int, int, int]]:
    """(day index, chunk, lines) for every task of a run: each day split into chunks of CHUNK_LINES."""
    tasks = []
    for day_index, (_, budget) in enumerate(day_budgets(cfg)):
        chunks = max(1, -(-budget // CHUNK_LINES))
        for chunk in range(chunks):
            tasks.append((day_index, chunk, budget // chunks + (1 if chunk < budget % chunks else 0)))
    return tasks


def generate_day(cfg: ChannelConfig, day_index: int, budget: int, chunk: int = 0
                 ) -> tuple[dict[str, list[bytes]], list[dict], list[dict]]:
    """Threads opened on one day (one chunk of them): Raw lines per sent day, ticket and defect truth.

    Exactly `budget` lines land inside the window (messages sent after its end are not delivered yet).
    """
    rng = cfg.rng(1, day_index, chunk)
    people = _People(int(rng.integers(2**31)))
    open_day = cfg.start + dt.timedelta(days=day_index)
    n_defects = int(rng.binomial(budget, cfg.defect_rate)) if budget else 0
    good_budget = budget - n_defects
    delivered: list[dict] = []
    truths: list[dict] = []
    seq = 0
    while len(delivered) < good_budget:
        messages, truth = generate_thread(cfg, rng, people, open_day, seq, chunk)
        seq += 1
        inside = [m for m in messages if _bogota_day(m["sent_at"]) <= cfg.end.isoformat()]
        inside = inside[: good_budget - len(delivered)]
        truth["delivered_messages"] = [m["message_id"] for m in inside]
        delivered += inside
        truths.append(truth)

    by_day: dict[str, list[tuple[str, bytes, str | None]]] = {}
    for event in delivered:
        by_day.setdefault(_bogota_day(event["sent_at"]), []).append((event["sent_at"], encode_event(event), None))
    defects = []
    for i in rng.choice(len(delivered), size=min(n_defects, len(delivered)), replace=True) if delivered else []:
        event = delivered[int(i)]
        kind = DEFECT_KINDS[int(rng.integers(len(DEFECT_KINDS)))]
        by_day[_bogota_day(event["sent_at"])].append((event["sent_at"], make_defect(kind, event, rng), kind))
    lines: dict[str, list[bytes]] = {}
    for day, items in sorted(by_day.items()):
        items.sort(key=lambda item: (item[0], item[2] is not None))  # stable: defect after its original
        lines[day] = [payload for _, payload, _ in items]
        for line_no, (_, _, kind) in enumerate(items, start=1):
            if kind:
                defects.append({"day": day, "file": part_name(open_day, chunk), "line_no": line_no, "kind": kind})
    return lines, truths, defects


def _bogota_day(sent_at: str) -> str:
    """The partition (Bogotá) day of a sent timestamp, whatever its offset: Raw is partitioned like Bronze."""
    return bd.bogota_day(dt.datetime.fromisoformat(sent_at)).isoformat()


def part_name(open_day: dt.date, chunk: int = 0) -> str:
    return f"part-{open_day:%Y%m%d}-{chunk:03d}.jsonl"


def config_dict(cfg: ChannelConfig) -> dict:
    out = asdict(cfg)
    out["start"] = cfg.start.isoformat()
    if out["template_split"] is None:  # unchanged manifests for runs that do not split templates
        del out["template_split"]
    return out
