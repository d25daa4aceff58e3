"""Situation cues for the priority rule (`docs/labelling-guide.md` §4): families of word stems, not phrases.

Each family is a set of words and stems (and a few phrases) over accent-folded lower case (`baseline.normalize`) that catches a
kind of situation however it is worded: a health condition or care that is interrupted, a hazard going
on, violence or threats, a minor / older adult (an age of 60 or more, or the words for it) / person with a
disability / pregnant woman, a current harm or privation, a tutela, a legal deadline; and what does NOT
raise priority by itself: suggestions and requests for information, urgency words, insistence.

`situation_features` turns a batch of texts into a sparse 0/1 matrix (the families and the pairs the rule
combines: a protected person *and* a harm, a protected person *and* only a suggestion), which the trained
priority head reads beside the TF-IDF features, so the weight learnt for a family carries to wordings the
generator never wrote. `situation_cues` names the families found (the `priority_reason` of a prediction).
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from pqrlab.enrich.baseline import normalize

# Per family: the words (one token each; a trailing * is a stem) and the phrases (several words, or a number).
FAMILIES: dict[str, tuple[str, str]] = {
    "condicion_salud": (
        "oxigeno concentrador respirador dialisis hemodialisis insulin* quimio* radioterapia cancer tumor* leucemia "
        "marcapasos epilep* convuls* infart* derrame trombosis trasplant* vih tuberculosis renal epoc hipertens* "
        "diabet* desmay* urgencias uci oncolog* cardiac* sonda infeccion* empeor* convalec* operad* grave graves",
        r"cuidados intensivos"),
    "atencion_interrumpida": (
        "medicament* droga tratamiento* terapia* cirugia* operacion* dosis formulad* especialista examen* ambulancia",
        r"formulas? medicas?"),
    "peligro": (
        "derrumb* desliza* inund* desbord* crecient* avalancha socavon* incendi* fuego llamas gas chispa* "
        "cortocircuito grieta* agrietad* inclinad* colaps* brote* epidemi* dengue hepatitis chikun* zika malaria "
        "paludismo colera diarrea* intoxic* envenen* rabia mordi* venenos* serpiente culebra contaminad* explosi* "
        "peligro* riesgo toxic* humareda tragedia desgracia cediendo hundi* hundimiento*",
        r"a punto de (?:caer|desplom|colaps)|se (?:esta|estan|va|van) (?:a )?(?:caer|cayendo|hundi|venir|vinien|agriet"
        r"|desbord|ladea|inclin)|cables? (?:\w+ ){0,2}(?:caid|colgando|suelt|pelad)|alta tension|aguas negras"
        r"|(?:alcantarilla|tapa|hueco|pozo|zanja)\w* (?:\w+ ){0,2}(?:destapad|abiert|sin tapa|hond)"
        r"|(?:quebrada|rio|cano|arroyo) (?:\w+ )?crecid|quema\w* (?:de )?basura|sin (?:ningun )?cerramiento"
        r"|(?:estructura|viga|columna|muro|pared|techo|puente|baranda|placa)\w* (?:\w+ ){0,3}(?:partid|caid|rajad"
        r"|se cayo|se vino)"),
    "violencia": (
        "amenaz* extorsi* vacuna panfleto* armado armada armados armadas disparo* balacera* bala balas golpe* "
        "violencia viola* abusaron abusando abusador* desplazad* secuestr* asesin* muerte muerto muerta muertos mataron matar miedo",
        r"abus\w* sexual|abuso (?:de|a|contra) (?:\w+ )?(?:nin|menor|hij|muchach|estudiant|alumn)|grupos? armados?|temo por|\b(?:le|la|lo|me|nos|les) peg(?:a|an|o|aron|ue)\b|maltrato fisico"),
    "menor": (
        "nino ninos nina ninas ninito ninitos ninita ninitas menor menores bebe bebes estudiante estudiantes alumno "
        "alumnos alumna alumnas escolar escolares adolescente adolescentes infan* guarderia pae refrigerio",
        r"recien nacid|hij[oa]s? de \d{1,2} (?:anos|meses)|jardin infantil"),
    "adulto_mayor": (
        "anciano anciana ancianos ancianas abuel* viejito viejita viejitos viejitas geriatric*",
        r"\b(?:[6-9]\d|1[01]\d) *(?:anos|anitos)\b|adult[oa]s? mayor|tercera edad|colombia mayor|persona mayor"
        r"|senora? mayor"),
    "discapacidad": (
        "discapacidad* discapacitad* invident* ciego ciega sordo sorda sordos sordomudo sordomuda autis* paralisis "
        "amputad* muletas caminador postrado postrada",
        r"silla de ruedas|sindrome de down|en cama|limitacion fisica"),
    "embarazo": ("embaraz* gestante* gestacion prenatal parto lactan*", r"dar a luz|recien parida"),
    "dano_actual": (
        "nego negaron negado negada maltrat* grit* humill* insult* groser* burl* hambre enferm* sufr* perjudic* "
        "afectad* esperando caminar mojando cayo cerrado cerrada suspendi* cortaron empuj*",
        r"\bsin (?:agua|luz|energia|servicio|clases?|profesor|docente|cupo|comida|almuerzo|alimento|transporte"
        r"|medicamento|atencion|pago|subsidio|bono)|\bno (?:me |le |les |nos )?(?:ha|han) (?:llegado|pagado|entregado"
        r"|dado|atendido)|\bno (?:recibe|reciben|llega|llegan|pasa|vino|viene)\b|\btrat\w* mal\b"
        r"|\blleva\w* \w+ (?:dias|semanas|meses)"),
    "tutela": ("tutela* desacato amparo", ""),
    "plazo_legal": (
        "vence* vencimiento audiencia embargo* embarga* remate coactivo coactiva desalojo lanzamiento "
        "prescri* inscripciones juzgado demanda recurso caducidad cierran",
        r"fecha limite|(?:terminos?|plazos?|convocatoria|inscripcion\w*) (?:\w+ ){0,4}?(?:vencid|vencen?\b|se (?:vence|vencio|vencieron|cumple|acaba|cierra)|cierra"
        r"|termina\w* (?:hoy|manana)|es (?:hoy|manana|el proximo|la otra|este|esta))"
        r"|(?:vencid\w*|se (?:vencio|vencieron)) (?:\w+ ){0,2}(?:terminos?|plazos?)|ultimo dia|se cierra|se cumple (?:manana|hoy|el)"
        r"|(?:cierra|cierran|vence|vencen|se acaba|termina)n? (?:\w+ ){0,2}(?:manana|hoy|pasado manana)\b"
        r"|pierd\w* (?:el|la|mi) (?:proceso|cupo|convocatoria|oportunidad|beneficio|tramite|semestre|matricula|beca)"),
    "sugerencia_consulta": (
        "sugier* sugerencia sugerir propon* propuesta informacion pregunt* consult* felicit* copia certificad* "
        "constancia duda idea",
        r"seria bueno|me gustaria|quisiera saber|paz y salvo"),
    "mejora": (
        "deberian podrian ojala instal* constru* ampli* habilit* implement* mejor* nuevo nueva nuevos nuevas adecu* "
        "pavimen* jornada* apoyo program* festival evento*",
        r"seria (?:bueno|bacano|ideal|util)"),
    "pregunta": ("? puedo cuanto cual cuales donde requisitos", r"se puede|como (?:hago|pido|saco|solicito)"),
    "consecuencia": (
        "depende empleo contrato credito banco viaje pension vender escritura* matricula* licencia",
        r"lo necesito para|sin (?:eso|este|ese|esa|esta) \w* ?no|me (?:piden|exigen)"),
    "urgencia_palabra": ("urgent* urgencia inmediat* prioridad pronto !!", r"ya mismo"),
    "insistencia": (
        "nuevamente insist* radicado",
        r"segunda vez|tercera vez|otra vez|de nuevo|ya (?:lo )?habia|varias veces|sin respuesta"
        r"|no (?:me )?han respondido"),
}
_TOKEN = re.compile(r"[a-z0-9]+|\?|!!")
# a risk said not to be there ("no representa peligro", "nada grave", "sin riesgo") is no cue
_NEGATED_RISK = re.compile(r"\b(?:no|nada|ningun\w*|sin)\b(?: \w+){0,2}? (?:graves?|peligro\w*|riesgos?|heridos?)\b")


def _word_pattern(words: str) -> re.Pattern:
    parts = (re.escape(w[:-1]) + r"[a-z0-9]*" if w.endswith("*") else re.escape(w) for w in words.split())
    return re.compile("|".join(parts))


_WORDS = {name: _word_pattern(words) for name, (words, _) in FAMILIES.items()}
_PHRASES = {name: re.compile(phrases) for name, (_, phrases) in FAMILIES.items() if phrases}
PROTECTED = ("menor", "adulto_mayor", "discapacidad", "embarazo")
PAIRS = (("protegido", "dano_actual"), ("protegido", "sugerencia_consulta"), ("condicion_salud", "dano_actual"),
         ("condicion_salud", "atencion_interrumpida"), ("peligro", "dano_actual"), ("protegido", "peligro"),
         ("urgencia_palabra", "sugerencia_consulta"), ("protegido", "mejora"), ("protegido", "pregunta"))
NOT_RAISING = ("sugerencia_consulta", "mejora", "pregunta", "consecuencia", "urgencia_palabra", "insistencia")
FEATURE_NAMES = (*FAMILIES, "protegido", *(f"{a}+{b}" for a, b in PAIRS))


@lru_cache(maxsize=200_000)
def _token_families(token: str) -> frozenset[str]:
    """The families one word belongs to (cached: a mailbox repeats its vocabulary)."""
    return frozenset(name for name, pattern in _WORDS.items() if pattern.fullmatch(token))


def situation_cues(text: str) -> dict[str, bool]:
    """Which cue families (and pairs) a text shows, over its accent-folded lower case."""
    folded = _NEGATED_RISK.sub(" ", normalize(text))
    hits: set[str] = set()
    for token in set(_TOKEN.findall(folded)):
        hits |= _token_families(token)
    hits |= {name for name, pattern in _PHRASES.items() if name not in hits and pattern.search(folded)}
    found = {name: name in hits for name in FAMILIES}
    found["protegido"] = any(found[name] for name in PROTECTED)
    found.update({f"{a}+{b}": found[a] and found[b] for a, b in PAIRS})
    return found


def situation_features(texts: list[str], weight: float = 0.5, names: tuple[str, ...] = (),
                       cues: list[dict[str, bool]] | None = None):
    """A sparse (texts × names) matrix, FEATURE_NAMES by default (a model keeps the names it was trained
    with, so families added later do not change its inputs): `weight` where a family or pair is present.
    `cues` are the texts' `situation_cues` when the caller has them already (they are the costly part)."""
    from scipy import sparse

    names = tuple(names) or FEATURE_NAMES
    unknown = set(names) - set(FEATURE_NAMES)
    if unknown:
        raise ValueError(f"unknown situation features: {sorted(unknown)}")
    cues = cues if cues is not None else [situation_cues(text) for text in texts]
    rows = np.array([[found[name] for name in names] for found in cues], dtype=np.float32)
    return sparse.csr_matrix(rows.reshape(len(texts), len(names)) * weight)


_PENDING = re.compile(
    r"\b(?:lo necesito para|sin (?:eso|este|ese|esa|esta)(?: \w+)? no|depende|me (?:lo )?(?:piden|exigen) para"
    r"|(?:segunda|tercera|cuarta) vez|otra vez|nuevamente|de nuevo|ya (?:lo )?habia|varias veces|sin respuesta"
    r"|no (?:me )?han respondido|no me (?:desembolsan|contratan|pagan)|parado|detenido|retenid\w*"
    r"|me (?:lo |la )?exigen?|(?:van|vana) a (?:exigir|pedir)|no me (?:ha|han) dejado|me (?:suspendi\w*|retiene\w*)"
    r"|hasta que (?:lo|la) presente|ya tiene fecha|nadie (?:me )?(?:ha|han) (?:contestado|respondido)|sin ese papel"
    r"|(?:toca|tocaria|tendria que|tengo que|toco) aplazar)\b")


def pending_cue(text: str) -> bool:
    """Whether a text says something depends on the answer or insists again (what makes a petition media):
    narrower than the `consecuencia` family, whose words (banco, licencia…) also come with no consequence."""
    return bool(_PENDING.search(normalize(text)))


RAISING_WITHOUT_HARM = ("condicion_salud", "atencion_interrumpida", "peligro", "violencia", "tutela", "plazo_legal")


def risk_cue(text: str, found: dict[str, bool] | None = None) -> bool:
    """Whether a text shows a situation that makes any PQRS alta, whatever is at stake (guide §4 rules 1, 3,
    4: a risk to life or health, a tutela, a deadline); a protected person alone does not: for a petition or
    a suggestion (no harm suffered) that is baja or media (`priority.priority_for`). `found`: the text's
    `situation_cues`, when the caller has them."""
    found = found if found is not None else situation_cues(text)
    return any(found[name] for name in RAISING_WITHOUT_HARM)


def cue_reason(text: str) -> str:
    """The situation families found, for a prediction's `priority_reason` ('' when none)."""
    found = situation_cues(text)
    return ", ".join(name for name in (*FAMILIES,) if found[name] and name not in NOT_RAISING)
