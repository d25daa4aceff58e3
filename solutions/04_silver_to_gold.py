"""Reference solutions of exercises/04_silver_to_gold.ipynb, one section per question (`# %% qN`).

Each section runs in that notebook after its setup cell (names there: lake, run_id, dsn, sample, client).
tests/test_exercises.py pastes each section into the question's answer cell and expects every check to pass.
"""


# %% q1
from pqrlab.layers.gold import read_gold

sla = read_gold(lake, "sla_compliance", run_id)
compliance = float(sla["on_time"].sum() / sla["due"].sum())


# %% q2
import dask.dataframe as dd

from pqrlab.layers.gold import volume_partial
from pqrlab.layers.silver import snapshot_path

silver_tickets = dd.read_parquet(lake.url_of(snapshot_path(lake)),
                                 dataset={"partitioning": None}).repartition(npartitions=4)
partials = silver_tickets.map_partitions(volume_partial)
tickets_per_type = partials.groupby("pqrs_type")["tickets"].sum().compute()


# %% q3
from pqrlab.layers.gold import read_gold

backlog = read_gold(lake, "backlog_daily", run_id)
open_on_last_day = int(backlog.loc[backlog["day"] == sample.settings.end, "open"].sum())


# %% q4
def bucket_of(age: int) -> str:
    """The backlog age bucket of an age in business days."""
    if age <= 5:
        return "0-5"
    if age <= 10:
        return "6-10"
    if age <= 15:
        return "11-15"
    return ">15"
