"""Extractive summary of a citizen's e-mail: the one or two sentences that say what is asked and why.

No model and no training: sentences are split, boilerplate (greetings, introductions with identity
data, sign-offs, forwarded headers, lines that are mostly placeholders) is dropped, and what remains is
scored by its content words plus request cues. The chosen sentences keep their original order. Run it on
masked text: a summary is a text column that leaves Silver.
"""
from __future__ import annotations

import re

from pqrlab.enrich.baseline import normalize

MAX_SENTENCES = 2
MAX_CHARS = 320
# A split before "¿"/"¡" starts only where a run of spaces starts: from inside the run it would rescan it
# (quadratic in the run's length, seconds for a body of blank lines).
_SPLIT = re.compile(r"(?<=[.!?])\s++|(?<!\s)\s++(?=[¿¡])|(?<=:)\s+(?=[A-ZÁÉÍÓÚÑ¿¡])|\n++")
# "Yo, [NOMBRE], con [CEDULA], me dirijo a ustedes En ejercicio…": the identity clause before the request.
_IDENTITY_PREFIX = re.compile(r"^[^.?!]*\[(?:NOMBRE|CEDULA|NIT)\][^.?!\[]*?\s(?=[A-ZÁÉÍÓÚÑ¿¡])")
_PLACEHOLDER = re.compile(r"\[(?:NOMBRE|CEDULA|NIT|PHONE|EMAIL|ADDRESS)\]")
_WORD = re.compile(r"[a-zñ]{4,}")
# Words of request and grievance (accent-free, lower case, matched as prefixes).
REQUEST_CUES = ("solicit", "pido", "pide", "peticion", "reclam", "queja", "quej", "sugier", "propong", "propuest",
                "necesit", "requier", "consult", "denunci", "porque", "no han", "no me", "cobr", "exij")
# Courtesy and identity phrases that carry no substance.
BOILERPLATE = ("saludo", "buenos dias", "buenas tardes", "buenas noches", "buen dia", "estimados", "senores",
               "a quien corresponda", "atentamente", "cordialmente", "gracias", "agradezco su atencion",
               "quedo atent", "espero su pronta", "terminos de ley", "dios los bendiga", "sin otro particular",
               "mensaje reenviado", "mi nombre es", "identificad", "me dirijo a ustedes", "mayor de edad",
               "escribo por lo siguiente", "telefono:", "direccion:", "cel.")
STOPWORDS = frozenset("para como pero porque este esta esto estos estas sobre desde hasta entre cuando donde "
                      "tengo tiene tienen hace hacer muy mucho todo toda todos todas ellos ellas ustedes nuestro "
                      "nuestra sino tambien solo".split())


def sentences(text: str) -> list[str]:
    """Sentences and lines of `text`, stripped, without empty ones and without a leading identity clause."""
    parts = (_IDENTITY_PREFIX.sub("", s).strip(" -\t") for s in _SPLIT.split(text or "") if s)
    return [p for p in parts if p]


def sentence_score(sentence: str) -> float:
    """Content words + 2 per request cue; boilerplate, salutation lines ("Apreciados funcionarios:") and
    placeholder-heavy sentences score below zero."""
    plain = normalize(sentence)
    placeholders = len(_PLACEHOLDER.findall(sentence))
    salutation = plain.endswith((",", ":")) and len(plain.split()) <= 4
    if salutation or any(p in plain for p in BOILERPLATE) or placeholders >= 2 or plain.startswith("de:"):
        return -1.0
    words = [w for w in _WORD.findall(_PLACEHOLDER.sub(" ", plain)) if w not in STOPWORDS]
    cues = sum(plain.count(cue) for cue in REQUEST_CUES)
    return len(words) + 2.0 * cues - 3.0 * placeholders


def extractive_summary(subject: str | None, body: str | None, max_sentences: int = MAX_SENTENCES) -> str | None:
    """The best `max_sentences` sentences of the body in their original order (at most MAX_CHARS);
    the subject when the body has no substantive sentence; None for an empty message."""
    candidates = [(sentence_score(s), i, s) for i, s in enumerate(sentences(body or ""))]
    chosen = sorted(sorted((c for c in candidates if c[0] > 0), reverse=True)[:max_sentences], key=lambda c: c[1])
    summary = " ".join(s for _, _, s in chosen) or (subject or "").strip() or None
    if summary and len(summary) > MAX_CHARS:
        summary = summary[:MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return summary
