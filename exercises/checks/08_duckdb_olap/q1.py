"""otter-grader check of exercises/08_duckdb_olap.ipynb, Q1: Quarantine by reason. Each case prints `ok` or what is wrong."""
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
>>> import pandas as pd
>>> expect(isinstance(by_reason, pd.DataFrame) and {"reason", "lines"} <= set(by_reason.columns), "by_reason should be a DataFrame with the columns reason and lines")
ok
""",
            "failure_message": 'A DataFrame with `reason` and `lines`.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import pandas as pd
>>> _want = lake.read_dataset("bronze", "quarantine", run_id, ["reason"]).to_pandas()["reason"].value_counts().to_dict()
>>> _got = dict(zip(by_reason["reason"], map(int, by_reason["lines"])))
>>> expect(_got == _want, f"by_reason says {_got}; the quarantine holds {_want}")
ok
""",
            "failure_message": 'Every quarantined line counted under its reason.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import pandas as pd
>>> _want = lake.read_dataset("bronze", "quarantine", run_id, ["reason"]).to_pandas()["reason"].value_counts().to_dict()
>>> _got = dict(zip(by_reason["reason"], map(int, by_reason["lines"])))
>>> expect(list(by_reason["lines"]) == sorted(by_reason["lines"], reverse=True), "order the rows by lines, largest first")
ok
""",
            "failure_message": 'Largest first.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
