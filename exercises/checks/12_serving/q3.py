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
>>> import pandas as _pd
>>> from pqrlab.layers.gold import read_gold
>>> _t = read_gold(lake, "daily_volume", run_id)
>>> _b = read_gold(lake, "backlog_daily", run_id)
>>> _days = _pd.to_datetime(_pd.concat([_t["day"], _b["day"]]))
>>> _s = read_gold(lake, "sla_area", run_id)
>>> _s = _s[_pd.to_datetime(_s["due_date"]).between(_days.min(), _days.max())]
>>> _want = f"{100 * _s['on_time'].sum() / _s['due'].sum():.1f} %".replace(".", ",")
>>> expect(compliance_text == _want, f"compliance_text is {compliance_text!r}; Gold gives {_want}")
ok
""",
            "failure_message": "The run's compliance over the days with data, one decimal, decimal comma.",
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
