"""What `make run` shows a person: one line per notebook as it starts and ends, a progress bar for the
running notebook, then the summary. Everything libraries write (Dask, Prefect, notebook kernels, their
warnings) goes to the run's log file instead, at the level of the process's file descriptors, so the
worker processes and kernels started meanwhile, which inherit them, write there too.
"""
from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

LOG_FILE = "run.log"
LIBRARY_LOGGERS = ("prefect", "distributed")  # raised to INFO in the log file only

_active: "RunConsole | None" = None


@dataclass
class RunConsole:
    """The person's terminal while a run's library output goes to its log file."""

    stream: TextIO
    total: int = 0

    @property
    def interactive(self) -> bool:
        return self.stream.isatty()

    def line(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def notebook_started(self, index: int, notebook: str) -> None:
        self.line(f"[{index}/{self.total}] {Path(notebook).stem:<24} started")

    def notebook_finished(self, index: int, notebook: str, seconds: float, rows: int) -> None:
        self.line(f"[{index}/{self.total}] {Path(notebook).stem:<24} done {seconds:7.1f} s {rows:>10,} rows")

    def progress_bar(self, notebook: str) -> dict | bool:
        """papermill's progress bar (tqdm options) on this terminal: cells of `notebook`; off when not a TTY."""
        if not self.interactive:
            return False
        return {"file": self.stream, "desc": f"      {Path(notebook).stem}", "leave": False, "unit": "cell",
                "bar_format": "{desc}: {bar:30} {n_fmt}/{total_fmt} cells {elapsed}"}


def active_console() -> RunConsole | None:
    """The console of the run going on in this process, if any."""
    return _active


@contextlib.contextmanager
def run_console(log_path: Path, total: int) -> Iterator[RunConsole]:
    """Send this process's stdout/stderr (and Prefect's and Dask's INFO logs) to `log_path` for the block;
    yield a RunConsole on the real terminal. Restored afterwards, also on error."""
    global _active
    log_path.parent.mkdir(parents=True, exist_ok=True)
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    saved = {fd: os.dup(fd) for fd in (1, 2)}
    levels = {name: logging.getLogger(name).level for name in LIBRARY_LOGGERS}
    terminal = os.fdopen(os.dup(saved[1]), "w", buffering=1, encoding="utf-8", errors="replace")
    with open(log_path, "ab", buffering=0) as log:
        try:
            for fd in saved:
                os.dup2(log.fileno(), fd)
            for name in LIBRARY_LOGGERS:
                logging.getLogger(name).setLevel(logging.INFO)
            _active = RunConsole(terminal, total)
            yield _active
        finally:
            _active = None
            for name, level in levels.items():
                logging.getLogger(name).setLevel(level)
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
            for fd, copy in saved.items():
                os.dup2(copy, fd)
                os.close(copy)
            terminal.close()
