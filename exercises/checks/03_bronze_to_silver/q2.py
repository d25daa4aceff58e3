"""otter-grader check of exercises/03_bronze_to_silver.ipynb, Q2: A due date across San José. Each case prints `ok` or what is wrong."""
OK_FORMAT = True

test = {
    "name": "q2",
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
>>> import datetime as dt
>>> expect(isinstance(due, dt.date), f"due should be a datetime.date, it is a {type(due).__name__}")
ok
""",
            "failure_message": 'Define `due` as a `datetime.date`.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import datetime as dt
>>> import numpy as np
>>> from pqrlab.business_days import due_date, term_days
>>> _received = dt.date(2026, 3, 20)
>>> _right = due_date(_received, term_days("reclamo", None))
>>> _no_holidays = np.busday_offset(np.datetime64(_received), 15, roll="forward").astype(dt.date)
>>> _hint = {_received + dt.timedelta(days=15): "you counted calendar days, Ley 1755 counts business days", _no_holidays: "you skipped weekends but not the holidays (San José, Holy Week)"}.get(due, "count 15 business days with due_date")
>>> expect(due == _right, f"due is {due}: {_hint}")
ok
""",
            "failure_message": '`due` must be 15 Colombian business days after 20 March 2026.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
