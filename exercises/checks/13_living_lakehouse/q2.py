"""otter-grader check of exercises/13_living_lakehouse.ipynb, Q2: Idempotent overwrite of day partitions. Each case prints `ok` or what is wrong."""
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
>>> expect(callable(replace_days), "replace_days should be a function")
ok
""",
            "failure_message": 'Define the function.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> _old = {"2026-03-02": ["a", "b"], "2026-03-03": ["c"], "2026-03-04": ["d"]}
>>> _new = {"2026-03-03": ["c2", "c3"]}
>>> _got = replace_days(_old, _new)
>>> expect(_got == {"2026-03-02": ["a", "b"], "2026-03-03": ["c2", "c3"], "2026-03-04": ["d"]}, f"replacing 2026-03-03 gives {_got!r}")
ok
""",
            "failure_message": 'Exactly the new days are replaced.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> _old = {"2026-03-02": ["a", "b"], "2026-03-03": ["c"]}
>>> _new = {"2026-03-03": ["c2"]}
>>> _got = replace_days(_old, _new)
>>> expect(_got["2026-03-02"] is _old["2026-03-02"], "the untouched day 2026-03-02 is a new list: other days must stay the very same partition (not rewritten, not copied)")
ok
""",
            "failure_message": 'Other days untouched.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> _old = {"2026-03-02": ["a"], "2026-03-03": ["c"]}
>>> _snapshot = {k: list(v) for k, v in _old.items()}
>>> _got = replace_days(_old, {"2026-03-03": ["z"]})
>>> expect(_old == _snapshot, f"replace_days changed its input partitions to {_old!r}: return a new dict")
ok
""",
            "failure_message": 'The input is not modified.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> _old = {"2026-03-02": ["a"], "2026-03-03": ["c"]}
>>> _new = {"2026-03-03": ["c2"], "2026-03-04": ["d"]}
>>> _once = replace_days(_old, _new)
>>> _twice = replace_days(_once, _new)
>>> expect(_once == _twice and _twice["2026-03-04"] == ["d"], f"running the same days twice gives {_twice!r} after {_once!r}: a rerun must change nothing (and a new day is added)")
ok
""",
            "failure_message": 'Idempotent: a rerun changes nothing.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> _got = replace_days({"2026-03-02": ["a"]}, {"2026-03-02": []})
>>> expect(_got == {"2026-03-02": []}, f"a day whose rerun has no rows gives {_got!r}: the day's partition becomes empty (it is replaced, not merged)")
ok
""",
            "failure_message": 'Replace, do not append.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
