"""PII masking (Ley 1581 de 2012): personal data in text replaced by typed placeholders.

Raw keeps the original; every text column that leaves Silver goes through `mask_pii`.
"""
from __future__ import annotations

import re

# Order matters: e-mails before phones (digits inside addresses), cédulas before phones.
_WORD = r"[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+"
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("EMAIL", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("CEDULA", re.compile(
        r"(?i)(?:c\.?\s?c\.?|c[eé]dula(?: de ciudadan[ií]a)?(?: no\.?)?)\s*:?\s*\d{1,3}(?:[.\s]?\d{3}){2,3}"
        r"|(?<![\d.])\d{1,3}(?:\.\d{3}){2,3}(?!\d|\.\d)")),
    ("PHONE", re.compile(r"(?<!\d)(?:\+?57\s?)?3\d{2}[\s-]?\d{3}[\s-]?\d{4}(?!\d)")),
    ("ADDRESS", re.compile(
        r"(?i)\b(?:av(?:enida|\.)?|calle|cl\.?|carrera|cra\.?|cr\.?|kr\.?|diagonal|dg\.?|transversal|tr\.?|tv\.?)"
        r"\s[^\n#]{1,60}#\s*\w+\s*-\s*\d+(?:\s+(?:sur|este|norte|oeste))?")),
)
# Names that introduce the writer ("Mi nombre es X", "Soy X") and names alone at the start of a line
# (signatures, "X, mayor de edad"): both are collected and masked wherever they appear.
NAME_AFTER = re.compile(rf"((?i:mi nombre es|les escribe|soy|yo,))\s+({_WORD}(?:\s+{_WORD}){{1,3}})")
NAME_LINE = re.compile(rf"(?m)^({_WORD}(?:\s+{_WORD}){{1,3}})(?=[ \t]*(?:$|-\s|,\s*mayor|\s*\(CC))")


def mask_pii(text: str | None, names: tuple[str, ...] = ()) -> str | None:
    """Replace e-mails, cédulas, phones, street addresses and known/introduced names by placeholders."""
    if text is None:
        return None
    for label, pattern in PATTERNS:
        text = pattern.sub(f"[{label}]", text)
    text = NAME_AFTER.sub(lambda m: f"{m.group(1)} [NOMBRE]", text)
    for name in names:
        if name:
            text = text.replace(name, "[NOMBRE]")
    return text


def signature_names(text: str) -> tuple[str, ...]:
    """Names that identify the writer: introduced ("Mi nombre es X") or alone on a line (signatures)."""
    text = text or ""
    return tuple(sorted({m.group(2) for m in NAME_AFTER.finditer(text)} | {m.group(1) for m in NAME_LINE.finditer(text)},
                        key=len, reverse=True))
