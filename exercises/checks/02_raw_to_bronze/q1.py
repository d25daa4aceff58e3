"""otter-grader check of exercises/02_raw_to_bronze.ipynb, Q1: Why is this line rejected?. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(rejection_reason, str), f"rejection_reason should be a str, it is a {type(rejection_reason).__name__}")
ok
""",
            "failure_message": 'Define `rejection_reason` as the `reason` string of the `Rejected` exception.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import datetime as dt
>>> from pqrlab.layers.bronze import Rejected, parse_line
>>> try:
...     parse_line(b'{"message_id": "m-1", "kind": "initial"}', dt.date(2026, 3, 2))
... except Rejected as _err:
...     _reason = _err.reason
>>> expect(rejection_reason == _reason, f"{rejection_reason!r} is not the reason parse_line gives for this line: call it and read Rejected.reason")
ok
""",
            "failure_message": '`rejection_reason` must be what `parse_line` says about this line.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
