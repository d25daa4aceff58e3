"""otter-grader check of exercises/12_serving.ipynb, Q2: What the BI role can read. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(bi_tables, set) and bi_tables, "bi_tables should be a non-empty set of 'schema.name' strings")
ok
""",
            "failure_message": 'A non-empty set.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> _outside = sorted(t for t in bi_tables if not t.startswith("public.gold_"))
>>> expect(not _outside, f"these are not Gold tables: {_outside[:3]} (did you SET ROLE pqr_bi?)")
ok
""",
            "failure_message": 'Only `public.gold_*`.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> _outside = sorted(t for t in bi_tables if not t.startswith("public.gold_"))
>>> from pqrlab.course import rows_as_role
>>> _want = {r[0] for r in rows_as_role(dsn, "pqr_bi", "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'gold%'")}
>>> expect(bi_tables == _want, f"missing {sorted(_want - bi_tables)[:3]}")
ok
""",
            "failure_message": 'Every Gold relation the role can read.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
