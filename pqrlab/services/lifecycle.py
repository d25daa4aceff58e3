"""Runs that end, always: SIGTERM/SIGINT become an exception that unwinds every `with` block (Prefect
server, Dask cluster, notebook kernels), and whatever child process is still alive afterwards is stopped."""
from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

import psutil

from pqrlab.services.watchdog import stop_processes

# Helpers that end on their own when this process exits (they ignore SIGTERM: stopping them costs the grace).
SELF_ENDING = ("multiprocessing.resource_tracker",)


def stop_children() -> None:
    """Stop every process this one started (and theirs) that is still running."""
    procs = []
    for proc in psutil.Process().children(recursive=True):
        try:
            if not any(mark in " ".join(proc.cmdline()) for mark in SELF_ENDING):
                procs.append(proc)
        except psutil.Error:
            pass
    stop_processes(procs)


class RunInterrupted(KeyboardInterrupt):
    """The run was asked to stop (SIGTERM or SIGINT); its message names the signal."""


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Turn the first SIGTERM/SIGINT into RunInterrupted; later ones are ignored while cleaning up.

    When interrupted, every child process this one started and that is still running is stopped too.
    """
    signals = (signal.SIGTERM, signal.SIGINT)
    previous = {sig: signal.getsignal(sig) for sig in signals}

    def on_signal(signum: int, frame) -> None:
        for sig in signals:
            signal.signal(sig, signal.SIG_IGN)
        raise RunInterrupted(signal.Signals(signum).name)

    for sig in signals:
        signal.signal(sig, on_signal)
    try:
        yield
    except KeyboardInterrupt:
        for sig in signals:
            signal.signal(sig, signal.SIG_IGN)
        stop_children()
        raise
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
