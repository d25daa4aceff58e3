"""Reference solutions of exercises/11_train_evaluate_models.ipynb, one section per question (`# %% qN`).

Each section runs in that notebook after its setup cell (names there: lake, run_id, dsn, sample, client).
tests/test_exercises.py pastes each section into the question's answer cell and expects every check to pass.
"""


# %% q1
from pqrlab.layers.gold import read_truth_tickets
from pqrlab.layers.silver import read_tickets

merged = read_tickets(lake, run_id).merge(read_truth_tickets(lake, run_id), on="ticket_id",
                                           suffixes=("_pred", "_true"))
merged = merged[merged["pqrs_type_true"].notna()]
type_accuracy = float((merged["pqrs_type_pred"] == merged["pqrs_type_true"]).mean())


# %% q2
from sklearn.metrics import f1_score

from pqrlab.layers.gold import read_truth_tickets
from pqrlab.layers.silver import read_tickets

pairs = read_tickets(lake, run_id).merge(read_truth_tickets(lake, run_id), on="ticket_id",
                                          suffixes=("_pred", "_true"))
pairs = pairs[pairs["pqrs_type_true"].notna()]
type_macro_f1 = float(f1_score(pairs["pqrs_type_true"], pairs["pqrs_type_pred"], average="macro"))


# %% q3
keys = firsts["thread_id"].tolist()
pairs_at = {threshold: len(near_duplicates(keys, vectors, threshold=threshold)) for threshold in (0.95, 0.9, 0.8)}
