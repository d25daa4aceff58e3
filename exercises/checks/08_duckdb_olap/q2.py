"""otter-grader check of exercises/08_duckdb_olap.ipynb, Q2: The five departments with most tickets. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(top_departments, pd.DataFrame) and {"department", "tickets"} <= set(top_departments.columns) and len(top_departments) == 5, "top_departments should be a DataFrame of 5 rows with the columns department and tickets")
ok
""",
            "failure_message": 'Five rows, `department` and `tickets`.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import pandas as pd
>>> from pqrlab.channel.places import divipola
>>> from pqrlab.layers.silver import read_tickets
>>> _names = divipola()[["department_code", "department"]].drop_duplicates()
>>> _counts = read_tickets(lake, run_id).merge(_names, on="department_code")["department"].value_counts()
>>> _got = dict(zip(top_departments["department"], map(int, top_departments["tickets"])))
>>> _wrong = {d: n for d, n in _got.items() if _counts.get(d) != n}
>>> expect(not _wrong and sorted(_got.values(), reverse=True) == _counts.iloc[:5].tolist(), f"counts that do not match Silver: {_wrong or _got}; the top five counts are {_counts.iloc[:5].tolist()}")
ok
""",
            "failure_message": 'The five largest departments, with their ticket counts.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
