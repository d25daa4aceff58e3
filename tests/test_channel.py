"""The synthetic e-mail channel: determinism, contract, threads, defects, labels and PII."""
import datetime as dt

import pandas as pd
import pytest

from pqrlab.channel.generator import ChannelConfig, mail_for_day, mail_for_days
from pqrlab.channel.places import divipola
from pqrlab.channel.schema import DEFECT_KINDS, REQUIRED_FIELDS
from pqrlab.layers.bronze import Rejected, parse_line

CFG = ChannelConfig(seed=7, run_id="unit", events=3000, start=dt.date(2026, 3, 2), days=20, defect_rate=0.05)


def as_tuple(mail) -> tuple[dict[str, list[bytes]], list[dict], list[dict]]:
    """One delivery day as (lines by day, truths of threads opened that day, defects)."""
    assert list(mail.files) == ["part-000.jsonl"]  # small days: one file, defects' line numbers index it
    return {mail.day: mail.lines}, mail.truths, mail.defects


@pytest.fixture(scope="module")
def generated():
    return [as_tuple(mail) for mail in mail_for_days(CFG, CFG.window).values()]


def all_lines(generated):
    return [(day, line) for lines, _, _ in generated for day, day_lines in lines.items() for line in day_lines]


def test_same_seed_same_bytes_other_seed_other_bytes():
    day = CFG.start + dt.timedelta(days=3)
    a = mail_for_day(CFG, day)
    b = mail_for_day(CFG, day)
    c = mail_for_day(ChannelConfig(**{**CFG.__dict__, "seed": 8}), day)
    assert a == b
    assert a.lines != c.lines


def test_about_the_requested_number_of_lines(generated):
    assert CFG.daily == 150  # events over days
    assert 0.85 * CFG.events < len(all_lines(generated)) < 1.15 * CFG.events


def test_fewer_emails_on_weekends_and_holidays():
    cfg = ChannelConfig(**{**CFG.__dict__, "events": 21_000, "days": 42})
    lines = {dt.date.fromisoformat(d): len(m.lines) for d, m in mail_for_days(cfg, cfg.window).items()}
    weekdays = [n for d, n in lines.items() if d.weekday() < 5 and d not in (dt.date(2026, 3, 23),
                                                                            dt.date(2026, 4, 2), dt.date(2026, 4, 3))]
    weekends = [n for d, n in lines.items() if d.weekday() >= 5]
    # acknowledgements and responses of the week before still arrive on a weekend or holiday
    assert sum(weekends) / len(weekends) < 0.6 * sum(weekdays) / len(weekdays)
    assert lines[dt.date(2026, 4, 3)] < 0.6 * sum(weekdays) / len(weekdays)


def test_every_defect_kind_present_and_recognised_by_bronze(generated):
    by_location = {}
    for lines, _, defects in generated:
        for d in defects:
            by_location[(d["day"], d["line_no"], d["file"])] = d["kind"]
    kinds = list(by_location.values())
    assert set(kinds) == set(DEFECT_KINDS)
    rate = len(kinds) / CFG.events
    assert 0.03 < rate < 0.07, rate
    # Bronze gives each defect its own kind as the reason (duplicates are caught across the partition).
    for lines, _, defects in generated:
        for d in defects:
            line = lines[d["day"]][d["line_no"] - 1]
            if d["kind"] == "duplicate":
                assert line in lines[d["day"]][: d["line_no"] - 1]
                continue
            with pytest.raises(Rejected) as err:
                parse_line(line, dt.date.fromisoformat(d["day"]))
            assert err.value.reason == d["kind"]


def test_good_lines_follow_the_contract_and_threads_are_well_formed(generated):
    good = []
    for lines, _, defects in generated:  # one task: one file per day, defects located in it
        defect_lines = {(d["day"], d["line_no"]) for d in defects}
        for day, day_lines in lines.items():
            for i, line in enumerate(day_lines, start=1):
                if (day, i) not in defect_lines:
                    good.append(parse_line(line, dt.date.fromisoformat(day)))
    ids = {g["message_id"] for g in good}
    assert len(ids) == len(good)
    assert all(all(g[f] is not None for f in REQUIRED_FIELDS) for g in good)
    opened = {t["ticket_id"] for _, truths, _ in generated for t in truths}  # threads opened inside the window
    replies = [g for g in good if g["in_reply_to"] and g["thread_id"] in opened]
    assert replies and all(r["in_reply_to"] in ids for r in replies)
    assert {g["thread_id"] for g in good} - opened  # and mail of threads opened before it (answers, ...)
    assert {g["kind"] for g in good} == {"initial", "ack", "follow_up", "response", "reopen"}


def test_labels_within_tolerances_and_codes_valid(generated):
    truth = pd.DataFrame([t for _, ts, _ in generated for t in ts])
    pqrs = truth[truth["is_pqrs"]]
    shares = pqrs["pqrs_type"].value_counts(normalize=True)
    assert abs(shares["peticion"] - 0.55) < 0.06 and abs(shares["sugerencia"] - 0.07) < 0.04
    assert pqrs["topic"].value_counts(normalize=True).index[0] == "servicios_publicos"
    assert 0.05 < (~truth["is_pqrs"]).mean() < 0.11
    codes = set(divipola()["municipality_code"])
    named = pqrs["municipality_mentioned"].astype(bool)
    assert set(pqrs.loc[named, "municipality_code"]) <= codes
    assert pqrs.loc[~named, "municipality_code"].isna().all()  # guide §5: no place named, no code
    assert (pqrs["municipality_code"] == "11001").mean() > 0.1  # weighted toward big cities


def test_pii_present_in_raw_bodies(generated):
    lines, truths, _ = generated[0]
    text = b"\n".join(line for day_lines in lines.values() for line in day_lines).decode("utf-8", "replace")
    pqrs = [t for t in truths if t["is_pqrs"]]
    found = {k: sum(t["pii"][k] in text for t in pqrs) / len(pqrs) for k in ("email", "phone", "address")}
    assert all(share > 0.3 for share in found.values()), found


def test_packaged_divipola_matches_the_reference(divipola_reference):
    reference = pd.read_csv(divipola_reference, dtype=str)
    assert len(divipola()) == len(reference) == 1122
    assert set(divipola()["municipality_code"]) == set(reference["municipality_code"])


def test_ambiguous_municipality_names_appear(generated):
    towns = divipola()
    shared = towns[towns.duplicated("municipality", keep=False)]
    truth = pd.DataFrame([t for _, ts, _ in generated for t in ts])
    used = set(truth["municipality_code"].dropna())
    assert len(used & set(shared["municipality_code"])) >= 5
    assert "63001" in used  # Armenia (Quindío); Armenia (Antioquia) shares its name
    assert {"Armenia"} <= set(shared["municipality"])


def test_template_split_gives_disjoint_wording_and_leaves_default_runs_unchanged():
    from pqrlab.channel import templates as T
    from pqrlab.channel.generator import config_dict
    from pqrlab.channel.language import paraphrases

    for options in T.TYPE_SENTENCES.values():
        train, held = set(paraphrases(options, "train")), set(paraphrases(options, "eval"))
        assert train and held and not train & held and train | held == set(options)
    assert "template_split" not in config_dict(CFG)  # manifests of ordinary runs stay byte-identical
    day = CFG.start + dt.timedelta(days=2)
    assert mail_for_day(CFG, day) == mail_for_day(ChannelConfig(**{**CFG.__dict__, "template_split": None}), day)
