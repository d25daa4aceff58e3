"""otter-grader check of exercises/04_silver_to_gold.ipynb, Q2: A Gold partial with map_partitions. Each case prints `ok` or what is wrong."""
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
>>> import pandas as pd
>>> expect(isinstance(tickets_per_type, pd.Series), f"tickets_per_type should be a computed pandas Series, it is a {type(tickets_per_type).__name__}")
ok
""",
            "failure_message": 'Compute a pandas Series.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import pandas as pd
>>> from pqrlab.layers.silver import read_tickets
>>> _counts = read_tickets(lake, run_id)["pqrs_type"].value_counts().to_dict()
>>> _got = {str(k): int(v) for k, v in tickets_per_type.items()}
>>> expect(_got == _counts, f"tickets_per_type is {_got}; Silver has {_counts}")
ok
""",
            "failure_message": 'The partials, combined, must count every Silver ticket by type.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
