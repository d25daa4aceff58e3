"""Silver's optional columns: the extractive summary, the sentence embedding, near duplicates, SQL search."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest

from pqrlab.channel import templates as T
from pqrlab.channel.generator import ChannelConfig
from pqrlab.enrich.baseline import KeywordBaseline
from pqrlab.enrich.embeddings import EMBEDDING_DIM, embed_texts, near_duplicates, similar_messages
from pqrlab.enrich.masking import mask_pii, signature_names
from pqrlab.enrich.summary import MAX_CHARS, extractive_summary, sentences
from pqrlab.enrich.train import labelled_examples
from pqrlab.layers.bronze import MESSAGES, raw_to_bronze
from pqrlab.layers.raw import generate_raw
from pqrlab.layers.silver import bronze_to_silver, read_tickets


@pytest.fixture(scope="module")
def masked_examples():
    examples = labelled_examples(seed=5, events=1200, days=6)
    names = [signature_names(b) for b in examples["body"]]
    examples["body"] = [mask_pii(b, n) for b, n in zip(examples["body"], names)]
    examples["subject"] = [mask_pii(s, n) for s, n in zip(examples["subject"], names)]
    return examples[examples["pqrs_type"] != "no_pqrs"].reset_index(drop=True)


def test_summary_keeps_the_request_and_drops_the_boilerplate(masked_examples):
    summaries = [extractive_summary(s, b) for s, b in zip(masked_examples["subject"], masked_examples["body"])]
    courtesy = {g.rstrip(",.:") for g in T.GREETINGS} | {c.rstrip(",.:") for c in T.CLOSINGS}
    for summary, body in zip(summaries, masked_examples["body"]):
        assert summary and len(summary) <= MAX_CHARS
        assert len(summary) < len(body)
        assert not any(s.rstrip(",.:") in courtesy for s in sentences(summary)), summary
        assert "[CEDULA]" not in summary and "[PHONE]" not in summary and "[EMAIL]" not in summary, summary
    # The substance survives: the rule-based classifier reads the type from the summary nearly as well
    # as from the whole e-mail.
    baseline = KeywordBaseline()
    truth = masked_examples["pqrs_type"].to_numpy()
    on_body = baseline.predict([""] * len(truth), masked_examples["body"].tolist())["pqrs_type"].to_numpy()
    on_summary = baseline.predict([""] * len(truth), summaries)["pqrs_type"].to_numpy()
    assert (on_summary == truth).mean() >= (on_body == truth).mean() - 0.05


def test_summary_edge_cases():
    assert extractive_summary(None, None) is None
    assert extractive_summary("Cobro indebido", "Buenos días,\nGracias,") == "Cobro indebido"
    long_body = "Solicito " + "la revisión urgente de la factura del acueducto " * 20 + "."
    assert extractive_summary("", long_body).endswith("…")
    two = "Buenos días.\nPresento queja porque el bus no paró. Vivo en Cali. Solicito sanción al conductor."
    assert extractive_summary("", two) == "Presento queja porque el bus no paró. Solicito sanción al conductor."


def test_near_duplicates_finds_pairs_across_blocks():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(9, 16)).astype(np.float32)
    vectors[7] = vectors[1] + 0.01 * rng.normal(size=16)  # a near copy, in another block
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    keys = [f"t{i}" for i in range(9)]
    pairs = near_duplicates(keys, vectors, threshold=0.95, block=4)
    assert pairs[["a", "b"]].values.tolist() == [["t1", "t7"]]
    assert pairs["similarity"].iloc[0] > 0.99
    assert near_duplicates(keys, vectors, threshold=1.01).empty


def test_real_embeddings_see_repeated_complaints(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    texts = ["Presento queja porque el camión de la basura no pasa por mi barrio desde hace tres semanas.",
             "Presento queja porque el camion de basura no ha pasado por el barrio hace tres semanas.",
             "Solicito copia del certificado de paz y salvo del impuesto predial."]
    vectors = embed_texts(texts)
    assert vectors.shape == (3, EMBEDDING_DIM)
    pairs = near_duplicates(["a", "b", "c"], vectors, threshold=0.9)
    assert pairs[["a", "b"]].values.tolist() == [["a", "b"]]


def test_silver_keeps_summaries_and_embeddings_inside_a_local_cluster(tmp_path, dask, monkeypatch):
    from pqrlab.lake import Lake

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    lake = Lake(f"file://{tmp_path / 'lake'}")
    cfg = ChannelConfig(seed=9, run_id="emb", events=400, start=dt.date(2026, 3, 2), days=4)
    generate_raw(lake, dask, cfg)
    raw_to_bronze(lake, dask, "emb")
    bronze_to_silver(lake, dask, "emb", "keywords-baseline", embeddings=True)
    messages = lake.read_dataset("silver", MESSAGES, "emb")
    assert messages.schema.field("embedding").type == pa.list_(pa.float32(), EMBEDDING_DIM)
    frame = messages.to_pandas()
    first = frame["kind"] == "initial"
    assert frame.loc[first, "embedding"].notna().all() and frame.loc[~first, "embedding"].isna().all()
    norms = np.linalg.norm(np.stack(frame.loc[first, "embedding"].to_numpy()), axis=1)
    assert np.allclose(norms, 1.0, atol=1e-3)
    assert frame.loc[first, "embedding_model"].str.startswith("all-MiniLM-L6-v2@").all()
    assert frame.loc[first, "summary"].notna().all()
    tickets = read_tickets(lake, "emb")
    assert tickets["summary"].notna().all()

    # Similarity search in SQL over the Parquet: a ticket's own e-mail comes back on top (templated
    # non-PQRS mail can have exact twins, hence "among the best").
    row = frame[first & frame["is_pqrs"].fillna(False).astype(bool)].iloc[3]
    found = similar_messages(lake, "emb", f"{row['subject']}\n{row['body']}", k=3)
    assert found["similarity"].iloc[0] > 0.99
    assert row["thread_id"] in set(found.loc[found["similarity"] > 0.99, "thread_id"])
    assert list(found["similarity"]) == sorted(found["similarity"], reverse=True)

    # Without embeddings the column keeps its type, empty.
    bronze_to_silver(lake, dask, "emb", "keywords-baseline", embeddings=False)
    plain = lake.read_dataset("silver", MESSAGES, "emb")
    assert plain.schema.field("embedding").type == messages.schema.field("embedding").type
    assert plain["embedding"].null_count == plain.num_rows
