"""The generator's language: labels by the guide's rules, coverage, diversity, no copy of the eval set."""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter

import numpy as np
import pytest

from pqrlab.channel import language as L
from pqrlab.channel import templates as T
from pqrlab.channel.generator import ChannelConfig, draw_case, mail_for_days
from pqrlab.channel.places import divipola
from pqrlab.channel.priority import SITUATIONS, STAKES, priority_for
from pqrlab.enrich.baseline import normalize
from pqrlab.enrich.handwritten import load_records

CFG = ChannelConfig(seed=21, run_id="language", events=9000, start=dt.date(2026, 3, 2), days=8, defect_rate=0.0)
PERSON = {"name": "Ana Pérez", "cedula": "52.123.456", "phone": "310 555 1234", "email": "ana.perez@gmail.com",
          "address": "Calle 10 # 4-20"}


@pytest.fixture(scope="module")
def emails() -> list[tuple[dict, dict]]:
    """(first message, truth) of every thread in a small run."""
    mail = mail_for_days(CFG, CFG.window)
    firsts = {}
    for day in mail.values():
        for line in day.lines:
            event = json.loads(line)
            if event["kind"] == "initial":
                firsts[event["thread_id"]] = event
    return [(firsts[t["ticket_id"]], t) for day in mail.values() for t in day.truths if t["ticket_id"] in firsts]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-zñ0-9]+", normalize(text))


def _shingles(text: str, n: int) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_same_rng_same_text_and_other_rng_other_text():
    case = draw_case(np.random.default_rng(3))
    place = {"municipality": "San José de Cúcuta", "department": "Norte de Santander"}
    a = L.compose(np.random.default_rng(9), case, PERSON, place)
    assert a == L.compose(np.random.default_rng(9), case, PERSON, place)
    assert len({L.compose(np.random.default_rng(s), case, PERSON, place)[1] for s in range(40)}) >= 38


def test_priority_rule_follows_the_situation_not_the_phrases():
    assert priority_for("riesgo_vida", "dano") == priority_for("tutela", "ninguno") == "alta"
    assert priority_for("plazo_legal", "pendiente") == "alta"
    assert priority_for("especial_proteccion", "dano") == "alta"  # the 88-year-old who was shouted at
    assert priority_for("especial_proteccion", "ninguno") == "baja"  # "soy adulto mayor… les sugiero"
    assert priority_for("especial_proteccion", "pendiente") == "media"
    assert priority_for("ninguna", "dano") == "media" and priority_for("ninguna", "pendiente") == "media"
    assert priority_for("ninguna", "ninguno") == "baja"
    with pytest.raises(ValueError):
        priority_for("urgente", "dano")


def test_every_label_situation_style_and_non_pqrs_kind_is_produced(emails):
    truths = [t for _, t in emails]
    pqrs = [t for t in truths if t["is_pqrs"]]
    assert {t["pqrs_type"] for t in pqrs} == set(T.PQRS_TYPES)
    assert {t["subtype"] for t in pqrs if t["pqrs_type"] == "peticion"} == set(T.PETITION_SUBTYPES)
    assert {t["topic"] for t in pqrs} == set(T.TOPICS)
    assert {t["priority"] for t in pqrs} == set(T.PRIORITIES)
    assert {t["situation"] for t in pqrs} == set(SITUATIONS)
    assert {t["stake"] for t in pqrs} == set(STAKES)
    assert {t["category"] for t in truths if not t["is_pqrs"]} == set(T.NOT_PQRS_KINDS)
    case = {"pqrs_type": "peticion", "subtype": "consulta", "topic": "salud", "stake": "ninguno", "situation": "ninguna"}
    styles = {L.compose(np.random.default_rng(s), case, PERSON, None)[0] for s in range(600)}
    assert styles == set(L.STYLES)


def test_labels_follow_the_rule_function_and_the_type_meaning(emails):
    for _, truth in emails:
        if truth["is_pqrs"]:
            assert truth["priority"] == priority_for(truth["situation"], truth["stake"])
            assert (truth["stake"] == "dano") == (truth["pqrs_type"] in ("queja", "reclamo"))
    shares = Counter(t["priority"] for _, t in emails if t["is_pqrs"])
    total = sum(shares.values())
    print({k: round(v / total, 3) for k, v in shares.items()})
    assert all(0.1 < v / total < 0.6 for v in shares.values())


def test_no_matter_a_reclamo_names_is_a_servant():
    """A reclamo composes a matter with a failure (`MATTER_FAILURES`): a matter that is a person would
    make it a queja's wording under a reclamo's label."""
    servants = {normalize(s) for options in T.SERVANTS.values() for s in options}
    named = [(m, s) for options in T.MATTERS.values() for m in options for s in servants if s in normalize(m)]
    assert named == []


def test_quejas_speak_of_a_servant_and_service_failures_are_reclamos(emails):
    servants = {normalize(s) for options in T.SERVANTS.values() for s in options}
    failures = {normalize(f.lstrip("*")) for options in T.FAILURES.values() for f in options}
    for message, truth in emails:
        if not truth["is_pqrs"] or truth["pqrs_type"] not in ("queja", "reclamo") or "\n> " in message["body"]:
            continue
        body = normalize(message["body"])
        if truth["pqrs_type"] == "queja":
            assert not any(f in body for f in failures), message["body"]
        else:
            assert not any(s in body for s in servants), message["body"]


def test_minor_affecting_failures_only_in_cases_with_a_protected_person(emails):
    marked = [normalize(f[1:]) for options in T.FAILURES.values() for f in options if f.startswith("*")]
    seen = 0
    for message, truth in emails:
        if truth["is_pqrs"] and any(m in normalize(message["body"]) for m in marked):
            assert truth["situation"] == "especial_proteccion" and truth["priority"] == "alta"
            seen += 1
    # they are rare in a small run (one topic, one situation): draw the failures of such cases directly
    case = {"pqrs_type": "reclamo", "subtype": "general", "topic": "educacion", "stake": "dano",
            "situation": "especial_proteccion"}
    drawn = [L.slot_values(L.Draws(np.random.default_rng(s)), case)["failure"] for s in range(300)]
    assert seen + sum(normalize(f) in marked for f in drawn) > 20
    ordinary = {**case, "situation": "ninguna"}
    assert not any(normalize(L.slot_values(L.Draws(np.random.default_rng(s)), ordinary)["failure"]) in marked
                   for s in range(300))


def test_protected_people_mentioned_without_harm_stay_baja(emails):
    decoys = ("adulto mayor", "anos y me gusta participar", "mi nieto me ayudo", "soy pensionado", "urgente")
    low = [m for m, t in emails if t["is_pqrs"] and t["priority"] == "baja"
           and any(d in normalize(m["body"]) for d in decoys)]
    assert len(low) >= 20


def test_named_municipality_is_written_and_unnamed_has_no_code(emails):
    names = divipola().set_index("municipality_code")["municipality"]
    aliases = {official: forms for official, forms in L.COLLOQUIAL.items()}
    named = written = unnamed = 0
    for message, truth in emails:
        if not truth["is_pqrs"]:
            continue
        if truth["municipality_mentioned"]:
            official = names[truth["municipality_code"]]
            forms = (official, *aliases.get(official, ()))
            written += any(normalize(f) in normalize(message["body"]) for f in forms)
            named += 1
        else:
            assert truth["municipality_code"] is None and truth["department_code"] is None
            unnamed += 1
    assert named > 5 * unnamed > 0
    assert written >= 0.95 * named  # the rest carry a typo in the name, as real mail does


def test_personal_data_survives_noise_for_masking(emails):
    pqrs = [(m, t) for m, t in emails if t["is_pqrs"]]
    found = sum(t["pii"]["name"] in m["body"] for m, t in pqrs)
    assert found >= 0.97 * len(pqrs)


def test_no_8_word_shingle_shared_with_the_handwritten_set(emails):
    handwritten = set()
    for record in load_records():
        handwritten |= _shingles(record["subject"] + "\n" + record["body"], 8)
    shared = Counter()
    for message, _ in emails:
        for shingle in _shingles(message["subject"] + "\n" + message["body"], 8) & handwritten:
            shared[" ".join(shingle)] += 1
    assert not shared, shared.most_common(10)


def _without_pii(body: str, pii: dict) -> str:
    for value in (*pii.values(), *pii["name"].split()):
        body = body.replace(value, " ")
    return re.sub(r"[0-9]", " ", body)


def test_diversity_of_bodies_and_three_grams(emails):
    """Personal data removed, so only the language counts. Measured on this run (seed 21, 9,000 events):
    36,026 distinct 3-grams over 4,078 PQRS bodies; generator 1.0.0 gave 12,511 on the same config."""
    bodies = [_without_pii(m["body"], t["pii"]) for m, t in emails if t["is_pqrs"]]
    trigrams = set()
    for body in bodies:
        words = _words(body)
        trigrams |= {tuple(words[i:i + 3]) for i in range(len(words) - 2)}
    distinct_share = len(set(bodies)) / len(bodies)
    print(f"{len(bodies)} PQRS bodies, {distinct_share:.3f} distinct without PII, {len(trigrams)} distinct 3-grams")
    assert distinct_share > 0.98
    assert len(trigrams) > 25_000


def test_each_situation_is_worded_so_its_cue_family_shows(emails):
    """The composed situation sentences carry their situation: the cue families of the priority rule
    (pqrlab.enrich.situation) fire on most e-mails of each situation, and on few e-mails without one."""
    from pqrlab.enrich.situation import situation_cues

    families = {"riesgo_vida": ("condicion_salud", "peligro", "violencia", "atencion_interrumpida"),
                "especial_proteccion": ("protegido",), "tutela": ("tutela",), "plazo_legal": ("plazo_legal",)}
    shown, totals = Counter(), Counter()
    for message, truth in emails:
        if truth["is_pqrs"] and truth["situation"] in families:
            found = situation_cues(message["body"])
            totals[truth["situation"]] += 1
            shown[truth["situation"]] += any(found[f] for f in families[truth["situation"]])
    print({s: f"{shown[s]}/{totals[s]}" for s in totals})
    assert set(totals) == set(families)
    assert all(shown[s] / totals[s] > 0.85 for s in totals)
    assert shown["tutela"] >= 0.97 * totals["tutela"]  # the rest carry a typo in the word, as real mail does


def test_composed_situations_are_varied(emails):
    """Many independent wordings per situation: distinct sentences that name a health condition or a hazard."""
    health = [normalize(c) for c in T.HEALTH_CONDITION] + [normalize(h) for h in T.HAZARDS + T.QUEJA_HAZARDS]
    harms = [normalize(h.split("{")[0]) for options in T.PROTECTED_HARM.values() for h in options]
    seen_health, seen_harm = set(), set()
    for pqrs_type in ("peticion", "queja", "reclamo"):  # each type draws its own risks (a queja's: a threat)
        case = {"pqrs_type": pqrs_type, "subtype": "general", "topic": "ambiente", "stake": "dano",
                "situation": "riesgo_vida"}
        for seed in range(300):
            text = normalize(L._risk_text(L.Draws(np.random.default_rng(seed)), case))
            seen_health |= {h for h in health if h in text}
    for message, truth in emails:
        body = normalize(message["body"])
        if truth["is_pqrs"] and truth["situation"] == "especial_proteccion":
            seen_harm |= {h for h in harms if h in body}
    print(len(seen_health), len(health), len(seen_harm), len(harms))
    assert len(seen_health) > 0.6 * len(health) and len(seen_harm) > 0.6 * len(harms)


def test_mentions_and_urgency_words_never_make_a_situation(emails):
    """A protected person merely mentioned (MENTION_FRAMES) or urgency words (URGENCY_DECOYS) come only with a
    case whose label does not depend on them: no especial_proteccion, and the rule's priority."""
    mentions = [normalize(f.split("{who}")[-1].strip(" ,")) for f in T.MENTION_FRAMES]
    urgent = [normalize(u) for u in T.URGENCY_DECOYS]
    low = 0
    for message, truth in emails:
        body = normalize(message["body"])
        if not truth["is_pqrs"] or "\n> " in message["body"]:
            continue
        if any(m in body for m in mentions if len(m) > 12):
            assert truth["situation"] != "especial_proteccion" and truth["stake"] == "ninguno", message["body"]
            low += truth["priority"] == "baja"
        if any(u in body for u in urgent):
            assert truth["situation"] in ("ninguna", "riesgo_vida", "tutela", "plazo_legal"), message["body"]
    assert low >= 20


def test_every_topic_is_named_in_many_ways_and_no_name_belongs_to_two_topics():
    for table in (T.MATTERS, T.NEEDS, T.SERVANTS, T.FAILURES, T.ACTIONS, T.DOCUMENTS, T.QUESTIONS, T.IDEAS):
        assert set(table) == set(T.TOPICS)
    assert all(len(T.MATTERS[t]) >= 20 for t in T.TOPICS)
    owners = Counter(m for t in T.TOPICS for m in {normalize(x) for x in T.MATTERS[t]})
    assert [m for m, n in owners.items() if n > 1] == []


def test_petition_actions_ask_for_something_new_never_a_repair():
    repairs = re.compile(r"\b(arregl|repar|restablec)\w*|\bcambiar el poste")
    assert [a for options in T.ACTIONS.values() for a in options if repairs.search(normalize(a))] == []


def test_needs_are_motives_for_something_new_never_a_failure_or_a_servant():
    failures = [normalize(f.lstrip("*")) for options in T.FAILURES.values() for f in options]
    servants = [normalize(s) for options in T.SERVANTS.values() for s in options]
    for topic, needs in T.NEEDS.items():
        for need in map(normalize, needs):
            assert not any(f in need or need in f for f in failures), need
            assert not any(s in need for s in servants), need


def test_reclamos_compose_things_of_their_topic_and_petitions_at_risk_name_no_failing_service():
    case = {"pqrs_type": "reclamo", "subtype": "general", "topic": "movilidad", "stake": "dano", "situation": "ninguna"}
    slots = [L.slot_values(L.Draws(np.random.default_rng(s)), case) for s in range(300)]
    values = [v["failure"] for v in slots if not v["refund"]]
    fixed = {f.lstrip("*") for f in T.FAILURES["movilidad"]}
    composed = [v for v in values if v not in fixed]
    assert all(any(m in v for m in T.MATTERS["movilidad"] + T.FACILITIES["movilidad"]) for v in composed)
    assert 0.2 < len(composed) / len(values) < 0.4 and len(set(values)) > 60
    assert not any(" de el " in v for v in values)
    petition = {**case, "pqrs_type": "peticion", "stake": "ninguno", "situation": "riesgo_vida"}
    failing = [normalize(t) for t in T.SITUATIONS_TEXT["riesgo_vida"]["servicios_publicos"]]
    for topic in T.PETITION_RISKS:
        for s in range(80):
            text = normalize(L.situation_sentence(L.Draws(np.random.default_rng(s)), {**petition, "topic": topic}))
            assert not any(f in text for f in failing), text


def test_some_reclamos_ask_for_a_payment_back_and_only_reclamos():
    case = {"pqrs_type": "reclamo", "subtype": "general", "topic": "impuestos", "stake": "dano", "situation": "ninguna"}
    slots = [L.slot_values(L.Draws(np.random.default_rng(s)), case) for s in range(600)]
    refunds = [v["failure"] for v in slots if v["refund"]]
    assert 0.07 < len(refunds) / len(slots) < 0.17  # REFUND_SHARE
    assert all(any(paid in r for paid in T.PAID_FOR["impuestos"]) for r in refunds), refunds[:3]
    for pqrs_type, subtype in (("peticion", "general"), ("queja", "general"), ("sugerencia", "general")):
        other = {**case, "pqrs_type": pqrs_type, "subtype": subtype}
        assert not any(L.slot_values(L.Draws(np.random.default_rng(s)), other)["refund"] for s in range(300))
    asks = [L.request(L.Draws(np.random.default_rng(s)), case, v, None) for s, v in enumerate(slots) if v["refund"]]
    assert sum(any(r in a for r in T.REFUND_REQUESTS) for a in asks) > len(asks) / 3


def test_a_petitions_hazard_is_never_a_failing_facility():
    case = {"pqrs_type": "peticion", "subtype": "general", "topic": "ambiente", "stake": "ninguno", "situation": "riesgo_vida"}
    assert T.FACILITY_HAZARDS <= set(T.HAZARDS)  # the list names HAZARDS' own strings: a reworded one must follow
    texts = [L._risk_text(L.Draws(np.random.default_rng(s)), case) for s in range(600)]
    assert not any(f in t for t in texts for f in T.FACILITY_HAZARDS)
    assert any(h in t for t in texts for h in T.PETITION_HAZARDS)
    reclamo = {**case, "pqrs_type": "reclamo", "subtype": "general", "stake": "dano"}
    reclamo_texts = [L._risk_text(L.Draws(np.random.default_rng(s)), reclamo) for s in range(600)]
    assert any(f in t for t in reclamo_texts for f in T.FACILITY_HAZARDS)
    # and a reclamo's hazard is the failing facility: a swarm, a leaning tree, a threat ask for an action (petición)
    assert not any(h in t for t in reclamo_texts for h in T.PETITION_HAZARDS)


def test_the_direct_style_has_no_greeting_and_often_no_demand():
    case = {"pqrs_type": "reclamo", "subtype": "general", "topic": "salud", "stake": "dano", "situation": "ninguna"}
    bodies = [L._direct(L.Draws(np.random.default_rng(s)), case, PERSON, None, None) for s in range(200)]
    greetings = {normalize(g).rstrip(",.:") for g in T.GREETINGS}
    assert not any(normalize(b).startswith(g) for b in bodies for g in greetings if len(g) > 6)
    assert sum(PERSON["name"] in b for b in bodies) > 120


def test_sugerencias_told_with_a_complaints_words_are_sugerencias_and_baja(emails):
    """A proposal after a vent ("me da rabia que…", "no es posible que…") and a disclaimer that nothing
    is owed to the writer: the vent comes only in sugerencias, always baja (guide §1, §4)."""
    grievances = [normalize(g) for options in T.GRIEVANCES.values() for g in options]
    vented = Counter()
    for message, truth in emails:
        body = normalize(message["body"])
        if truth["is_pqrs"] and any(g in body for g in grievances):
            vented[truth["pqrs_type"], truth["priority"]] += 1
    print(vented)
    assert set(vented) == {("sugerencia", "baja")} and vented["sugerencia", "baja"] >= 40
    case = {"pqrs_type": "sugerencia", "subtype": "general", "topic": "salud", "stake": "ninguno", "situation": "ninguna"}
    facts = [L.facts(L.Draws(np.random.default_rng(s)), case, {}) for s in range(400)]
    vents = [f for f in facts if any(g in normalize(f) for g in grievances)]
    assert 0.3 < len(vents) / len(facts) < 0.6 and len(set(vents)) > 60


def test_grievances_are_inconveniences_seen_never_a_failure_or_a_servant():
    failures = [normalize(f.lstrip("*")) for options in T.FAILURES.values() for f in options]
    servants = [normalize(s) for options in T.SERVANTS.values() for s in options]
    assert set(T.GRIEVANCES) == set(T.TOPICS)
    for grievance in (normalize(g) for options in T.GRIEVANCES.values() for g in options):
        assert not any(f in grievance for f in failures), grievance
        assert not any(s in grievance for s in servants), grievance


def test_a_public_work_that_broke_is_a_reclamos_matter_never_a_petitions():
    """A facility the entity built that broke (culvert, sewer, retaining wall: FACILITIES × FACILITY_DAMAGES)
    is a repair to demand, a reclamo (guide §1, infraestructura); a petition's risk names none of them."""
    facilities = [normalize(f) for options in T.FACILITIES.values() for f in options]
    case = {"pqrs_type": "reclamo", "subtype": "general", "topic": "movilidad", "stake": "dano", "situation": "ninguna"}
    failures = [L.slot_values(L.Draws(np.random.default_rng(s)), case)["failure"] for s in range(400)]
    broken = [f for f in failures if any(x in normalize(f) for x in facilities)]
    assert 0.08 < len(broken) / len(failures) < 0.25 and len(set(broken)) > 30
    assert all(any(d in f for d in T.FACILITY_DAMAGES) for f in broken)
    petition = {**case, "pqrs_type": "peticion", "stake": "ninguno", "situation": "riesgo_vida"}
    for topic in T.FACILITIES:
        for s in range(60):
            d = L.Draws(np.random.default_rng(s))
            case_t = {**petition, "topic": topic}
            text = normalize(L.facts(d, case_t, L.slot_values(d, case_t)) + L.situation_sentence(d, case_t))
            assert not any(x in text for x in facilities), text


def test_a_quejas_risk_is_the_servants_threat_or_violence():
    """A queja at risk (guide §4 rule 1) tells the servant's threat or violence against the writer, never a
    hazard around (a cable, a flood: a reclamo's or petition's matter); other types never tell such a threat."""
    case = {"pqrs_type": "queja", "subtype": "general", "topic": "movilidad", "stake": "dano", "situation": "riesgo_vida"}
    texts = [L._risk_text(L.Draws(np.random.default_rng(s)), case) for s in range(600)]
    assert sum(any(q in t for q in T.QUEJA_HAZARDS) for t in texts) > 100
    assert not any(h in t for t in texts for h in T.HAZARDS)
    for other in ("reclamo", "peticion"):
        drawn = [L._risk_text(L.Draws(np.random.default_rng(s)), {**case, "pqrs_type": other}) for s in range(600)]
        assert not any(q in t for t in drawn for q in T.QUEJA_HAZARDS)
    assert priority_for("riesgo_vida", "dano") == "alta"
