"""otter-grader check of exercises/10_observability.ipynb, Q3: A gauge of your own. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(exposition, str), f"exposition should be the text (str), it is a {type(exposition).__name__}: decode the bytes")
ok
""",
            "failure_message": 'The text format, as a str.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from prometheus_client.parser import text_string_to_metric_families
>>> _values = {s.name: s.value for f in text_string_to_metric_families(exposition) for s in f.samples}
>>> _n = lake.read_dataset("bronze", "quarantine", run_id).num_rows
>>> expect(_values.get("pqr_exercise_quarantined_rows") == _n, f"the exposition has pqr_exercise_quarantined_rows = {_values.get('pqr_exercise_quarantined_rows')}; the run quarantined {_n} rows")
ok
""",
            "failure_message": 'The gauge, with the quarantined row count.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
