"""PII masking (Ley 1581 de 2012): personal data in text replaced by typed placeholders.

Raw keeps the original; every text column that leaves Silver goes through `mask_pii`.

Two kinds of recogniser, both linear in the length of the text:
- `PATTERNS`: one regular expression per structured kind (e-mail, cédula, NIT, phone, address). Each
  attempt starts only where a run of its characters starts (a look-behind) or after a keyword, repeats
  are atomic or bounded, so no input makes them backtrack more than a constant per start. The quality
  check `no_pii` runs the same `structured_spans` (patterns, and the money context that keeps amounts), so
  what it looks for is exactly what was masked.
- names: the text is split into word tokens once and scanned for a name phrase (given names, surnames,
  particles "de", "de la", "del") after a cue ("mi nombre es", "Sra.", "Atentamente,"), before one
  (", mayor de edad", "C.C."), alone on a line, or made of known given names and surnames
  (`lexicon`). Names learned from one message are masked in every message of the same thread and
  citizen (`mask_pii(text, names)`; Silver passes them in).

`python -m pqrlab.enrich.masking --report` prints recall and precision per kind on the labelled set
`tests/data/pii_cases.jsonl` and the masking throughput.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable, NamedTuple

from pqrlab.enrich import lexicon as lx

KINDS = ("NOMBRE", "CEDULA", "NIT", "PHONE", "EMAIL", "ADDRESS")

# -- structured kinds ---------------------------------------------------------------------------
_NUMBER_WORD = r"(?:\s{0,3}(?:n[oº°]\.?|nro\.?|n[uú]m(?:ero)?\.?|#))?"
_ID_CUE = (r"\b(?:c\.?\s?[ce]\.?|t\.?\s?i\.?|c[eé]dula(?:\s+de\s+(?:ciudadan[ií]a|extranjer[ií]a))?|pasaporte|nuip"
           r"|documento(?:\s+de\s+identidad)?|tarjeta\s+de\s+identidad|identificaci[oó]n|ppt|pep"
           r"|permiso\s+por\s+protecci[oó]n\s+temporal"
           r"|identificad[oa](?:\s+con)?"
           r"(?:\s+(?:la\s+|el\s+)?(?:c[eé]dula|c\.?\s?c|documento)(?:\s+de\s+ciudadan[ií]a)?)?)")


def _not_after(phrases: Iterable[str]) -> str:
    """Look-behinds that fail after any of `phrases`, one per phrase length (Python's look-behinds
    are fixed-width), so a start position pays a handful of checks, not one per phrase."""
    by_length: dict[int, list[str]] = {}
    for phrase in sorted(set(phrases)):
        by_length.setdefault(len(phrase), []).append(re.escape(phrase))
    return "".join(f"(?<!{'|'.join(group)})" for _, group in sorted(by_length.items()))


# Amounts, not cédulas: "$1.250.000", "valor de 1.250.000", "pagué 1.200.000".
_MONEY_WORDS = ("valor", "suma", "monto", "total", "saldo", "cuota", "deuda", "cobro", "pago", "multa", "factura",
                "costo", "pagamos", "pagué", "pague", "pagar", "cobran", "cobraron", "cobró", "debo", "adeudo")
_MONEY_BEFORE = _not_after(f"{w}{tail}" for w in _MONEY_WORDS for tail in (" ", " de ", " por "))
# Numbers that name a case, not a person: "radicado 3001234567", "factura No. 1.234.567".
_REFERENCE_WORDS = ("radicado", "rad.", "expediente", "factura", "contrato", "resolución", "resolucion", "oficio",
                    "proceso", "caso", "ticket", "pedido", "orden", "guía", "guia", "cuenta", "póliza", "poliza",
                    "matrícula", "matricula", "placa", "referencia", "ref.", "código", "codigo", "nui", "niu",
                    "solicitud")
_REFERENCE_BEFORE = _not_after(f"{w}{tail}" for w in _REFERENCE_WORDS
                               for tail in (" ", " no. ", " n° ", " # ", ": ", " nro. ", " número "))
_EMAIL = r"(?<![\w.+-])[\w+-][\w.+-]*+\s?@\s?[\w-]++(?:\.[\w-]++)++"
_CONNECTOR = r"(?:\s{1,3}(?:es|la|el|es\s+la|es\s+el|de\s+ciudadan[ií]a))?"
_ID_VALUE = r"\d(?:[.,\s'’]?\d){5,11}(?!\d)"
_DOTTED_ID = r"\d{1,3}(?:\.\d{3}){2,3}(?![\w]|[.,]\d)(?!\s?(?:pesos|cop\b|mcte|m/?cte|millones|mil\b|de pesos))"
# Each bare alternative checks its shape first (a look-ahead) and only then the look-behinds that rule out
# amounts and case numbers, so text full of digits pays for the look-behinds only where a number fits.
_CEDULA = (rf"{_ID_CUE}\.?{_CONNECTOR}{_NUMBER_WORD}[\s:.,-]{{0,4}}{_ID_VALUE}"
           rf"|(?<![\w.,$'])(?={_DOTTED_ID})(?<!\$\s)(?<!cop\s){_MONEY_BEFORE}{_REFERENCE_BEFORE}{_DOTTED_ID}")
_NIT = (rf"\b(?:n\.?\s?i\.?\s?t|rut)\.?{_NUMBER_WORD}[\s:.-]{{0,4}}\d(?:[.\s]?\d){{7,10}}(?:\s?[-–]\s?\d)?(?!\d)"
        r"|(?<![\w.,$'-])\d{3}\.?\d{3}\.?\d{3}\s?[-–]\s?\d(?![\w-])")
_PHONE_CUE = (r"\b(?:tel[eé]fonos?|tel[sf]?|cel(?:ular)?|m[oó]vil|whats?app|wsp|wpp|fijo|pbx|contacto"
              r"|ll[aá]m(?:ar|eme|enme|en)\s+al|n[uú]mero\s+de\s+contacto)\.?")
_MOBILE_OR_LANDLINE = (r"(?:\(?\+\s?57\)?[\s.-]?|57\s)?\(?(?:3\d\d|60\d)\)?[\s.-]?\d{3}[\s.-]?\d{2}[\s.-]?\d{2}"
                       r"(?!\d)")
_PHONE = (rf"{_PHONE_CUE}{_NUMBER_WORD}[\s:.,-]{{0,4}}(?:\(?\+?\s?57\)?[\s.-]?)?(?:\(\s?\d{{1,3}}\s?\)\s?)?"
          r"\d(?:[\s.-]?\d){6,9}(?!\d)"
          rf"|(?<![\w+.-])(?={_MOBILE_OR_LANDLINE}){_REFERENCE_BEFORE}{_MOBILE_OR_LANDLINE}"
          r"|(?<![\w+.-])(?:\(\d\)|\+\s?57[\s.-]?\d)[\s.-]?\d{3}[\s.-]?\d{2}[\s.-]?\d{2}(?![\d])")
_STREET = (r"\b(?:av(?:enida|da)?\.?(?:\s?(?:calle|carrera|cra|cl|kr))?|a[kc]|calle|cll|clle|cl|carrera|cra|kra|kr|cr"
           r"|crr|carr|diagonal|diag|dg|transversal|transv|trans|tv|tr|circular|cq|circunvalar|autopista)\.?")
_ROAD = (r"(?:\d{1,3}[ªº°]?\s?[a-z]?(?:\s?bis)?(?:\s?[a-z])?(?:\s(?:sur|este|norte|oeste))?"
         r"|[^\W\d_]{2,}(?:\s(?:de\s|las\s|los\s|del\s)?[^\W\d_]{2,}){0,2})")
_PLATE = r"\d{1,3}\s?[a-z]?(?:\s?bis)?\s?[-–]\s?\d{1,3}[a-z]?(?!\w)(?:\s{1,3}(?:sur|este|norte|oeste|bis)\b)?"
_PLACE_NAME = (r"(?:(?:el|la|los|las|san|santa|villa|nueva|nuevo)\s)?(?-i:[A-ZÁÉÍÓÚÑ0-9][\wáéíóúñ]*)"
               r"(?:\s(?:de\s)?(?-i:[A-ZÁÉÍÓÚÑ0-9][\wáéíóúñ]*)){0,2}")
_UNIT = (r"(?:[\s,;]{1,3}(?:(?:apto|apartamento|apt|ap|int|interior|torre|to|bloque|bl|blq|casa|cs|piso|oficina|of"
         r"|local|lc|etapa|manzana|mz|lote|lt)\.?\s{0,3}(?:n[oº°]\.?\s?)?[\w-]{1,6}"
         r"|(?:barrio|br|urbanizaci[oó]n|urb|conjunto|edificio|edf|conjunto residencial)\.?\s{1,3}"
         rf"{_PLACE_NAME})){{0,4}}")
_ADDRESS = (rf"{_STREET}\s{{0,3}}{_ROAD}\s{{0,3}}(?:#|n[oº°]\.?|nro\.?|n[uú]mero|num\.?)?\s{{0,3}}{_PLATE}{_UNIT}"
            rf"|\b(?:mz|manzana)\.?\s?\w{{1,3}}[\s,]{{1,3}}(?:casa|cs|lote|lt|apto|ap)\.?\s?[\w-]{{1,4}}{_UNIT}")
# The characters a match of each kind can start with (read off its alternatives, under the same flags): a
# look-ahead in front rejects every other position at once, before the alternatives and their look-behinds
# are tried (2-3x faster scans, the same matches).
_FIRST_CHAR = {"EMAIL": r"[\w+-]", "NIT": r"[nr\d]", "CEDULA": r"[ctpndi\d]", "PHONE": r"[tcmwfpln\d(+]",
               "ADDRESS": r"[ackdtm]"}
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(rf"(?i:(?={_FIRST_CHAR[label]})(?:{p}))")) for label, p in (
        ("EMAIL", _EMAIL), ("NIT", _NIT), ("CEDULA", _CEDULA), ("PHONE", _PHONE), ("ADDRESS", _ADDRESS)))
# Kinds whose keyword stays readable ("C.C. [CEDULA]", "Tel. [PHONE]"): the value starts at its first digit.
_VALUE_START = re.compile(r"[+(\d]")


@dataclass(frozen=True, order=True)
class Span:
    """Characters `start:end` of a text are personal data of `kind`."""

    start: int
    end: int
    kind: str


# A bare dotted number (no "C.C." before it) after talk of money on its line is an amount: "pagué 1.500.000 el
# 3 de marzo y 2.300.000 el 4 de abril", "un recibo de 1.234.567", "se debitaron 4.567.890". Only words
# *before* it count, so "Ana Ruiz 1.088.245.331 reclamo el cobro" keeps its cédula masked.
_MONEY_NEAR = re.compile(r"(?i:(?=[$pcvfrdsmti])(?:\$|\b(?=[pcvfrdsmti])(?:pesos\b|cop\b|valor|cobr|pag[oóuaé]|factur"
                         r"|recibo|d[eé]b[ií]t"
                         r"|descont|cuota|saldo|deuda|monto|suma\b|total|precio|tarifa|multa|millones|predial|impuesto"
                         r"|subi[óo]\b)))")  # the look-aheads let a scan skip most positions at once
MONEY_WINDOW = 60  # characters before a bare number, on its line, searched for money words


def _amount_in_context(text: str, start: int, money_ends: list[int]) -> bool:
    """Whether a money word (`money_ends`: where each ends, sorted) ends within MONEY_WINDOW characters
    before `start`, on the same line."""
    k = bisect.bisect_right(money_ends, start) - 1
    return k >= 0 and start - money_ends[k] <= MONEY_WINDOW and "\n" not in text[money_ends[k]:start]


def structured_spans(text: str) -> list[Span]:
    """E-mails, cédulas, NITs, phones and street addresses (keywords before numbers left out)."""
    spans, money_ends = [], [m.end() for m in _MONEY_NEAR.finditer(text)]  # one pass: linear time
    for label, pattern in PATTERNS:
        if label == "EMAIL" and "@" not in text:  # every e-mail has its "@" (no other character matches it)
            continue
        for m in pattern.finditer(text):
            if label == "CEDULA" and m.group()[0].isdigit() and _amount_in_context(text, m.start(), money_ends):
                continue
            start = m.start()
            if label in ("CEDULA", "NIT", "PHONE"):
                start += _VALUE_START.search(m.group()).start()
            spans.append(Span(start, m.end(), label))
    return spans


# -- names --------------------------------------------------------------------------------------
_TOKEN = re.compile(r"[^\W\d_]{2,}(?:['’][^\W\d_]+)?")  # one letter is never a name word
_JOIN = re.compile(r"[ \t]{1,3}|[ \t]?-[ \t]?")  # what may separate two words of one name
# Cues read on folded text (lower case, no accents). STRONG: whatever word follows is a name unless it is
# a common word. WEAK: the words must look like a name (capitalised or known).
_STRONG_CUES = (r"mi nombre es|me llamo|mi nombre:|nombre completo:|nombre:|nombres y apellidos:|les escribe"
                r"|le escribe|te escribe|firma:|firmado:|el suscrito|la suscrita|suscrit[oa]|yo,|peticionari[oa]:"
                r"|remitente:|usuari[oa]:|titular:|paciente:|afiliad[oa]:|a nombre de|en nombre de")
_WEAK_CUES = (r"soy|yo|habla|señor\(a\)|señora?|sr\.?|sra\.?|srta\.?|don|doña|dr\.?|dra\.?|doctora?|ing\.?"
              r"|estimad[oa]|apreciad[oa]|respetad[oa]|querid[oa]|mi (?:hij[oa]|mama|madre|papa|padre|espos[oa]"
              r"|herman[oa]|abuel[oa]|ti[oa]|vecin[oa]|sobrin[oa]|niet[oa]|cuñad[oa]|suegr[oa]|compañer[oa])"
              r"|(?:el|la) (?:señora?|funcionari[oa]|vecin[oa]|paciente|menor|niñ[oa]|joven|abogad[oa])"
              r"|atendid[oa] por|hable con|hablamos con|con el señor|con la señora|de parte de"
              r"|atentamente|cordialmente|respetuosamente|att|atte|gracias|saludos|firma|hola"
              r"|buen(?:os|as)? (?:dias|tardes|noches)")
_CUE = re.compile(rf"\b(?:(?P<strong>{_STRONG_CUES})|(?P<weak>{_WEAK_CUES}))(?![\w(])[\s:,.!¡\-]{{0,6}}")
# Said after a name: "Ana Ruiz, mayor de edad", "Ana Ruiz identificada con", "Ana Ruiz - CC 123", "(C.C.".
_AFTER_CUE = re.compile(r"\b(?:mayor de edad|identificad[oa]|portador|vecin[oa] de|c\.?\s?c\b|c\.c\.|cc\b|con c\.?c"
                        r"|con cedula|quien se identifica|en calidad de)")
MAX_NAME_WORDS = 6


class _Token(NamedTuple):
    start: int
    end: int
    text: str
    fold: str
    capitalised: bool


def _tokens(text: str, folded: str) -> list[_Token]:
    spans = [m.span() for m in _TOKEN.finditer(text)]
    words = [text[a:b] for a, b in spans]
    return list(map(_Token, [a for a, _ in spans], [b for _, b in spans], words,
                    [folded[a:b] for a, b in spans], [w[0].isupper() for w in words]))


def _known(word: str) -> bool:
    return word in lx.known_names()


def _name_word(token: _Token, lower: str) -> bool:
    """Whether `token` can be a word of a name; `lower` says which lower-case words count:
    "any" (after a strong cue: all but common words), "known" (known names) or "none"."""
    word = token.fold
    if len(word) < 2 or word in lx.PARTICLES:
        return False
    if token.capitalised:
        return _known(word) or (word not in lx.COMMON and word not in lx.place_words())
    if lower == "any":
        return word not in lx.COMMON
    return lower == "known" and _known(word) and word not in lx.COMMON


def _joined(text: str, left: _Token, right: _Token) -> bool:
    """Whether two words are one name's neighbours (the abbreviation "Vda." keeps its dot)."""
    end = left.end + (left.fold == "vda" and text.startswith(".", left.end))
    return _JOIN.fullmatch(text, end, right.start) is not None


def _phrase(text: str, tokens: list[_Token], i: int, lower: str, places: set[int]) -> tuple[int, int]:
    """Name words from token `i` on: (index after the last name word, number of name words)."""
    end, words, j = i, 0, i
    while j < len(tokens) and words < MAX_NAME_WORDS and j not in places:
        if j > i and not _joined(text, tokens[j - 1], tokens[j]):
            break
        if tokens[j].fold in lx.PARTICLES and j > i:
            j += 1
            continue
        if not _name_word(tokens[j], lower):
            break
        words, j = words + 1, j + 1
        end = j
    return end, words


def _phrase_before(text: str, tokens: list[_Token], i: int, places: set[int]) -> int:
    """First index of the name that ends just before token `i` (i itself when none)."""
    start, j = i, i - 1
    while j >= 0 and i - j <= MAX_NAME_WORDS + 2 and j not in places:
        if j + 1 < i and not _joined(text, tokens[j], tokens[j + 1]):
            break
        if tokens[j].fold in lx.PARTICLES and start < i:
            j -= 1
            continue
        if not _name_word(tokens[j], "known"):
            break
        start, j = j, j - 1
    return start


def _place_tokens(tokens: list[_Token]) -> set[int]:
    """Indexes of tokens inside a place name of two or more words ("Santa Rosa de Cabal", "Don Matías")
    or a one-word place that is no person's name ("Medellín")."""
    places, prefixes, words, found = lx.place_names(), lx.place_prefixes(), lx.place_words(), set()
    for i in [i for i, t in enumerate(tokens) if t.fold in prefixes or t.fold in words]:
        if tokens[i].fold in words:
            found.add(i)
        if i and tokens[i - 1].fold in ("de", "del"):  # "María de la Cruz" is not La Cruz (Nariño)
            continue
        name, end = tokens[i].fold, 0
        for j in range(i + 1, min(i + 6, len(tokens))):
            name = f"{name} {tokens[j].fold}"
            end = j + 1 if name in places else end
            if name not in prefixes:
                break
        found.update(range(i, end))
    return found


def name_spans(text: str, names: Iterable[str] = ()) -> list[Span]:
    """Names introduced by a cue, followed by an identity clause, alone on a line, made of known names,
    or among the already learned `names` (any case, with or without accents)."""
    folded = lx.fold(text)
    tokens = _tokens(text, folded)
    if not tokens:
        return []
    starts = [t.start for t in tokens]
    places = _place_tokens(tokens)
    spans: list[tuple[int, int]] = []

    def add(i: int, j: int) -> None:
        if j > i:
            spans.append((tokens[i].start, tokens[j - 1].end))

    for m in _CUE.finditer(folded):
        i = bisect.bisect_left(starts, m.end())
        if i == len(tokens) or starts[i] != m.end() or i in places:
            continue
        strong = m.group("strong") is not None
        end, words = _phrase(text, tokens, i, "any" if strong else "known", places)
        if words and (strong or words >= 2 or _known(tokens[i].fold) or _honorific(m.group("weak"))):
            add(i, end)
    for m in _AFTER_CUE.finditer(folded):
        i = bisect.bisect_left(starts, m.start())
        start = _phrase_before(text, tokens, i, places)
        if i - start >= 2 or (i - start == 1 and _known(tokens[start].fold)):
            add(start, i)
    spans += _known_name_runs(text, tokens, places)
    spans += _signature_lines(text, tokens, places)
    spans += _learned(text, tokens, names)
    return [Span(s, e, "NOMBRE") for s, e in spans]


def _honorific(cue: str | None) -> bool:
    return bool(cue) and cue.rstrip(".").split()[-1] in {"señor", "señora", "sr", "sra", "srta", "don", "doña",
                                                          "dr", "dra", "doctor", "doctora", "ing", "señor(a)"}


def _known_name_runs(text: str, tokens: list[_Token], places: set[int]) -> list[tuple[int, int]]:
    """Two or more joined words that are known names, with no cue: "hablé con Carlos Pérez", "luz dary
    ocampo" (lower case only when every word is a known given name or surname)."""
    known_names, runs, done = lx.known_names(), [], -1
    for i in [i for i, t in enumerate(tokens) if t.fold in known_names]:
        token = tokens[i]
        if i < done or i in places or not token.capitalised and token.fold in lx.COMMON \
                or i and tokens[i - 1].fold in lx.NAMED_AFTER and _joined(text, tokens[i - 1], token):
            continue
        end, words = _phrase(text, tokens, i, "known", places)
        run = tokens[i:end]
        known = sum(t.fold in known_names for t in run)
        first_given = token.fold in lx.given_names()
        if words >= 2 and (known >= 2 or first_given and known >= 1 and token.capitalised) and (
                all(t.capitalised for t in run) or all(t.fold in known_names or t.fold in lx.PARTICLES for t in run)):
            runs.append((token.start, run[-1].end))
            done = end
    return runs


def _signature_lines(text: str, tokens: list[_Token], places: set[int]) -> list[tuple[int, int]]:
    """A line that is only a name of two to six capitalised words with at least one known name."""
    out, starts, line_start = [], [t.start for t in tokens], 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        i = bisect.bisect_left(starts, line_start)
        if i < len(tokens) and tokens[i].end <= line_end and tokens[i].capitalised \
                and not text[line_start:tokens[i].start].strip(" \t-*>"):
            end, words = _phrase(text, tokens, i, "none", places)
            if words >= 2 and not text[tokens[end - 1].end:line_end].strip(" \t.,") \
                    and any(_known(t.fold) for t in tokens[i:end]):
                out.append((tokens[i].start, tokens[end - 1].end))
        line_start = line_end + 1
    return out


def _learned(text: str, tokens: list[_Token], names: Iterable[str]) -> list[tuple[int, int]]:
    """Runs of words of the learned `names`: two or more joined words, or one capitalised word that is
    not a common word ("la señora Restrepo")."""
    words = {w for n in names for w in lx.fold(n).split()} - lx.PARTICLES
    if not words:
        return []
    out, i = [], 0
    while i < len(tokens):
        if tokens[i].fold not in words:
            i += 1
            continue
        j, last, count = i + 1, i + 1, 1
        while j < len(tokens) and _joined(text, tokens[j - 1], tokens[j]):
            if tokens[j].fold in words:
                count, last = count + 1, j + 1
            elif tokens[j].fold not in lx.PARTICLES:
                break
            j += 1
        single = tokens[i].capitalised and tokens[i].fold not in lx.COMMON and len(tokens[i].fold) >= 3
        if count >= 2 or single:
            out.append((tokens[i].start, tokens[last - 1].end))
        i = last
    return out


# -- masking ------------------------------------------------------------------------------------
def find_pii(text: str, names: Iterable[str] = ()) -> list[Span]:
    """Non-overlapping PII spans of `text`, in order; where two overlap the longer wins."""
    candidates = structured_spans(text) + name_spans(text, names)
    chosen: list[Span] = []
    starts: list[int] = []
    for span in sorted(candidates, key=lambda s: (s.start - s.end, KINDS.index(s.kind))):
        k = bisect.bisect_left(starts, span.start)
        if (k and chosen[k - 1].end > span.start) or (k < len(chosen) and chosen[k].start < span.end):
            continue
        starts.insert(k, span.start)
        chosen.insert(k, span)
    return chosen


def mask_spans(text: str, spans: list[Span]) -> str:
    """`text` with each span replaced by `[KIND]` (spans sorted and not overlapping)."""
    parts, at = [], 0
    for span in spans:
        parts += [text[at:span.start], f"[{span.kind}]"]
        at = span.end
    return "".join(parts) + text[at:]


def mask_pii(text: str | None, names: Iterable[str] = ()) -> str | None:
    """Replace e-mails, cédulas, NITs, phones, street addresses and names (found here or learned
    elsewhere in the thread: `names`) by placeholders."""
    if text is None:
        return None
    return mask_spans(text, find_pii(text, tuple(names)))


def signature_names(text: str | None) -> tuple[str, ...]:
    """The names a text reveals (introduced, signed, known), longest first: learn them once per thread."""
    text = text or ""
    found = {text[s.start:s.end] for s in name_spans(text)}
    return tuple(sorted(found, key=lambda n: (-len(n), n)))


if __name__ == "__main__":
    from pqrlab.enrich.masking_report import main

    main()
