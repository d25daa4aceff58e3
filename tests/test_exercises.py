"""Every solution in solutions/ runs against a real run and gives the right answer."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from pqrlab.channel.generator import ChannelConfig
from pqrlab.duck import connect_lake, query, sql_url
from pqrlab.layers.bronze import QUARANTINE, raw_to_bronze
from pqrlab.layers.raw import generate_raw
from pqrlab.layers.silver import bronze_to_silver, read_tickets

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def run(dask, tmp_path_factory):
    from pqrlab.lake import Lake
    from pqrlab.pipeline import Run
    from pqrlab.settings import Settings

    lake = Lake(f"file://{tmp_path_factory.mktemp('ex') / 'lake'}")
    cfg = ChannelConfig(seed=9, run_id="ex", events=800, start=dt.date(2026, 3, 2), days=15, defect_rate=0.05)
    generate_raw(lake, dask, cfg)
    raw_to_bronze(lake, dask, "ex")
    bronze_to_silver(lake, dask, "ex", "keywords-baseline")
    return Run(Settings(), "ex", lake, "")


def solve(name: str, run, **names) -> object:
    namespace = {"run": run, "query": query, "sql_url": sql_url, "connect_lake": connect_lake, **names}
    code = (ROOT / "solutions" / name).read_text()
    *body, last = [line for line in code.strip().splitlines()]
    exec("\n".join(body), namespace)
    return eval(last, namespace)


def test_quarantine_by_reason(run):
    answer = solve("01_quarantine_by_reason.py", run)
    expected = run.lake.read_dataset("bronze", QUARANTINE, "ex").to_pandas()
    assert dict(zip(answer["reason"], answer["lines"])) == expected["reason"].value_counts().to_dict()


def test_top_departments(run):
    from pqrlab.channel.places import divipola

    answer = solve("01_top_departments.py", run)
    tickets = read_tickets(run.lake, "ex").merge(
        divipola()[["department_code", "department"]].drop_duplicates(), on="department_code")
    counts = tickets["department"].value_counts()
    assert len(answer) == 5
    assert answer["tickets"].tolist() == counts.iloc[:5].tolist()


def test_near_duplicate_thresholds(run, monkeypatch):
    import numpy as np

    from pqrlab.enrich.embeddings import embed_texts, near_duplicates
    from pqrlab.layers.bronze import MESSAGES

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    silver = run.lake.read_dataset("silver", MESSAGES, "ex").to_pandas()
    sample = silver[silver["kind"] == "initial"].head(200)
    vectors = embed_texts((sample["subject"].fillna("") + "\n" + sample["body"]).tolist())
    counts = solve("09_near_duplicate_thresholds.py", run, sample=sample, vectors=vectors,
                   near_duplicates=near_duplicates)
    similarity = vectors @ vectors.T
    brute = {t: int((np.triu(similarity, k=1) >= t).sum()) for t in (0.95, 0.9, 0.8)}
    assert counts == brute and counts[0.95] <= counts[0.9] <= counts[0.8] and counts[0.8] > 0


def solution_loads(book: Path) -> tuple[list[str], list[dict]]:
    cells = json.loads(book.read_text())["cells"]
    return [m for c in cells for m in re.findall(r"%load \.\./solutions/(\S+)", "".join(c["source"]))], cells


def test_exercise_notebooks_load_existing_solutions():
    for book in (ROOT / "exercises").glob("*.ipynb"):
        loads, cells = solution_loads(book)
        assert loads and all((ROOT / "solutions" / name).exists() for name in loads), book.name
        assert any(c["cell_type"] == "code" and not "".join(c["source"]).strip() for c in cells)  # empty cells
    for book in (ROOT / "notebooks").glob("*.ipynb"):  # exercises inside the lessons
        assert all((ROOT / "solutions" / name).exists() for name in solution_loads(book)[0]), book.name
    assert solution_loads(ROOT / "notebooks" / "09_train_evaluate_models.ipynb")[0]
