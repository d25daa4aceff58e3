"""otter-grader check of exercises/05_publish_postgres.ipynb, Q3: Publish twice, get the same. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(tickets_before, int) and isinstance(tickets_after, int), "tickets_before and tickets_after should be ints")
ok
""",
            "failure_message": 'Define both counts.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.layers.silver import read_tickets
>>> _n = len(read_tickets(lake, run_id))
>>> expect(tickets_before == tickets_after == _n, f"before {tickets_before}, after {tickets_after}; the run has {_n} tickets")
ok
""",
            "failure_message": "Publishing again must leave exactly the run's tickets.",
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
