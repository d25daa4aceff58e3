"""Reference solutions of exercises/07_orchestration_prefect.ipynb, one section per question (`# %% qN`).

Each section runs in that notebook after its setup cell (names there: lake, run_id, dsn, sample, client).
tests/test_exercises.py pastes each section into the question's answer cell and expects every check to pass.
"""


# %% q1
from prefect import task


@task(retries=3, retry_delay_seconds=0)
def retrying_task(x: int) -> int:
    return 2 * x


# %% q2
from prefect import flow, task

attempts = []


@task(retries=1, retry_delay_seconds=0)
def flaky_task() -> int:
    attempts.append(1)
    if len(attempts) == 1:
        raise RuntimeError("the lake did not answer (simulated)")
    return len(attempts)


@flow
def flaky_flow() -> int:
    return flaky_task()


flaky_result = flaky_flow()


# %% q3
from prefect.client.schemas.schedules import CronSchedule

weekday_schedule = CronSchedule(cron="0 6 * * 1-5", timezone="America/Bogota")
