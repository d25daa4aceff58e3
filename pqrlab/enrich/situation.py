"""Situation cues for the priority rule (`docs/labelling-guide.md` §4): families of word stems, not phrases.

Each family is one regular expression over accent-folded lower case (`baseline.normalize`) that catches a
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

import numpy as np

from pqrlab.enrich.baseline import normalize

_AGE_60_PLUS = r"\b(?:[6-9]\d|1[01]\d)\s*(?:anos|anitos)\b"
FAMILIES: dict[str, str] = {
    "condicion_salud": (
        r"\b(?:oxigeno|concentrador|respirador|dialisis|hemodialisis|insulin\w*|quimio\w*|radioterapia|cancer|tumor\w*"
        r"|leucemia|marcapasos|epilep\w*|convuls\w*|infart\w*|derrame|trombosis|trasplant\w*|vih|tuberculosis|renal"
        r"|epoc|hipertens\w*|diabet\w*|desmay\w*|urgencias|uci|cuidados intensivos|oncolog\w*|cardiac\w*|sonda)\b"),
    "atencion_interrumpida": (
        r"\b(?:medicament\w*|droga|tratamiento\w*|terapia\w*|cirugia\w*|operaci\w*|dosis|formula\w*|especialista"
        r"|examen\w*|cita\w* medica\w*|ambulancia)\b"),
    "peligro": (
        r"(?:a punto de (?:caer\w*|desplomar\w*|colapsar)|se (?:esta|estan|va|van) (?:a )?(?:caer|cayendo|hundi\w*|venir\w*|vinien\w*"
        r"|agriet\w*|desbord\w*|ladea\w*|inclin\w*)|derrumb\w*|desliza\w*|inund\w*|desbord\w*|crecient\w*|avalancha"
        r"|socavon\w*|incendi\w*|fuego|llamas|\bgas\b|cables? (?:\w+ )?(?:caid\w*|colgando|suelt\w*|pelad\w*)|alta tension|chispa\w*"
        r"|cortocircuito|grieta\w*|agrietad\w*|inclinad\w*|colaps\w*|brote\w*|epidemi\w*|dengue|hepatitis|chikun\w*|zika"
        r"|malaria|paludismo|colera|diarrea\w*|intoxic\w*|envenen\w*|rabia|mordi\w*|venenos\w*|serpiente|culebra"
        r"|contaminad\w*|aguas negras|explosi\w*|peligro\w*|riesgo)"),
    "violencia": (
        r"\b(?:amenaz\w*|extorsi\w*|vacuna|panfleto\w*|grupos? armados?|armad[oa]s?|disparo\w*|balacera\w*|bala\w*"
        r"|golpe\w*|violencia|viola\w*|abus\w*|desplazad\w*|secuestr\w*|asesin\w*|muerte|muert[oa]s?|mataron|matar"
        r"|temo por|miedo|(?:le|la|lo|me|nos|les) peg(?:a|an|o|aron|ue)|maltrato fisico)\b"),
    "menor": (
        r"\b(?:nin[oa]s?|ninit[oa]s?|menor(?:es)?|bebes?|recien nacid[oa]s?|estudiantes?|alumn[oa]s?|escolar(?:es)?"
        r"|adolescentes?|muchach[oa]s del colegio|hij[oa]s? de \d{1,2} (?:anos|meses)|infan\w*|jardin infantil"
        r"|guarderia|pae|refrigerio)\b"),
    "adulto_mayor": (
        _AGE_60_PLUS + r"|\b(?:adult[oa]s? mayor(?:es)?|ancian[oa]s?|abuel\w*|viejit[oa]s?|tercera edad|colombia mayor"
        r"|geriatric\w*|persona mayor|senor(?:a)? mayor|vieja|viejo)\b"),
    "discapacidad": (
        r"\b(?:discapacidad\w*|discapacitad[oa]s?|silla de ruedas|invident\w*|ciego|ciega|sord[oa]s?|sordomud[oa]"
        r"|autis\w*|sindrome de down|paralisis|amputad[oa]|muletas|caminador|postrad[oa]|en cama|limitacion fisica)\b"),
    "embarazo": r"\b(?:embaraz\w*|gestante\w*|gestacion|prenatal|dar a luz|parto|lactan\w*|recien parida)\b",
    "dano_actual": (
        r"\b(?:sin (?:agua|luz|energia|servicio|clases?|profesor\w*|docente\w*|cupo|comida|almuerzo|alimentos?"
        r"|transporte|medicamentos?|atencion|pago|subsidio|bono)|no (?:me |le |les |nos )?(?:ha|han) (?:llegado|pagado"
        r"|entregado|dado|atendido)|no (?:recibe|reciben|llega|llegan|pasa|vino|viene)|nego|negaron|negad[oa]"
        r"|maltrat\w*|grit\w*|humill\w*|insult\w*|trat\w* mal|groser\w*|burl\w*|hambre|enferm\w*|sufr\w*|perjudic\w*"
        r"|afectad\w*|esperando|caminar|mojando|cayo|cerrad[oa]|suspendi\w*|cortaron|lleva\w* \w+ (?:dias|semanas|meses))\b"),
    "tutela": r"\b(?:tutela\w*|desacato|amparo)\b",
    "plazo_legal": (
        r"\b(?:vence\w*|vencimiento|vencid[oa]|audiencia|embargo\w*|embarga\w*|remate|coactiv[oa]|desalojo|lanzamiento"
        r"|fecha limite|plazo|terminos? (?:legal|de ley)|prescri\w*|inscripciones|juzgado|demanda|recurso|caducidad"
        r"|ultimo dia|se cierra|cierran)\b"),
    "sugerencia_consulta": (
        r"\b(?:sugier\w*|sugerencia|sugerir|propon\w*|propuesta|seria bueno|me gustaria|quisiera saber|informacion"
        r"|pregunt\w*|consult\w*|felicit\w*|copia|certificad\w*|constancia|paz y salvo|duda|idea)\b"),
    "urgencia_palabra": r"(?:urgent\w*|urgencia|ya mismo|inmediat\w*|!!|prioridad|pronto)",
    "insistencia": (
        r"\b(?:segunda vez|tercera vez|otra vez|nuevamente|de nuevo|insist\w*|ya (?:lo )?habia|varias veces"
        r"|sin respuesta|no (?:me )?han respondido|radicado)\b"),
}
_COMPILED = {name: re.compile(pattern) for name, pattern in FAMILIES.items()}
PROTECTED = ("menor", "adulto_mayor", "discapacidad", "embarazo")
PAIRS = (("protegido", "dano_actual"), ("protegido", "sugerencia_consulta"), ("condicion_salud", "dano_actual"),
         ("condicion_salud", "atencion_interrumpida"), ("peligro", "dano_actual"), ("protegido", "peligro"),
         ("urgencia_palabra", "sugerencia_consulta"))
FEATURE_NAMES = (*FAMILIES, "protegido", *(f"{a}+{b}" for a, b in PAIRS))


def situation_cues(text: str) -> dict[str, bool]:
    """Which cue families (and pairs) a text shows, over its accent-folded lower case."""
    folded = normalize(text)
    found = {name: bool(pattern.search(folded)) for name, pattern in _COMPILED.items()}
    found["protegido"] = any(found[name] for name in PROTECTED)
    found.update({f"{a}+{b}": found[a] and found[b] for a, b in PAIRS})
    return found


def situation_features(texts: list[str], weight: float = 0.5):
    """A sparse (texts × FEATURE_NAMES) matrix: `weight` where a family or pair is present, else 0."""
    from scipy import sparse

    rows = np.array([[situation_cues(text)[name] for name in FEATURE_NAMES] for text in texts], dtype=np.float32)
    return sparse.csr_matrix(rows.reshape(len(texts), len(FEATURE_NAMES)) * weight)


def cue_reason(text: str) -> str:
    """The situation families found, for a prediction's `priority_reason` ('' when none)."""
    found = situation_cues(text)
    return ", ".join(name for name in (*FAMILIES,) if found[name] and name not in ("sugerencia_consulta", "urgencia_palabra"))
