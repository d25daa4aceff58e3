"""Packaging and repository hygiene: pins, the conda mirror, notebooks committed clean."""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def requirement_name(spec: str) -> tuple[str, str]:
    name, _, version = re.split(r"(==)", spec, maxsplit=1)
    return re.sub(r"\[.*\]", "", name).strip().lower().replace("_", "-"), version.strip()


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_every_dependency_is_pinned_exactly():
    project = pyproject()
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        assert "==" in spec, spec
    assert "torch==2.13.0" in project["dependencies"]


def test_environment_yml_mirrors_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda_side = {requirement_name(s) for s in pip if "==" in s}
    project = pyproject()
    py_side = {requirement_name(s) for s in project["dependencies"] + project["optional-dependencies"]["test"]}
    assert conda_side == py_side
    assert "python=3.11" in env["dependencies"]


def test_constraints_agree_with_direct_pins():
    constraints = dict(requirement_name(line) for line in (ROOT / "constraints.txt").read_text().splitlines()
                       if "==" in line)
    project = pyproject()
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        name, version = requirement_name(spec)
        assert constraints.get(name) == version, (name, version, constraints.get(name))


def test_notebooks_are_numbered_parametrised_and_committed_without_outputs():
    assert [p.name[:2] for p in NOTEBOOKS] == [f"{i:02d}" for i in range(1, len(NOTEBOOKS) + 1)]
    for path in NOTEBOOKS:
        book = json.loads(path.read_text())
        assert book["metadata"]["kernelspec"]["name"] == "python3", path.name
        code = [c for c in book["cells"] if c["cell_type"] == "code"]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), path.name
        tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, path.name
        source = "".join(tagged[0]["source"])
        from pqrlab.flows import PIPELINE_NOTEBOOKS

        required = ("run_id", "seed", "events", "lake_url", "pg_dsn", "dask_address") \
            if path.name in PIPELINE_NOTEBOOKS else ()
        for name in required:
            assert f"{name} = " in source, (path.name, name)


def test_flow_runs_every_pipeline_notebook_in_order():
    from pqrlab.flows import PIPELINE_NOTEBOOKS

    assert list(PIPELINE_NOTEBOOKS) == [p.name for p in NOTEBOOKS][: len(PIPELINE_NOTEBOOKS)]


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
