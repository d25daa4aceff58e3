"""PII masking (Ley 1581): no personal data of the generator's truth survives in Silver text."""
import datetime as dt

import pandas as pd

from pqrlab.channel.generator import MAX_THREAD_DAYS, ChannelConfig, mail_for_days
from pqrlab.enrich.masking import mask_pii, signature_names
from pqrlab.layers.bronze import validate_lines
from pqrlab.layers.silver import mask_messages, summarize_messages


def test_mask_examples():
    text = ("Mi nombre es Lucía Gómez, cédula 1.023.456.789. Escríbanme a lucia.gomez@gmail.com o al "
            "310 555 1234. Vivo en la Cra. 7 # 45-10 Sur.\n\nAtentamente,\nLucía Gómez")
    masked = mask_pii(text, signature_names(text))
    for secret in ("Lucía Gómez", "1.023.456.789", "lucia.gomez@gmail.com", "310 555 1234", "45-10"):
        assert secret not in masked
    for label in ("[NOMBRE]", "[CEDULA]", "[EMAIL]", "[PHONE]", "[ADDRESS]"):
        assert label in masked


def test_soy_followed_by_lower_case_words_is_not_a_name():
    text = "Soy adulto mayor y estoy en situación de vulnerabilidad. Soy Ana María Gómez."
    masked = mask_pii(text, signature_names(text))
    assert masked == "Soy adulto mayor y estoy en situación de vulnerabilidad. Soy [NOMBRE]."


def test_no_truth_pii_left_in_masked_messages():
    # every thread with mail in these days opened inside them (MAX_THREAD_DAYS before the last): all PII is known
    cfg = ChannelConfig(seed=11, daily_events=7, defect_rate=0.0)
    mail = mail_for_days(cfg, [dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(MAX_THREAD_DAYS + 10)])
    truths = [t for m in mail.values() for t in m.truths]
    frames = [validate_lines([("p", b"\n".join(m.lines))], dt.date.fromisoformat(day), "mask")[0].to_pandas()
              for day, m in mail.items() if m.lines]
    masked = summarize_messages(mask_messages(pd.concat(frames, ignore_index=True)))
    text = "\n".join(masked["body"].tolist() + masked["subject"].fillna("").tolist()
                     + masked["from_addr"].tolist() + masked["to_addr"].tolist() + masked["summary"].dropna().tolist())
    pqrs = [t for t in truths if t["is_pqrs"]]
    leaks = {k: [t["pii"][k] for t in pqrs if t["pii"][k] in text] for k in ("email", "phone", "cedula", "address")}
    assert all(not v for v in leaks.values()), leaks
    names = [t["pii"]["name"] for t in pqrs if t["pii"]["name"] in text]
    # A name whose introduction was garbled by a typo can survive in a quoted reply: allow at most 2%.
    assert len(names) <= 0.02 * len(pqrs), names


# -- the labelled set -------------------------------------------------------------------------------
import json  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402

import pytest  # noqa: E402

from pqrlab.enrich.masking import KINDS, PATTERNS, find_pii, name_spans, structured_spans  # noqa: E402
from pqrlab.enrich.masking_report import (ADVERSARIAL_RUNS, DEFAULT_CASES, load_cases, score,  # noqa: E402
                                          untouched_negatives)
from pqrlab.layers.bronze import MESSAGES  # noqa: E402
from pqrlab.layers.silver import (bronze_to_silver, learned_names, names_for_day, thread_name_sets)  # noqa: E402

CASES = load_cases(DEFAULT_CASES)
# Honest floors, a little under what the set measures (docs/security.md has the table): a name or a
# phone that only a person would recognise ("Carolina (mi hermana)", "31O 555 6677") is still missed.
RECALL_AT_LEAST = {"NOMBRE": 0.90, "CEDULA": 0.95, "NIT": 0.85, "PHONE": 0.95, "EMAIL": 0.95, "ADDRESS": 0.95}
PRECISION_AT_LEAST = {"NOMBRE": 0.95, "CEDULA": 0.95, "NIT": 0.95, "PHONE": 0.95, "EMAIL": 0.90, "ADDRESS": 0.95}


def test_labelled_set_is_large_varied_and_consistent():
    assert len(CASES) >= 300 and len({c["id"] for c in CASES}) == len(CASES)
    assert sum(not c["spans"] for c in CASES) >= 100  # many strings that must stay untouched
    assert {c["style"] for c in CASES} >= {"formal", "chat", "case", "mixed", "neg"}
    kinds = [k for c in CASES for *_, k in c["spans"]]
    assert set(kinds) == set(KINDS) and min(kinds.count(k) for k in KINDS) >= 5
    for case in CASES:  # the spans are exactly the marked-up values of the hand-written line
        marked = re.sub(r"\{\{[NCTPEA]:(.*?)\}\}", r"\1", case["annotated"])
        assert marked == case["text"], case["id"]
        values = re.findall(r"\{\{[NCTPEA]:(.*?)\}\}", case["annotated"])
        assert [case["text"][s:e] for s, e, _ in case["spans"]] == values, case["id"]


def test_recall_and_precision_per_kind_on_the_labelled_set():
    scores = score(CASES)
    for kind, row in scores.items():
        print(f"{kind}: recall {row.recall:.3f} ({row.found}/{row.labelled}), "
              f"precision {row.precision:.3f} ({row.correct}/{row.predicted})")
    low = {k: round(s.recall, 3) for k, s in scores.items() if s.recall < RECALL_AT_LEAST[k]}
    imprecise = {k: round(s.precision, 3) for k, s in scores.items() if s.precision < PRECISION_AT_LEAST[k]}
    assert not low and not imprecise, (low, imprecise)
    kept, negatives = untouched_negatives(CASES)
    assert kept >= 0.97 * negatives


@pytest.mark.parametrize("text, secret", [
    ("Mi nombre es María de la Cruz Restrepo y pido ayuda", "Cruz Restrepo"),
    ("Luz Dary Ocampo de Pérez, mayor de edad", "Ocampo de Pérez"),
    ("mi nombre es maria de la cruz restrepo", "restrepo"),
    ("ATENTAMENTE\nJOSÉ ANTONIO RUIZ PARRA", "RUIZ PARRA"),
    ("C.C. 1.03.8606.531", "8606"),
    ("cédula 52 874 119", "874"),
    ("NIT 900.123.456-7", "123.456"),
    ("fijo (601) 345 6789", "345 6789"),
    ("cel 315.555.1234", "555.1234"),
    ("Tel 2345678", "2345678"),
    ("whatsapp +57 300 765 4321", "765 4321"),
    ("escríbanme a juan.perez_77@gmail.com", "juan.perez_77"),
    ("vivo en la Kra 45 No. 26-85 apto 501", "apto 501"),
    ("Carrera 15 número 88-64", "88-64"),
    ("Av. Boyacá No 68-90 sur", "68-90"),
    ("Mz 3 Casa 12", "Casa 12"),
    ("Cl 10 # 5-20 Barrio El Prado", "El Prado"),
    ("Diagonal 45 Sur # 12-30", "12-30"),
])
def test_issue_classes_are_masked(text, secret):
    assert secret not in mask_pii(text)


@pytest.mark.parametrize("text", [
    "Me cobraron $1.250.000 y luego 1.300.000 pesos.",
    "El valor de 2.345.000 no corresponde.",
    "Radicado 20261100012345 del 02/03/2026, Ley 1755 de 2015, artículo 23.",
    "Número de radicado: 3124567890",
    "Factura No. 1.234.567 de febrero.",
    "Vivo en Santa Rosa de Cabal y trabajo en El Carmen de Viboral.",
    "El colegio Antonio Nariño y el parque Simón Bolívar.",
    "En Rafael Uribe Uribe y Ciudad Bolívar faltan rutas; el Juzgado Segundo Civil de Neiva falló.",
    "Decreto 1166 de 2016, Sentencia T-377 de 2000, 15 días hábiles.",
])
def test_amounts_dates_references_and_places_stay(text):
    assert mask_pii(text) == text


def test_masking_is_stable_and_leaves_nothing_the_quality_check_finds():
    for case in CASES:
        masked = mask_pii(case["text"])
        assert mask_pii(masked) == masked, case["id"]
        assert not structured_spans(masked), (case["id"], masked)


def test_every_pattern_family_is_linear_on_a_megabyte_of_adversarial_text():
    # Long runs of what makes each pattern backtrack; the old e-mail regex took 11.8 s on 40,000 characters
    # (quadratic: a megabyte would take hours). CPU time of this process, so a loaded machine does not flake.
    piece = 1_000_000 // len(ADVERSARIAL_RUNS)
    text = "".join((unit * (piece // len(unit) + 1))[:piece] for unit in ADVERSARIAL_RUNS.values())
    name_spans("Ana Pérez")  # word lists loaded outside the clock
    families = [(label, lambda p=pattern: sum(1 for _ in p.finditer(text))) for label, pattern in PATTERNS]
    families += [("NOMBRE", lambda: name_spans(text)), ("all (mask_pii)", lambda: mask_pii(text))]
    seconds = {}
    for label, run in families:
        started = time.process_time()
        run()
        seconds[label] = time.process_time() - started
    print(f"{len(text):,} adversarial characters, CPU seconds:", ", ".join(f"{k} {v:.2f}" for k, v in seconds.items()))
    assert all(v < 1.0 for k, v in seconds.items() if k != "all (mask_pii)"), seconds
    assert seconds["all (mask_pii)"] < 2.0, seconds


# -- names learned per thread and per citizen, across Dask partitions --------------------------------
def _raw(thread: str, k: int, kind: str, day: str, sender: str, recipient: str, subject: str, body: str) -> bytes:
    return json.dumps({
        "schema_version": "1.0", "event_id": f"00000000-0000-4000-8000-{abs(hash((thread, k))) % 10**12:012d}",
        "message_id": f"<{thread}.{k}@correo.pqr>", "thread_id": thread,
        "in_reply_to": None if k == 0 else f"<{thread}.0@correo.pqr>", "kind": kind,
        "direction": "outbound" if sender == "pqrsd@entidad.gov.co" else "inbound",
        "sent_at": f"{day}T10:00:00-05:00", "from_addr": sender, "to_addr": recipient, "subject": subject,
        "body": body, "radicado": None if k == 0 else f"R{thread}"}, ensure_ascii=False).encode()


THREAD_DAYS = {
    "2026-03-02": [("T1", 0, "initial", "yc@gmail.com", "pqrsd@entidad.gov.co", "Queja",
                    "Buenos días. Mi nombre es Yurleidys Cuadrado Timarán y no tengo agua.")],
    "2026-03-09": [("T1", 1, "follow_up", "yc@gmail.com", "pqrsd@entidad.gov.co", "RE: Queja",
                    "Sigo esperando.\n\n> el 2 de marzo yurleidys cuadrado escribió que no tiene agua"),
                   ("T2", 0, "initial", "yc@gmail.com", "pqrsd@entidad.gov.co", "Otra solicitud",
                    "Buenas, les escribo otra vez por el alumbrado. Soy la misma del caso anterior, Timarán.")],
    "2026-03-16": [("T1", 2, "response", "pqrsd@entidad.gov.co", "yc@gmail.com", "Respuesta para Yurleidys",
                    "Respetada Yurleidys: su caso fue atendido.")],
}
SECRETS = ("Yurleidys", "yurleidys", "Cuadrado", "cuadrado", "Timarán")


def _bronze(lake, run_id: str) -> None:
    for day, messages in THREAD_DAYS.items():
        lines = b"\n".join(_raw(t, k, kind, day, s, r, subj, body) for t, k, kind, s, r, subj, body in messages)
        good, bad = validate_lines([("p.jsonl", lines)], dt.date.fromisoformat(day), run_id)
        assert bad.num_rows == 0, bad.to_pylist()
        lake.write_parquet(f"{lake.partition('bronze', day, run_id, MESSAGES)}/part-0.parquet", good)


def test_names_learned_in_one_day_are_masked_in_the_thread_and_citizen_on_other_days(lake):
    _bronze(lake, "names")
    days = {day: lake.read_parquet(f"{lake.partition('bronze', day, 'names', MESSAGES)}/part-0.parquet")
            .to_pandas() for day in THREAD_DAYS}
    for day in ("2026-03-09", "2026-03-16"):  # each later partition alone: the quoted names leak
        alone = mask_messages(days[day])
        assert any(word in alone["body"].str.cat() for word in SECRETS)
    learned = pd.concat([learned_names(frame) for frame in days.values()], ignore_index=True)
    name_sets = thread_name_sets(learned)
    assert name_sets["T2"] == name_sets["T1"]  # same citizen, same names
    for day, frame in days.items():
        masked = mask_messages(frame, names_for_day(learned, name_sets, day))
        text = masked["body"].str.cat(sep="\n") + masked["subject"].str.cat(sep="\n")
        assert not [word for word in SECRETS if word in text], (day, text)


def test_silver_masks_names_quoted_on_other_days_inside_the_dask_cluster(lake, dask):
    _bronze(lake, "names")
    bronze_to_silver(lake, dask, "names", "keywords-baseline")
    silver = lake.read_dataset("silver", MESSAGES, "names").to_pandas()
    assert len(silver) == 4
    text = "\n".join(silver["body"].tolist() + silver["subject"].tolist() + silver["summary"].dropna().tolist())
    assert not [word for word in SECRETS if word in text], text
    assert text.count("[NOMBRE]") >= 5


def test_summary_of_long_blank_runs_is_linear():
    # The summary is Silver text too: its sentence splitter rescanned runs of spaces (40,000 spaces: 10 s).
    from pqrlab.enrich.summary import extractive_summary

    for unit in (" ", " \n\t", " ¿", ". "):
        text = (unit * (200_000 // len(unit)))[:200_000] + " Solicito arreglar la calle."
        started = time.process_time()
        extractive_summary("", text)
        assert time.process_time() - started < 1.0, repr(unit)
