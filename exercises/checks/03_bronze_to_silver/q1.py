"""otter-grader check of exercises/03_bronze_to_silver.ipynb, Q1: Mask a message. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(masked, str), f"masked should be a str, it is a {type(masked).__name__}")
ok
""",
            "failure_message": 'Define `masked` as the masked string.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.enrich.masking import PATTERNS
>>> _left = [label for label, pattern in PATTERNS if pattern.search(masked)]
>>> expect(not _left, f"personal data still visible in masked: {_left}")
ok
""",
            "failure_message": 'No PII pattern (cédula, phone, e-mail, address) may remain.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.enrich.masking import PATTERNS
>>> _left = [label for label, pattern in PATTERNS if pattern.search(masked)]
>>> expect("escribo desde" in masked and "ana.perez" not in masked, "masked should keep the words of the message and hide the address ana.perez@example.com")
ok
""",
            "failure_message": 'Masking replaces the personal data and keeps the rest of the text.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
