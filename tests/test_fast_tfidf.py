"""`fast_tfidf.transform` gives exactly the matrix of the fitted vectorizer's own `transform`."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_union

from pqrlab.enrich import fast_tfidf
from pqrlab.enrich.baseline import normalize
from pqrlab.enrich.models import CharWordFeaturizer, TfidfFeaturizer, model_text
from pqrlab.enrich.train import labelled_examples

ODD_TEXTS = [
    "", " ", "a", "é", "\n\n\t", "Sí", "¿Qué?", "NO HAY AGUA!!!", "x" * 3000, "  dos   espacios\u00a0raros\u2003y\u3000más ",
    "CAÑO Peña Ñandú ü", "línea\r\nnueva\x0bvt\x0cff", "ＡＢＣ ｆｕｌｌ", "İstanbul ǅ ﬁ ẞ", "a b c d e f", "emoji 🙂🙂 ok",
    "radicado 2024-000123 del 3/4/2025", "palabra palabra palabra palabra", "a\u200bb zero\u200dwidth",
]


def corpus(seed: int, events: int) -> list[str]:
    """The generator's first e-mails, as the model reads them."""
    examples = labelled_examples(seed, events)
    return [model_text(s, b) for s, b in zip(examples["subject"], examples["body"])]


def assert_same(expected, got) -> None:
    assert type(got) is type(expected) and got.shape == expected.shape and got.dtype == expected.dtype
    assert got.has_sorted_indices and got.indices.dtype == expected.indices.dtype
    assert np.array_equal(got.indptr, expected.indptr) and np.array_equal(got.indices, expected.indices)
    assert np.array_equal(got.data, expected.data)  # bit for bit, not approximately


@pytest.fixture(scope="module")
def texts() -> tuple[list[str], list[str]]:
    return corpus(3, 1500), corpus(4, 1000) + ODD_TEXTS


@pytest.mark.parametrize("featurizer", [CharWordFeaturizer, TfidfFeaturizer])
def test_featurizers_equal_sklearn(texts, featurizer) -> None:
    train, unseen = texts
    fitted = featurizer().fit(train)
    for batch in (unseen, unseen[:1], train[:50] + unseen[-30:], unseen):  # the last one: a warm word cache
        assert_same(fitted.vectorizer.transform(batch), fitted.transform(batch))


@pytest.mark.parametrize("options", [
    {"analyzer": "char_wb", "ngram_range": (1, 3)}, {"analyzer": "char_wb", "ngram_range": (3, 6), "binary": True},
    {"analyzer": "char", "ngram_range": (2, 4)}, {"analyzer": "word", "ngram_range": (1, 3), "sublinear_tf": True},
    {"analyzer": "char_wb", "ngram_range": (2, 5), "lowercase": False, "norm": "l1", "use_idf": False},
    {"analyzer": "word", "stop_words": ["de", "la", "el"], "preprocessor": normalize, "dtype": np.float32},
    {"analyzer": "char_wb", "ngram_range": (2, 5), "min_df": 2, "max_features": 500, "preprocessor": normalize},
])
def test_vectorizer_options_equal_sklearn(texts, options) -> None:
    train, unseen = texts
    vectorizer = TfidfVectorizer(**options).fit(train)
    assert_same(vectorizer.transform(unseen), fast_tfidf.transform(vectorizer, unseen))


def test_union_with_weights_falls_back_to_sklearn(texts) -> None:
    train, unseen = texts
    union = make_union(TfidfVectorizer(analyzer="char_wb"), TfidfVectorizer()).set_params(
        transformer_weights={"tfidfvectorizer-1": 2.0, "tfidfvectorizer-2": 0.5}).fit(train)
    assert_same(union.transform(unseen), fast_tfidf.transform(union, unseen))


def test_refitted_vectorizer_does_not_reuse_another_cache(texts) -> None:
    train, unseen = texts
    first = TfidfVectorizer(analyzer="char_wb").fit(train[:100])
    fast_tfidf.transform(first, unseen)
    second = TfidfVectorizer(analyzer="char_wb").fit(train[100:])
    assert_same(second.transform(unseen), fast_tfidf.transform(second, unseen))
