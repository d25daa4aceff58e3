"""Compare enrichers (or versions of one) on the same Bronze, against the generator's ground truth.

Runs in Dask like Silver does (one task per Bronze day, each model loaded once per worker) but writes
nothing: it returns Gold's `model_evaluation` table for every enricher, side by side.
"""
from __future__ import annotations

import pandas as pd
from distributed import Client

from pqrlab.enrich.base import PREDICTION_COLUMNS
from pqrlab.lake import Lake
from pqrlab.layers.bronze import MESSAGES
from pqrlab.layers.gold import model_evaluation, read_truth_tickets
from pqrlab.layers.silver import enrich_messages


def predict_day(lake: Lake, run_id: str, day: str, enricher_name: str) -> pd.DataFrame:
    """One Dask task: the enricher's predictions for a Bronze day's first e-mails."""
    bronze = lake.read_parquet(f"{lake.partition('bronze', day, run_id, MESSAGES)}/part-0.parquet").to_pandas()
    enriched = enrich_messages(bronze, enricher_name, lake)  # the same code Silver runs
    first = enriched[enriched["kind"] == "initial"].rename(columns={"thread_id": "ticket_id"})
    return first[["ticket_id", *PREDICTION_COLUMNS, "model_name", "model_version"]]


def compare_on_bronze(lake: Lake, client: Client, run_id: str, enrichers: list[str]) -> pd.DataFrame:
    """Accuracy per field for each enricher on the run's Bronze (PQRS tickets only, as Gold sees them)."""
    days = lake.days("bronze", run_id, MESSAGES)
    futures = [client.submit(predict_day, lake, run_id, day, name, pure=False) for name in enrichers for day in days]
    predictions = pd.concat(client.gather(futures), ignore_index=True)
    predictions = predictions[predictions["is_pqrs"].astype(bool)]
    return model_evaluation(predictions, read_truth_tickets(lake, run_id))
