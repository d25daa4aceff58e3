"""otter-grader check of exercises/01_generate_raw.ipynb, Q1: How many lines reached Raw?. Each case prints `ok` or what is wrong."""
OK_FORMAT = True

test = {
    "name": "q1",
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
>>> expect(isinstance(raw_lines, int), f"raw_lines should be an int, it is a {type(raw_lines).__name__}")
ok
""",
            "failure_message": 'Define `raw_lines` as a whole number (an int).',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> _files = lake.files("raw", run_id, "*.jsonl")
>>> _n = sum(lake.read_bytes(p).count(b"\n") for p in _files)
>>> expect(raw_lines == _n, f"raw_lines is {raw_lines}, but the {len(_files)} Raw JSONL files of the run hold {_n} lines: add up every day's manifest")
ok
""",
            "failure_message": '`raw_lines` must equal the number of lines in all the Raw files of the run.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
