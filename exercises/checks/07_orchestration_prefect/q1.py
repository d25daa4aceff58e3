"""otter-grader check of exercises/07_orchestration_prefect.ipynb, Q1: A task that retries. Each case prints `ok` or what is wrong."""
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
>>> from prefect import Task
>>> expect(isinstance(retrying_task, Task), f"retrying_task should be a Prefect task (decorate it with @task), it is a {type(retrying_task).__name__}")
ok
""",
            "failure_message": 'Decorate the function with `@task`.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from prefect import Task
>>> expect(retrying_task.retries == 3, f"retrying_task retries {retrying_task.retries} times; it should retry 3 times")
ok
""",
            "failure_message": 'Three retries.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from prefect import Task
>>> expect(retrying_task.retry_delay_seconds in (0, 0.0, [0], None) or retrying_task.retry_delay_seconds == [0.0], f"retry_delay_seconds is {retrying_task.retry_delay_seconds}; use 0")
ok
""",
            "failure_message": 'No delay between attempts.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from prefect import Task
>>> expect(retrying_task.fn(21) == 42, f"retrying_task(21) returns {retrying_task.fn(21)!r}, not 42")
ok
""",
            "failure_message": 'It returns twice its input.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
