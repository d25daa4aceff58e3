"""Compose a citizen's e-mail from a drawn case: slots × styles × noise (the generator's language).

An e-mail is greeting × self-identification × facts × request × legal basis × situation × closing ×
signature, each slot drawn independently from `templates.py`, in one of STYLES (formal derecho de
petición, lawyer's letter, capitals, WhatsApp, elderly writer, long letter, two issues with a main
one, forwarded chain, quoted reply, regional, short). The words follow the case: the type decides
what the facts say (guide §1), the situation decides the sentences that make priority (guide §4) and
the place is named as people name it, or not at all (guide §5). Personal data (name, cédula, phone,
e-mail, address) is never garbled by noise, so masking can still find it.

Speed: every draw of one e-mail is one uniform of its stream (`Draws` over a `stream.Stream`).
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

import numpy as np

from pqrlab.channel import templates as T
from pqrlab.channel.places import divipola
from pqrlab.channel.stream import Stream

STYLES = {
    "ciudadano": 0.22, "formal_ley": 0.11, "abogado_hechos": 0.06, "mayusculas": 0.06, "whatsapp": 0.1,
    "adulto_mayor": 0.06, "carta_larga": 0.08, "dos_asuntos": 0.07, "reenviado": 0.05, "respuesta_citada": 0.04,
    "regional": 0.05, "corto": 0.1, "directo": 0.08,
}
_STYLE_NAMES = tuple(STYLES)
_STYLE_CDF = (np.cumsum(list(STYLES.values())) / sum(STYLES.values())).tolist()
WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes")
MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")
EXPEDITION_CITIES = ("Bogotá", "Medellín", "Cali", "Barranquilla", "Bucaramanga", "Tunja", "Pereira", "Ibagué")
COLLOQUIAL = {
    "Bogotá, D.C.": ("Bogotá", "Bogota", "Bogotá D.C."), "San José de Cúcuta": ("Cúcuta", "Cucuta"),
    "Cartagena de Indias": ("Cartagena", "Cartagena de Indias"), "Guadalajara de Buga": ("Buga",),
    "Santa Cruz de Mompox": ("Mompox", "Mompós"), "Villa de San Diego de Ubaté": ("Ubaté", "Ubate"),
    "San Andrés de Tumaco": ("Tumaco",), "Santiago de Tolú": ("Tolú", "Tolu"),
    "San Sebastián de Mariquita": ("Mariquita",), "San Luis de Sincé": ("Sincé",),
}
DEPARTMENT_SHORT = {
    "Valle del Cauca": ("Valle", "Valle del Cauca"), "Norte de Santander": ("Norte de Santander", "N. de Santander"),
    "Archipiélago de San Andrés, Providencia y Santa Catalina": ("San Andrés isla",), "Bogotá, D.C.": ("D.C.",),
    "La Guajira": ("La Guajira", "Guajira"),
}
REGIONAL = ("Qué pena con sumercé, pero", "Vea pues,", "Ajá, y", "Eche, es que", "Oiga,", "Ave María, señores,",
            "Parce, la verdad", "Mire mijo,", "Uy no, vea que", "Pues sí, resulta que", "Ombe, es que",
            "Juepucha, señores,", "Mi llave, le cuento que", "Ay mi Dios, es que", "Cuadro, la cosa es que",
            "Sumercé, fíjese que", "Qué mamera, pero", "Bacano sería que me ayudaran, porque")
BACKSTORY = (
    "Llevo más de veinte años viviendo en este sector.", "Siempre he pagado cumplido y nunca he tenido problemas.",
    "No soy de quejarme, pero esta vez no aguanto.", "Trabajo todo el día y no me queda fácil acercarme a la sede.",
    "He intentado por otros medios y no ha sido posible.", "Antes el servicio funcionaba bien.",
    "Les cuento un poco el contexto para que entiendan.", "Mis vecinos me dijeron que escribiera por este medio.",
    "Ya había venido a la sede en otra ocasión.", "Entiendo que ustedes tienen mucho trabajo.",
)
ABBREVIATIONS = {
    "que": "q", "porque": "xq", "por favor": "xfa", "para": "pa", "tambien": "tb", "gracias": "grax", "donde": "dnd",
    "mensaje": "msj", "nada": "nd", "por": "x", "usted": "ud", "ustedes": "uds", "semana": "sem", "hermano": "hno",
}
_ABBREVIATION = re.compile(r"\b(" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")\b")
_ACCENTS = str.maketrans("áéíóúÁÉÍÓÚüÜ", "aeiouAEIOUuU")
_ACCENT_BYTES = bytes.maketrans("áéíóúÁÉÍÓÚüÜ".encode("latin-1"), b"aeiouAEIOUuU")  # the same, on Latin-1 bytes


class Draws:
    """Uniform draws for one e-mail from its stream (`stream.Stream`, or any object with `random()`)."""

    __slots__ = ("next",)

    def __init__(self, rng) -> None:
        self.next = rng.random

    def __call__(self) -> float:
        return self.next()

    def pick(self, options):
        return options[int(self.next() * len(options))]

    def chance(self, p: float) -> bool:
        return self.next() < p

    def number(self, low: int, high: int) -> int:
        return low + int(self.next() * (high - low))


def paraphrases(options: tuple[str, ...], split: str | None) -> tuple[str, ...]:
    """All paraphrases, or one of two disjoint halves (to evaluate models on wording they never saw)."""
    if split is None:
        return options
    return options[{"train": 0, "eval": 1}[split]::2]


def no_accents(text: str) -> str:
    try:  # a Latin-1 text (most are) through bytes.translate: many times faster than str.translate
        return text.encode("latin-1").translate(_ACCENT_BYTES).decode("latin-1")
    except UnicodeEncodeError:
        return text.translate(_ACCENTS)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- places ----------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _shared_names() -> frozenset[str]:
    table = divipola()
    return frozenset(table.loc[table.duplicated("municipality", keep=False), "municipality"])


def spoken_town(d: Draws, place: dict) -> str:
    """The municipality as a person writes it: colloquial, without accents, with its department when
    the name is shared by several (so the label stays decidable, guide §5)."""
    name = d.pick(COLLOQUIAL.get(place["municipality"], (place["municipality"],)))
    department = place["department"]
    if name in _shared_names() or d.chance(0.3) and department != place["municipality"]:
        sep = d.pick((", ", " ", " - ", " ("))
        name += sep + d.pick(DEPARTMENT_SHORT.get(department, (department,))) + (")" if sep == " (" else "")
    return no_accents(name) if d.chance(0.25) else name


def _date(d: Draws) -> str:
    return f"{d.number(1, 29)} de {d.pick(MONTHS)}"


def _letter_date(d: Draws) -> str:
    """A letter's date in one of the forms Colombian offices write it."""
    day, month = d.number(1, 29), d.number(0, 12)
    form = d.pick(("{day} de {name} de 2026", "{name} {day} de 2026", "{day} de {name} del 2026", "{day:02d}/{num:02d}/2026"))
    return form.format(day=day, name=MONTHS[month], num=month + 1)


# -- slots -----------------------------------------------------------------------------------------
def slot_values(d: Draws, case: dict) -> dict[str, str]:
    """One value per slot for one e-mail, so facts and request speak of the same thing."""
    topic = case["topic"]
    refund = case["pqrs_type"] == "reclamo" and d.chance(REFUND_SHARE)
    failure = _refund(d, case) if refund else _failure(d, case)
    question = d.pick(T.QUESTIONS[topic])
    need = d.pick(T.NEEDS[topic])
    when = d.pick(("lunes pasado", "martes", "día de ayer", "15 del mes pasado", "viernes en la tarde", "pasado jueves"))
    return {
        "servant": d.pick(T.SERVANTS[topic]), "when": when, "when_cap": "El " + when,
        "conduct": d.pick(T.CONDUCTS).format(bribe=d.pick(T.BRIBES)), "failure": failure, "failure_cap": _cap(failure),
        "refund": "1" if refund else "",
        "action": d.pick(T.ACTIONS[topic]), "document": d.pick(T.DOCUMENTS[topic]),
        "question": question, "question_direct": "¿" + _cap(question[3:] if question.startswith("si ") else question) + "?",
        "idea": d.pick(T.IDEAS[topic]), "need": need, "need_cap": _cap(need),
        "duration": d.pick(T.DURATIONS).format(n=d.number(2, 9)), "report": d.pick(T.REPORTS).format(n=d.number(2, 6)),
    }


FACILITY_SHARE = 0.15  # share of reclamos (topics with public works) about a facility that broke (T.FACILITIES)
REFUND_SHARE = 0.12  # share of reclamos about a payment to return (PAID_FOR × PAYMENT_ERRORS)


def _refund(d: Draws, case: dict) -> str:
    """A payment the entity must return (a reclamo, guide §1)."""
    return d.pick(T.PAYMENT_ERRORS).format(paid=d.pick(T.PAID_FOR[case["topic"]]))


def _failure(d: Draws, case: dict) -> str:
    """A service failure; those that affect a minor by themselves (marked *) only in cases where a
    person of special protection is affected, since the rule makes them alta."""
    if case["topic"] in T.FACILITIES and d.chance(FACILITY_SHARE):  # a public work that broke: repair it
        frame = d.pick(T.FACILITY_FRAMES)
        return frame.format(facility=d.pick(T.FACILITIES[case["topic"]]), damage=d.pick(T.FACILITY_DAMAGES))
    if d.chance(0.3):  # a thing of the topic named as people name it, in a failure frame
        text = d.pick(T.MATTER_FAILURES).format(matter=d.pick(T.MATTERS[case["topic"]]))
        return text.replace(" de el ", " del ")
    options = T.FAILURES[case["topic"]]
    for _ in range(8):
        text = d.pick(options)
        if text.startswith("*"):
            if case["situation"] == "especial_proteccion":
                return text[1:]
            continue
        return text
    return options[-1].lstrip("*")


def facts(d: Draws, case: dict, values: dict[str, str]) -> str:
    key = case["pqrs_type"] if case["pqrs_type"] != "peticion" else ("peticion", case["subtype"])
    if key == ("peticion", "general") and case["situation"] == "ninguna" and d.chance(0.35):
        return _cap(d.pick(T.NEEDS[case["topic"]])) + "."  # a need told as context: no harm, so no media
    if key == "sugerencia" and d.chance(VENT_SHARE):
        return _vent(d, case["topic"])
    return d.pick(T.FACT_FRAMES[key]).format(**values).strip()


VENT_SHARE = 0.45  # share of sugerencias told with a complaint's words (guide §1: still a proposal)


def _vent(d: Draws, topic: str) -> str:
    """An inconvenience seen around, told with anger, and that nothing is owed to the writer (a sugerencia)."""
    vent = d.pick(T.VENT_FRAMES).format(grievance=d.pick(T.GRIEVANCES[topic]))
    return _join(vent, d.pick(T.NOT_MY_HARM)) if d.chance(0.7) else vent


def request(d: Draws, case: dict, values: dict[str, str], split: str | None) -> str:
    if case["pqrs_type"] == "sugerencia" and d.chance(0.35):
        return d.pick(T.VENT_PROPOSALS).format(**values)
    if case["situation"] == "riesgo_vida" and case["pqrs_type"] == "peticion" and d.chance(0.7):
        return d.pick(T.RISK_REQUESTS)
    if values["refund"] and d.chance(0.6):  # the amount, then the refund asked as people write it formally
        amount = d.pick(T.AMOUNT_SENTENCES).format(amount=f"{d.number(18, 980) * 1000:,}".replace(",", "."))
        return _join(amount, d.pick(T.REFUND_REQUESTS))
    if case["situation"] != "ninguna" and case["pqrs_type"] == "reclamo" and d.chance(0.4):
        # "come now" is said the same way for a repair and for a new action: the facts decide the type (guide §1)
        return d.pick(T.URGENT_REPAIRS if d.chance(0.5) else T.RISK_REQUESTS)
    return d.pick(paraphrases(T.TYPE_SENTENCES[(case["pqrs_type"], case["subtype"])], split)).format(**values)


def situation_sentence(d: Draws, case: dict) -> str:
    """The sentence that carries the case's situation (guide §4), stock or composed from independent parts."""
    situation = case["situation"]
    if situation == "ninguna":
        return ""
    composed = d.chance(0.7)
    if situation == "riesgo_vida":
        if composed:
            text = _risk_text(d, case)
        else:
            own = T.SITUATIONS_TEXT["riesgo_vida"][case["topic"]]
            if case["pqrs_type"] == "peticion":  # a failing service at risk is a reclamo's matter, not a petition's
                own = T.PETITION_RISKS.get(case["topic"], own)
            text = d.pick(own)
    elif situation == "especial_proteccion" and composed:
        harms = T.PROTECTED_HARM.get(case["pqrs_type"], T.PROTECTED_HARM["reclamo"])
        text = _fill(d, f"{d.pick(T.PROTECTED_PEOPLE)} {d.pick(harms)}")
    elif situation == "especial_proteccion" and d.chance(0.5):
        text = f"{_fill(d, d.pick(T.PROTECTED_WHO))} {d.pick(T.PROTECTED_EFFECT)}"
    elif situation == "tutela" and composed:
        text = f"{d.pick(T.TUTELA_CONDITION)} {d.pick(T.TUTELA_ACTION)}"
    elif situation == "plazo_legal" and composed:
        text = _fill(d, f"{d.pick(T.DEADLINE_WHAT)} {d.pick(T.DEADLINE_WHEN)}")
    else:
        text = _fill(d, d.pick(T.SITUATIONS_TEXT[situation]))
    return d.pick(T.SITUATION_FRAMES).format(text=text, text_cap=_cap(text))


def _fill(d: Draws, text: str) -> str:
    """Numbers and weekdays of a situation's wording (only when it has a slot: the common case stays cheap)."""
    if "{" not in text:
        return text
    return text.format(age=d.number(62, 96), child=d.number(1, 17), months=d.number(2, 9), n=d.number(2, 9),
                       weekday=d.pick(WEEKDAYS))


def _risk_text(d: Draws, case: dict) -> str:
    """An ongoing risk to life or health: a sick person whose care the matter interrupts, or a hazard now."""
    if d.chance(0.45):
        threats = T.HEALTH_FAILURE if case["pqrs_type"] == "reclamo" and d.chance(0.6) else T.HEALTH_THREAT
        return _fill(d, f"{d.pick(T.HEALTH_WHO)} {d.pick(T.HEALTH_CONDITION)} {d.pick(threats)}")
    if d.chance(0.2):
        return d.pick(T.RISK_GENERIC)
    if case["pqrs_type"] == "queja":  # a queja's risk is the servant's threat or violence, not a hazard around
        return _fill(d, _join(d.pick(T.QUEJA_HAZARDS), d.pick(T.NOW), d.pick(T.QUEJA_FEAR)))
    now, exposed = d.pick(T.NOW), d.pick(T.HAZARD_EXPOSED)
    # a failing facility is a reclamo's risk, never a petition's; a hazard nobody provides (a swarm, a leaning tree,
    # an armed man) is a petition's matter (an action), not a reclamo's (guide §1)
    hazards = {"peticion": T.PETITION_HAZARDS, "reclamo": T.RECLAMO_HAZARDS}.get(case["pqrs_type"], T.HAZARDS)
    return _fill(d, _join(d.pick(hazards), now, exposed))


def extras(d: Draws, case: dict) -> list[str]:
    """Sentences that must not move the labels: consequences (stake `pendiente`), decoy mentions of
    protected people or urgency words (never with a current harm, guide §4) and decoy places."""
    out = []
    if case["stake"] == "pendiente":
        out.append(d.pick(T.CONSEQUENCES) if d.chance(0.4) else _party_sentence(d, T.PENDING_FRAMES))
    elif case["stake"] == "ninguno" and d.chance(0.45):
        out.append(_decoy(d))
    elif case["situation"] == "ninguna" and d.chance(0.15):  # a harm without risk: anger is not urgency
        out.append(d.pick(T.URGENCY_DECOYS))
    if d.chance(0.1):
        out.append(d.pick(T.DECOY_PLACES))
    return out


def _decoy(d: Draws) -> str:
    """A protected person merely mentioned, urgency words or a neutral purpose: none raises priority."""
    u = d()
    if u < 0.3:
        return d.pick(T.DECOYS).format(age=d.number(60, 90))
    if u < 0.6:
        return _cap(_fill(d, d.pick(T.MENTION_FRAMES).format(who=d.pick(T.PROTECTED_PEOPLE).rstrip(",")))) + "."
    if u < 0.8:
        return d.pick(T.URGENCY_DECOYS)
    return d.pick(T.NEUTRAL_PURPOSES) if d.chance(0.4) else _party_sentence(d, T.PURPOSE_FRAMES)


def _party_sentence(d: Draws, frames: tuple[str, ...]) -> str:
    """A party (bank, insurer, employer…) with a consequence pending or as a mere purpose: the party alone
    does not decide priority, what is at stake does."""
    return _cap(d.pick(frames).format(party=d.pick(T.PURPOSE_PARTIES))) + "."


def self_id(d: Draws, person: dict) -> str:
    expedition = d.pick(T.EXPEDITIONS).format(city=d.pick(EXPEDITION_CITIES))
    return d.pick(T.SELF_IDS).format(expedition=expedition, role=d.pick(T.ROLES), **person)


def signature(d: Draws, person: dict) -> str:
    expedition = d.pick(T.EXPEDITIONS).format(city=d.pick(EXPEDITION_CITIES))
    return d.pick(T.SIGNATURES).format(expedition=expedition, **person)


def place_sentence(d: Draws, place: dict | None) -> str:
    """Where the matter happens, said as people say it; with no place, only what names none (guide §5)."""
    if place is None:
        return d.pick(T.NO_PLACE_SENTENCES).format(hood=d.pick(T.HOODS), region=d.pick(T.REGIONS))
    town = spoken_town(d, place)
    if d.chance(0.1):  # another town in the text, which is not where the matter is
        other = d.pick(EXPEDITION_CITIES)
        if other not in town:
            return d.pick(T.TWO_PLACE_SENTENCES).format(town=town, other=other)
    return d.pick(T.PLACE_SENTENCES).format(town=town, hood=d.pick(T.HOODS))


# -- noise -------------------------------------------------------------------------------------------
def typos(d: Draws, text: str, n: int) -> str:
    """Swap adjacent letters or drop one, `n` times."""
    for _ in range(n):
        if len(text) < 10:
            break
        j = d.number(1, len(text) - 2)
        if not (text[j].isalpha() and text[j + 1].isalpha()):
            continue
        text = text[:j] + text[j + 1] + text[j] + text[j + 2:] if d.chance(0.6) else text[:j] + text[j + 1:]
    return text


def chat(text: str) -> str:
    text = no_accents(text.lower()).replace("¿", "").replace("¡", "")
    return _ABBREVIATION.sub(lambda m: ABBREVIATIONS[m.group(1)], text)


def noisy(d: Draws, text: str) -> str:
    if d.chance(0.25):
        text = no_accents(text)
    if d.chance(0.2):
        text = typos(d, text, d.number(1, 4))
    if d.chance(0.05):
        text = text.lower()
    return text


# -- styles ------------------------------------------------------------------------------------------
def _core(d: Draws, case: dict, place: dict | None, split: str | None) -> tuple[str, str, str, list[str]]:
    values = slot_values(d, case)
    return (facts(d, case, values), request(d, case, values, split), situation_sentence(d, case),
            extras(d, case) + [place_sentence(d, place)])


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def compose(rng: Stream, case: dict, person: dict, place: dict | None, split: str | None = None
            ) -> tuple[str, str]:
    """(style, body) of the citizen's first e-mail for a case."""
    d = Draws(rng)
    style = _STYLE_NAMES[bisect.bisect_right(_STYLE_CDF, d())]
    if style == "adulto_mayor" and case["stake"] == "dano" and case["situation"] != "especial_proteccion":
        style = "ciudadano"  # an older writer suffering a harm is an affected protected person (alta)
    body = STYLE_WRITERS[style](d, case, person, place, split)
    if d.chance(0.1):
        body += "\n\n" + d.pick(T.FOOTERS).format(weekday=d.pick(WEEKDAYS))
    return style, body


def _plain(d, case, person, place, split, story: int = 0) -> str:
    fact, ask, situation, extra = _core(d, case, place, split)
    middle = [fact, *extra[:-1], situation] if d.chance(0.5) else [extra[-1], fact, situation, *extra[:-1]]
    if extra[-1] and middle[0] != extra[-1]:
        middle.insert(d.number(0, 2), extra[-1])
    legal = d.pick(T.LEGAL_BASES[case["pqrs_type"]]) if d.chance(0.15) else ""
    opener = d.pick(T.OPENERS) if d.chance(0.08) else ""
    text = _join(opener, *middle, (legal + " " + ask[0].lower() + ask[1:]) if legal else ask)
    if story:
        start = d.number(0, len(BACKSTORY))
        lines = [BACKSTORY[(start + k) % len(BACKSTORY)] for k in range(story + 2)]  # distinct sentences
        text = _join(*lines[:story], fact, *extra, situation, ask, *lines[story:])
    head = d.pick(T.GREETINGS_PLAIN + T.GREETINGS_FORMAL)
    intro = self_id(d, person)
    return f"{head}\n{intro}\n{noisy(d, text)}\n\n{d.pick(T.CLOSINGS)}\n{signature(d, person)}".replace("\n\n\n", "\n\n")


def _citizen(d, case, person, place, split) -> str:
    return _plain(d, case, person, place, split)


def _long_letter(d, case, person, place, split) -> str:
    return _plain(d, case, person, place, split, story=d.number(2, 5))


def _regional(d, case, person, place, split) -> str:
    fact, ask, situation, extra = _core(d, case, place, split)
    opener = d.pick(REGIONAL)
    text = _join(opener, fact[0].lower() + fact[1:] if fact else "", *extra, situation, ask)
    return f"{d.pick(T.GREETINGS_PLAIN)}\n{noisy(d, text)}\n\n{d.pick(T.CLOSINGS)}\n{signature(d, person)}"


def _formal(d, case, person, place, split) -> str:
    fact, ask, situation, extra = _core(d, case, place, split)
    town = spoken_town(d, place) if place is not None and d.chance(0.5) else ""
    header = f"{town + ', ' if town else ''}{_letter_date(d)}\n\nSeñores\n{d.pick(T.ADDRESSEES[case['topic']])}\n"
    legal = d.pick(T.LEGAL_BASES[case["pqrs_type"]])
    text = _join(legal, d.pick(("expongo los siguientes hechos.", "paso a exponer mi caso.", "les presento lo ocurrido.")), fact, *extra, situation, "Por lo anterior:", ask)
    notif = f"Recibo notificaciones en {person['email']}" + (f" o en {person['address']}." if d.chance(0.5) else ".")
    return (f"{header}\n{d.pick(T.GREETINGS_FORMAL)}\n\n{self_id(d, person)}\n{noisy(d, text)}\n\n{notif}\n\n"
            f"{d.pick(('Atentamente,', 'Cordialmente,', 'Con todo respeto,'))}\n\n{signature(d, person)}")


def _lawyer(d, case, person, place, split) -> str:
    fact, ask, situation, extra = _core(d, case, place, split)
    hechos = [s for s in (fact, *extra, situation) if s]
    peticiones = [ask, d.pick(("Que se me informe por escrito lo actuado.", "Que se expida copia de lo actuado.",
                               "Que la respuesta se dé dentro del término legal."))]
    numbered = lambda items: "\n".join(f"{i}. {s}" for i, s in enumerate(items, 1))  # noqa: E731
    return (f"{d.pick(T.GREETINGS_FORMAL)}\n\n{person['name']}, abogado(a) en ejercicio, identificado(a) con C.C. "
            f"{person['cedula']} y T.P. {d.number(90_000, 390_000)} del C.S. de la J., "
            f"{d.pick(('actuando en nombre propio', 'en representación de mi poderdante', 'como apoderado del usuario'))}, "
            f"{d.pick(T.LEGAL_BASES[case['pqrs_type']]).rstrip(',').lower()}, presento:\n\nHECHOS\n{numbered(hechos)}\n\n"
            f"PETICIONES\n{numbered(peticiones)}\n\nFUNDAMENTOS DE DERECHO\nArtículo 23 de la Constitución Política, "
            f"Ley 1755 de 2015.\n\nNOTIFICACIONES\n{person['address']} - {person['email']}\n\n"
            f"{d.pick(('Atentamente,', 'Del señor(a) funcionario(a),'))}\n{person['name']}")


def _capitals(d, case, person, place, split) -> str:
    fact, ask, situation, extra = _core(d, case, place, split)
    text = _join(fact, extra[-1], situation, ask).upper().replace(".", d.pick((".", "!!", "!!!", " ")))
    return f"{text}\n\n{person['name']}" + (f"\n{person['phone']}" if d.chance(0.5) else "")


def _whatsapp(d, case, person, place, split) -> str:
    fact, ask, situation, extra = _core(d, case, place, split)
    text = chat(_join(d.pick(T.GREETINGS_CHAT), fact, extra[-1], situation, ask, d.pick(T.CLOSINGS_CHAT)))
    return f"{typos(d, text, d.number(0, 3))}\n{person['name']}" + (f" {person['phone']}" if d.chance(0.6) else "")


def _elder(d, case, person, place, split) -> str:
    fact, ask, situation, extra = _core(d, case, place, split)
    age = d.number(65, 92)
    intro = d.pick((f"Les escribe {person['name']}, tengo {age} años y me ayuda mi nieta con el correo.",
                    f"Mi nombre es {person['name']}, soy una persona de {age} años, cédula {person['cedula']}.",
                    f"Yo soy {person['name']}, pensionado de {age} años."))
    text = _join(fact, *extra, situation, d.pick(BACKSTORY), ask, "Les pido el favor de ayudarme, que uno ya no está para tantas vueltas.")
    return f"{d.pick(T.GREETINGS_ELDER)}\n{intro}\n{noisy(d, text)}\n\n{d.pick(('Dios me los bendiga.', 'Mil gracias y Dios les pague.', 'Agradecida,'))}\n{signature(d, person)}"


def _two_issues(d, case, person, place, split) -> str:
    fact, ask, situation, extra = _core(d, case, place, split)
    other = d.pick(tuple(t for t in T.TOPICS if t != case["topic"]))
    aside = d.pick((f"Aparte, aprovecho para sugerir que {d.pick(T.IDEAS[other])}.",
                    f"De paso les pregunto {d.pick(T.QUESTIONS[other])}, pero eso es secundario.",
                    f"Otra cosita: también me gustaría que {d.pick(T.IDEAS[other])}, aunque no es lo principal."))
    main = d.pick(("Pero lo que de verdad necesito es esto:", "Lo principal es lo siguiente.", "Ahora, lo importante:",
                   "Y lo urgente es otra cosa:"))
    text = _join(aside, main, fact, *extra, situation, ask) if d.chance(0.5) else _join(fact, *extra, situation, ask, aside)
    return f"{d.pick(T.GREETINGS_PLAIN)}\n{self_id(d, person)}\n{noisy(d, text)}\n\n{d.pick(T.CLOSINGS)}\n{signature(d, person)}"


def _forwarded(d, case, person, place, split) -> str:
    inner = _plain(d, case, person, place, split)
    note = d.pick(("Para su trámite.", "Remito por competencia, favor dar respuesta al ciudadano.",
                   "Buenas tardes, reenvío lo que me llegó al correo personal.", "FYI", "Les reenvío mi solicitud, que nadie ha contestado."))
    header = d.pick(("---------- Mensaje reenviado ----------", "---------- Forwarded message ---------", "-----Mensaje original-----"))
    return f"{note}\n\n{header}\nDe: {person['email']}\nFecha: {_date(d)} de 2026\nAsunto: {d.pick(T.SUBJECTS['other'])}\n\n{inner}"


def _quoted(d, case, person, place, split) -> str:
    body = _plain(d, case, person, place, split)
    quoted = "> Su comunicación fue recibida por el sistema. Este es un mensaje automático.\n> Ventanilla de atención"
    return f"{body}\n\nEl {_date(d)}, atencion@entidad.gov.co escribió:\n{quoted}"


def _short(d, case, person, place, split) -> str:
    fact, ask, situation, extra = _core(d, case, place, split)
    text = _join(fact, extra[-1], situation, ask)
    return f"{d.pick(T.GREETINGS_PLAIN)} {noisy(d, text)}\n{person['name']}"


def _direct(d, case, person, place, split) -> str:
    """Only the matter, as typed in a hurry: no greeting, no self-identification, often no signature;
    a reclamo may even leave its demand implicit."""
    fact, ask, situation, extra = _core(d, case, place, split)
    if case["pqrs_type"] == "reclamo" and d.chance(0.3):
        ask = ""
    parts = [fact, situation, ask]
    parts.insert(d.number(0, 3), extra[-1])
    text = noisy(d, _join(*parts))
    if d.chance(0.15):
        text = chat(text)
    return text + (f"\n{person['name']}" if d.chance(0.8) else "")


STYLE_WRITERS = {
    "ciudadano": _citizen, "formal_ley": _formal, "abogado_hechos": _lawyer, "mayusculas": _capitals,
    "whatsapp": _whatsapp, "adulto_mayor": _elder, "carta_larga": _long_letter, "dos_asuntos": _two_issues,
    "reenviado": _forwarded, "respuesta_citada": _quoted, "regional": _regional, "corto": _short,
    "directo": _direct,
}

TOPIC_SUBJECTS = {
    "servicios_publicos": ("Agua", "Factura", "Sin luz", "Servicio de energía", "Alumbrado"),
    "salud": ("EPS", "Medicamentos", "Cita médica", "Hospital"), "educacion": ("Colegio", "Cupo escolar", "PAE"),
    "movilidad": ("Vía", "Comparendo", "Tránsito", "Hueco"), "seguridad": ("Inseguridad", "Policía", "Querella"),
    "impuestos": ("Predial", "Impuestos", "Avalúo"), "ambiente": ("Árbol", "Basuras", "Quebrada", "Ruido"),
    "vivienda": ("Subsidio de vivienda", "Mi casa", "Licencia"), "tramites": ("Trámite", "SISBÉN", "Certificado"),
    "otros": ("Parque", "Información", "Alcaldía"),
}


def subject(rng: Stream, case: dict) -> str:
    """A subject that usually agrees with the type, sometimes only names the topic, and sometimes misleads."""
    d = Draws(rng)
    kind = case["pqrs_type"] if case["pqrs_type"] != "peticion" or case["subtype"] == "general" else case["subtype"]
    roll = d()
    if roll < 0.15:
        kind = d.pick((*T.PQRS_TYPES, "other"))  # misleading or empty of meaning, as real ones are
    elif roll < 0.35:
        return d.pick(TOPIC_SUBJECTS[case["topic"]])
    text = d.pick(T.SUBJECTS[kind])
    return text.upper() if d.chance(0.08) else text


def not_pqrs_email(rng: Stream, kind: str, person: dict) -> tuple[str, str]:
    """(subject, body) of mail that reaches the PQRS inbox and is no PQRS (guide §2)."""
    d = Draws(rng)
    subject_text, body = d.pick(T.NOT_PQRS[kind])
    values = {"weekday": d.pick(WEEKDAYS), "date": _date(d), "num": d.number(1000, 99999),
              "money": f"{d.number(200, 9000)}.{d.number(100, 999)}", "name": person["name"]}
    subject_text, body = subject_text.format(**values), body.format(**values)
    if d.chance(0.3) and kind not in ("prueba", "spam"):
        body = f"{d.pick(T.GREETINGS_FORMAL)}\n\n{body}\n\n{d.pick(T.CLOSINGS)}\n{person['name']}"
    return subject_text, body
