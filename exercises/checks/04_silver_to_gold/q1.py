"""otter-grader check of exercises/04_silver_to_gold.ipynb, Q1: Overall SLA compliance. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(compliance, float) and 0 <= compliance <= 1, f"compliance should be a float between 0 and 1, it is {compliance!r}")
ok
""",
            "failure_message": 'Define `compliance` as a float in [0, 1].',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.layers.gold import read_gold
>>> _sla = read_gold(lake, "sla_compliance", run_id)
>>> _right = _sla["on_time"].sum() / _sla["due"].sum()
>>> _mean = (_sla["on_time"] / _sla["due"]).mean()
>>> expect(abs(compliance - _right) < 1e-9, f"compliance is {compliance:.4f}, expected {_right:.4f}" + (": you averaged the per-row ratios; sum first" if abs(compliance - _mean) < 1e-9 else ""))
ok
""",
            "failure_message": '`compliance` = sum(on_time) / sum(due).',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
