"""Course helpers: the Markdown word count of the notebooks, and a Dask task graph a student can read.

    python -m pqrlab.course wordcount [FOLDER]   # words of Markdown per notebook, and the total
    python -m pqrlab.course timings [--keep DIR] [NOTEBOOK ...]
        # papermill seconds per notebook, in order, at the size CI runs them (400 e-mails, 20 days)
"""
from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pandas as pd

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


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "timings":
        keep = None
        if len(args) > 2 and args[1] == "--keep":
            keep, args = Path(args[2]), args[2:]
        books = [Path(a) for a in args[1:]] or sorted(NOTEBOOK_DIR.glob("*.ipynb"))
        missing = [str(b) for b in books if not b.is_file()]
        if missing:
            print(f"error: no such notebook: {', '.join(missing)}", file=sys.stderr)
            return 2
        table = notebook_timings(books, keep)
        print(table.to_string(index=False))
        print(f"total seconds: {table['seconds'].sum():.1f}")
        return 0
    if not args or args[0] != "wordcount" or len(args) > 2:
        print("usage: python -m pqrlab.course wordcount [NOTEBOOK_FOLDER] | timings [--keep DIR] [NOTEBOOK ...]",
              file=sys.stderr)
        return 2
    folder = Path(args[1]) if len(args) == 2 else NOTEBOOK_DIR
    if not folder.is_dir():
        print(f"error: {folder} is not a folder", file=sys.stderr)
        return 2
    print(wordcount_report(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
