"""otter-grader check of exercises/04_silver_to_gold.ipynb, Q4: Write the age bucket yourself. Each case prints `ok` or what is wrong."""
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
>>> expect(callable(bucket_of), "bucket_of should be a function")
ok
""",
            "failure_message": 'Define the function `bucket_of`.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import numpy as np
>>> from pqrlab.layers.gold import age_bucket
>>> _wrong = [(a, bucket_of(a), str(age_bucket(np.array([a]))[0])) for a in range(0, 40) if bucket_of(a) != str(age_bucket(np.array([a]))[0])]
>>> expect(not _wrong, f"wrong buckets (age, yours, right): {_wrong[:4]}")
ok
""",
            "failure_message": "`bucket_of` must agree with Gold's buckets for every age.",
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
