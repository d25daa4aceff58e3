"""otter-grader check of exercises/06_control_plane_governance.ipynb, Q4: Follow the lineage. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(silver_inputs, list) and silver_inputs, "silver_inputs should be a non-empty list of URLs")
ok
""",
            "failure_message": 'Define `silver_inputs` as a list.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.control.db import fetch_frame
>>> _want = set(fetch_frame(dsn, "SELECT url FROM meta.lineage WHERE run_id = %s AND step = 'silver' AND direction = 'input'", (run_id,))["url"])
>>> expect(set(silver_inputs) == _want, f"{len(set(silver_inputs))} URLs; the silver step recorded {len(_want)} inputs, e.g. {min(_want)}")
ok
""",
            "failure_message": 'Exactly the inputs recorded for the silver step.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
