"""otter-grader check of exercises/05_publish_postgres.ipynb, Q2: A parameterized query. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(tickets_sql, str) and isinstance(tickets_params, (tuple, list, dict)), "tickets_sql should be a str and tickets_params a tuple")
ok
""",
            "failure_message": 'Define `tickets_sql` and `tickets_params`.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.layers.silver import read_tickets
>>> _t = read_tickets(lake, run_id)
>>> _code = _t["municipality_code"].value_counts().index[0]
>>> expect(_code not in tickets_sql and ("%s" in tickets_sql or "%(" in tickets_sql), f"the code {_code} must travel as a parameter (%s), not inside the SQL text")
ok
""",
            "failure_message": 'Use a placeholder, not the value, in the SQL.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.layers.silver import read_tickets
>>> _t = read_tickets(lake, run_id)
>>> _code = _t["municipality_code"].value_counts().index[0]
>>> from pqrlab.control.db import fetch_frame
>>> _got = set(fetch_frame(dsn, tickets_sql, tickets_params).iloc[:, 0])
>>> _want = set(_t.loc[_t["municipality_code"] == _code, "ticket_id"])
>>> expect(_got == _want, f"the query returns {len(_got)} tickets; {len(_want)} tickets of the run are in {_code}")
ok
""",
            "failure_message": 'The query must return exactly the tickets of that municipality.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
