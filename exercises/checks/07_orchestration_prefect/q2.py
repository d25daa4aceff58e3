"""otter-grader check of exercises/07_orchestration_prefect.ipynb, Q2: Fail once, succeed on the retry. Each case prints `ok` or what is wrong."""
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
>>> expect(flaky_task.retries >= 1, f"flaky_task has {flaky_task.retries} retries: give it at least one")
ok
""",
            "failure_message": 'Give `flaky_task` a retry.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> expect(len(attempts) == 2, f"the task ran {len(attempts)} times; it should fail once and succeed on its retry (2 runs)")
ok
""",
            "failure_message": 'Two attempts: one failure, one success.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> expect(flaky_result == 2, f"the flow returned {flaky_result!r}; the task returns len(attempts), 2 after the retry")
ok
""",
            "failure_message": "The flow returns the task's result.",
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
