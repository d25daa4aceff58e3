"""The exercise notebooks check the student's own answer, and no check can pass by accident.

Every notebook in exercises/ is executed for real (nbclient, a python3 kernel) twice: with each answer cell
as committed (empty but for a comment), where every otter check must fail, and with the reference
solution of solutions/<notebook>.py pasted into each answer cell, where every check must pass.
Answer and check cells are found by their tags (`answer` + `qN`, `check` + `qN`).
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from pqrlab.course import EXERCISES, solution_sections, tagged_cells, with_answers

BOOKS = sorted(EXERCISES.glob("*.ipynb"))
MODULES = ("01_generate_raw", "02_raw_to_bronze", "03_bronze_to_silver", "04_silver_to_gold", "05_publish_postgres",
           "06_control_plane_governance", "07_orchestration_prefect", "08_duckdb_olap", "09_engines_benchmark",
           "10_observability", "11_train_evaluate_models", "12_serving", "13_living_lakehouse")
CHECK_CALL = re.compile(r'^grader\.check\("(q\d+)"\)$')


def questions(book: nbformat.NotebookNode) -> list[str]:
    return sorted(tagged_cells(book, "answer"), key=lambda q: int(q[1:]))


def check_results(book: nbformat.NotebookNode) -> dict[str, tuple[bool, str]]:
    """What each executed check cell said: (passed, its text) by question id."""
    results = {}
    for qid, cell in tagged_cells(book, "check").items():
        text = "\n".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs
                         if o.get("output_type") == "execute_result")
        results[qid] = (text.startswith(f"{qid} results: All test cases passed!"), text)
    return results


@pytest.fixture(scope="module")
def exercise_env(pg_dsn, tmp_path_factory):
    """The kernels' environment: a scratch home (so the sample lives there) and the session's PostgreSQL."""
    home = tmp_path_factory.mktemp("exercise-home")
    saved = dict(os.environ)
    os.environ.update({"PQR_HOME": str(home), "PQR_PG_DSN": pg_dsn, "MPLBACKEND": "Agg", "HF_HUB_OFFLINE": "1",
                       "DASK_TEMPORARY_DIRECTORY": str(home / "dask")})
    yield home
    os.environ.clear()
    os.environ.update(saved)


def execute(book: nbformat.NotebookNode, workdir: Path) -> nbformat.NotebookNode:
    """Run every cell in a python3 kernel whose working folder holds a copy of the checks."""
    shutil.copytree(EXERCISES / "checks", workdir / "checks", dirs_exist_ok=True)
    NotebookClient(book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}).execute()
    return book


@pytest.mark.parametrize("variant", ["solved", "empty"])
@pytest.mark.parametrize("path", BOOKS, ids=[p.stem for p in BOOKS])
def test_checks_pass_with_the_solutions_and_fail_without(path, variant, exercise_env, request, tmp_path):
    if path.stem.startswith("07_"):
        request.getfixturevalue("prefect_api")  # one real Prefect server; the kernel inherits PREFECT_API_URL
    book = nbformat.read(path, as_version=4)
    answers = solution_sections(path.stem) if variant == "solved" else {}
    results = check_results(execute(with_answers(book, answers), tmp_path))
    assert sorted(results) == sorted(questions(book))
    if variant == "solved":
        failed = {qid: text for qid, (passed, text) in results.items() if not passed}
        assert not failed, f"{path.name}: the reference solutions fail these checks: {failed}"
    else:
        passed = [qid for qid, (ok, _) in results.items() if ok]
        assert not passed, f"{path.name}: these checks pass with an empty answer: {passed}"
        assert all(text.startswith(f"{qid} results:") for qid, (_, text) in results.items())


def test_every_module_has_exercises_and_there_are_at_least_30():
    assert [p.stem for p in BOOKS] == list(MODULES)
    assert sum(len(questions(nbformat.read(p, as_version=4))) for p in BOOKS) >= 30


@pytest.mark.parametrize("path", BOOKS, ids=[p.stem for p in BOOKS])
def test_each_question_has_hint_empty_answer_check_and_solution(path):
    book = nbformat.read(path, as_version=4)
    answers, checks, qids = tagged_cells(book, "answer"), tagged_cells(book, "check"), questions(book)
    assert qids == [f"q{i}" for i in range(1, len(qids) + 1)] and len(qids) >= 3
    assert sorted(checks) == sorted(answers) == sorted(solution_sections(path.stem))
    for qid in qids:
        assert all(line.startswith("#") for line in answers[qid].source.strip().splitlines()), (path.name, qid)
        assert CHECK_CALL.match(checks[qid].source.strip()).group(1) == qid
        assert (EXERCISES / "checks" / path.stem / f"{qid}.py").exists(), (path.name, qid)
        index = book.cells.index(answers[qid])
        question = next(c for c in reversed(book.cells[:index]) if c.cell_type == "markdown")
        assert question.source.startswith(f"## Q{qid[1:]} ·") and "<details>" in question.source, (path.name, qid)
    setup = "".join(c.source for c in book.cells if "setup" in c.metadata.get("tags", []))
    assert f'otter.Notebook(tests_dir="checks/{path.stem}")' in setup


@pytest.mark.parametrize("path", BOOKS, ids=[p.stem for p in BOOKS])
def test_exercises_are_committed_clean_and_hide_their_solutions(path):
    book = nbformat.read(path, as_version=4)
    assert book.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in book.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), path.name
    assert len([c for c in code if "parameters" in c.metadata.get("tags", [])]) == 1
    assert not any("solutions/" in c.source or "%load" in c.source for c in code), path.name


WRONG_GOLD_ANSWERS = {  # typical mistakes, and what the check must say about each
    "q1": ("from pqrlab.layers.gold import read_gold\nsla = read_gold(lake, 'sla_compliance', run_id)\n"
           "compliance = float((sla['on_time'] / sla['due']).mean())", "you averaged the per-row ratios"),
    "q2": ("import pandas as pd\ntickets_per_type = pd.Series({'peticion': 1})", "tickets_per_type is {'peticion': 1}"),
    "q3": ("open_on_last_day = -1", "open_on_last_day is -1, but"),
    "q4": ("def bucket_of(age):\n    return '0-5' if age < 5 else '>15'", "wrong buckets (age, yours, right): [(5, '>15', '0-5')"),
}


def test_checks_say_what_is_wrong_with_a_wrong_answer(exercise_env, tmp_path):
    book = nbformat.read(EXERCISES / "04_silver_to_gold.ipynb", as_version=4)
    answers = {qid: code for qid, (code, _) in WRONG_GOLD_ANSWERS.items()}
    results = check_results(execute(with_answers(book, answers), tmp_path))
    for qid, (_, diagnosis) in WRONG_GOLD_ANSWERS.items():
        passed, text = results[qid]
        assert not passed and "✗ " in text and diagnosis in text, (qid, text)
