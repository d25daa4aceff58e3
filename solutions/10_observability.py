"""Reference solutions of exercises/10_observability.ipynb, one section per question (`# %% qN`).

Each section runs in that notebook after its setup cell (names there: lake, run_id, dsn, sample, client).
tests/test_exercises.py pastes each section into the question's answer cell and expects every check to pass.
"""


# %% q1
from pqrlab.control.runs import get_run
from pqrlab.metrics import run_registry

registry = run_registry(get_run(dsn, run_id))
metric_names = {family.name for family in registry.collect()}


# %% q2
from pqrlab.control.runs import get_run

steps = get_run(dsn, run_id)["steps"]
slowest_step = max(steps, key=lambda name: steps[name]["seconds"])


# %% q3
from prometheus_client import CollectorRegistry, Gauge, generate_latest

registry = CollectorRegistry()
quarantined = lake.read_dataset("bronze", "quarantine", run_id).num_rows
Gauge("pqr_exercise_quarantined_rows", "Bronze lines quarantined in the sample run",
      registry=registry).set(quarantined)
exposition = generate_latest(registry).decode()
