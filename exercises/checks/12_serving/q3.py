"""otter-grader check of exercises/12_serving.ipynb, Q3: The dashboard's headline. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(compliance_text, str) and compliance_text.endswith(" %"), f"compliance_text should look like '87,5 %'; it is {compliance_text!r}")
ok
""",
            "failure_message": 'A percentage string.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.control.db import fetch_frame
>>> _s = fetch_frame(dsn, "SELECT sum(on_time)::float AS on_time, sum(due)::float AS due FROM public.gold_sla_area WHERE day BETWEEN (SELECT max(day) - 29 FROM public.gold_latest_day) AND (SELECT max(day) FROM public.gold_latest_day)")
>>> _want = f"{100 * _s['on_time'].sum() / _s['due'].sum():.1f} %".replace(".", ",")
>>> expect(compliance_text == _want, f"compliance_text is {compliance_text!r}; Gold gives {_want}")
ok
""",
            "failure_message": "Compliance of the tickets due in the 30 days up to the latest day, one decimal, decimal comma.",
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
