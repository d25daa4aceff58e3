"""otter-grader check of exercises/07_orchestration_prefect.ipynb, Q3: A weekday schedule in Bogotá. Each case prints `ok` or what is wrong."""
OK_FORMAT = True

test = {
    "name": "q3",
    "points": 1,
    "suites": [{
        "type": "doctest",
        "scored": True,
        "setup": "",
        "teardown": "",
        "cases": [
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from prefect.client.schemas.schedules import CronSchedule
>>> expect(isinstance(weekday_schedule, CronSchedule), f"weekday_schedule should be a CronSchedule, it is a {type(weekday_schedule).__name__}")
ok
""",
            "failure_message": 'Build a `CronSchedule`.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from prefect.client.schemas.schedules import CronSchedule
>>> expect(weekday_schedule.timezone == "America/Bogota", f"the time zone is {weekday_schedule.timezone!r}; the entity is in America/Bogota")
ok
""",
            "failure_message": "Bogotá's time zone.",
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from prefect.client.schemas.schedules import CronSchedule
>>> import datetime as dt
>>> from cronsim import CronSim
>>> _it = CronSim(weekday_schedule.cron, dt.datetime(2026, 3, 2))
>>> _fires = [next(_it) for _ in range(10)]
>>> _bad = [f.strftime("%a %H:%M") for f in _fires if f.weekday() > 4 or (f.hour, f.minute) != (6, 0)]
>>> _days = len({f.date() for f in _fires})
>>> expect(not _bad and _days == 10, f"the first ten runs include {_bad or 'repeated days'}; it should run once each weekday at 06:00")
ok
""",
            "failure_message": 'Once each weekday at 06:00.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
