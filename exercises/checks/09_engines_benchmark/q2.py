"""otter-grader check of exercises/09_engines_benchmark.ipynb, Q2: A partitioned dataset in Dask. Each case prints `ok` or what is wrong."""
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
>>> import dask.dataframe as dd
>>> expect(isinstance(tickets_ddf, dd.DataFrame), f"tickets_ddf should be a Dask DataFrame, it is a {type(tickets_ddf).__name__}")
ok
""",
            "failure_message": 'Keep the Dask DataFrame.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import dask.dataframe as dd
>>> from pqrlab.layers.silver import read_tickets
>>> _n, _rows = len(read_tickets(lake)), int(tickets_ddf.shape[0].compute())
>>> expect(_rows == _n, f"tickets_ddf has {_rows} rows; the latest snapshot holds {_n} tickets: read exactly that one snapshot")
ok
""",
            "failure_message": 'The latest snapshot, once.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import dask.dataframe as dd
>>> import datetime as dt
>>> from pqrlab.layers.silver import read_tickets
>>> _t = read_tickets(lake, run_id)
>>> _n = int((_t["day"] < sample.settings.start + dt.timedelta(days=7)).sum())
>>> expect(first_week_tickets == _n, f"first_week_tickets is {first_week_tickets}; {_n} tickets were received in the first seven days")
ok
""",
            "failure_message": 'Tickets received in the first week.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
