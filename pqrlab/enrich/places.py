"""Which municipality an e-mail is about: names people use, resolved by the context around them.

Rules (docs/labelling-guide.md §5): the place where the matter happens wins over where the writer lives;
a name counts only where it reads as a place. Every name DIVIPOLA has, its systematic short forms
("San José de Cúcuta" → "Cúcuta") and the curated `pqrlab/data/municipality_aliases.csv` are looked up.
Names that are also ordinary words, people's names, departments, saints or have several municipalities
(Dolores, Toca, Suárez, Sucre, San José, Barbosa) are *ambiguous*: they need place context ("en", "municipio
de", "barrio … de", a department beside them, a heading or address line). Cédulas' "de Bogotá", banks,
companies, streets and barrios named after a town, people's surnames and quoted replies do not count.
A department named beside a repeated name settles it; otherwise the department capital, otherwise none.
"""
from __future__ import annotations

import importlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from pqrlab.channel.places import divipola

_FOLD = str.maketrans("áéíóúüàèìòùâêîôûäëïöñ", "aeiouuaeiouaeiouaeion")
ARTICLES = ("el", "la", "los", "las")
PARTICLES = ("de", "del", "la", "las", "los", "y", "d.c.")
SAINTS = ("san", "santa", "santo", "santiago")
# Capitals are DANE code XX001, except Cundinamarca's (25001 is Agua de Dios; Bogotá is its own district).
NOT_CAPITALS = frozenset({"25001"})
# Departments as people shorten them ("La Unión, Valle"; "Cúcuta, N. de Santander"; "Sta. Marta, Magd.").
DEPARTMENT_SHORT = {"valle": "76", "guajira": "44", "san andres islas": "88", "san andres isla": "88",
                    "archipielago": "88", "norte de santander": "54", "n. de santander": "54", "nte de santander": "54",
                    "n de santander": "54", "norte de stder": "54", "stder": "68", "sder": "68", "cund": "25",
                    "cundinamarca": "25", "antioquia": "05", "magd": "47", "atl": "08", "bogota": "11"}
COUNTRY = ("colombia",)

# Context, on folded text. A name right after these words is the name of something else: a barrio or a
# street named after a town, a company or bank ("Banco de Bogotá"), a person ("Sr. Toro"), a cédula's place.
NAME_OF = r"(?:barrio|b/|brr|urbanizacion|urb|conjunto|edificio|calle|cll|carrera|cra|kra|avenida|av|diagonal|" \
          r"transversal|plaza|parque|hotel|estadio|coliseo|teatro|ciudadela|localidad|hacienda|finca|restaurante|" \
          r"almacen|supermercado|drogueria|panaderia|tienda|ruta|bus|cooperativa)"
BRANDS = r"(?:banco|universidad|club|moto|motos|carro|camioneta|marca|cerveza|deportivo|atletico|independiente|" \
         r"seguros|cementos|almacenes|gases|electrificadora|camara de comercio|equipo|seleccion|once|junior|" \
         r"america|millonarios|cafe|aerolinea)"
# A service named after a saint or a town ("Colegio San José", "Hospital San Rafael"); "hospital de Neiva" is a place.
INSTITUTION = r"(?:colegio|escuela|institucion educativa|ie|hospital|clinica|fundacion|corporacion|" \
              r"parroquia|iglesia|capilla|virgen|nuestra senora|cementerio|batallon|fuerte|base|notaria \w+)"
TITLES = r"(?:sr|sra|srta|senor|senora|senorita|don|dona|dr|dra|doctor|doctora|ing|ingenier[oa]|funcionari[oa]|" \
         r"agente|patrullero|profesor|profesora|rector|rectora|abogad[oa]|familia|apellido|hermano|hermana|" \
         r"cliente|paciente|estudiante|usuario|usuaria|alias)"
KILL_BEFORE = re.compile(
    r"(?:(?:c\.?\s?c\.?|cedula(?: de ciudadania)?|nit|t\.?\s?i\.?|documento|identificad[oa] con)[^\n]{0,30}?"
    r"(?:\d[\d.,\s]{3,}|no\.?)\s*(?:de|expedida en|exp\.?(?: en)?)"
    r"|(?:cedula|documento)(?:\s+(?:de ciudadania|es|era|fue|la|me la|se|lo|me lo|expedida|expedido|"
    r"expidieron|sacaron|saque|tramite))+\s+(?:de|en)"
    r"|expedid[ao]s?\s+(?:en|de)|expid\w*\s+(?:en|de)|exp\.|nacid[oa]\s+en|naci\s+en|"
    + NAME_OF + r"\.?|localidad\s+de|" + BRANDS + r"(?:\s+\w+)?(?:\s+(?:de|del))?|" + INSTITUTION
    + r"|" + TITLES + r"\.?|toda|todo|nivel|republica de|pais|selva|region|costa|gobierno de|presidente de)\s*$")
# Streets and squares named with capitalised words before "de": "avenida Ciudad de Cali", "Parque de Bolívar".
STREET_NAME = re.compile(r"((?:avenida|av|autopista|calle|carrera|plaza|parque|puente|troncal|estacion|portal)\.?"
                         r"(?:\s+[a-z]+){0,2})\s+(?:de|del)\s*$")
MATTER_BEFORE = re.compile(
    r"(?:municipio|ciudad|poblacion|pueblo|cabecera|corregimiento|alcaldia(?: municipal)?|personeria(?: municipal)?"
    r"|concejo(?: municipal)?|secretaria(?: \w+)?(?: de \w+)?|" + INSTITUTION
    + r"(?: \w+)?|ubicad[oa]s?|situad[oa]s?|queda|quedan|aqui|aca|ocurre"
    r"|paso|pasa|zona rural|zona urbana|casco urbano|area rural|parte rural|altura|salida|entrada|afueras|orillas"
    r"|vereda|veredas|sector|corregimiento|comuna|barrio|barrios)\s+(?:en\s+)?(?:el\s+)?(?:de|del|en)\s*$"
    r"|(?:problema|caso|situacion|hecho|hechos|dano|esto)\s+(?:es|esta|queda|ocurre|sucede|fue|paso)\s+(?:en|de)\s*$"
    r"|(?:^|\W)municipio\s+$"
    r"|(?:inspeccion|inspector|estacion|comisaria|registraduria|juzgado|notaria|policia|comando|terminal|aeropuerto"
    r"|acueducto|personeria|fiscalia|sede|oficina|hospital|colegio|escuela|cementerio|plaza de mercado|galeria)"
    r"(?:\s+\w+){0,3}\s+(?:de|del|en)\s*$"
    r"|(?:barrio|vereda|sector|urbanizacion|corregimiento|comuna|conjunto|inspeccion)\s[^\n,.;]{1,40}?"
    r"(?:\s+(?:de|del|en)\s+(?:el municipio de\s+)?|,\s*)$")
RESIDENCE_BEFORE = re.compile(
    r"(?:vivo|vivimos|resido|residimos|residente|residentes|radicad[oa]|domiciliad[oa]|habitante|habitantes"
    r"|vecin[oa]s?|oriund[oa]|soy|somos|escribo|escribimos|le escribo|les escribo)\s+(?:de|del|en|aqui en|desde)\s*$"
    r"|\bdesde\s*$")
# A road named by its ends ("la vía a Girardot", "la carretera de Zipaquirá a Ubaté"): the matter is on the road,
# which its ends do not place; they count only where nothing else is named.
ROAD = r"(?:via|carretera|autopista|troncal|camino|trocha|tramo|trayecto|variante|corredor)"
ROAD_END_BEFORE = re.compile(ROAD + r"\s+(?:a|al|hacia|para|de|del|desde|entre)\s*$"
                             r"|" + ROAD + r"\s+(?:de|del|desde|entre)\s+[^\n,.;:]{1,30}?(?:\s+(?:a|al|y|hasta|hacia)|\s*-)\s*$")
MATTER_AFTER = re.compile(r"\s*,?\s*(?:que es\s+|es\s+|ahi es\s+|alli es\s+)?(?:en\s+)?(?:donde|adonde)\s+"
                          r"(?:pasa|paso|ocurre|ocurrio|sucede|sucedio|se presenta|queda|esta) (?:esto|el problema|el caso"
                          r"|todo|lo que)")
WEAK_BEFORE = re.compile(r"(?:^|\W)(?:en|desde|a|para|pa|hacia|por|sobre|entre)\s+$")
OF_BEFORE = re.compile(r"(?:^|\W)(?:de|del)\s+$")
QUOTED = re.compile(r"-{2,}\s*(?:mensaje original|original message|forwarded|mensaje reenviado)"
                    r"|^\s*(?:de|from):\s.*\n\s*(?:enviado|sent|fecha|date)\s*:|escribio:\s*$", re.M)
DEPARTMENT_GAP = r"\s*(?:,|-|\(|/)?\s*(?:dpto\.?|departamento del?)?\s*"  # between a town and its department
NEXT_PLACE = r"[\s,-]{1,3}|\s+(?:en|de|del)\s+"  # between a barrio or a square and the town that holds it
TYPO_CUE = re.compile(r"(?:municipio de|ciudad de|vivo en|resido en|residente en|escribo desde|desde|vecin[oa] de)"
                      r"\s+([a-z]{6,})")
ADDRESS_BEFORE = re.compile(r"(?:calle|cll|cl|carrera|cra|kra|kr|avenida|av|diagonal|dg|transversal|tv)\.?\s*\d+"
                            r"[^\n,]{0,25},\s*$")
ADDRESS_AFTER = re.compile(r"\s*[,.-]?\s*(?:barrio|b/|brr|vereda|sector|calle|cll|carrera|cra|kra|avenida|av|"
                           r"diagonal|transversal|comuna|corregimiento|urbanizacion|conjunto|manzana|mz)\b")
MONTHS = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
DATE_AFTER = re.compile(r"\s*[,.-]?\s*(?:\d{1,2}\s*(?:de\s+)?(?:" + MONTHS + r")|\d{1,4}[-/]\d{1,2}[-/]\d{1,4}"
                        r"|(?:" + MONTHS + r")\s+\d)")


WORDS_HEADER = ("# Municipality names that are Spanish words too (simplemma 2.0.0's Spanish dictionary). "
                "Regenerate: python -m pqrlab.enrich.places --write-words")


def fold(text: str) -> str:
    """NFC, lower case, no accents and ñ → n, with one character per character of the NFC text."""
    text = unicodedata.normalize("NFC", text)
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower()[:1] or c for c in text)
    return lowered.translate(_FOLD)


@dataclass(frozen=True)
class Place:
    code: str
    department_code: str
    capital: bool


@dataclass
class _Mention:
    key: str
    start: int
    end: int
    score: float


@lru_cache(maxsize=1)
def curated_aliases() -> pd.DataFrame:
    """`pqrlab/data/municipality_aliases.csv`: alias, municipality_code, note (sources in PROVENANCE.md)."""
    with resources.files("pqrlab.data").joinpath("municipality_aliases.csv").open("rb") as handle:
        return pd.read_csv(handle, dtype=str)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Folded Spanish words and people's names that installed packages list (Faker's es_* locales) and the
    lexicon's: a municipality written like one of them needs place context. (Not the generator's templates:
    they name places on purpose, so their words would make "Bogotá" look like an ordinary word.)"""
    words: set[str] = set()
    for locale in ("es_ES", "es_MX", "es_AR"):
        words |= {fold(w) for w in importlib.import_module(f"faker.providers.lorem.{locale}").Provider.word_list}
    for locale in ("es", "es_CO", "es_ES", "es_MX", "es_AR", "es_CL"):
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ModuleNotFoundError:
            continue
        for attr in ("first_names_male", "first_names_female", "first_names", "last_names"):
            names = getattr(provider, attr, ())
            if isinstance(names, (list, tuple, dict)):
                words |= {fold(w) for name in names for w in str(name).split()}
    from pqrlab.enrich import lexicon

    words |= lexicon.given_names() | lexicon.surnames() | lexicon.COMMON
    return frozenset(words - set(lexicon.PARTICLES))


@lru_cache(maxsize=1)
def word_like_names() -> frozenset[str]:
    """Folded municipality names that are Spanish words too ("Toca", "Honda", "Une", "Dolores", "El Retén"),
    shipped in `pqrlab/data/municipality_words.txt` as `spanish_word_names()` wrote it."""
    text = resources.files("pqrlab.data").joinpath("municipality_words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def spanish_word_names() -> list[str]:
    """Regenerate that list: names (DIVIPOLA and curated aliases) every word of which simplemma's Spanish
    dictionary knows, as written with their accents (simplemma is a test dependency, not a run-time one)."""
    import simplemma

    names = [*divipola()["municipality"], *curated_aliases()["alias"]]
    found = set()
    for name in names:
        words = [w for w in re.findall(r"[^\W\d_]+", name.lower()) if w not in PARTICLES]
        if words and all(simplemma.is_known(w, lang="es") for w in words):
            found.add(fold(name))
    return sorted(found)


# How people shorten a name's first word ("Sta. Marta", "Pto. Asís", "Stgo. de Tolú", "Gral. Santander").
FIRST_WORD_SHORT = {"santa": ("sta", "sta."), "santo": ("sto", "sto."), "santiago": ("stgo", "stgo."),
                    "puerto": ("pto", "pto."), "general": ("gral", "gral."), "san": ("sn",)}


def _abbreviations(key: str) -> list[str]:
    """A folded name written with its first word shortened, as people write it ("pto. asis", "sta marta")."""
    first, _, rest = key.partition(" ")
    return [f"{short} {rest}" for short in FIRST_WORD_SHORT.get(first, ()) if rest]


def _short_forms(name: str) -> list[str]:
    """Systematic short forms of a folded DIVIPOLA name: before the comma ("bogota, d.c." → "bogota"), and
    both sides of its first "de"/"del" ("guadalajara de buga" → "guadalajara", "buga")."""
    forms = [name.split(",")[0].strip()] if "," in name else []
    forms += [p.strip() for p in name.split(" - ")] if " - " in name else []
    parts = re.split(r"\s+(?:de|del)\s+(?:la\s+|los\s+|las\s+)?", name, maxsplit=1)
    if len(parts) == 2:
        forms += parts
    return [f for f in forms if len(f) >= 4]


class Gazetteer:
    """Finds the municipality an e-mail is about: `find(text)` → (code, department code, confidence)."""

    def __init__(self) -> None:
        from pqrlab.enrich.lexicon import BOGOTA_LOCALITIES

        table = divipola()
        self.departments = {fold(d): c for d, c in zip(table["department"], table["department_code"])}
        self.departments["archipielago de san andres"] = "88"
        self.departments.update(DEPARTMENT_SHORT)
        places: dict[str, list[Place]] = {}
        official: dict[str, list[Place]] = {}
        for code, name, dept in zip(table["municipality_code"], table["municipality"], table["department_code"]):
            place = Place(code, dept, code.endswith("001") and code not in NOT_CAPITALS)
            official.setdefault(fold(name), []).append(place)
        places.update(official)
        derived: dict[str, list[Place]] = {}
        for name, found in official.items():
            for form in _short_forms(name):
                if form not in official and form not in self.departments and self._distinctive(form):
                    derived.setdefault(form, []).extend(p for p in found if p not in derived.get(form, []))
        places.update(derived)
        by_code = {p.code: p for found in official.values() for p in found}
        curated = curated_aliases()
        for alias, code in zip(curated["alias"], curated["municipality_code"]):
            places[fold(alias)] = [by_code[code]]
        self.places = places
        self.localities = frozenset(fold(n) for n in BOGOTA_LOCALITIES)
        words = common_words()
        curated_keys = fold_set(curated["alias"])
        derived_only = set(derived) - curated_keys
        self.ambiguous = frozenset(key for key, found in places.items()
                                   if key in derived_only or self._is_ambiguous(key, found, words, curated_keys))
        abbreviated = {short: key for key in list(places) for short in _abbreviations(key) if short not in places}
        for short, key in abbreviated.items():  # "Sta. Marta", "Pto Boyacá": as sure as the full name
            places[short] = places[key]
        self.ambiguous |= {short for short, key in abbreviated.items() if key in self.ambiguous}
        self._distinctive_single = sorted(k for k in places if " " not in k and len(k) >= 6 and k not in self.ambiguous)
        keys = sorted(set(places) | self.localities, key=len, reverse=True)
        self.pattern = re.compile(r"(?<![\w/])(" + _trie_regex(keys) + r")(?![\w/])")
        self.dept_pattern = re.compile(r"(?<!\w)(" + _trie_regex(list(self.departments)) + r")(?!\w)")

    @staticmethod
    def _distinctive(form: str) -> bool:
        """A short form worth looking up: not a common word, not led by an article or a saint."""
        tokens = form.split()
        return tokens[0] not in ARTICLES + SAINTS + ("villa", "nuevo", "puerto") and not all(
            t in common_words() for t in tokens)

    def _is_ambiguous(self, key: str, found: list[Place], words: frozenset[str], curated: frozenset[str]) -> bool:
        """Whether a name reads as something else too, so that it counts only with place context."""
        tokens = key.split()
        other_department = key in COUNTRY or (key in self.departments
                                              and self.departments[key] != found[0].department_code)
        if len({p.code for p in found}) > 1 or other_department:
            return True
        if key in curated:
            return key in words or (key in word_like_names() and not found[0].capital)
        given = self._given_names()
        saint_person = tokens[0] in SAINTS and len(tokens) == 2 and tokens[1] in given and not found[0].capital
        return (tokens[0] in ARTICLES or saint_person or (len(tokens) == 1 and key in words)
                or ((all(t in words for t in tokens) or key in word_like_names()) and not found[0].capital))

    @staticmethod
    def _given_names() -> frozenset[str]:
        from pqrlab.enrich.lexicon import given_names

        return given_names()

    def find(self, text: str) -> tuple[str | None, str | None, float]:
        """(municipality_code, department_code, confidence), or (None, None, 0.0) when no place is named."""
        original = unicodedata.normalize("NFC", text or "")
        folded = fold(original)
        mixed_case = original != original.lower() and original != original.upper()
        scores = self._scores(self._mentions(original, folded, mixed_case), original, folded)
        if not scores:
            return self._misspelt(original, folded, mixed_case)
        code, score = max(scores.items(), key=lambda kv: kv[1])
        return code, code[:2], round(min(0.95, 0.5 + 0.2 * score), 2)

    def place_of(self, subject: str | None, body: str | None) -> tuple[str | None, str | None]:
        """(municipality_code, department_code) of a message: the body's place, else the subject's (a subject
        reads like a heading: "Bache en Tuluá"). A fact of the text, resolved whatever type the message gets."""
        code, dept, _ = self.find(body if isinstance(body, str) else "")
        if code is None and isinstance(subject, str) and subject:  # a missing subject may come as NaN
            code, dept, _ = self.find(subject)
        return code, dept

    def _mentions(self, original: str, folded: str, mixed_case: bool) -> list[_Mention]:
        """The names that read as places; a name right before another ("Gaira, Santa Marta") is a barrio."""
        mentions: list[_Mention] = []
        previous: re.Match | None = None
        for match in self.pattern.finditer(folded):
            after_place = previous is not None and previous.group(1) != match.group(1) and re.fullmatch(
                NEXT_PLACE, folded[previous.end(1): match.start(1)]) is not None
            mention = self._mention(match, original, folded, mixed_case, after_place)
            previous = match
            if mention is not None:
                mentions.append(mention)
        kept = [m for m, following in zip(mentions, [*mentions[1:], None])
                if following is None or following.key in self.departments
                or not re.fullmatch(NEXT_PLACE, folded[m.end: following.start])]
        return [m for m, previous in zip(kept, [None, *kept[:-1]]) if not self._its_department(previous, m, folded)]

    def _its_department(self, town: _Mention | None, mention: _Mention, folded: str) -> bool:
        """Whether `mention` is the department of the town right before it, written like a municipality of
        the same name ("Nobsa, Boyacá", "Tolú (Sucre)"): then it is no place of its own."""
        return (town is not None and town.key != mention.key and mention.key in self.departments
                and self.departments[mention.key] in {p.department_code for p in self.places.get(town.key, [])}
                and re.fullmatch(DEPARTMENT_GAP, folded[town.end: mention.start]) is not None)

    def _scores(self, mentions: list[_Mention], original: str, folded: str) -> dict[str, float]:
        """Score per municipality code: its best mention, a little more per repetition; quoted text weighs less."""
        dept_spans = [(m.start(), m.end(), self.departments[' '.join(m.group(1).split())])
                      for m in self.dept_pattern.finditer(folded)]
        named_depts = {d for _, _, d in dept_spans}
        quoted_from = min((m.start() for m in QUOTED.finditer(folded)), default=len(folded))
        votes: dict[str, list[float]] = {}
        for mention in mentions:
            if mention.key in self.localities and mention.key not in self.places:
                continue
            place = self._choose(mention, dept_spans, named_depts)
            if place is None:
                continue
            quoted = (mention.start >= quoted_from or _inside_quotes(original, mention.start)
                      or original[original.rfind("\n", 0, mention.start) + 1:].startswith(">"))
            votes.setdefault(place.code, []).append(mention.score * (0.4 if quoted else 1.0))
        scores = {code: max(found) + 0.25 * (len(found) - 1) for code, found in votes.items()}
        if "11001" in scores:  # a Bogotá locality supports Bogotá and is not another town
            for mention in mentions:
                if mention.key in self.localities:
                    for place in self.places.get(mention.key, []):
                        scores.pop(place.code, None)
                    scores["11001"] += 0.5
        return scores

    def _misspelt(self, original: str, folded: str, mixed_case: bool) -> tuple[str | None, str | None, float]:
        """Last resort: one misspelt distinctive name after strong place words ("municipio de Bucaramanag")."""
        import difflib

        for cue in TYPO_CUE.finditer(folded):
            word = cue.group(1)
            if (mixed_case and not original[cue.start(1)].isupper()) or word in common_words():
                continue
            close = difflib.get_close_matches(word, self._distinctive_single, n=1, cutoff=0.85)
            if close:
                place = self.places[close[0]][0]
                return place.code, place.department_code, 0.5
        return None, None, 0.0

    def _mention(self, match: re.Match, original: str, folded: str, mixed_case: bool,
                 after_place: bool) -> _Mention | None:
        """A name found in the text with the score its context gives it, or None where it is not a place."""
        key, start, end = " ".join(match.group(1).split()), match.start(1), match.end(1)  # any run of spaces
        before, after = folded[max(0, start - 70): start], folded[end: end + 40]
        if KILL_BEFORE.search(before) or self._is_person(original, start, end):
            return None
        mixed_case = mixed_case and not _line_in_capitals(original, start, end)  # "SE PRESENTA EN BOGOTÁ D C"
        street = STREET_NAME.search(before)
        street_words = (original[start - len(before) + street.start(1): start - len(before) + street.end(1)].split()
                        if street else [])
        named_street = bool(street_words) and all(w[:1].isupper() for w in street_words[1:] or street_words)
        if named_street and len(street_words) == 1:  # "Plaza de Bolívar": the town names the square
            return None
        beside_dept = self._department_after(after)
        sentence_start = re.search(r"(?:^|[.!?¿¡:;\n])[\s\"'(«“-]*$", original[max(0, start - 5): start])
        sentence_start = sentence_start is not None
        score = self._context_score(key, folded, start, end, before, after, beside_dept, sentence_start, after_place)
        later_capital = any(w[:1].isupper() for w in original[start:end].split()[1:] if fold(w) not in PARTICLES)
        capitalised = mixed_case and (original[start: start + 1].isupper() or self._lower_article(
            key, original[start:end])) and (later_capital or not sentence_start or key not in self.ambiguous)
        # ("Toca esperar" is a verb)
        if key in self.ambiguous:
            if not self._ambiguous_reads_as_place(key, score, before, beside_dept, capitalised, mixed_case):
                return None
        elif score == 0.0:
            if not capitalised:
                return None
            score = 1.0
        following = re.match(r"[ \t]+([^\W\d_]+)", original[end: end + 30])
        if (mixed_case and following and following.group(1)[:1].isupper() and not beside_dept and score < 2.5
                and fold(following.group(1)) not in set(PARTICLES) | set(COUNTRY)):
            return None  # part of a longer proper name: "Bello Horizonte", "Armenia Mantequilla"
        if named_street:  # "Parque Berrío de Medellín", "avenida Ciudad de Cali … en Bogotá": the last resort
            return _Mention(key, start, end, 0.5)
        return _Mention(key, start, end, score + (1.0 if beside_dept else 0.0))

    @staticmethod
    def _lower_article(key: str, written: str) -> bool:
        """An article-led name whose article is written in lower case and whose other words are capitalised and
        not all ordinary words: "en el Carmen de Viboral" (but "en el Banco" stays a bank)."""
        tokens, words = key.split(), written.split()
        if len(tokens) < 2 or tokens[0] not in ARTICLES or not words[0].islower():
            return False
        core = [t for t in tokens[1:] if t not in PARTICLES]
        return (all(w[:1].isupper() for w in words[1:] if fold(w) not in PARTICLES)
                and not all(t in common_words() for t in core))

    def _department_after(self, after: str) -> bool:
        """A department right after a name: "Toca, Boyacá", "Fresno (Tolima)", "Sucre, departamento de Sucre"."""
        separator = re.match(DEPARTMENT_GAP, after)
        return self.dept_pattern.match(after, separator.end()) is not None

    def _context_score(self, key: str, folded: str, start: int, end: int, before: str, after: str,
                       beside_dept: bool, sentence_start: bool, after_place: bool) -> float:
        """How surely the words around a name make it the matter's place (3) … a bare name (0)."""
        line_start = folded.rfind("\n", 0, start) + 1
        line_end = folded.find("\n", end)
        rest = folded[end: len(folded) if line_end < 0 else line_end].strip(" \t-,.()")
        own_line = not folded[line_start: start].strip(" \t-,.()") and rest in ("", "d.c", "dc", "d. c")
        dated = bool(DATE_AFTER.match(after)) and (start - line_start) < 3
        standalone = sentence_start and re.match(r"\s*(?:[.:;!?\n]|$)", after) is not None
        heading = standalone and not folded[line_start: start].strip()  # "Envigado:" opening a line
        if MATTER_BEFORE.search(before) or MATTER_AFTER.match(after):
            return 3.0
        if ROAD_END_BEFORE.search(before):
            return 1.0
        if WEAK_BEFORE.search(before) and not RESIDENCE_BEFORE.search(before):
            return 2.0
        if (RESIDENCE_BEFORE.search(before) or ADDRESS_BEFORE.search(before) or ADDRESS_AFTER.match(after)
                or dated or own_line or heading or beside_dept):
            return 1.8
        if OF_BEFORE.search(before):
            return 1.6
        if after_place or (standalone and key not in self.ambiguous):
            return 1.5
        return 0.0

    def _ambiguous_reads_as_place(self, key: str, score: float, before: str, beside_dept: bool,
                                  capitalised: bool, mixed_case: bool) -> bool:
        """An ambiguous name is a place with strong context, or with "en"/"de" before a real capital letter
        (in a text without capitals: "en"/"desde" before a one-word name of one municipality)."""
        region = key in COUNTRY or key in self.departments  # "vivo en Colombia" is the country
        if score >= 2.5 or beside_dept or (score == 1.8 and not region):
            return True
        after_en = re.search(r"(?:^|\W)(?:en|desde)\s+$", before) is not None
        lower_case_ok = (not mixed_case and after_en and len(self.places[key]) == 1 and len(key.split()) == 1)
        return score >= 1.6 and not region and (capitalised or lower_case_ok)

    def _is_person(self, original: str, start: int, end: int) -> bool:
        """A surname or given name beside a capitalised person's name ("Luis Toro", "Andrea Suárez Gil")."""
        from pqrlab.enrich.lexicon import given_names, surnames

        previous = re.search(r"([^\W\d_]+)[ \t]+$", original[max(0, start - 30): start])
        following = re.match(r"[ \t]+([^\W\d_]+)", original[end: end + 30])
        if previous and previous.group(1)[:1].isupper() and fold(previous.group(1)) in given_names():
            return True
        return bool(following and following.group(1)[:1].isupper() and fold(following.group(1)) in surnames()
                    and fold(following.group(1)) not in ("de", "del")  # "Montería Córdoba": a department
                    and not self.dept_pattern.match(fold(original[end: end + 40]).lstrip(" \t")))

    def _choose(self, mention: _Mention, dept_spans: list, named_depts: set[str]) -> Place | None:
        """The municipality a name stands for: by the department beside it, one named in the text, the capital."""
        found = self.places.get(mention.key, [])
        if len(found) == 1:
            return found[0]
        near = {d for s, _, d in dept_spans if 0 <= s - mention.end <= 40}
        for pool in (near, named_depts):
            chosen = [p for p in found if p.department_code in pool]
            if len(chosen) == 1:
                return chosen[0]
        capitals = [p for p in found if p.capital]
        return capitals[0] if len(capitals) == 1 else None


def _line_in_capitals(original: str, start: int, end: int) -> bool:
    """Whether the line holding a name is written in capitals (a shouted message above a signature in normal
    case): its capital letters then say nothing about proper names."""
    line_end = original.find("\n", end)
    line = original[original.rfind("\n", 0, start) + 1: len(original) if line_end < 0 else line_end]
    return line == line.upper() and line != line.lower()


def _inside_quotes(original: str, start: int) -> bool:
    """Whether a position lies inside quoted speech on its line ("…en Ipiales tenían que resolver")."""
    line = original[original.rfind("\n", 0, start) + 1: start]
    return line.count('"') % 2 == 1 or line.count("“") > line.count("”") or line.count("«") > line.count("»")


def fold_set(values) -> frozenset[str]:
    return frozenset(fold(v) for v in values)


def _trie_regex(keys: list[str]) -> str:
    """One pattern for many names, factored by common prefixes (fast to scan), longest name first;
    a space in a name matches any run of spaces."""
    trie: dict = {}
    for key in keys:
        node = trie
        for char in " ".join(key.split()):
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_regex(trie)


def _node_regex(node: dict) -> str:
    branches = [(r"\s+" if char == " " else re.escape(char)) + _node_regex(child)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _score_line(gazetteer: Gazetteer, label: str, rows: list[tuple[str, str, str | None]]) -> str:
    """Exact where (subject, body, code) names a place, "none" where it names none, as the enrichers resolve it."""
    found = [(gazetteer.place_of(subject, body)[0], code) for subject, body, code in rows]
    named = [got == code for got, code in found if code]
    unnamed = [got is None for got, code in found if not code]
    return (f"{label:<5} municipality exact {sum(named)}/{len(named)} = {sum(named) / max(1, len(named)):.3f}   "
            f"none {sum(unnamed)}/{len(unnamed)} = {sum(unnamed) / max(1, len(unnamed)):.3f}")


def main(argv: list[str] | None = None) -> int:
    """`python -m pqrlab.enrich.places`: municipality exact / none per slice of the hand-written set (PQRS
    e-mails), optionally on the templates' held-out seed, and speed."""
    import argparse
    import time

    from pqrlab.enrich.handwritten import SLICES, load_records

    parser = argparse.ArgumentParser(prog="python -m pqrlab.enrich.places", description=main.__doc__)
    parser.add_argument("--repeat", type=int, default=4, help="times the bodies are resolved for the speed figure")
    parser.add_argument("--generated-events", type=int, default=0,
                        help="also score the PQRS first e-mails of a generated run of this many events (seed 2)")
    parser.add_argument("--write-words", action="store_true",
                        help="regenerate pqrlab/data/municipality_words.txt with simplemma and exit")
    args = parser.parse_args(argv)
    if args.write_words:
        target = resources.files("pqrlab.data").joinpath("municipality_words.txt")
        lines = [WORDS_HEADER, *spanish_word_names()]
        Path(str(target)).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{len(lines) - 1} names written to {target}")
        return 0
    gazetteer = Gazetteer()
    records = [r for r in load_records() if r["labels"]["is_pqrs"]]
    for slice_name in SLICES:
        print(_score_line(gazetteer, slice_name, [(r["subject"], r["body"], r["labels"]["municipality_code"])
                                                  for r in records if r["slice"] == slice_name]))
    if args.generated_events:
        from pqrlab.enrich.train import labelled_examples

        generated = labelled_examples(seed=2, events=args.generated_events)
        generated = generated[generated["pqrs_label"] != "no_pqrs"]
        codes = [code if named else None
                 for code, named in zip(generated["municipality_code"], generated["municipality_mentioned"])]
        print(_score_line(gazetteer, "seed2", list(zip(generated["subject"], generated["body"], codes))))
    bodies = [r["body"] for r in load_records()] * max(1, args.repeat)
    started = time.perf_counter()
    for body in bodies:
        gazetteer.find(body)
    print(f"speed: {len(bodies) / (time.perf_counter() - started):,.0f} messages/s over {len(bodies)} bodies")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
