"""The course's own tooling: the Markdown word count, the task-graph table, the es-CO formats."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pqrlab.course import graph_table, markdown_words, notebook_words, wordcount
from pqrlab.formats import es_co_date, es_co_number, es_co_percent, es_co_weekday

ROOT = Path(__file__).resolve().parents[1]


def course(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pqrlab.course", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)


def test_wordcount_prints_every_notebook_and_the_total():
    done = course("wordcount")
    print("\n" + done.stdout)  # the table the README quotes (pytest -s shows it)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    books = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    rows = {line.split()[0]: int(line.split()[1].replace(",", "")) for line in lines[1:]}
    assert list(rows)[:-1] == books and list(rows)[-1] == "total"
    assert rows["total"] == sum(v for k, v in rows.items() if k != "total")
    assert all(rows[b] == notebook_words(ROOT / "notebooks" / b) for b in books)


def test_every_course_notebook_has_objectives_a_recap_and_questions():
    table = wordcount()
    for name in table["notebook"]:
        cells = json.loads((ROOT / "notebooks" / name).read_text())["cells"]
        markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        for heading in ("Learning objectives", "Prerequisites", "Estimated time", "## Recap",
                        "## Check your understanding"):
            assert heading in markdown, (name, heading)
        assert not any("%load" in "".join(c["source"]) for c in cells), name  # exercises live in exercises/


@pytest.mark.parametrize("text, words", [
    ("Raw es inmutable.", 3),
    ("# 01 · Raw\n\nUna *línea* por e-mail.", 6),
    ("Antes\n```mermaid\nflowchart LR\n  A --> B\n```\ndespués", 2),
    ("Ver [el README](../README.md) y <b>esto</b>", 5),
    ("", 0),
])
def test_markdown_words_counts_prose_only(text, words):
    assert markdown_words(text) == words


def test_notebook_words_skips_code_cells(tmp_path):
    book = {"cells": [{"cell_type": "markdown", "source": ["uno dos\n", "tres"]},
                      {"cell_type": "code", "source": ["print('cuatro cinco')"]}]}
    (tmp_path / "a.ipynb").write_text(json.dumps(book))
    assert notebook_words(tmp_path / "a.ipynb") == 3


def test_wordcount_of_a_missing_folder_is_a_one_line_error(tmp_path):
    done = course("wordcount", str(tmp_path / "nope"))
    assert done.returncode == 2 and done.stderr.strip().count("\n") == 0 and "not a folder" in done.stderr
    assert course("words").returncode == 2


def test_graph_table_shows_a_fan_in():
    import dask

    def part(x: int) -> int:
        return x + 1

    def total(xs: list[int]) -> int:
        return sum(xs)

    plan = dask.delayed(total)([dask.delayed(part)(i) for i in range(3)])
    table = graph_table(plan)
    assert sorted(table["name"]) == ["part", "part", "part", "total"]
    assert table.loc[table["name"] == "total", "waits_for"].iloc[0] == ["part", "part", "part"]
    assert all(w == [] for w in table.loc[table["name"] == "part", "waits_for"])


@pytest.mark.parametrize("value, decimals, text", [
    (0, 0, "0"), (999, 0, "999"), (1234, 0, "1.234"), (1234567.891, 2, "1.234.567,89"), (-5432.1, 1, "-5.432,1"),
    (float("nan"), 0, "–"),
])
def test_es_co_number(value, decimals, text):
    assert es_co_number(value, decimals) == text


def test_es_co_percent_and_date():
    assert es_co_percent(0.875) == "87,5 %"
    assert es_co_percent(1.0, 0) == "100 %"
    assert es_co_percent(float("nan")) == "–"
    assert es_co_date(dt.date(2026, 3, 2)) == "02/03/2026"
    assert [es_co_weekday(dt.date(2026, 3, d)) for d in (2, 7, 8)] == ["lunes", "sábado", "domingo"]


def test_lake_checksums_list_every_partition_file_and_see_one_changed_byte(lake):
    from pqrlab.course import lake_checksums

    files = {"raw/source=email/day=2026-03-02/run_id=r1/part-000.jsonl": b'{"a": 1}\n',
             "bronze/messages/source=email/day=2026-03-02/run_id=r1/part-0.parquet": b"PAR1",
             "silver/ticket_state/source=email/day=2026-03-03/run_id=r2/part-0.parquet": b"PAR1x",
             "models/tfidf-logreg/1.0.0/card.json": b"{}"}  # not a day partition: not listed
    root = lake.url.removeprefix("file://")
    for path, data in files.items():
        lake.fs.makedirs(f"{root}/{path}".rsplit("/", 1)[0], exist_ok=True)
        lake.fs.pipe_file(f"{root}/{path}", data)
    before = lake_checksums(lake)
    assert before[["dataset", "day", "run_id", "file", "bytes"]].values.tolist() == [
        ["bronze/messages", "2026-03-02", "r1", "part-0.parquet", 4],
        ["raw", "2026-03-02", "r1", "part-000.jsonl", 9],
        ["silver/ticket_state", "2026-03-03", "r2", "part-0.parquet", 5]]
    assert lake_checksums(lake).equals(before)
    lake.fs.pipe_file(f"{root}/bronze/messages/source=email/day=2026-03-02/run_id=r1/part-0.parquet", b"PAR2")
    after = lake_checksums(lake)
    assert (before["sha256"] != after["sha256"]).tolist() == [True, False, False]


def test_a_lesson_workspace_starts_empty_every_time(pg_dsn, tmp_path):
    import psycopg

    from pqrlab.course import lesson_workspace
    from pqrlab.settings import Settings

    settings = Settings(home=tmp_path / "home", lake_url=f"file://{tmp_path / 'lake'}", pg_dsn=pg_dsn)
    first = lesson_workspace("t1", settings)
    (first.home / "lakehouse" / "leftover.txt").write_text("x")
    with psycopg.connect(first.dsn, autocommit=True) as conn:
        conn.execute("INSERT INTO meta.runs (run_id, status, seed) VALUES ('old', 'succeeded', 1)")
    again = lesson_workspace("t1", settings)
    assert again == first and again.home == tmp_path / "home" / "lessons" / "t1"
    assert list((again.home / "lakehouse").iterdir()) == []
    with psycopg.connect(again.dsn) as conn:
        assert conn.execute("SELECT count(*) FROM meta.runs").fetchone()[0] == 0
    assert "dbname=pqr_lesson_t1" in again.dsn and again.dsn != pg_dsn  # never the student's own database
