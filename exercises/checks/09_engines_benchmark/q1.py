"""otter-grader check of exercises/09_engines_benchmark.ipynb, Q1: Ask Polars. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(polars_counts, dict), f"polars_counts should be a dict, it is a {type(polars_counts).__name__}")
ok
""",
            "failure_message": 'A plain dict.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.layers.silver import read_tickets
>>> _want = read_tickets(lake, run_id)["pqrs_type"].value_counts().to_dict()
>>> expect({str(k): int(v) for k, v in polars_counts.items()} == _want, f"polars_counts is {polars_counts}; Silver has {_want}")
ok
""",
            "failure_message": 'Tickets per type.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
