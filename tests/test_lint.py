"""The Python code is ruff-clean: lint rules and formatting, as `make lint` checks them."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

PATHS = ["hooks", "scripts", "tests"]


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["check", "format"])
def test_ruff_passes(command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ruff", *command, *PATHS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
