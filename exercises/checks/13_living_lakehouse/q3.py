"""otter-grader check of exercises/13_living_lakehouse.ipynb, Q3: Merge a day into the ticket snapshot. Each case prints `ok` or what is wrong."""
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
>>> expect(callable(merge_day), "merge_day should be a function")
ok
""",
            "failure_message": 'Define the function.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import pandas as pd
>>> _s = pd.DataFrame({"status": ["open", "open"], "changed": ["03-02", "03-02"]}, index=pd.Index(["T1", "T2"], name="ticket_id"))
>>> _c = pd.DataFrame({"status": ["responded", "open"], "changed": ["03-03", "03-03"]}, index=pd.Index(["T1", "T3"], name="ticket_id"))
>>> _got = merge_day(_s, _c)
>>> expect(list(_got.index) == ["T1", "T2", "T3"], f"the merged snapshot holds tickets {list(_got.index)}, not ['T1', 'T2', 'T3'] (every known ticket, once, sorted by ticket_id)")
ok
""",
            "failure_message": 'Every ticket once, sorted.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import pandas as pd
>>> _s = pd.DataFrame({"status": ["open", "open"], "changed": ["03-02", "03-02"]}, index=pd.Index(["T1", "T2"], name="ticket_id"))
>>> _c = pd.DataFrame({"status": ["responded", "open"], "changed": ["03-03", "03-03"]}, index=pd.Index(["T1", "T3"], name="ticket_id"))
>>> _got = merge_day(_s, _c)
>>> _want = {"T1": "responded", "T2": "open", "T3": "open"}
>>> expect(_got["status"].to_dict() == _want, f"statuses after the merge are {_got['status'].to_dict()}, not {_want}: the day's row wins over the snapshot's")
ok
""",
            "failure_message": "The day's changes win.",
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import pandas as pd
>>> _s = pd.DataFrame({"status": ["open"], "changed": ["03-02"]}, index=pd.Index(["T1"], name="ticket_id"))
>>> _empty = _s.iloc[0:0]
>>> _got = merge_day(_s, _empty)
>>> expect(_got.equals(_s), f"a day without changes turns the snapshot into {_got.to_dict()!r}: it must stay the same")
ok
""",
            "failure_message": 'A quiet day changes nothing.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import pandas as pd
>>> _idx = lambda ids: pd.Index(ids, name="ticket_id")
>>> _days = [pd.DataFrame({"status": ["open", "open"]}, index=_idx(["T1", "T2"])), pd.DataFrame({"status": ["responded"]}, index=_idx(["T1"])), pd.DataFrame({"status": ["open", "reopened"]}, index=_idx(["T3", "T1"])), pd.DataFrame({"status": ["responded"]}, index=_idx(["T2"]))]
>>> import functools
>>> _state = functools.reduce(merge_day, _days[1:], _days[0])
>>> _want = {"T1": "reopened", "T2": "responded", "T3": "open"}
>>> expect(_state["status"].to_dict() == _want, f"merging four days one by one gives {_state['status'].to_dict()}, not {_want} (the latest day wins, as a full recomputation says)")
ok
""",
            "failure_message": 'Day by day equals all at once.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import pandas as pd
>>> _s = pd.DataFrame({"status": ["open"]}, index=pd.Index(["T1"], name="ticket_id"))
>>> _before = _s.copy()
>>> _ = merge_day(_s, pd.DataFrame({"status": ["responded"]}, index=pd.Index(["T1"], name="ticket_id")))
>>> expect(_s.equals(_before), "merge_day changed the previous snapshot: the snapshot after day D-1 must stay as it was (it is a file in the lake)")
ok
""",
            "failure_message": 'The previous snapshot is not modified.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
