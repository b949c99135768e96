"""Run a Python program in a child process that writes its own peak resident memory as it exits.

The child reads VmHWM from /proc/self/status in an atexit handler. Not wait4's ru_maxrss:
Linux starts a forked child's count at the parent's size, so a child of a large pytest process
would report pytest's memory, not its own.
"""

from __future__ import annotations

import sys
from pathlib import Path

ENV = "PEAK_RSS_FILE"  # where the child writes its VmHWM, in kB
SHIM = """
import atexit, os, runpy, sys

def write_peak():
    with open("/proc/self/status") as status:
        peak = next(line for line in status if line.startswith("VmHWM:"))
    with open(os.environ["PEAK_RSS_FILE"], "w") as out:
        out.write(peak.split()[1])

atexit.register(write_peak)
if sys.argv[1] == "-m":  # as `python -m module` does
    sys.argv = sys.argv[2:]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
else:  # as `python script.py` does
    sys.argv = sys.argv[1:]
    sys.path.insert(0, os.path.dirname(sys.argv[0]))
    runpy.run_path(sys.argv[0], run_name="__main__")
"""


def python_command(*args: str) -> list[str]:
    """The command for `python *args` (`script.py ...` or `-m module ...`) that also writes its
    peak memory to the file named by the environment variable ``ENV``."""
    return [sys.executable, "-c", SHIM, *args]


def read_mb(path: Path) -> float:
    """The peak written by a child of ``python_command``, in MB (MiB)."""
    return int(path.read_text()) / 1024
