"""otter-grader check of exercises/03_bronze_to_silver.ipynb, Q4: Mask Bronze, one partition at a time. Each case prints `ok` or what is wrong."""
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
>>> import dask.dataframe as dd
>>> expect(isinstance(masked_messages, dd.DataFrame), f"masked_messages should be a lazy Dask DataFrame, it is a {type(masked_messages).__name__}")
ok
""",
            "failure_message": 'Keep the Dask DataFrame in `masked_messages`.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import dask.dataframe as dd
>>> from pqrlab.enrich.masking import PATTERNS
>>> _bodies = masked_messages["body"].compute()
>>> _rows = lake.read_dataset("bronze", "messages", run_id).num_rows
>>> _hits = {label: int(_bodies.str.contains(pattern).sum()) for label, pattern in PATTERNS}
>>> expect(len(_bodies) == _rows and not any(_hits.values()), f"{len(_bodies)} bodies (Bronze has {_rows}); PII left: { {k: v for k, v in _hits.items() if v} }")
ok
""",
            "failure_message": 'Every Bronze body, masked: no PII pattern left.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
