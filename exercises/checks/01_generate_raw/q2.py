"""otter-grader check of exercises/01_generate_raw.ipynb, Q2: The busiest day. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(busiest_day, str), f"busiest_day should be a str like '2026-03-02', it is a {type(busiest_day).__name__}")
ok
""",
            "failure_message": 'Define `busiest_day` as a string.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.layers.raw import read_manifests
>>> _lines = {m["day"]: m["lines"] for m in read_manifests(lake, run_id)}
>>> expect(busiest_day in _lines, f"{busiest_day!r} is not a day partition of the run; days look like {min(_lines)!r}")
ok
""",
            "failure_message": "`busiest_day` must be one of the run's day partitions.",
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.layers.raw import read_manifests
>>> _lines = {m["day"]: m["lines"] for m in read_manifests(lake, run_id)}
>>> expect(_lines.get(busiest_day) == max(_lines.values()), f"{busiest_day} received {_lines.get(busiest_day)} lines, but one day received {max(_lines.values())}")
ok
""",
            "failure_message": '`busiest_day` must be the day with the most lines.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
