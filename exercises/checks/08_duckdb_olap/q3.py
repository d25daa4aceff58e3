"""otter-grader check of exercises/08_duckdb_olap.ipynb, Q3: Median confidence per type. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(median_confidence, pd.DataFrame) and {"pqrs_type", "median_confidence"} <= set(median_confidence.columns), "median_confidence should be a DataFrame with the columns pqrs_type and median_confidence")
ok
""",
            "failure_message": 'A DataFrame with `pqrs_type` and `median_confidence`.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import pandas as pd
>>> from pqrlab.layers.silver import read_tickets
>>> _want = read_tickets(lake, run_id).groupby("pqrs_type")["confidence"].median()
>>> _got = dict(zip(median_confidence["pqrs_type"], median_confidence["median_confidence"]))
>>> _off = sorted(k for k in set(_want.index) | set(_got) if k not in _got or abs(_got[k] - _want.get(k, -1)) > 1e-9)
>>> expect(not _off, f"the median is missing or off for {_off}")
ok
""",
            "failure_message": 'The median confidence of every type.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
