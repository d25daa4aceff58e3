"""Reference solutions of exercises/13_living_lakehouse.ipynb, one section per question (`# %% qN`).

Each section runs in that notebook after its setup cell (names there: lake, run_id, dsn, sample, client).
tests/test_exercises.py pastes each section into the question's answer cell and expects every check to pass.
"""


# %% q1
import datetime as dt


def next_day_to_ingest(ingested: list[dt.date], start: dt.date) -> dt.date:
    return max(ingested) + dt.timedelta(days=1) if ingested else start


# %% q2
def replace_days(partitions: dict[str, list], new: dict[str, list]) -> dict[str, list]:
    return {**partitions, **new}


# %% q3
import pandas as pd


def merge_day(snapshot: pd.DataFrame, changes: pd.DataFrame) -> pd.DataFrame:
    kept = snapshot[~snapshot.index.isin(changes.index)]
    return pd.concat([kept, changes]).sort_index()
