"""otter-grader check of exercises/03_bronze_to_silver.ipynb, Q3: Groupby-aggregate over Silver with Dask. Each case prints `ok` or what is wrong."""
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
>>> import pandas as pd
>>> expect(isinstance(by_type, pd.DataFrame), f"by_type should be a computed pandas DataFrame, it is a {type(by_type).__name__}")
ok
""",
            "failure_message": 'Compute the result into a pandas DataFrame.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import pandas as pd
>>> expect({"tickets", "mean_confidence"} <= set(by_type.columns), f"by_type needs the columns tickets and mean_confidence; it has {list(by_type.columns)}")
ok
""",
            "failure_message": 'Name the columns `tickets` and `mean_confidence`.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import pandas as pd
>>> from pqrlab.layers.silver import read_tickets
>>> _t = read_tickets(lake, run_id)
>>> _counts = _t["pqrs_type"].value_counts().to_dict()
>>> _got = {str(k): int(v) for k, v in by_type["tickets"].items()}
>>> expect(_got == _counts, f"tickets per type are {_got}; Silver has {_counts}")
ok
""",
            "failure_message": '`tickets` must count the Silver tickets of each type (index: pqrs_type).',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import pandas as pd
>>> from pqrlab.layers.silver import read_tickets
>>> _t = read_tickets(lake, run_id)
>>> _counts = _t["pqrs_type"].value_counts().to_dict()
>>> _got = {str(k): int(v) for k, v in by_type["tickets"].items()}
>>> _means = _t.groupby("pqrs_type")["confidence"].mean()
>>> _off = [k for k, v in by_type["mean_confidence"].items() if abs(v - _means.get(str(k), -1)) > 1e-9]
>>> expect(not _off, f"mean_confidence is off for {_off}")
ok
""",
            "failure_message": '`mean_confidence` must be the mean confidence of each type.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
