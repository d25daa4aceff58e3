"""otter-grader check of exercises/02_raw_to_bronze.ipynb, Q2: Nothing lost: reconcile Bronze with Raw. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(bronze_rows, int) and isinstance(quarantined_rows, int), "bronze_rows and quarantined_rows should both be ints")
ok
""",
            "failure_message": 'Define `bronze_rows` and `quarantined_rows` as ints.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> _good = lake.read_dataset("bronze", "messages", run_id).num_rows
>>> expect(bronze_rows == _good, f"bronze_rows is {bronze_rows}, but bronze/messages holds {_good} rows for this run")
ok
""",
            "failure_message": '`bronze_rows` must count bronze/messages.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> _good = lake.read_dataset("bronze", "messages", run_id).num_rows
>>> _bad = lake.read_dataset("bronze", "quarantine", run_id).num_rows
>>> expect(quarantined_rows == _bad, f"quarantined_rows is {quarantined_rows}, but bronze/quarantine holds {_bad} rows")
ok
""",
            "failure_message": '`quarantined_rows` must count bronze/quarantine.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> _good = lake.read_dataset("bronze", "messages", run_id).num_rows
>>> _bad = lake.read_dataset("bronze", "quarantine", run_id).num_rows
>>> _raw = sum(lake.read_bytes(p).count(b"\n") for p in lake.files("raw", run_id, "*.jsonl"))
>>> expect(bronze_rows + quarantined_rows == _raw, f"{bronze_rows} + {quarantined_rows} != {_raw} Raw lines")
ok
""",
            "failure_message": 'Bronze plus quarantine must equal the Raw lines.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
