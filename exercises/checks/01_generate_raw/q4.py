"""otter-grader check of exercises/01_generate_raw.ipynb, Q4: Count with a Dask bag. Each case prints `ok` or what is wrong."""
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
>>> import dask.bag
>>> expect(isinstance(initial_bag, dask.bag.Bag), f"initial_bag should be a dask Bag, it is a {type(initial_bag).__name__}")
ok
""",
            "failure_message": 'Keep the Dask bag of matching records in `initial_bag`.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import dask.bag
>>> import json
>>> _n = 0
>>> for _p in lake.files("raw", run_id, "*.jsonl"):
...     for _line in lake.read_bytes(_p).decode("utf-8", errors="replace").splitlines():
...         try:
...             _r = json.loads(_line)
...         except ValueError:
...             continue
...         _n += isinstance(_r, dict) and _r.get("kind") == "initial"
>>> expect(initial_lines == _n, f"initial_lines is {initial_lines}, but {_n} Raw lines are JSON objects with kind 'initial'")
ok
""",
            "failure_message": "`initial_lines` must count the JSON-object lines whose kind is 'initial'.",
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import dask.bag
>>> import json
>>> _n = 0
>>> for _p in lake.files("raw", run_id, "*.jsonl"):
...     for _line in lake.read_bytes(_p).decode("utf-8", errors="replace").splitlines():
...         try:
...             _r = json.loads(_line)
...         except ValueError:
...             continue
...         _n += isinstance(_r, dict) and _r.get("kind") == "initial"
>>> expect(initial_bag.count().compute() == _n, f"initial_bag holds {initial_bag.count().compute()} records, expected {_n}")
ok
""",
            "failure_message": '`initial_bag` must hold exactly those records.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
