"""`pqrlab schedule`: a Prefect deployment of the lakehouse flow that ingests the next day, once a day.

The deployment runs `lakehouse_flow(next_day=True)` on a daily cron in America/Bogota (the time of day is
the one setting `PQR_SCHEDULE_TIME`), and this process *serves* it (`prefect.serve`: no work pool, no
Docker, no cloud): it polls the Prefect server for due or triggered runs of the deployment and executes
each in a subprocess. One run at a time (`limit=1`); the control plane's day locks refuse overlaps anyway.

What a scheduled run does is decided by the control plane, not by the clock: "the next day not yet
ingested". A day that fails leaves the days before it untouched (each day's partitions are replaced
only when it succeeds) and is not recorded as ingested, so the next trigger picks the same day again.
Retries stay per notebook task (`flows.run_notebook`); the deployment itself does not retry.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from pqrlab.settings import Settings

if TYPE_CHECKING:  # Prefect reads its settings when first imported: only after PREFECT_API_URL is set
    from prefect.schedules import Schedule

SCHEDULE_TIMEZONE = "America/Bogota"
DEPLOYMENT_NAME = "pqr-daily"
FLOW_NAME = "pqr-lakehouse"  # `flows.lakehouse_flow`'s Prefect name
DEPLOYMENT_PARAMETERS = {"next_day": True}


def daily_cron(time_of_day: str) -> str:
    """`HH:MM` → the cron expression that fires once a day at that time: `'06:30'` → `'30 6 * * *'`."""
    hour, minute = (int(part) for part in time_of_day.split(":"))
    return f"{minute} {hour} * * *"


def deployment_ref(name: str = DEPLOYMENT_NAME) -> str:
    """`flow/deployment`, as `run_deployment` and `prefect deployment run` name it."""
    return f"{FLOW_NAME}/{name}"


def daily_schedule(settings: Settings) -> "Schedule":
    """The daily cron at `settings.schedule_time`, in Bogotá time (no daylight saving: UTC-5 all year)."""
    from prefect.schedules import Cron

    return Cron(daily_cron(settings.schedule_time), timezone=SCHEDULE_TIMEZONE)


def daily_deployment(settings: Settings, name: str = DEPLOYMENT_NAME):
    """The `RunnerDeployment` of the lakehouse flow: daily schedule, parameters `next_day=True`."""
    from pqrlab.flows import lakehouse_flow  # import after PREFECT_API_URL is set

    return lakehouse_flow.to_deployment(
        name=name, schedule=daily_schedule(settings), parameters=dict(DEPLOYMENT_PARAMETERS),
        tags=["pqr", "daily"],
        description=f"Ingest the next day not yet ingested, every day at {settings.schedule_time} "
                    f"({SCHEDULE_TIMEZONE}).")


def serve_daily(settings: Settings, name: str = DEPLOYMENT_NAME) -> None:
    """Create (or update) the deployment and execute its runs until interrupted (Ctrl-C or SIGTERM).

    On shutdown Prefect pauses the schedule, so no run piles up while nobody serves it; the next
    `pqrlab schedule` applies the deployment again, which resumes it.
    """
    from prefect import serve

    serve(daily_deployment(settings, name), limit=1, print_starting_message=False)
