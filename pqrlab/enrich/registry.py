"""The model registry in the control plane (`meta.models`) and the enricher a run uses.

- `register` records a trained version (name, version, sha256, the card's metrics on the templates'
  held-out seed and on the hand-written set) at training time; `promote` makes one version Silver's default.
- `resolve_enricher(setting, lake, dsn)`: `PQR_ENRICHER` pins a model (`name@version`, or
  `keywords-baseline`); its default, `promoted`, means the registry's promoted version, and when there is
  none the default model is trained into the lake once, registered and promoted (`promoted_by` says so).
"""
from __future__ import annotations

import getpass
import time

import pandas as pd

from pqrlab.control.db import connect, fetch_frame
from pqrlab.enrich.base import PROMOTED, ModelVersionMismatch
from pqrlab.names import parse_model_ref

DEFAULT_MODEL = "tfidf-ensemble"
DEFAULT_VERSION = "1.0.0"
AUTO_PROMOTER = "pipeline (no promoted model: trained on first run)"
_LOCK = 4243  # advisory lock: one process at a time trains/promotes the default model


class UnknownModel(ValueError):
    """A name@version the registry does not hold."""


def card_metrics(card: dict) -> dict:
    """The registry's copy of a card's scores: both evaluation sets (and the calibration chosen)."""
    return {"templates": card.get("metrics", {}), "handwritten": card.get("handwritten", {}),
            "calibration": card.get("calibration", {}), "training": card.get("data", {})}


def register(dsn: str, card: dict, trained_by: str | None = None) -> None:
    """Record (or refresh, for a retrained version) a model card in `meta.models`."""
    import json

    with connect(dsn) as conn:
        conn.execute(
            """INSERT INTO meta.models (name, version, sha256, metrics, trained_by)
               VALUES (%s, %s, %s, %s, %s)
               ON CONFLICT (name, version) DO UPDATE SET sha256 = EXCLUDED.sha256, metrics = EXCLUDED.metrics,
                 trained_at = now(), trained_by = EXCLUDED.trained_by,
                 is_promoted = meta.models.is_promoted AND meta.models.sha256 = EXCLUDED.sha256""",
            (card["name"], card["version"], card["sha256"], json.dumps(card_metrics(card), default=str),
             trained_by or _who()))


def promote(dsn: str, ref: str, promoted_by: str | None = None) -> dict:
    """Make `name@version` the promoted model (the only one); refuses a version the registry does not hold."""
    name, version = parse_model_ref(ref)
    if not version:
        raise UnknownModel(f"promote needs a version: {name}@<version> (see `pqrlab models list`)")
    with connect(dsn) as conn:
        row = conn.execute("SELECT sha256 FROM meta.models WHERE name = %s AND version = %s FOR UPDATE",
                           (name, version)).fetchone()
        if row is None:
            known = [f"{n}@{v}" for n, v in conn.execute("SELECT name, version FROM meta.models ORDER BY 1, 2")]
            raise UnknownModel(f"no model {name}@{version} in the registry (registered: {', '.join(known) or 'none'}); "
                               f"train it with `python -m pqrlab.enrich.train --model {name} --version {version}`")
        conn.execute("UPDATE meta.models SET is_promoted = false WHERE is_promoted")
        conn.execute("""UPDATE meta.models SET is_promoted = true, promoted_by = %s, promoted_at = now()
                        WHERE name = %s AND version = %s""", (promoted_by or _who(), name, version))
    return {"name": name, "version": version, "sha256": row[0]}


def promoted(dsn: str) -> dict | None:
    """The promoted model's name, version and sha256, or None."""
    with connect(dsn) as conn:
        row = conn.execute("SELECT name, version, sha256 FROM meta.models WHERE is_promoted").fetchone()
    return None if row is None else {"name": row[0], "version": row[1], "sha256": row[2]}


def list_models(dsn: str) -> pd.DataFrame:
    """Every registered version, newest first, with its headline scores on both sets."""
    return fetch_frame(dsn, """
        SELECT name, version, left(sha256, 12) AS sha256, is_promoted, trained_at, promoted_by, promoted_at,
               (metrics #>> '{handwritten,main,pqrs_type,macro_f1}')::float AS handwritten_type_f1,
               (metrics #>> '{handwritten,main,topic,macro_f1}')::float AS handwritten_topic_f1,
               (metrics #>> '{templates,pqrs_type,macro_f1}')::float AS templates_type_f1
        FROM meta.models ORDER BY trained_at DESC, name, version""")


def resolve_enricher(setting: str, lake, dsn: str) -> str:
    """The enricher reference Silver loads for `PQR_ENRICHER=setting` (see the module docstring)."""
    if setting != PROMOTED:
        return setting
    with connect(dsn) as conn:  # held while a missing default model is trained: others wait, then reuse it
        conn.execute("SELECT pg_advisory_lock(%s)", (_LOCK,))
        try:
            current = promoted(dsn) or _train_default(lake, dsn)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (_LOCK,))
    _check_artifact(lake, current)
    return f"{current['name']}@{current['version']}"


def _train_default(lake, dsn: str) -> dict:
    """Train (or reuse, when the lake already holds it) the default model; register and promote it."""
    from pqrlab.enrich import models
    from pqrlab.enrich.train import train_and_store

    folder = models.model_dir(lake, DEFAULT_MODEL, DEFAULT_VERSION)
    if lake.fs.exists(f"{folder}/model_card.json"):
        card = lake.read_json(f"{folder}/model_card.json")
    else:  # long work: say so before it starts (about 40 s on 2 idle cores)
        print(f"No promoted model yet: training {DEFAULT_MODEL} {DEFAULT_VERSION} once (under a minute on 2 cores)…",
              flush=True)
        started = time.perf_counter()
        card = train_and_store(lake, DEFAULT_MODEL, DEFAULT_VERSION, **DEFAULT_TRAINING)
        print(f"Trained {DEFAULT_MODEL} {DEFAULT_VERSION} in {time.perf_counter() - started:,.1f} s "
              f"(sha256 {card['sha256'][:12]}…); promoting it.", flush=True)
    register(dsn, card, trained_by=AUTO_PROMOTER)
    return promote(dsn, f"{DEFAULT_MODEL}@{DEFAULT_VERSION}", promoted_by=AUTO_PROMOTER)


# what the pipeline's first run trains (measured: see docs/models.md); `python -m pqrlab.enrich.train` defaults
DEFAULT_TRAINING = {"seed": 1, "eval_seed": 2, "train_events": 48_000, "eval_events": 3_000}


def _check_artifact(lake, model: dict) -> None:
    """The promoted version must be in this lake with the registered bytes (its card's sha256)."""
    from pqrlab.enrich import models

    folder = models.model_dir(lake, model["name"], model["version"])
    if not lake.fs.exists(f"{folder}/model_card.json"):
        raise ModelVersionMismatch(
            f"the promoted model {model['name']}@{model['version']} is not in {lake.url}/models: train it there "
            f"(`python -m pqrlab.enrich.train --model {model['name']} --version {model['version']}`), promote "
            "another (`pqrlab models promote NAME@VERSION`) or pin PQR_ENRICHER")
    card_sha = lake.read_json(f"{folder}/model_card.json").get("sha256")
    if card_sha != model["sha256"]:
        raise ModelVersionMismatch(
            f"{model['name']}@{model['version']} in {lake.url}/models (sha256 {str(card_sha)[:12]}…) is not the "
            f"registered one ({model['sha256'][:12]}…): retrain and register it, or promote another version")


def _who() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
