"""AI at Silver: trained enrichers load offline, are versioned and checked, and run inside Dask tasks."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from pqrlab.channel.generator import ChannelConfig
from pqrlab.enrich import base, models
from pqrlab.enrich.base import ModelVersionMismatch, load_enricher
from pqrlab.enrich.train import evaluate, labelled_examples
from pqrlab.layers.bronze import raw_to_bronze
from pqrlab.layers.raw import generate_raw
from pqrlab.layers.silver import TICKET_COLUMNS, bronze_to_silver, read_tickets


def assert_beyond_chance(scores: dict, truth) -> None:
    """Better than always answering the majority type: in accuracy, and at least twice its macro-F1 (with
    300 e-mails of the generator's many styles the margin in accuracy alone is small, the classes tell)."""
    from sklearn.metrics import f1_score

    majority = truth.value_counts().index[0]
    chance_f1 = f1_score(truth, [majority] * len(truth), average="macro", zero_division=0)
    assert scores["accuracy"] > (truth == majority).mean() and scores["macro_f1"] > 2 * chance_f1, (scores, chance_f1)


@pytest.fixture(scope="module")
def examples():
    return labelled_examples(seed=3, events=1500, days=10)


@pytest.fixture(scope="module")
def model_lake(tmp_path_factory, examples):
    from pqrlab.lake import Lake

    lake = Lake(f"file://{tmp_path_factory.mktemp('models') / 'lake'}")
    enricher = models.TrainedEnricher.train("tfidf-logreg", "1.0.0", examples, seed=3)
    card = models.save(lake, enricher, {"data": {"generator_seed": 3}, "metrics": {}})
    return lake, card


def test_minilm_loads_offline_from_the_package(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    features = models.MiniLMFeaturizer(max_length=32, quantize=True).transform(["Solicito copia del certificado.",
                                                                                "La EPS no entrega medicamentos."])
    assert features.shape == (2, 384)
    assert np.allclose(np.linalg.norm(features, axis=1), 1.0, atol=1e-4)


def test_tokenizing_ahead_on_threads_gives_the_same_vectors(examples, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    texts = [models.model_text(s, b) for s, b in zip(examples["subject"][:11], examples["body"][:11])]
    # padded batches in arrival order (bucket=False: the path that tokenizes ahead on threads), fp32
    inline = models.MiniLMFeaturizer(max_length=32, bucket=False, bf16=False, batch_size=3, tokenizer_threads=0)
    ahead = models.MiniLMFeaturizer(max_length=32, bucket=False, bf16=False, batch_size=3, tokenizer_threads=2)
    vectors = inline.transform(texts)
    assert np.allclose(vectors, ahead.transform(texts), atol=1e-6)
    # Unquantized, a text's vector does not depend on its batch (what the Silver embedding relies on).
    alone = np.vstack([inline.transform([t]) for t in texts[:4]])
    assert np.allclose((alone * vectors[:4]).sum(1), 1.0, atol=1e-4)


# The fast CPU path (bf16 where the CPU has bf16 units, length buckets): a text's vector may differ from
# fp32 only by rounding, and never depends on its neighbours beyond rounding. Tolerances: unit vectors of 384
# components (typical size 0.05); bf16 keeps 8 bits of mantissa, so a few 1e-3 per component at most.
SAME_TEXT_ATOL, SAME_TEXT_COSINE = 5e-3, 0.9999


@pytest.fixture(scope="module")
def varied_texts(examples):
    """Texts from a few tokens to far beyond `max_length` (truncated), in the generator's many styles."""
    texts = [models.model_text(s, b) for s, b in zip(examples["subject"][:40], examples["body"][:40])]
    return ["Hola.", "Solicito copia del certificado laboral.", *texts, "palabra " * 400]


def test_a_text_gets_the_same_vector_alone_and_among_any_neighbours(varied_texts, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    fast = models.MiniLMFeaturizer(max_length=64)
    lengths = np.array([len(t) for t in varied_texts])
    short, long = list(np.argsort(lengths)[:12]), list(np.argsort(lengths)[-12:])
    targets = [short[0], short[5], long[0], long[-1], 7]
    alone = {i: fast.transform([varied_texts[i]])[0] for i in targets}
    rng = np.random.default_rng(0)
    contexts = {"everything": list(range(len(varied_texts))), "short neighbours": short + targets,
                "long neighbours": long + targets, "shuffled": list(rng.permutation(len(varied_texts))),
                "twice": targets + targets}
    for name, members in contexts.items():
        vectors = fast.transform([varied_texts[i] for i in members])
        for i in targets:  # on the length-bucket path every call has the same shape: bit for bit equal
            assert np.array_equal(vectors[members.index(i)], alone[i]), (name, i)
    for batch_size in (1, 3):  # another batch size is another shape: equal up to rounding
        fast.batch_size = batch_size
        vectors = fast.transform([varied_texts[i] for i in contexts["shuffled"]])
        for i in targets:
            row = vectors[contexts["shuffled"].index(i)]
            assert np.abs(row - alone[i]).max() <= SAME_TEXT_ATOL and row @ alone[i] >= SAME_TEXT_COSINE


def test_the_fast_path_reads_like_naive_fp32(varied_texts, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    naive = models.MiniLMFeaturizer(max_length=64, bucket=False, bf16=False, tokenizer_threads=0)
    fast = models.MiniLMFeaturizer(max_length=64)
    cosines = (naive.transform(varied_texts) * fast.transform(varied_texts)).sum(1)
    assert cosines.min() >= 0.999, cosines.min()
    assert fast.precision in ("bf16", "fp32") and naive.precision == "fp32"


def test_length_buckets_pad_each_text_to_its_own_bucket(varied_texts, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    fast = models.MiniLMFeaturizer(max_length=100, batch_size=5)
    fast._load()
    seen = []
    for idx, batch in fast._length_bucket_batches(varied_texts):
        width = batch["input_ids"].shape[1]
        assert len(idx) <= 5 and batch["input_ids"].shape[0] == 5  # short batches filled: one shape per bucket
        assert width % models.MiniLMFeaturizer.BUCKET_TOKENS == 0 or width == 100
        real = batch["attention_mask"].sum(1).numpy()[:len(idx)]
        assert (real <= width).all() and (real > width - models.MiniLMFeaturizer.BUCKET_TOKENS).all()
        seen.extend(idx)
    assert sorted(seen) == list(range(len(varied_texts)))


def test_minilm_head_learns_beyond_chance(examples, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    train, held = examples.iloc[:300], examples.iloc[300:420]
    enricher = models.TrainedEnricher.train("minilm-head", "0.0.1", train, seed=0, max_length=64)
    metrics = evaluate(enricher, held)
    assert_beyond_chance(metrics["pqrs_type"], held["pqrs_type"])


def test_minilm_finetuned_trains_travels_in_its_artifact_and_predicts(examples, tmp_path, monkeypatch):
    import torch

    from pqrlab.lake import Lake

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    train, held = examples.iloc[:300], examples.iloc[300:420]
    enricher = models.TrainedEnricher.train("minilm-finetuned", "0.0.1", train, seed=0, max_length=48, epochs=2)
    tuned = enricher.featurizer.weights
    base = models.MiniLMFeaturizer()._encoder().state_dict()
    assert set(tuned) == set(base) and tuned["embeddings.word_embeddings.weight"].dtype == torch.float16
    assert any(not torch.allclose(tuned[k].float(), base[k], atol=1e-3) for k in base)  # it did move
    metrics = evaluate(enricher, held)
    assert_beyond_chance(metrics["pqrs_type"], held["pqrs_type"])

    lake = Lake(f"file://{tmp_path / 'lake'}")
    card = models.save(lake, enricher, {"metrics": metrics})
    loaded = models.load(lake, "minilm-finetuned", "0.0.1")
    assert loaded.info.sha256 == card["sha256"]
    subjects, bodies = held["subject"].tolist()[:40], held["body"].tolist()[:40]
    assert loaded.predict(subjects, bodies).equals(enricher.predict(subjects, bodies))


def test_trained_model_round_trip(model_lake, examples):
    lake, card = model_lake
    base._LOADED.clear()
    enricher = load_enricher("tfidf-logreg@1.0.0", lake)
    assert enricher.info.sha256 == card["sha256"] and enricher.info.version == "1.0.0"
    out = enricher.predict(examples["subject"].tolist()[:50], examples["body"].tolist()[:50])
    assert (out["pqrs_type"].to_numpy() == examples["pqrs_type"].to_numpy()[:50]).mean() > 0.8
    assert load_enricher("tfidf-logreg@1.0.0", lake) is enricher  # loaded once per process


def test_version_mismatches_are_clear_errors(model_lake, tmp_path):
    lake, _ = model_lake
    base._LOADED.clear()
    with pytest.raises(ModelVersionMismatch, match=r"tfidf-logreg@9\.9\.9 not found.*versions there: \['1\.0\.0'\]"):
        load_enricher("tfidf-logreg@9.9.9", lake)
    with pytest.raises(ModelVersionMismatch, match="name a version"):
        load_enricher("tfidf-logreg", lake)
    with pytest.raises(ModelVersionMismatch, match="'2.0.0' requested"):
        load_enricher("keywords-baseline@2.0.0")
    artifact = f"{models.model_dir(lake, 'tfidf-logreg', '1.0.0')}/model.joblib"
    original = lake.read_bytes(artifact)
    lake.write_bytes(artifact, original + b"tampered")
    try:
        with pytest.raises(ModelVersionMismatch, match="does not match its card"):
            models.load(lake, "tfidf-logreg", "1.0.0")
    finally:
        lake.write_bytes(artifact, original)


def test_silver_with_a_trained_model_inside_a_local_cluster(model_lake, tmp_path, dask):
    from pqrlab.lake import Lake

    model_store, card = model_lake
    lake = Lake(model_store.url)  # the lake that holds the model holds the run too
    cfg = ChannelConfig(seed=8, run_id="enr", events=700, start=dt.date(2026, 3, 2), days=7)
    generate_raw(lake, dask, cfg)
    raw_to_bronze(lake, dask, "enr")
    result = bronze_to_silver(lake, dask, "enr", "tfidf-logreg@1.0.0")
    tickets = read_tickets(lake, "enr")
    assert list(tickets.columns) == TICKET_COLUMNS
    assert set(tickets["model_name"]) == {"tfidf-logreg"} and set(tickets["model_sha256"]) == {card["sha256"]}
    assert result.model_version == "tfidf-logreg@1.0.0"
    loaded = dask.run(lambda: sorted(k[0] for k in __import__("pqrlab.enrich.base").enrich.base._LOADED))
    assert all(names.count("tfidf-logreg@1.0.0") == 1 for names in loaded.values())  # once per worker
    assert sum("tfidf-logreg@1.0.0" in names for names in loaded.values()) >= 1


def test_two_enrichers_compared_on_the_same_bronze(model_lake, dask):
    from pqrlab.enrich.compare import compare_on_bronze
    from pqrlab.lake import Lake

    lake = Lake(model_lake[0].url)  # holds run "enr" from the test above, and the model
    table = compare_on_bronze(lake, dask, "enr", ["keywords-baseline", "tfidf-logreg@1.0.0"])
    assert set(table["model_name"]) == {"keywords-baseline", "tfidf-logreg"}
    type_rows = table[table["field"] == "pqrs_type"].set_index("model_name")
    assert (type_rows["tickets"] > 50).all() and (type_rows["accuracy"] > 0.5).all()


def test_a_trained_model_places_every_message_whatever_type_it_predicts(model_lake, examples):
    """The municipality is a fact of the text: the resolver's answer on every row, also on rows the model
    reads as non-PQRS (a PQRS misread as non-PQRS keeps its place; Silver's tickets still take PQRS only)."""
    from pqrlab.enrich.places import Gazetteer

    lake, _ = model_lake
    base._LOADED.clear()
    enricher = load_enricher("tfidf-logreg@1.0.0", lake)
    non_pqrs = examples[examples["pqrs_label"] == "no_pqrs"].head(20)
    subjects = ["Boletín", "Re: hueco", "Solicitud", *non_pqrs["subject"]]
    bodies = ["Boletín de noticias de la Gobernación: en Pasto abrimos inscripciones. Suscríbase.",
              "Vivo en Tunja y el hueco de mi calle sigue ahí.", "Solicito copia de mi historia clínica.",
              *non_pqrs["body"]]
    out = enricher.predict(subjects, bodies)
    out = out.astype(object).where(out.notna(), None)
    gazetteer = Gazetteer()
    assert list(zip(out["municipality_code"], out["department_code"])) == [
        gazetteer.place_of(s, b) for s, b in zip(subjects, bodies)]
    said_not_pqrs = ~out["is_pqrs"].astype(bool)
    assert said_not_pqrs.sum() >= 20 and out["municipality_code"][said_not_pqrs].notna().any()
    assert out.loc[said_not_pqrs, ["topic", "priority"]].isna().all().all()  # no ticket fields on non-PQRS


def test_a_non_pqrs_message_keeps_its_place_in_the_thread_state_and_makes_no_ticket():
    """Silver's thread state holds what every first e-mail's text says, its place included; tickets (hence
    Gold, the review queue and the quality check on tickets' codes) are the PQRS threads only."""
    import pandas as pd

    from pqrlab.enrich.baseline import KeywordBaseline
    from pqrlab.layers.silver import build_tickets, ticket_partials

    day, at = dt.date(2026, 3, 2), pd.Timestamp("2026-03-02T15:00", tz="UTC")
    bodies = ["Vivo en Duitama y el hueco de la esquina sigue ahí.",
              "Boletín de la Gobernación: en Yopal abrimos inscripciones. Suscríbase."]
    predicted = KeywordBaseline().predict(["Hueco", "Boletín"], bodies).assign(
        thread_id=["t1", "t2"], day=day, sent_at=at, model_name="keywords-baseline", model_version="1.0.0",
        model_sha256="x", summary="s")
    lifecycle = pd.DataFrame({"thread_id": ["t1", "t2"], "kind": "initial", "sent_at": at, "radicado": None,
                              "day": day})
    state = ticket_partials(lifecycle, predicted, "r1").set_index("thread_id")
    assert state.loc["t2", "municipality_code"] == "85001" and not state.loc["t2", "is_pqrs"]
    tickets = build_tickets(lifecycle, predicted, "r1")
    assert tickets["ticket_id"].tolist() == ["t1"] and tickets["municipality_code"].tolist() == ["15238"]
