"""The hand-written evaluation set: valid, inside the taxonomy, covering it, and not copied from the templates."""
from __future__ import annotations

import collections
import json
import re
import unicodedata

import pytest

from pqrlab.channel import templates
from pqrlab.channel.templates import PETITION_SUBTYPES, PQRS_TYPES, PRIORITIES, TOPICS
from pqrlab.enrich import handwritten

NGRAM = 9  # words: a shared run this long means a sentence was copied (legal stock phrases are shorter)


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return handwritten.load_records()


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.findall(r"[a-z0-9ñ]+", text)


def _ngrams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + NGRAM]) for i in range(len(words) - NGRAM + 1)}


def _template_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _template_strings(v)]
    if isinstance(value, (tuple, list)):
        return [s for v in value for s in _template_strings(v)]
    return []


def test_the_set_is_valid(records):
    assert handwritten.record_errors(records) == []


def test_coverage_of_the_taxonomy(records):
    evaluated = [r for r in records if r["slice"] != "dev"]
    labels = [r["labels"] for r in evaluated if r["labels"]["is_pqrs"]]
    counts = {field: collections.Counter(str(l[field]) for l in labels)
              for field in ("pqrs_type", "subtype", "topic", "priority")}
    type_subtype = collections.Counter(f"{l['pqrs_type']}/{l['subtype']}" for l in labels)
    places = collections.Counter(str(l["municipality_code"]) for l in labels)
    print(f"\n{len(records)} e-mails; slices {dict(collections.Counter(r['slice'] for r in records))}")
    print(f"non-PQRS {sum(not r['labels']['is_pqrs'] for r in records)}; type/subtype {dict(type_subtype)}")
    for field, counter in counts.items():
        print(f"{field}: {dict(counter)}")
    print(f"municipalities: {len(set(places) - {'None'})} distinct, {places['None']} PQRS name none")
    print(f"styles: {dict(collections.Counter(r['style'] for r in records))}")
    assert set(counts["pqrs_type"]) == set(PQRS_TYPES)
    assert {s for t, s in (k.split("/") for k in type_subtype) if t == "peticion"} == set(PETITION_SUBTYPES)
    assert set(counts["topic"]) == set(TOPICS)
    assert set(counts["priority"]) == set(PRIORITIES)
    assert len(records) >= 400 and len(set(places) - {"None"}) >= 100  # the bar
    assert places["None"] >= 20 and sum(not r["labels"]["is_pqrs"] for r in evaluated) >= 40
    assert {r["slice"] for r in records} == set(handwritten.SLICES)


def test_no_body_copies_the_generator_templates(records):
    pieces = [p for s in _template_strings(vars(templates)) for p in re.split(r"\{[^}]*\}", s)]
    template_ngrams = set().union(*(_ngrams(_words(p)) for p in pieces))
    copied = {r["id"]: sorted(_ngrams(_words(r["body"])) & template_ngrams)[:1] for r in records}
    assert {k: v for k, v in copied.items() if v} == {}


def test_no_two_records_share_a_body(records):
    bodies = collections.Counter(" ".join(_words(r["body"])) for r in records)
    assert [b[:60] for b, n in bodies.items() if n > 1] == []


@pytest.mark.parametrize("change, problem", [
    ({"topic": "deportes"}, "topic 'deportes'"),
    ({"municipality_code": "99999"}, "not in DIVIPOLA"),
    ({"pqrs_type": "queja", "subtype": "consulta"}, "subtype 'consulta' for queja"),
    ({"priority": "urgente"}, "priority 'urgente'"),
    ({"is_pqrs": False}, "non-PQRS must leave"),
])
def test_the_validator_names_each_label_error(records, change, problem):
    named = next(r for r in records if r["labels"]["is_pqrs"] and r["labels"]["municipality_code"])
    record = json.loads(json.dumps(named))
    record["labels"].update(change)
    errors = handwritten.record_errors([record])
    assert len(errors) == 1 and problem in errors[0] and errors[0].startswith(record["id"])


def test_the_validator_catches_duplicate_ids_and_missing_fields(records):
    first = dict(records[0])
    broken = {k: v for k, v in records[1].items() if k != "labels"}
    errors = handwritten.record_errors([first, dict(first), broken])
    assert errors == [f"{first['id']}: duplicate id", f"{broken['id']}: missing labels"]


def test_the_command_scores_the_baseline_per_slice(capsys):
    assert handwritten.main(["--enricher", "keywords-baseline"]) == 0
    out = capsys.readouterr().out
    print(out)
    assert "== keywords-baseline" in out
    assert re.search(r"^main\s+\d+", out, re.M) and re.search(r"^edge\s+\d+", out, re.M)
    sizes = {m.group(1): int(m.group(2)) for m in re.finditer(r"^(main|edge|both)\s+(\d+)", out, re.M)}
    assert sizes["both"] == sizes["main"] + sizes["edge"]  # the whole evaluation set, scored as one


def test_the_command_scores_every_field_in_range(records):
    scores = handwritten.score(handwritten._enricher("keywords-baseline"), handwritten.examples_frame(records))
    for metrics in scores.values():
        values = [metrics["pqrs_or_not_f1"], metrics["pqrs_label"]["accuracy"], metrics["municipality_none_accuracy"],
                  *(metrics[f][k] for f in ("pqrs_type", "topic", "priority", "municipality_code")
                    for k in ("accuracy", "macro_f1"))]
        assert all(0.0 <= v <= 1.0 for v in values)
    assert scores["main"]["emails"] + scores["edge"]["emails"] == sum(r["slice"] != "dev" for r in records)


def test_an_unknown_enricher_is_a_one_line_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        handwritten.main(["--enricher", "no-such-model"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.strip().count("\n") == 0


def test_a_bad_set_file_is_a_one_line_error(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x1"}\n', encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        handwritten.main(["--enricher", "keywords-baseline", "--set", str(bad)])
    assert exit_.value.code == 2 and "invalid" in capsys.readouterr().err
