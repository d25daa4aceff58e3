"""otter-grader check of exercises/05_publish_postgres.ipynb, Q4: COPY a frame. Each case prints `ok` or what is wrong."""
OK_FORMAT = True

test = {
    "name": "q4",
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
>>> from pqrlab.layers.gold import read_gold
>>> _v = read_gold(lake, "daily_volume", run_id)
>>> expect(copied_rows == len(_v), f"copied_rows is {copied_rows}; Gold daily_volume has {len(_v)} rows")
ok
""",
            "failure_message": 'Keep what `copy_frame` returns in `copied_rows`.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.layers.gold import read_gold
>>> _v = read_gold(lake, "daily_volume", run_id)
>>> from pqrlab.control.db import fetch_frame
>>> _db = fetch_frame(dsn, "SELECT count(*) AS n, sum(tickets) AS t FROM exercise_scratch.daily_volume")
>>> expect(int(_db["n"][0]) == len(_v) and int(_db["t"][0]) == int(_v["tickets"].sum()), f"the table holds {_db['n'][0]} rows and {_db['t'][0]} tickets; Gold has {len(_v)} rows and {_v['tickets'].sum()} tickets")
ok
""",
            "failure_message": 'The scratch table must hold every Gold row (and was committed).',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
