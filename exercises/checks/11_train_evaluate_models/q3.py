"""otter-grader check of exercises/11_train_evaluate_models.ipynb, Q3: Near duplicates at three thresholds. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(pairs_at, dict) and {0.95, 0.9, 0.8} <= set(pairs_at), f"pairs_at should map 0.95, 0.9 and 0.8 to counts; it is {pairs_at!r}")
ok
""",
            "failure_message": 'One count per threshold.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> import numpy as np
>>> _sim = vectors @ vectors.T
>>> _brute = {t: int((np.triu(_sim, k=1) >= t).sum()) for t in (0.95, 0.9, 0.8)}
>>> expect({t: pairs_at[t] for t in _brute} == _brute, f"pairs_at is { {t: pairs_at[t] for t in _brute} }; comparing every pair gives {_brute}")
ok
""",
            "failure_message": 'The counts every pair comparison gives.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
