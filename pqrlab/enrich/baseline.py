"""A transparent keyword baseline: lexicons for type, topic and priority; a DIVIPOLA gazetteer for places.

It is the floor the trained models must beat, and it keeps the pipeline runnable with no model files.
Its sha256 changes whenever this file or the place resolver (`pqrlab/enrich/places.py` and its data) changes.
"""
from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pandas as pd

from pqrlab.enrich.base import PREDICTION_COLUMNS, ModelInfo
from pqrlab.enrich.places import Gazetteer

__all__ = ["Gazetteer", "KeywordBaseline", "normalize"]

REVIEW_CONFIDENCE = 0.5  # below this share of cue hits the rules' type goes to human review
NOT_PQRS = ("fuera de la oficina", "out of office", "de vacaciones", "boletin", "newsletter", "suscribase",
            "gane dinero", "oferta exclusiva", "compre ya", "descuentos del")
TYPE_CUES: dict[tuple[str, str], tuple[str, ...]] = {
    ("sugerencia", "general"): ("sugier", "sugerencia", "propuesta", "seria bueno", "recomiendo", "mejorar el servicio"),
    ("queja", "general"): ("queja", "quejo", "inconformidad", "inaceptable", "mal trato", "molest", "grosero"),
    ("reclamo", "general"): ("reclam", "cobro", "cobraron", "facturaron", "devuelva", "incumplimiento", "no estoy de acuerdo"),
    ("peticion", "documentos"): ("copia", "certificado", "expidan", "acceso a la informacion", "enviarme el",
                                 "paz y salvo", "acta de", "historial", "informe de", "estado de cuenta"),
    ("peticion", "consulta"): ("consulta", "concepto", "orientar", "duda juridica", "norma aplicable"),
    ("peticion", "general"): ("derecho de peticion", "solicito", "les pido", "pedirles", "solicitud"),
}
TOPIC_CUES: dict[str, tuple[str, ...]] = {
    "servicios_publicos": ("agua", "acueducto", "energia", "luz", "gas ", "medidor", "aseo", "consumo"),
    "salud": ("eps", "salud", "hospital", "medicament", "especialista", "urgencias", "cirugia", "medico"),
    "educacion": ("colegio", "escolar", "matricula", "estudios", "bachiller", "escuela", "profesor"),
    "movilidad": ("semaforo", "via ", "vial", "hueco", "transito", "comparendo", "fotomulta", "pico y placa",
                  "vehiculo", "bus", "ciclorruta", "pavimentar", "senalizacion"),
    "seguridad": ("policia", "robo", "roban", "camaras de seguridad", "vigilancia", "inspeccion", "denuncia",
                  "drogas", "emergencias", "querella", "seguridad"),
    "impuestos": ("predial", "impuesto", "avaluo", "catastral", "industria y comercio"),
    "ambiente": ("arbol", "ruido", "basura", "quebrada", "residuos", "reciclaje", "tala", "ambiental", "escombros", "rio"),
    "vivienda": ("vivienda", "subsidio", "constructora", "casas", "licencia de construccion", "legalizar el predio",
                 "barrios"),
    "tramites": ("tramite", "pasaporte", "ventanilla", "certificado de residencia", "radicad", "cita asignada"),
    "otros": ("rendicion de cuentas", "director", "horario de atencion", "dependencia", "informe de gestion",
              "chat", "funcionarios"),
}
PRIORITY_CUES: dict[str, tuple[str, ...]] = {
    "alta": ("menor de edad", "tutela", "discapacidad", "urgencia de salud", "riesgo", "adulto mayor", "vulnerab"),
    "media": ("pronta", "terminos de ley", "respuesta pronta"),
}


class _DropMarks(dict):
    """`str.translate` table that deletes combining marks (category Mn): each code point is looked up once."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.category(chr(code)) == "Mn" else code
        return self[code]


_DROP_MARKS = _DropMarks()


def normalize(text: str) -> str:
    """Lower case without accents, for matching (NFD, combining marks dropped; ASCII passes straight)."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return unicodedata.normalize("NFD", lowered).translate(_DROP_MARKS)


def _count(text: str, cues: tuple[str, ...]) -> int:
    return sum(text.count(cue) for cue in cues)


class KeywordBaseline:
    """Rules over lexicons; confidence is the winning share of cue hits."""

    VERSION = "1.0.0"

    def __init__(self) -> None:
        here, data = Path(__file__).parent, Path(__file__).parent.parent / "data"
        source = b"".join(path.read_bytes() for path in (
            here / "baseline.py", here / "places.py", data / "municipality_aliases.csv", data / "municipality_words.txt"))
        self.info = ModelInfo("keywords-baseline", self.VERSION, hashlib.sha256(source).hexdigest())
        self.gazetteer = Gazetteer()

    def predict_one(self, subject: str, body: str) -> dict:
        text = normalize(body)
        full = normalize(subject or "") + " " + text
        code, dept = self.gazetteer.place_of(subject, body)  # a fact of the text, whatever the type
        if _count(text, NOT_PQRS):
            return {"is_pqrs": False, "pqrs_type": "no_pqrs", "subtype": None, "topic": None,
                    "municipality_code": code, "department_code": dept, "priority": None,
                    "priority_reason": None, "confidence": 0.9, "needs_review": False}
        scores = {key: _count(text, cues) + 0.5 * _count(normalize(subject or ""), cues)
                  for key, cues in TYPE_CUES.items()}
        (pqrs_type, subtype), top = max(scores.items(), key=lambda kv: kv[1])
        type_conf = top / sum(scores.values()) if top else 0.3
        if not top:
            pqrs_type, subtype = "peticion", "general"
        topics = {k: _count(full, cues) for k, cues in TOPIC_CUES.items()}
        topic, topic_hits = max(topics.items(), key=lambda kv: kv[1])
        if not topic_hits:
            topic = "otros"
        priority, reason = "baja", "sin señales de urgencia"
        for level in ("alta", "media"):
            hits = [cue for cue in PRIORITY_CUES[level] if cue in text]
            if hits:
                priority, reason = level, ", ".join(hits)
                break
        return {"is_pqrs": True, "pqrs_type": pqrs_type, "subtype": subtype if pqrs_type == "peticion" else None,
                "topic": topic, "municipality_code": code, "department_code": dept, "priority": priority,
                "priority_reason": reason, "confidence": round(float(type_conf), 4),
                "needs_review": bool(type_conf < REVIEW_CONFIDENCE)}

    def predict(self, subjects: list[str], bodies: list[str]) -> pd.DataFrame:
        rows = [self.predict_one(s, b) for s, b in zip(subjects, bodies)]
        return pd.DataFrame(rows, columns=list(PREDICTION_COLUMNS))
