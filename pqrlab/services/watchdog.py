"""Run a server for its owner and stop it when the owner is gone, even if the owner was SIGKILLed.

    python pqrlab/services/watchdog.py -- prefect server start ...

The owner is this watchdog's parent. Every half second the watchdog checks that its parent is still the
same process (on Linux and macOS a process whose parent dies is re-parented, so `getppid()` changes); when
it is not, or on SIGTERM/SIGINT, it stops the command and everything the command started (SIGTERM, then
SIGKILL after a grace period), and exits. Stdlib and psutil only, run by path: it starts in a blink.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psutil

POLL_S = 0.5
GRACE_S = 10.0


def stop_tree(root: psutil.Process, grace_s: float = GRACE_S) -> None:
    """SIGTERM every descendant of `root`, wait up to `grace_s`, SIGKILL those still alive."""
    try:
        procs = root.children(recursive=True)
    except psutil.NoSuchProcess:
        return
    stop_processes(procs, grace_s)


def stop_processes(procs: list[psutil.Process], grace_s: float = GRACE_S) -> None:
    """SIGTERM `procs`, wait up to `grace_s`, SIGKILL those still alive."""
    for proc in procs:
        try:
            proc.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(procs, timeout=grace_s)
    for proc in alive:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(alive, timeout=5)


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1:] if "--" in argv else argv
    if not command:
        print("usage: watchdog.py -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    owner = os.getppid()
    stop = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda signum, frame: stop.append(signum))
    child = subprocess.Popen(command)
    while child.poll() is None and not stop and os.getppid() == owner:
        time.sleep(POLL_S)
    stop_tree(psutil.Process())
    return child.wait() if child.poll() is None else child.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
