"""otter-grader check of exercises/05_publish_postgres.ipynb, Q1: Tickets in the control plane. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(tickets_in_db, int), f"tickets_in_db should be an int, it is a {type(tickets_in_db).__name__}")
ok
""",
            "failure_message": 'Define `tickets_in_db` as an int.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.layers.silver import read_tickets
>>> _n = len(read_tickets(lake, run_id))
>>> expect(tickets_in_db == _n, f"tickets_in_db is {tickets_in_db}; the run published {_n} Silver tickets")
ok
""",
            "failure_message": 'Every Silver ticket of the run is in core.tickets.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
