"""otter-grader check of exercises/06_control_plane_governance.ipynb, Q1: The BI role cannot read tickets. Each case prints `ok` or what is wrong."""
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
>>> import psycopg
>>> expect(isinstance(bi_error, psycopg.errors.InsufficientPrivilege), f"bi_error is {bi_error!r}, not a permission error (InsufficientPrivilege)")
ok
""",
            "failure_message": 'Keep the permission error in `bi_error`.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
