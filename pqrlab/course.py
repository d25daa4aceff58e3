"""Course support: the notebooks' word count and task graphs, and the exercises' sample run and checks.

    python -m pqrlab.course wordcount [FOLDER]   # words of Markdown per notebook, and the total
    python -m pqrlab.course timings [--keep DIR] [NOTEBOOK ...]
        # papermill seconds per lesson notebook, in order, at the size CI runs them (400 e-mails, 20 days)
    python -m pqrlab.course time [NAME ...]      # seconds per exercise notebook, solutions filled in

Every exercise notebook starts from the same sample: a few hundred e-mails taken through every layer by
the pipeline's own steps, in a lake of its own (`<PQR_HOME>/exercises/lakehouse`) and a database of its
own (`pqr_exercises` on the configured PostgreSQL server), so exercises never touch the student's runs.
The sample is built once and reused (its run id is derived from its parameters, like `make run`'s).
The checks (otter-grader test files under `exercises/checks/`) print `ok` or say what is wrong via
`expect`, so a student reads what is wrong with *their* answer, not a bare assertion.
"""
from __future__ import annotations

import json
import logging
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import psycopg
import psycopg.sql
from distributed import Client

from pqrlab import pipeline
from pqrlab.control import db, runs
from pqrlab.lake import Lake, sha256_bytes
from pqrlab.services.postgres import resolve_dsn
from pqrlab.settings import Settings

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
FENCED_BLOCK = re.compile(r"^```.*?^```", re.S | re.M)  # Mermaid diagrams and commands are not prose
WORD = re.compile(r"\w+(?:[-'’.]\w+)*")


def markdown_words(text: str) -> int:
    """Words of prose in Markdown: fenced blocks, HTML tags and link targets left out."""
    text = FENCED_BLOCK.sub(" ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return len(WORD.findall(text))


def notebook_words(path: Path) -> int:
    """Words in the Markdown cells of one notebook."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    return sum(markdown_words("".join(c["source"])) for c in cells if c["cell_type"] == "markdown")


def wordcount(folder: Path = NOTEBOOK_DIR) -> pd.DataFrame:
    """One row per notebook in `folder` (sorted by name): its Markdown word count."""
    rows = [(p.name, notebook_words(p)) for p in sorted(Path(folder).glob("*.ipynb"))]
    return pd.DataFrame(rows, columns=["notebook", "words"])


def wordcount_report(folder: Path = NOTEBOOK_DIR) -> str:
    """The table as text, with the total on the last line."""
    table = wordcount(folder)
    width = max([len("notebook"), *table["notebook"].str.len()])
    lines = [f"{'notebook':<{width}}  {'words':>6}"]
    lines += [f"{name:<{width}}  {words:>6,}" for name, words in table.itertuples(index=False)]
    lines.append(f"{'total':<{width}}  {int(table['words'].sum()):>6,}")
    return "\n".join(lines)


def graph_table(*collections) -> pd.DataFrame:
    """One row per task in the graph of Dask collections: its name, its key, the names of what it waits for."""
    from dask.core import get_dependencies
    from dask.utils import key_split

    graph = {key: task for c in collections for key, task in dict(c.__dask_graph__()).items()}
    rows = [(key_split(key), str(key), sorted(key_split(k) for k in get_dependencies(graph, key)))
            for key in graph]
    return pd.DataFrame(rows, columns=["name", "task", "waits_for"])


def show_graph(*collections, filename: str | None = None):
    """The task graph as a picture when Graphviz's `dot` is installed, otherwise as a table of tasks."""
    if shutil.which("dot"):
        import dask

        return dask.visualize(*collections, filename=filename, optimize_graph=False)
    return graph_table(*collections)


def small_course_environment(root: Path, pg_dsn: str) -> dict[str, str]:
    """The environment the notebooks run in under CI (nbval) and `timings`: a scratch lake and home, small run."""
    return {
        "PQR_HOME": str(root / "home"),
        "PQR_LAKE_URL": f"file://{root / 'lake'}",
        "PQR_PG_DSN": pg_dsn,
        "PQR_EVENTS": "400",
        "PQR_DAYS": "20",
        "DASK_TEMPORARY_DIRECTORY": str(root / "dask"),
        "MPLBACKEND": "Agg",
    }


def notebook_timings(notebooks: list[Path], keep: Path | None = None) -> pd.DataFrame:
    """Execute notebooks in order with papermill in a scratch place at CI size; seconds per notebook."""
    import os
    import tempfile
    import time

    import papermill as pm

    from pqrlab.services.postgres import embedded_server

    root = Path(tempfile.mkdtemp(prefix="pqr-timings-"))
    out = keep or root / "executed"
    out.mkdir(parents=True, exist_ok=True)
    server = embedded_server(root / "home" / "pgdata")
    saved = dict(os.environ)
    os.environ.update(small_course_environment(root, server.get_uri()))
    rows = []
    try:
        for path in notebooks:
            started = time.perf_counter()
            pm.execute_notebook(str(path), str(out / path.name), kernel_name="python3", cwd=str(path.parent),
                                progress_bar=False)
            rows.append((path.name, round(time.perf_counter() - started, 1)))
    finally:
        os.environ.clear()
        os.environ.update(saved)
        server.cleanup()
        shutil.rmtree(root, ignore_errors=True)  # executed copies survive only under `keep`
    return pd.DataFrame(rows, columns=["notebook", "seconds"])


EXERCISE_DATABASE = "pqr_exercises"
SAMPLE_SEED = 7
SAMPLE_DAYS = 45  # spans San José and Holy Week 2026; long enough for many tickets to fall due


def expect(condition: object, problem: str) -> None:
    """Print `ok` when `condition` holds, else the problem in one line (what an otter check compares)."""
    print("ok" if condition else f"✗ {problem}")


def exercise_client() -> Client:
    """A small in-process Dask cluster (threads), quick to start; its dashboard on a free port."""
    return Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address="127.0.0.1:0",
                  silence_logs=logging.WARNING)


def database_dsn(server_dsn: str, name: str) -> str:
    """The DSN of database `name` on the server of `server_dsn`."""
    return psycopg.conninfo.make_conninfo(server_dsn, dbname=name)


def exercise_dsn(settings: Settings) -> str:
    """The exercises' own database on the configured server, created and migrated on first use."""
    server = resolve_dsn(settings)
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (EXERCISE_DATABASE,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{EXERCISE_DATABASE}"')
    dsn = database_dsn(server, EXERCISE_DATABASE)
    db.apply_migrations(dsn)
    return dsn


@dataclass
class LessonWorkspace:
    """A lesson's own place: PQR_HOME (executed notebooks of its runs), lake URL and PostgreSQL DSN."""

    home: Path
    lake_url: str
    dsn: str


def lesson_workspace(name: str, settings: Settings | None = None) -> LessonWorkspace:
    """A lesson's own empty home (`<home>/lessons/<name>`, the lake in its `lakehouse/`) and empty, migrated
    database (`pqr_lesson_<name>`) on the configured server. Both are emptied first, so the lesson's story
    starts from its first day every time and never touches the student's runs."""
    settings = settings or Settings.from_env()
    home = settings.home / "lessons" / name
    shutil.rmtree(home, ignore_errors=True)
    (home / "lakehouse").mkdir(parents=True)
    dsn = fresh_database(resolve_dsn(settings), f"pqr_lesson_{name}")
    return LessonWorkspace(home, f"file://{home / 'lakehouse'}", dsn)


def fresh_database(server_dsn: str, name: str) -> str:
    """An empty, migrated database `name` on the server of `server_dsn` (dropped first if it exists); its DSN."""
    database = psycopg.sql.Identifier(name)
    with psycopg.connect(server_dsn, autocommit=True) as conn:
        conn.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
        conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(database))
    dsn = database_dsn(server_dsn, name)
    db.apply_migrations(dsn)
    return dsn


PARTITION_PATH = re.compile(r"^(?P<dataset>.+?)/source=[^/]+/day=(?P<day>[0-9-]{10})/run_id=(?P<run_id>[^/]+)/(?P<file>.+)$")


def lake_checksums(lake: Lake) -> pd.DataFrame:
    """One row per file of a day partition in the lake: dataset (`layer/name`), day, run id, file, size, SHA-256.

    Two listings taken before and after an operation say exactly which files it added, removed or changed."""
    root = lake.fs._strip_protocol(lake.url)
    rows = []
    for path in sorted(lake.fs.find(root)):
        found = PARTITION_PATH.match(path[len(root):].lstrip("/"))
        if found:
            rows.append({**found.groupdict(), "bytes": lake.fs.size(path), "sha256": sha256_bytes(lake.fs.cat_file(path))})
    return pd.DataFrame(rows, columns=["dataset", "day", "run_id", "file", "bytes", "sha256"])


@dataclass
class Sample:
    """What an exercise notebook works on: the sample run's lake, run id, database and settings."""

    lake: Lake
    run_id: str
    dsn: str
    settings: Settings

    @property
    def run(self) -> pipeline.Run:
        return pipeline.Run(self.settings, self.run_id, self.lake, self.dsn)


def sample_settings(events: int = 300) -> Settings:
    """The student's settings with the sample's size and its own lake under `<home>/exercises`."""
    settings = Settings.from_env()
    lake_url = f"file://{settings.home / 'exercises' / 'lakehouse'}"
    return settings.with_overrides(seed=SAMPLE_SEED, events=events, days=SAMPLE_DAYS, lake_url=lake_url,
                                   enricher="keywords-baseline", embeddings=False)


def sample_run(client: Client, events: int = 300) -> Sample:
    """The sample run through every layer and published to the exercises' database (built once)."""
    settings = sample_settings(events)
    dsn = exercise_dsn(settings)
    sample = Sample(Lake.from_settings(settings), pipeline.default_run_id(settings), dsn, settings)
    recorded = runs.get_run(dsn, sample.run_id)
    if recorded is None or recorded["status"] != "succeeded":
        run = sample.run
        pipeline.step_generate(run, client)
        pipeline.step_bronze(run, client)
        pipeline.step_silver(run, client)
        pipeline.step_gold(run, client)
        pipeline.step_publish(run)
    return sample


def rows_as_role(dsn: str, role: str, sql: str, settings: dict[str, str] | None = None) -> list[tuple]:
    """The rows `sql` returns to `role` with the given settings (`SET LOCAL`, in a rolled-back transaction)."""
    with psycopg.connect(dsn) as conn:
        conn.execute(psycopg.sql.SQL("SET LOCAL ROLE {}").format(psycopg.sql.Identifier(role)))
        for name, value in (settings or {}).items():
            conn.execute("SELECT set_config(%s, %s, true)", (name, value))
        rows = conn.execute(sql).fetchall()
        conn.rollback()
    return rows


RLS_SCRATCH = """
DROP SCHEMA IF EXISTS exercise_rls CASCADE;
CREATE SCHEMA exercise_rls;
CREATE TABLE exercise_rls.tickets (ticket_id text PRIMARY KEY, municipality_code text NOT NULL);
INSERT INTO exercise_rls.tickets VALUES
    ('T-1', '05001'), ('T-2', '05001'), ('T-3', '11001'), ('T-4', '76001'), ('T-5', '11001');
ALTER TABLE exercise_rls.tickets ENABLE ROW LEVEL SECURITY;
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'exercise_agent') THEN
        CREATE ROLE exercise_agent NOLOGIN;
    END IF;
END $$;
GRANT USAGE ON SCHEMA exercise_rls TO exercise_agent;
GRANT SELECT ON exercise_rls.tickets TO exercise_agent;
"""


def prepare_rls_scratch(dsn: str) -> str:
    """A fresh scratch table with row-level security on and no policy yet, readable by `exercise_agent`."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(RLS_SCRATCH)
    return "exercise_rls.tickets"


# -- the exercise notebooks as data: tests/test_exercises.py and `python -m pqrlab.course time` -------
ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"
SOLUTIONS = ROOT / "solutions"
_SECTION = re.compile(r"^# %% (q\d+)\s*$", re.MULTILINE)


def tagged_cells(book, kind: str) -> dict:
    """The cells tagged `kind` (`answer`, `check`, `given`), by their question id (the other tag)."""
    out = {}
    for cell in book.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if kind in tags:
            (qid,) = [t for t in tags if re.fullmatch(r"q\d+", t)]
            if qid in out:
                raise ValueError(f"two {kind} cells for {qid}")
            out[qid] = cell
    return out


def solution_sections(stem: str) -> dict[str, str]:
    """The sections of solutions/<stem>.py (`# %% qN`), by question id."""
    parts = _SECTION.split((SOLUTIONS / f"{stem}.py").read_text())[1:]
    return {qid: body.strip() for qid, body in zip(parts[::2], parts[1::2])}


def with_answers(book, answers: dict[str, str]):
    """A copy of `book` whose answer cells hold the given code after their comment line."""
    import nbformat

    filled = nbformat.from_dict(json.loads(json.dumps(book)))
    for qid, cell in tagged_cells(filled, "answer").items():
        if qid in answers:
            cell.source = cell.source.rstrip() + "\n" + answers[qid]
    return filled


def solved_notebook(path: Path):
    """An exercise notebook with its reference solutions filled in."""
    import nbformat

    return with_answers(nbformat.read(path, as_version=4), solution_sections(path.stem))


def time_exercises(paths: list[Path], folder: Path) -> dict[str, float]:
    """Seconds papermill takes to run each exercise notebook with its solutions, in `folder`."""
    import time

    import nbformat
    import papermill

    shutil.copytree(EXERCISES / "checks", folder / "checks", dirs_exist_ok=True)
    seconds = {}
    for path in paths:
        source = folder / f"solved-{path.name}"
        nbformat.write(solved_notebook(path), source)
        started = time.perf_counter()
        papermill.execute_notebook(str(source), str(folder / f"executed-{path.name}"), kernel_name="python3",
                                   cwd=str(folder), progress_bar=False)
        seconds[path.stem] = time.perf_counter() - started
    return seconds


def cmd_wordcount(args) -> int:
    if not args.folder.is_dir():
        print(f"error: {args.folder} is not a folder", file=sys.stderr)
        return 2
    print(wordcount_report(args.folder))
    return 0


def cmd_timings(args) -> int:
    books = args.notebooks or sorted(NOTEBOOK_DIR.glob("*.ipynb"))
    missing = [str(b) for b in books if not b.is_file()]
    if missing:
        print(f"error: no such notebook: {', '.join(missing)}", file=sys.stderr)
        return 2
    table = notebook_timings(books, args.keep)
    print(table.to_string(index=False))
    print(f"total seconds: {table['seconds'].sum():.1f}")
    return 0


def cmd_time(args) -> int:
    """Time the exercise notebooks (solutions filled in) on a scratch home, PostgreSQL and Prefect server."""
    import os
    import tempfile

    from pqrlab.services.postgres import embedded_server
    from pqrlab.services.prefect_server import prefect_env, prefect_server

    paths = [p for p in sorted(EXERCISES.glob("*.ipynb")) if not args.names or p.stem in args.names]
    with tempfile.TemporaryDirectory(prefix="pqr-exercises-") as scratch:
        home = Path(scratch) / "home"
        server = embedded_server(home / "pgdata")  # one server for every kernel, stopped below
        os.environ.update({"PQR_HOME": str(home), "PQR_PG_DSN": server.get_uri(), "MPLBACKEND": "Agg",
                           "HF_HUB_OFFLINE": "1", **prefect_env(home)})
        try:
            with prefect_server(home) as api_url:
                os.environ["PREFECT_API_URL"] = api_url
                sample_started = time.perf_counter()
                client = exercise_client()
                sample_run(client)
                client.close()
                print(f"sample run built in {time.perf_counter() - sample_started:.1f} s")
                seconds = time_exercises(paths, Path(scratch))
        finally:
            server.cleanup()
    for name, value in seconds.items():
        print(f"{name:32s} {value:6.1f} s")
    print(f"{'total':32s} {sum(seconds.values()):6.1f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m pqrlab.course", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    words = sub.add_parser("wordcount", help="Markdown words per lesson notebook, and the total")
    words.add_argument("folder", nargs="?", type=Path, default=NOTEBOOK_DIR)
    words.set_defaults(func=cmd_wordcount)
    timings = sub.add_parser("timings", help="papermill seconds per lesson notebook at CI size")
    timings.add_argument("--keep", type=Path, help="keep the executed copies in this folder")
    timings.add_argument("notebooks", nargs="*", type=Path)
    timings.set_defaults(func=cmd_timings)
    exercises = sub.add_parser("time", help="seconds per exercise notebook, solutions filled in")
    exercises.add_argument("names", nargs="*", help="exercise notebooks (stems); default: all")
    exercises.set_defaults(func=cmd_time)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
