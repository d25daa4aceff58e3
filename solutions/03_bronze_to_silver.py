"""Reference solutions of exercises/03_bronze_to_silver.ipynb, one section per question (`# %% qN`).

Each section runs in that notebook after its setup cell (names there: lake, run_id, dsn, sample, client).
tests/test_exercises.py pastes each section into the question's answer cell and expects every check to pass.
"""


# %% q1
from pqrlab.enrich.masking import mask_pii

masked = mask_pii("Soy Ana Pérez, cédula 1.020.345.678, celular 310 555 1234, escribo desde ana.perez@example.com")


# %% q2
import datetime as dt

from pqrlab.business_days import due_date, term_days

due = due_date(dt.date(2026, 3, 20), term_days("reclamo", None))


# %% q3
import dask.dataframe as dd

from pqrlab.layers.silver import snapshot_path

tickets = dd.read_parquet(lake.url_of(snapshot_path(lake)), dataset={"partitioning": None})
by_type = tickets.groupby("pqrs_type").agg(tickets=("ticket_id", "count"),
                                           mean_confidence=("confidence", "mean")).compute()


# %% q4
import dask.dataframe as dd

from pqrlab.enrich.masking import mask_pii


def mask_bodies(part):
    """One partition with every body masked (pure)."""
    return part.assign(body=part["body"].map(mask_pii, na_action="ignore"))


bronze = dd.read_parquet(f"{lake.url}/bronze/messages", dataset={"partitioning": None},
                         filters=[("run_id", "==", run_id)])
masked_messages = bronze.map_partitions(mask_bodies)
