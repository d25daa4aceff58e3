"""otter-grader check of exercises/10_observability.ipynb, Q2: The slowest step. Each case prints `ok` or what is wrong."""
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
>>> from pqrlab.control.runs import get_run
>>> _steps = get_run(dsn, run_id)["steps"]
>>> expect(slowest_step in _steps, f"{slowest_step!r} is not a step of the run; its steps are {sorted(_steps)}")
ok
""",
            "failure_message": "One of the run's steps.",
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.control.runs import get_run
>>> _steps = get_run(dsn, run_id)["steps"]
>>> _max = max(s["seconds"] for s in _steps.values())
>>> expect(_steps[slowest_step]["seconds"] == _max, f"{slowest_step} took {_steps[slowest_step]['seconds']:.2f} s, but one step took {_max:.2f} s")
ok
""",
            "failure_message": 'The step with the most seconds.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
