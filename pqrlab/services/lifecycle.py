"""Runs that end, always: SIGTERM/SIGINT become an exception that unwinds every `with` block (Prefect
server, Dask cluster, notebook kernels), and whatever child process is still alive afterwards is stopped.

A signal can not be lost: the handler records it before it raises, so code that swallows the exception
(asyncio stores a non-KeyboardInterrupt raised inside a task on that task; Prefect's engine ignores a
BaseException once the flow run is final) only delays the stop until the next `check_interrupted()`.
Prefect's flow engine installs its own SIGTERM bridge over ours (`TerminationSignal`, which records nothing
and which asyncio swallows): the flow calls `keep_interruptible()` to put ours back for its whole run."""
from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

import psutil

from pqrlab.services.watchdog import stop_processes

# Helpers that end on their own when this process exits (they ignore SIGTERM: stopping them costs the grace).
SELF_ENDING = ("multiprocessing.resource_tracker",)
SIGNALS = (signal.SIGTERM, signal.SIGINT)
_received: list[str] = []  # the names of the signals that asked this process to stop, first first
_depth = 0  # how many `interruptible()` blocks are open (our handler owns SIGTERM/SIGINT while > 0)


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


def _on_signal(signum: int, frame) -> None:
    """Record the signal; raise RunInterrupted for the first one only (later ones arrive while cleaning up)."""
    _received.append(signal.Signals(signum).name)
    if len(_received) == 1:
        raise RunInterrupted(_received[0])


def interrupted_by() -> str | None:
    """The signal that asked this process to stop while a block was interruptible, if one did."""
    return _received[0] if _received else None


def check_interrupted() -> None:
    """Raise RunInterrupted if a signal arrived, also one whose exception some code swallowed."""
    if _received:
        raise RunInterrupted(_received[0])


def keep_interruptible() -> None:
    """Inside an `interruptible()` block: put our handler back where another one replaced it (Prefect's flow
    engine does, at the start of every flow run), then raise if a signal already arrived."""
    if _depth and threading.current_thread() is threading.main_thread():
        for sig in SIGNALS:
            if signal.getsignal(sig) is not _on_signal:
                signal.signal(sig, _on_signal)
    check_interrupted()


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Turn the first SIGTERM/SIGINT into RunInterrupted; later ones are only recorded while cleaning up.

    When interrupted, every child process this one started and that is still running is stopped too.
    """
    global _depth
    previous = {sig: signal.signal(sig, _on_signal) for sig in SIGNALS}
    _depth += 1
    try:
        yield
    except KeyboardInterrupt:
        if not _received:  # a KeyboardInterrupt that no signal raised: later signals only get recorded
            _received.append("SIGINT")
        stop_children()
        raise
    finally:
        _depth -= 1
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if not _depth:
            _received.clear()  # what follows in this process (a test's next run) starts uninterrupted
