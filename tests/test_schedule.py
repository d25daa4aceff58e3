"""`pqrlab schedule`: a daily Prefect deployment of the flow that ingests the next day not yet ingested.

The end-to-end test serves the deployment with the real command against a real local Prefect server,
triggers it twice with `run_deployment` and checks in the control plane that the first trigger ingested
the first day and the second one the following day.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pqrlab.schedule import DEPLOYMENT_NAME, DEPLOYMENT_PARAMETERS, SCHEDULE_TIMEZONE, daily_cron, deployment_ref
from pqrlab.settings import Settings, SettingsError

REPO = Path(__file__).resolve().parent.parent
FIRST_DAY = dt.date(2026, 3, 2)


@pytest.mark.parametrize("time_of_day, cron", [("06:00", "0 6 * * *"), ("00:00", "0 0 * * *"),
                                               ("23:59", "59 23 * * *"), ("07:05", "5 7 * * *")])
def test_daily_cron_fires_once_a_day_at_that_time(time_of_day, cron):
    from cronsim import CronSim

    assert daily_cron(time_of_day) == cron
    fires = CronSim(cron, dt.datetime(2026, 3, 2))
    times = [next(fires) for _ in range(5)]
    assert {t.strftime("%H:%M") for t in times} == {time_of_day}
    assert len({t.date() for t in times}) == 5


@pytest.mark.parametrize("bad", ["6:00", "24:00", "06:60", "0600", "06:00 ", "mañana", "06:00:00", ""])
def test_a_bad_schedule_time_is_one_clear_line(bad, monkeypatch):
    if bad == "":  # unset: the default time
        monkeypatch.setenv("PQR_SCHEDULE_TIME", bad)
        assert Settings.from_env(env_file=None).schedule_time == "06:00"
        return
    monkeypatch.setenv("PQR_SCHEDULE_TIME", bad)
    with pytest.raises(SettingsError, match="PQR_SCHEDULE_TIME must be a time of day HH:MM") as err:
        Settings.from_env(env_file=None)
    assert "\n" not in str(err.value)


def test_the_command_refuses_a_bad_time_before_starting_anything(tmp_path):
    env = {**os.environ, "PQR_HOME": str(tmp_path / "home"), "PQR_LAKE_URL": f"file://{tmp_path / 'lake'}"}
    done = subprocess.run([sys.executable, "-m", "pqrlab.cli", "schedule", "--time", "25:00"], env=env,
                          capture_output=True, text=True, timeout=60, cwd=REPO)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "pqrlab: error: PQR_SCHEDULE_TIME must be a time of day HH:MM on a 24-hour clock, e.g. 06:00 (got '25:00')"]
    assert not (tmp_path / "home").exists()


def test_the_deployment_is_daily_in_bogota_with_next_day(tmp_path):
    from pqrlab.schedule import daily_deployment

    settings = Settings(home=tmp_path, lake_url=f"file://{tmp_path / 'lake'}", schedule_time="05:30")
    deployment = daily_deployment(settings)
    assert deployment.name == DEPLOYMENT_NAME and deployment.parameters == {"next_day": True}
    [schedule] = deployment.schedules
    assert schedule.schedule.cron == "30 5 * * *" and schedule.schedule.timezone == SCHEDULE_TIMEZONE


# --- end to end: the real command, a real Prefect server, real runs --------------------------------------

def _on(api_url: str):
    """Prefect's client settings pointed at `api_url`, whenever Prefect was first imported in this session."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    return temporary_settings(updates={PREFECT_API_URL: api_url})


def _deployment_id(name: str, timeout_s: float = 120.0, proc: subprocess.Popen | None = None):
    """Wait until the served deployment is registered on the server; its id."""
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert proc is None or proc.poll() is None, "pqrlab schedule exited before its deployment was created"
        with get_client(sync_client=True) as client:
            try:
                return client.read_deployment_by_name(name).id
            except ObjectNotFound:
                pass
        time.sleep(1)
    raise TimeoutError(f"deployment {name} not created in {timeout_s:.0f} s")


def _trigger(deployment_id) -> str:
    """Run the deployment now (as the daily cron would) and wait for it; the final state's name."""
    from prefect.deployments import run_deployment

    flow_run = run_deployment(deployment_id, timeout=900, poll_interval=3)
    return flow_run.state.name if flow_run.state else "no state"


def _ingested(dsn: str) -> list[dt.date]:
    from pqrlab.control.runs import ingested_days

    return ingested_days(dsn)


@pytest.fixture
def served(tmp_path, fresh_db, prefect_api):
    """`pqrlab schedule` serving the deployment (tiny daily volume, tmp lake, the test database)."""
    from pqrlab.services.process import spawned

    env = {**os.environ, "PQR_HOME": str(tmp_path / "home"), "PQR_LAKE_URL": f"file://{tmp_path / 'lake'}",
           "PQR_PG_DSN": fresh_db, "PREFECT_API_URL": prefect_api, "PQR_START": FIRST_DAY.isoformat(),
           "PQR_DAILY_EVENTS": "6", "PQR_DASK_WORKERS": "1", "PQR_SCHEDULE_TIME": "04:15",
           "DASK_TEMPORARY_DIRECTORY": str(tmp_path / "dask")}
    log = tmp_path / "schedule.log"
    with _on(prefect_api), spawned([sys.executable, "-m", "pqrlab.cli", "schedule", "--name", "pqr-test"], log,
                                   env) as proc:
        yield {"deployment_id": _deployment_id(deployment_ref("pqr-test"), proc=proc), "dsn": fresh_db, "log": log,
               "proc": proc, "lake": tmp_path / "lake"}


def test_each_trigger_ingests_the_next_day_and_a_failed_day_is_picked_up_again(served):
    """Trigger: day 1 lands. Day 2 cannot be written: the trigger fails, day 1 stays byte-identical and day 2 is
    not ingested. Trigger again: day 2 (the next day not yet ingested) lands."""
    from prefect.client.orchestration import get_client

    from pqrlab.course import lake_checksums
    from pqrlab.lake import Lake

    with get_client(sync_client=True) as client:
        deployment = client.read_deployment(served["deployment_id"])
    assert deployment.parameters == DEPLOYMENT_PARAMETERS
    [schedule] = deployment.schedules
    assert (schedule.schedule.cron, schedule.schedule.timezone) == ("15 4 * * *", "America/Bogota")

    lake, day2 = Lake(f"file://{served['lake']}"), FIRST_DAY + dt.timedelta(days=1)
    assert _trigger(served["deployment_id"]) == "Completed", served["log"].read_text()[-3000:]
    assert _ingested(served["dsn"]) == [FIRST_DAY]
    day1_files = lake_checksums(lake)
    assert set(day1_files["day"]) == {FIRST_DAY.isoformat()} and len(day1_files) > 5

    blocker = served["lake"] / "raw" / "source=email" / f"day={day2}"  # a plain file where day 2's folder goes
    blocker.write_text("not a folder")  # (a full disk, a broken mount)
    assert _trigger(served["deployment_id"]) == "Failed"
    assert _ingested(served["dsn"]) == [FIRST_DAY]
    assert lake_checksums(lake).equals(day1_files)  # day 1 untouched, nothing of day 2 left behind
    blocker.unlink()

    assert _trigger(served["deployment_id"]) == "Completed", served["log"].read_text()[-3000:]
    assert _ingested(served["dsn"]) == [FIRST_DAY, day2]
    after = lake_checksums(lake)
    assert set(after["day"]) == {FIRST_DAY.isoformat(), day2.isoformat()}
    assert after[after["day"] == FIRST_DAY.isoformat()].reset_index(drop=True).equals(day1_files)


def test_ctrl_c_stops_serving_and_pauses_the_schedule_a_restart_resumes_it(tmp_path, prefect_api):
    import signal

    from prefect.client.orchestration import get_client

    def paused(deployment_id) -> bool:
        with _on(prefect_api), get_client(sync_client=True) as client:
            return client.read_deployment(deployment_id).paused

    env = {**os.environ, "PQR_HOME": str(tmp_path / "home"), "PQR_LAKE_URL": f"file://{tmp_path / 'lake'}",
           "PREFECT_API_URL": prefect_api}
    for attempt in ("first start", "restart"):
        proc = subprocess.Popen([sys.executable, "-m", "pqrlab.cli", "schedule", "--name", "pqr-pause"], env=env,
                                cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            with _on(prefect_api):
                deployment_id = _deployment_id(deployment_ref("pqr-pause"), proc=proc)
            deadline = time.monotonic() + 90
            while paused(deployment_id) and time.monotonic() < deadline:  # the restart applies it again
                time.sleep(1)
            assert not paused(deployment_id), f"{attempt}: serving, yet the schedule is paused"
            time.sleep(2)
            proc.send_signal(signal.SIGINT)
            out, _ = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == 0, out
        assert "Traceback" not in out and out.strip().splitlines()[-1].startswith("Stopped serving pqr-lakehouse/pqr-pause")
        assert paused(deployment_id), f"{attempt}: stopped serving, yet the schedule is active"
