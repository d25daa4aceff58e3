"""The model registry (meta.models), the promoted model as Silver's default, calibration and the review
threshold, and training with review corrections; real PostgreSQL, a real Dask cluster, a real trained model
(trained once for the session, small)."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pqrlab.enrich import calibration, models, registry
from pqrlab.enrich.base import ModelVersionMismatch, enricher_problem
from pqrlab.enrich.train import correction_examples, next_version, train_and_store, training_set
from tests.conftest import create_database

REPO = Path(__file__).resolve().parents[1]
SMALL = {"seed": 3, "eval_seed": 4, "train_events": 1500, "eval_events": 300}


def corrections() -> pd.DataFrame:
    """What an agent's corrections look like: the e-mail and the labels the agent settled."""
    return pd.DataFrame([
        {"subject": "Atención", "body": "El vigilante de la alcaldía me insultó y no me dejó entrar a radicar.",
         "pqrs_type": "queja", "subtype": "general", "topic": "otros", "priority": "media"},
        {"subject": "Factura", "body": "Me cobraron dos veces el alumbrado público este mes, pido la devolución.",
         "pqrs_type": "reclamo", "subtype": None, "topic": "servicios_publicos", "priority": "baja"},
        {"subject": "Respuesta automática", "body": "Estaré fuera de la oficina hasta el lunes.",
         "pqrs_type": "no_pqrs", "subtype": None, "topic": None, "priority": None},
    ])


@pytest.fixture(scope="session")
def trained(tmp_path_factory, pg_dsn):
    """The default model (name and version) trained once, small, with three review corrections; registered."""
    from pqrlab.lake import Lake

    lake = Lake(f"file://{tmp_path_factory.mktemp('registry') / 'lake'}")
    dsn = create_database(pg_dsn)
    card = train_and_store(lake, registry.DEFAULT_MODEL, registry.DEFAULT_VERSION, extra_examples=corrections(),
                           dsn=dsn, **SMALL)
    return lake, dsn, card


def copy_model(source, target, name: str, version: str) -> None:
    shutil.copytree(models.model_dir(source, name, version).removeprefix("file://"),
                    models.model_dir(target, name, version).removeprefix("file://"))


# -- registry ---------------------------------------------------------------------------------------
def test_training_registers_the_card_on_both_sets(trained):
    lake, dsn, card = trained
    table = registry.list_models(dsn)
    row = table.set_index(["name", "version"]).loc[(registry.DEFAULT_MODEL, registry.DEFAULT_VERSION)]
    assert row["sha256"] == card["sha256"][:12]
    assert row["handwritten_type_f1"] == card["handwritten"]["main"]["pqrs_type"]["macro_f1"]
    assert row["templates_type_f1"] == card["metrics"]["pqrs_type"]["macro_f1"]
    for slice_name in ("main", "edge", "dev"):  # edge apart; each with confusion matrix and calibration
        scores = card["handwritten"][slice_name]
        assert {"confusion", "calibration", "ece", "review"} <= set(scores)
        assert {"accuracy", "macro_f1"} <= set(scores["topic"]) and {"accuracy", "macro_f1"} <= set(scores["priority"])


def test_promote_makes_exactly_one_default_and_refuses_unknown(trained, pg_dsn):
    _, _, card = trained
    dsn = create_database(pg_dsn)
    registry.register(dsn, card)
    registry.register(dsn, {**card, "version": "2.0.0", "sha256": "a" * 64})
    assert registry.promoted(dsn) is None
    registry.promote(dsn, f"{card['name']}@{card['version']}", promoted_by="ana")
    registry.promote(dsn, f"{card['name']}@2.0.0", promoted_by="beto")
    assert registry.promoted(dsn) == {"name": card["name"], "version": "2.0.0", "sha256": "a" * 64}
    table = registry.list_models(dsn)
    assert table["is_promoted"].sum() == 1
    assert table.loc[table["is_promoted"], "promoted_by"].item() == "beto"
    with pytest.raises(registry.UnknownModel, match="no model tfidf-ensemble@9.9.9.*registered: tfidf-ensemble@1.0.0"):
        registry.promote(dsn, "tfidf-ensemble@9.9.9")
    with pytest.raises(registry.UnknownModel, match="needs a version"):
        registry.promote(dsn, "tfidf-ensemble")
    assert registry.promoted(dsn)["version"] == "2.0.0"  # a refused promotion changes nothing


def test_retraining_a_version_with_other_bytes_unpromotes_it(trained, pg_dsn):
    _, _, card = trained
    dsn = create_database(pg_dsn)
    registry.register(dsn, card)
    registry.promote(dsn, f"{card['name']}@{card['version']}")
    registry.register(dsn, {**card, "sha256": "b" * 64})
    assert registry.promoted(dsn) is None


def cli(args: list[str], dsn: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PQR_PG_DSN": dsn, "PQR_HOME": str(tmp_path / "home"),
           "PQR_LAKE_URL": f"file://{tmp_path / 'lake'}", "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "pqrlab.cli", "models", *args], capture_output=True, text=True,
                          env=env, timeout=120, cwd=tmp_path)


def test_cli_lists_promotes_and_refuses_unknown_in_one_line(trained, pg_dsn, tmp_path):
    _, _, card = trained
    dsn = create_database(pg_dsn)
    empty = cli(["list"], dsn, tmp_path)
    assert empty.returncode == 0 and "No models registered yet" in empty.stdout
    registry.register(dsn, card)
    refused = cli(["promote", "tfidf-ensemble@7.7.7"], dsn, tmp_path)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.strip().count("\n") == 0 and "no model tfidf-ensemble@7.7.7" in refused.stderr
    bad = cli(["promote", "../etc@1"], dsn, tmp_path)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    done = cli(["promote", f"{card['name']}@{card['version']}"], dsn, tmp_path)
    assert done.returncode == 0 and f"promoted {card['name']}@{card['version']}" in done.stdout
    listed = cli(["list"], dsn, tmp_path).stdout
    assert f"* {card['name']}@{card['version']}" in listed and card["sha256"][:12] in listed
    assert f"{card['handwritten']['main']['pqrs_type']['macro_f1']:.3f}".replace(".", ",") in listed  # es-CO


# -- which enricher a run uses ---------------------------------------------------------------------
def test_promoted_is_a_valid_setting_and_a_pin_wins(trained):
    lake, dsn, _ = trained
    assert enricher_problem("promoted", lake) is None
    assert registry.resolve_enricher("keywords-baseline", lake, dsn) == "keywords-baseline"
    assert registry.resolve_enricher("tfidf-logreg@1.0.0", lake, dsn) == "tfidf-logreg@1.0.0"


def test_without_a_promoted_model_the_default_is_made_and_promoted(trained, pg_dsn, tmp_path):
    from pqrlab.lake import Lake

    source, _, card = trained
    lake, dsn = Lake(f"file://{tmp_path / 'lake'}"), create_database(pg_dsn)
    copy_model(source, lake, card["name"], card["version"])  # the lake holds it (training is what the session did)
    assert registry.resolve_enricher("promoted", lake, dsn) == f"{card['name']}@{card['version']}"
    row = registry.list_models(dsn).iloc[0]
    assert row["is_promoted"] and row["promoted_by"] == registry.AUTO_PROMOTER
    assert registry.resolve_enricher("promoted", lake, dsn) == f"{card['name']}@{card['version']}"  # reused
    assert len(registry.list_models(dsn)) == 1


def test_a_promoted_model_missing_from_the_lake_is_a_clear_error(trained, pg_dsn, tmp_path):
    from pqrlab.lake import Lake

    _, _, card = trained
    dsn = create_database(pg_dsn)
    registry.register(dsn, card)
    registry.promote(dsn, f"{card['name']}@{card['version']}")
    with pytest.raises(ModelVersionMismatch, match="is not in .*pqrlab models promote"):
        registry.resolve_enricher("promoted", Lake(f"file://{tmp_path / 'other'}"), dsn)


def test_open_run_resolves_the_promoted_model_unless_pinned(trained, monkeypatch, tmp_path):
    from pqrlab.pipeline import open_run

    lake, dsn, card = trained
    registry.promote(dsn, f"{card['name']}@{card['version']}", promoted_by="pytest")
    monkeypatch.setenv("PQR_LAKE_URL", lake.url)
    monkeypatch.setenv("PQR_PG_DSN", dsn)
    monkeypatch.setenv("PQR_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("PQR_ENRICHER")
    assert open_run("r1").settings.enricher == f"{card['name']}@{card['version']}"  # the default: promoted
    monkeypatch.setenv("PQR_ENRICHER", "keywords-baseline")
    assert open_run("r1").settings.enricher == "keywords-baseline"


def test_silver_rows_record_the_promoted_model_and_its_review_threshold(trained, dask):
    from pqrlab.channel.generator import ChannelConfig
    from pqrlab.layers.bronze import MESSAGES, raw_to_bronze
    from pqrlab.layers.raw import generate_raw
    from pqrlab.layers.silver import bronze_to_silver, read_tickets

    lake, dsn, card = trained
    registry.promote(dsn, f"{card['name']}@{card['version']}", promoted_by="pytest")
    ref = registry.resolve_enricher("promoted", lake, dsn)
    cfg = ChannelConfig(seed=9, run_id="reg", events=500, start=dt.date(2026, 3, 2), days=5)
    generate_raw(lake, dask, cfg)
    raw_to_bronze(lake, dask, "reg")
    bronze_to_silver(lake, dask, "reg", ref)
    tickets = read_tickets(lake, "reg")
    messages = lake.read_dataset("silver", MESSAGES, "reg", ["model_name", "model_version", "model_sha256"]).to_pandas()
    for rows in (tickets, messages):  # every row, tickets and messages
        assert set(zip(rows["model_name"], rows["model_version"], rows["model_sha256"])) == {
            (card["name"], card["version"], card["sha256"])}
    threshold = card["calibration"]["review_threshold"]
    assert tickets["needs_review"].tolist() == (tickets["confidence"] < threshold).tolist()


# -- calibration --------------------------------------------------------------------------------------
def test_temperature_softens_an_overconfident_model_and_sharpens_a_timid_one():
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 3, 600)
    guess = np.where(rng.random(600) < 0.6, truth, (truth + 1) % 3)  # right 60% of the time
    overconfident = np.full((600, 3), 0.01)
    overconfident[np.arange(600), guess] = 0.98
    classes = np.array(["a", "b", "c"])
    assert calibration.fit_temperature(overconfident, classes, classes[truth]) > 1.5
    timid = np.full((600, 3), 0.3)
    timid[np.arange(600), truth] = 0.4  # always right, never sure
    assert calibration.fit_temperature(timid, classes, classes[truth]) < 1
    assert calibration.fit_temperature(timid, classes, np.array(["zzz"] * 600)) == 1.0  # nothing it can score


def test_reliability_ece_and_threshold():
    confidence = np.array([0.95, 0.9, 0.85, 0.6, 0.55, 0.3, 0.2])
    correct = np.array([True, True, True, True, False, False, False])
    assert calibration.expected_calibration_error(np.ones(4), np.ones(4, dtype=bool)) == 0
    table = calibration.reliability(confidence, correct)
    assert sum(r["n"] for r in table) == 7 and table[-1] == {"bin": "0.9-1.0", "n": 2, "mean_confidence": 0.925,
                                                              "accuracy": 1.0}
    assert calibration.review_threshold(confidence, correct, target=1.0) == 0.6
    assert calibration.review_threshold(confidence, correct, target=0.8) == 0.55  # 4 of 5 kept are right
    assert calibration.review_threshold(confidence, np.zeros(7, dtype=bool)) == 1.0  # review everything


def test_the_trained_model_flags_exactly_what_falls_below_its_calibrated_threshold(trained):
    lake, _, card = trained
    enricher = models.load(lake, card["name"], card["version"])
    assert enricher.review_threshold == card["calibration"]["review_threshold"]
    assert set(enricher.temperatures) == set(models.FIELDS)
    frame = training_set(11, 400)
    predicted = enricher.predict(frame["subject"].tolist(), frame["body"].tolist())
    assert predicted["needs_review"].tolist() == (predicted["confidence"] < enricher.review_threshold).tolist()
    enricher.review_threshold = 1.01
    assert enricher.predict(["x"], ["Solicito copia de mi historia clínica."])["needs_review"].all()


# -- review corrections as training data ----------------------------------------------------------
def test_training_uses_the_corrections_and_reports_their_share(trained):
    _, _, card = trained
    assert card["data"]["review_corrections"] == 3
    assert card["data"]["review_share"] == round(3 / card["data"]["train_examples"], 4)
    frame = training_set(SMALL["seed"], SMALL["train_events"], corrections())
    review = frame[frame["source"] == "review"]
    assert review["pqrs_label"].tolist() == ["queja/general", "reclamo/general", "no_pqrs"]
    assert review["topic"].tolist() == ["otros", "servicios_publicos", "none"]
    assert len(frame) == card["data"]["train_examples"]


def test_corrections_without_their_columns_are_refused():
    with pytest.raises(ValueError, match="lack column.*priority"):
        correction_examples(corrections().drop(columns=["priority"]))


def test_next_version_bumps_over_registry_and_lake(trained, pg_dsn, tmp_path):
    from pqrlab.lake import Lake

    lake, dsn, card = trained
    assert next_version(lake, dsn, card["name"]) == "1.0.1"
    assert next_version(Lake(f"file://{tmp_path / 'empty'}"), create_database(pg_dsn), "tfidf-ensemble") == "1.0.0"


def test_stemmed_words_meet_every_inflection_and_fold_accents():
    assert models.stemmed_words("Cobraron") == models.stemmed_words("cobro") == models.stemmed_words("COBROS")
    assert models.stemmed_words("facturación") == models.stemmed_words("facturacion")
    stems = models.stemmed_words("Me facturaron el acueducto dos veces")
    assert "factur" in stems and "acueduct" in stems and "factur el" in stems  # unigrams and bigrams
    assert "me" in stems and "cobr" not in stems


def test_the_char_word_stem_featurizer_survives_its_artifact_round_trip():
    import io

    import joblib

    texts = ["no tenemos agua hace días", "me cobraron el predial dos veces", "solicito copia del acta",
             "el colegio no tiene profesor", "sugiero más rutas de bus"] * 2
    featurizer = models.CharWordFeaturizer().fit(texts)
    buffer = io.BytesIO()
    joblib.dump(featurizer, buffer)
    again = joblib.load(io.BytesIO(buffer.getvalue()))
    probe = ["Nos facturaron el agua", "Me cobran el predial"]
    assert (featurizer.transform(probe) != again.transform(probe)).nnz == 0
    assert featurizer.transform(probe).shape[1] > len(featurizer.vectorizer.transformer_list[0][1].vocabulary_)
