"""otter-grader check of exercises/10_observability.ipynb, Q1: The run's metrics. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(metric_names, set), f"metric_names should be a set, it is a {type(metric_names).__name__}")
ok
""",
            "failure_message": 'A set of names.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.control.runs import get_run
>>> from pqrlab.metrics import run_registry
>>> _want = {f.name for f in run_registry(get_run(dsn, run_id)).collect()}
>>> expect(metric_names == _want, f"missing {sorted(_want - metric_names)[:3]}, unexpected {sorted(metric_names - _want)[:3]}")
ok
""",
            "failure_message": "Every family of the run's registry.",
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
