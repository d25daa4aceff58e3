"""otter-grader check of exercises/12_serving.ipynb, Q1: Colombian number format. Each case prints `ok` or what is wrong."""
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
>>> expect(callable(format_es_co), "format_es_co should be a function")
ok
""",
            "failure_message": 'Define the function.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> _cases = [((1234567.891, 2), "1.234.567,89"), ((999, 0), "999"), ((0.5, 2), "0,50"), ((-1234.5, 1), "-1.234,5"), ((1000000, 0), "1.000.000")]
>>> _wrong = [(args, format_es_co(*args), want) for args, want in _cases if format_es_co(*args) != want]
>>> expect(not _wrong, f"(arguments, yours, expected): {_wrong[:3]}")
ok
""",
            "failure_message": 'Thousands with `.`, decimals with `,`.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
