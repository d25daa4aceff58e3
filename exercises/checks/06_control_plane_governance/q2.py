"""otter-grader check of exercises/06_control_plane_governance.ipynb, Q2: Declare a quality check. Each case prints `ok` or what is wrong."""
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
>>> from pqrlab.quality import Check
>>> expect(isinstance(municipality_check, Check), f"municipality_check should be a pqrlab.quality.Check, it is a {type(municipality_check).__name__}")
ok
""",
            "failure_message": 'Declare a `Check`.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.quality import Check
>>> _c = municipality_check
>>> expect((_c.layer, _c.dataset, _c.kind, _c.column) == ("silver", "tickets", "not_null", "municipality_code"), f"declared {(_c.layer, _c.dataset, _c.kind, _c.column)}; expected silver / tickets / not_null / municipality_code")
ok
""",
            "failure_message": 'Layer, dataset, kind and column.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.quality import Check
>>> _c = municipality_check
>>> expect(_c.blocking is False, "a missing municipality should warn, not stop the run: blocking=False")
ok
""",
            "failure_message": 'Make it a warning.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.quality import Check
>>> _c = municipality_check
>>> from pqrlab.layers.silver import read_tickets
>>> _nulls = int(read_tickets(lake, run_id)["municipality_code"].isna().sum())
>>> expect(municipality_result.passed == (_nulls == 0), f"the run has {_nulls} tickets without a municipality, yet your result says passed={municipality_result.passed}")
ok
""",
            "failure_message": "Evaluate the check on the run's Silver tickets.",
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
