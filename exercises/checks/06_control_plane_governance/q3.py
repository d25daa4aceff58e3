"""otter-grader check of exercises/06_control_plane_governance.ipynb, Q3: A check must be able to fail. Each case prints `ok` or what is wrong."""
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
>>> expect(priority_result.passed is False and "urgentísima" in priority_result.observed, f"on bad_tickets the check should fail and name urgentísima; it says passed={priority_result.passed}, observed {priority_result.observed}")
ok
""",
            "failure_message": 'Evaluate on `bad_tickets`: the check must fail.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.layers.silver import read_tickets
>>> from pqrlab.quality import Context, evaluate
>>> _real = evaluate(priority_check, Context(frames={"silver.tickets": read_tickets(lake, run_id)}))
>>> expect(_real.passed, f"on the run's real tickets the check fails ({_real.observed}): accept every value of PRIORITIES")
ok
""",
            "failure_message": 'The same check must pass on the real tickets.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
