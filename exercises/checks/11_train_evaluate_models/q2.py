"""otter-grader check of exercises/11_train_evaluate_models.ipynb, Q2: Macro-F1. Each case prints `ok` or what is wrong."""
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
>>> expect(isinstance(type_macro_f1, float), f"type_macro_f1 should be a float, it is a {type(type_macro_f1).__name__}")
ok
""",
            "failure_message": 'A float.',
            "hidden": False,
            "locked": False,
        },
        {
            "code": r"""
>>> from pqrlab.course import expect
>>> from sklearn.metrics import f1_score
>>> from pqrlab.layers.gold import read_truth_tickets
>>> from pqrlab.layers.silver import read_tickets
>>> _m = read_tickets(lake, run_id)[["ticket_id", "pqrs_type"]].merge(read_truth_tickets(lake, run_id)[["ticket_id", "pqrs_type"]], on="ticket_id")
>>> _m = _m[_m["pqrs_type_y"].notna()]
>>> _f1 = f1_score(_m["pqrs_type_y"], _m["pqrs_type_x"], average="macro")
>>> _micro = f1_score(_m["pqrs_type_y"], _m["pqrs_type_x"], average="micro")
>>> expect(abs(type_macro_f1 - _f1) < 1e-9, f"type_macro_f1 is {type_macro_f1:.4f}, expected {_f1:.4f}" + (" (that is the micro average)" if abs(type_macro_f1 - _micro) < 1e-9 else ""))
ok
""",
            "failure_message": 'Macro-averaged F1 over the types.',
            "hidden": False,
            "locked": False,
        },
        ],
    }],
}
