"""pytest plugin for `pytest --nbval-lax notebooks`: run the notebooks at small size in a scratch place.

The kernels inherit this environment: a temporary lake and home, 400 e-mails, and one embedded
PostgreSQL started here so that every notebook's kernel shares it.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

_state: dict = {}


def pytest_configure(config) -> None:
    from pqrlab.course import small_course_environment
    from pqrlab.services.postgres import embedded_server

    root = Path(tempfile.mkdtemp(prefix="pqr-nbval-"))
    _state["root"] = root
    server = embedded_server(root / "home" / "pgdata")
    _state["server"] = server
    os.environ.update(small_course_environment(root, server.get_uri()))


def pytest_unconfigure(config) -> None:
    if "server" in _state:
        _state["server"].cleanup()
    if "root" in _state:
        shutil.rmtree(_state["root"], ignore_errors=True)
