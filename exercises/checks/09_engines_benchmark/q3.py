"""otter-grader check of exercises/09_engines_benchmark.ipynb, Q3: Time two engines, check they agree. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(timings, dict) and {"duckdb", "polars"} <= set(timings) and all(isinstance(v, float) and v > 0 for v in timings.values()), f"timings should map duckdb and polars to seconds (floats > 0); it is {timings!r}")
ok
""",
            "failure_message": 'Seconds per engine.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab import engines
>>> _a = engines.duckdb_sql(tickets_glob, sample.settings.end)
>>> _b = engines.polars_lazy(tickets_glob, sample.settings.end)
>>> _agree = all(engines.canonical(x, k).equals(engines.canonical(y, k)) for x, y, k in zip(_a, _b, (engines.VOLUME_KEYS, engines.SLA_KEYS)))
>>> expect(engines_agree is _agree, f"engines_agree is {engines_agree!r}, but comparing the canonical frames gives {_agree}")
ok
""",
            "failure_message": "`engines_agree` must be the comparison's result (a bool).",
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
