"""otter-grader check of exercises/02_raw_to_bronze.ipynb, Q3: map_partitions over Bronze. Each case prints `ok` or what is wrong."""
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
>>> import dask.dataframe as dd
>>> expect(isinstance(with_length, dd.DataFrame), f"with_length should be a lazy Dask DataFrame, it is a {type(with_length).__name__} (did you call .compute()?)")
ok
""",
            "failure_message": 'Keep the Dask DataFrame (not computed) in `with_length`.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import dask.dataframe as dd
>>> expect("body_chars" in with_length.columns, f"with_length has no body_chars column; its columns: {list(with_length.columns)}")
ok
""",
            "failure_message": 'Add a `body_chars` column.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import dask.dataframe as dd
>>> _bodies = lake.read_dataset("bronze", "messages", run_id, ["body"]).column("body").to_pylist()
>>> _got = with_length[["body_chars"]].compute()["body_chars"]
>>> expect(len(_got) == len(_bodies) and int(_got.sum()) == sum(map(len, _bodies)), f"{len(_got)} rows with {int(_got.sum())} characters in all; Bronze has {len(_bodies)} bodies with {sum(map(len, _bodies))}")
ok
""",
            "failure_message": '`body_chars` must be the length of every Bronze body of the run.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
