"""otter-grader check of exercises/04_silver_to_gold.ipynb, Q3: The backlog on the last day. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(open_on_last_day, int), f"open_on_last_day should be an int, it is a {type(open_on_last_day).__name__}")
ok
""",
            "failure_message": 'Define `open_on_last_day` as an int.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.layers.silver import read_tickets, local_day
>>> _t = read_tickets(lake, run_id)
>>> _end = sample.settings.end
>>> _answered = local_day(_t["first_response_at"])
>>> _open = int(((_t["day"] <= _end) & (_t["first_response_at"].isna() | (_answered > _end))).sum())
>>> expect(open_on_last_day == _open, f"open_on_last_day is {open_on_last_day}, but {_open} tickets received by {_end} were not answered by its end")
ok
""",
            "failure_message": 'Count the tickets received by the last day and not answered by its end.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
