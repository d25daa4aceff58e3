"""otter-grader check of exercises/01_generate_raw.ipynb, Q3: Raw refuses a rewrite. Each case prints `ok` or what is wrong."""
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
>>> from pqrlab.lake import RawImmutableError
>>> expect(isinstance(immutable_error, RawImmutableError), f"immutable_error is {immutable_error!r}, not the RawImmutableError that write_immutable raises")
ok
""",
            "failure_message": 'Keep the exception raised by `lake.write_immutable` in `immutable_error`.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.lake import RawImmutableError
>>> from pqrlab.layers.raw import verify_manifests
>>> _bad = verify_manifests(lake, run_id)
>>> expect(not _bad, f"these Raw files no longer match their manifest: {_bad}")
ok
""",
            "failure_message": 'Raw must still match its manifests (you should not have changed a file).',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
