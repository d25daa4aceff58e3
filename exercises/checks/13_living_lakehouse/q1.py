"""otter-grader check of exercises/13_living_lakehouse.ipynb, Q1: The next day to ingest. Each case prints `ok` or what is wrong."""
OK_FORMAT = True

test = {
    "name": "q1",
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
>>> expect(callable(next_day_to_ingest), "next_day_to_ingest should be a function")
ok
""",
            "failure_message": 'Define the function.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import datetime as dt
>>> _d = dt.date
>>> _got = next_day_to_ingest([], _d(2026, 3, 2))
>>> expect(_got == _d(2026, 3, 2), f"with nothing ingested yet it returns {_got!r}; the first day is `start`, 2026-03-02")
ok
""",
            "failure_message": 'Nothing ingested: start.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import datetime as dt
>>> _d = dt.date
>>> _got = next_day_to_ingest([_d(2026, 3, 2), _d(2026, 3, 3)], _d(2026, 3, 2))
>>> expect(_got == _d(2026, 3, 4), f"after 2026-03-02 and 03 it returns {_got!r}, not 2026-03-04")
ok
""",
            "failure_message": 'The day after the latest.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import datetime as dt
>>> _d = dt.date
>>> _got = next_day_to_ingest([_d(2026, 3, 9), _d(2026, 3, 2), _d(2026, 3, 5)], _d(2026, 3, 2))
>>> expect(_got == _d(2026, 3, 10), f"with days given out of order (03-09, 03-02, 03-05) it returns {_got!r}, not 2026-03-10: use the latest day, not the last in the list")
ok
""",
            "failure_message": 'The latest day, whatever the order.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import datetime as dt
>>> _d = dt.date
>>> _got = next_day_to_ingest([_d(2026, 12, 31)], _d(2026, 3, 2))
>>> expect(_got == _d(2027, 1, 1), f"after 2026-12-31 it returns {_got!r}, not 2027-01-01: add a timedelta, not 1 to the day number")
ok
""",
            "failure_message": 'Across the year end.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import datetime as dt
>>> _d = dt.date
>>> _got = next_day_to_ingest([_d(2026, 3, 20)], _d(2026, 3, 2))
>>> expect(_got == _d(2026, 3, 21), f"with 2026-03-20 ingested and start 2026-03-02 it returns {_got!r}; `start` only counts when nothing was ingested")
ok
""",
            "failure_message": 'History wins over start.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
