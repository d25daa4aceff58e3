"""otter-grader check of exercises/11_train_evaluate_models.ipynb, Q1: Type accuracy. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(type_accuracy, float) and 0 <= type_accuracy <= 1, f"type_accuracy should be a float in [0, 1], it is {type_accuracy!r}")
ok
""",
            "failure_message": 'A share between 0 and 1.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from pqrlab.layers.gold import read_truth_tickets
>>> from pqrlab.layers.silver import read_tickets
>>> _m = read_tickets(lake, run_id)[["ticket_id", "pqrs_type"]].merge(read_truth_tickets(lake, run_id)[["ticket_id", "pqrs_type"]], on="ticket_id")
>>> _m = _m[_m["pqrs_type_y"].notna()]
>>> _acc = float((_m["pqrs_type_x"] == _m["pqrs_type_y"]).mean())
>>> expect(abs(type_accuracy - _acc) < 1e-9, f"type_accuracy is {type_accuracy:.4f}; predicted and true types agree on {_acc:.4f} of the tickets")
ok
""",
            "failure_message": 'Agreement of predicted and true types.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
