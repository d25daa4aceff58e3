"""otter-grader check of exercises/06_control_plane_governance.ipynb, Q5: Write a row-level security policy. Each case prints `ok` or what is wrong."""
OK_FORMAT = True

test = {
    "name": "q5",
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
>>> expect(isinstance(policy_sql, str) and "POLICY" in policy_sql.upper(), "policy_sql should hold your CREATE POLICY statement")
ok
""",
            "failure_message": 'Keep the statement in `policy_sql`.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.course import rows_as_role
>>> _seen = sorted(r[0] for r in rows_as_role(dsn, "exercise_agent", "SELECT ticket_id FROM exercise_rls.tickets", {"app.municipality": "05001"}))
>>> expect(_seen == ["T-1", "T-2"], f"with app.municipality = 05001 the agent sees {_seen}; it should see T-1 and T-2 only (did you run the statement?)")
ok
""",
            "failure_message": 'The agent sees the rows of its municipality.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.course import rows_as_role
>>> _seen = sorted(r[0] for r in rows_as_role(dsn, "exercise_agent", "SELECT ticket_id FROM exercise_rls.tickets", {"app.municipality": "05001"}))
>>> _other = sorted(r[0] for r in rows_as_role(dsn, "exercise_agent", "SELECT ticket_id FROM exercise_rls.tickets", {"app.municipality": "11001"}))
>>> _none = rows_as_role(dsn, "exercise_agent", "SELECT ticket_id FROM exercise_rls.tickets")
>>> expect(_other == ["T-3", "T-5"] and _none == [], f"with 11001 the agent sees {_other} (expected T-3, T-5); with no setting it sees {len(_none)} rows (expected none)")
ok
""",
            "failure_message": 'Other municipalities and an unset claim see only their rows, or none.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
