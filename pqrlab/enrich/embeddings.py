"""Sentence embeddings of masked e-mails, kept in Silver, and near-duplicate search over them.

The embedder is the general-purpose MiniLM-L6 sentence encoder (frozen: it was trained for similarity,
which is what the embedding is for), loaded once per process like the enrichers. It runs the featurizer's
batch-independent CPU path (bf16 where the CPU has bf16 units, each text padded to its own length bucket),
never int8: int8 dynamic quantization makes a vector depend on its batch neighbours (self-similarity alone
vs in a batch fell to 0.92 in a check), and a query embedded alone must meet its own stored vector. It reads the
*masked* text, so an embedding carries no more personal data than the Silver text beside it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

EMBEDDING_DIM = 384
MAX_LENGTH = 128
NEAR_DUPLICATE = 0.95
_EMBEDDER: dict[str, object] = {}


def embedder_name() -> str:
    """`all-MiniLM-L6-v2@<first 12 hex of the weights' sha256>`: what Silver records beside each embedding."""
    from pqrlab.enrich.models import MiniLMFeaturizer

    if "name" not in _EMBEDDER:
        _EMBEDDER["name"] = f"all-MiniLM-L6-v2@{MiniLMFeaturizer.weights_sha256()[:12]}"
    return _EMBEDDER["name"]


def embed_texts(texts: list[str]) -> np.ndarray:
    """Unit-length float32 embeddings, one row per text (the encoder loads once per process)."""
    from pqrlab.enrich.models import MiniLMFeaturizer

    if "featurizer" not in _EMBEDDER:
        _EMBEDDER["featurizer"] = MiniLMFeaturizer(max_length=MAX_LENGTH, quantize=False)
    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    return _EMBEDDER["featurizer"].transform(texts)


def near_duplicates(keys: list[str], embeddings: np.ndarray, threshold: float = NEAR_DUPLICATE,
                    block: int = 2048) -> pd.DataFrame:
    """Pairs (a, b, similarity) with cosine similarity ≥ `threshold`, a before b in `keys` (pure).

    Embeddings are unit length, so cosine similarity is a dot product; blocks of rows keep memory at
    `block × n` floats whatever the size.
    """
    vectors, names = np.asarray(embeddings, dtype=np.float32), np.asarray(keys, dtype=object)
    a, b, similarity = [], [], []
    for start in range(0, len(vectors), block):
        sims = vectors[start:start + block] @ vectors.T
        rows, cols = np.nonzero(sims >= threshold)
        keep = cols > rows + start
        a.append(names[rows[keep] + start])
        b.append(names[cols[keep]])
        similarity.append(sims[rows[keep], cols[keep]])
    pairs = pd.DataFrame({"a": np.concatenate(a or [names[:0]]), "b": np.concatenate(b or [names[:0]]),
                          "similarity": np.concatenate(similarity or [np.zeros(0, np.float32)]).round(4)})
    return pairs.sort_values("similarity", ascending=False, kind="stable").reset_index(drop=True)


def similar_messages(lake, run_id: str, text: str, k: int = 5) -> pd.DataFrame:
    """Similarity search in SQL: the `k` first e-mails of a run's Silver closest to `text` (masked and
    embedded here), ranked by DuckDB's `array_cosine_similarity` straight over the Parquet files."""
    from pqrlab import duck
    from pqrlab.enrich.masking import mask_pii, signature_names

    vector = embed_texts([mask_pii(text, signature_names(text))])[0]
    files = [duck.sql_url(lake, path) for path in lake.files("silver", run_id, "*.parquet", "messages")]
    sql = f"""SELECT thread_id, day, subject, summary,
                     array_cosine_similarity(embedding::FLOAT[{EMBEDDING_DIM}], ?::FLOAT[{EMBEDDING_DIM}]) AS similarity
              FROM read_parquet(?, hive_partitioning = false)
              WHERE embedding IS NOT NULL ORDER BY similarity DESC, thread_id LIMIT ?"""
    with duck.connect_lake(lake) as con:  # the file list is listed exactly by the lake, never a glob of user text
        return con.execute(sql, [vector.tolist(), files, int(k)]).fetch_df()
