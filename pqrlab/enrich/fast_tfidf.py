"""TF-IDF inference with the fitted scikit-learn vectorizers, counting n-grams faster, same matrix bit for bit.

`TfidfVectorizer.transform` counts every n-gram of every text in a Python loop; for the character n-grams
of `tfidf-ensemble` that is most of Silver's inference time. Here the n-grams of a padded word (`char_wb`
analyzer) depend on the word alone, so each distinct word is turned into its vocabulary indices once per
process and vectorizer (`_WORD_CACHE`); a text's indices are its words' indices, and scipy sums them per
text (other analyzers look sklearn's own analyzer's n-grams up the same way). The counts then go through
the vectorizer's own TF-IDF transformer (sublinear tf, idf, l2 norm) and a `FeatureUnion`'s own `_hstack`,
so the result equals `vectorizer.transform(texts)` exactly (`tests/test_fast_tfidf.py` checks data, indices
and shape). Anything else (a callable analyzer, feature weights, another transformer) falls back to
`vectorizer.transform`.
"""
from __future__ import annotations

import weakref

import numpy as np
import scipy.sparse as sp

MAX_CACHED_WORDS = 500_000  # per vectorizer; the cache restarts when full (memory stays bounded)
_WORD_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # vectorizer -> {word: its indices}


def transform(vectorizer, texts: list[str]):
    """`vectorizer.transform(texts)` (a fitted TfidfVectorizer, or a FeatureUnion of them), computed faster."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    if isinstance(vectorizer, FeatureUnion) and _plain_union(vectorizer):
        return vectorizer._hstack([transform(part, texts) for _, part in vectorizer.transformer_list])
    if type(vectorizer) is TfidfVectorizer and _supported(vectorizer):
        return vectorizer._tfidf.transform(term_counts(vectorizer, texts), copy=False)
    return vectorizer.transform(texts)


def _plain_union(union) -> bool:
    return not union.transformer_weights and all(part not in ("drop", "passthrough")
                                                 for _, part in union.transformer_list)


def _supported(vectorizer) -> bool:
    return (vectorizer.analyzer in ("char_wb", "char", "word") and hasattr(vectorizer, "vocabulary_")
            and getattr(vectorizer, "_tfidf", None) is not None)


def term_counts(vectorizer, texts: list[str]) -> sp.csr_matrix:
    """The term-count matrix `CountVectorizer._count_vocab(texts, fixed_vocab=True)` builds (sorted indices,
    the vectorizer's dtype; binary counts when the vectorizer is binary): every text's vocabulary indices,
    with repeats, in one array, summed per (text, index) by scipy."""
    if vectorizer.analyzer == "char_wb":
        indices_of = _char_wb_indices(vectorizer)
    else:
        analyze, vocabulary = vectorizer.build_analyzer(), vectorizer.vocabulary_
        indices_of = lambda doc: [i for i in map(vocabulary.get, analyze(doc)) if i is not None]  # noqa: E731
    flat: list[int] = []
    lengths = np.zeros(len(texts), dtype=np.int64)
    for row, doc in enumerate(texts):
        found = indices_of(doc)
        lengths[row] = len(found)
        flat += found
    shape = (len(texts), len(vectorizer.vocabulary_))
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    counts = sp.coo_matrix((np.ones(len(flat)), (rows, np.array(flat, dtype=np.int64))), shape=shape).tocsr()
    counts.sum_duplicates()  # canonical: one entry per (text, index), indices sorted
    if vectorizer.binary:
        counts.data.fill(1)
    index_type = np.int32 if counts.nnz <= np.iinfo(np.int32).max else np.int64
    return sp.csr_matrix((counts.data.astype(vectorizer.dtype), counts.indices.astype(index_type),
                          counts.indptr.astype(index_type)), shape=shape)


def _char_wb_indices(vectorizer):
    """doc -> vocabulary indices of its `char_wb` n-grams, with repeats (sklearn's `_char_wb_ngrams`)."""
    preprocess, decode, spaces = vectorizer.build_preprocessor(), vectorizer.decode, vectorizer._white_spaces
    vocabulary, (low, high) = vectorizer.vocabulary_, vectorizer.ngram_range
    cache = _WORD_CACHE.setdefault(vectorizer, {})

    def word_indices(word: str) -> tuple[int, ...]:
        padded = f" {word} "
        size, grams = len(padded), []
        for n in range(low, high + 1):
            if size <= n:  # a short word counts once, whole
                grams.append(padded)
                break
            grams += [padded[i:i + n] for i in range(size - n + 1)]
        return tuple(i for i in map(vocabulary.get, grams) if i is not None)

    def indices_of(doc: str) -> list[int]:
        if len(cache) > MAX_CACHED_WORDS:
            cache.clear()
        out: list[int] = []
        for word in spaces.sub(" ", preprocess(decode(doc))).split():
            found = cache.get(word)
            if found is None:
                found = cache[word] = word_indices(word)
            out += found
        return out

    return indices_of
