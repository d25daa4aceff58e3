"""otter-grader check of exercises/02_raw_to_bronze.ipynb, Q4: A groupby-aggregate in Dask: quarantine by reason. Each case prints `ok` or what is wrong."""
OK_FORMAT = True

test = {
    "name": "q4",
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
>>> expect(isinstance(by_reason, pd.Series), f"by_reason should be a computed pandas Series, it is a {type(by_reason).__name__}")
ok
""",
            "failure_message": 'Compute the result: `by_reason` must be a pandas Series.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import pandas as pd
>>> _expected = lake.read_dataset("bronze", "quarantine", run_id, ["reason"]).to_pandas()["reason"].value_counts().to_dict()
>>> _got = {str(k): int(v) for k, v in by_reason.items()}
>>> expect(_got == _expected, f"by_reason is {_got}; quarantine holds {_expected}")
ok
""",
            "failure_message": '`by_reason` must count every quarantined line by its reason.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
