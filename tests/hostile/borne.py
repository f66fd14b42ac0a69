"""Run Continuum on hostile input inside a bounded subprocess: a memory cap (RLIMIT_AS) and a timeout.

A hostile file that would take the machine makes the subprocess fail (MemoryError, killed) or time
out, and the test fails with it, instead of taking the test machine.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
MEMOIRE_MO = 1536
DELAI = 120


def _limiter(memoire_mo: int):
    def apply() -> None:
        limit = memoire_mo * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


def lancer(*args: str, cwd: Path | None = None, memoire_mo: int = MEMOIRE_MO, delai: int = DELAI,
           env: dict | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    """`continuum ARGS…` (as ``python -m generator``) under a memory cap and a timeout."""
    environment = {**os.environ, "PYTHONPATH": str(RACINE), **(env or {})}
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=delai, preexec_fn=_limiter(memoire_mo), env=environment, input=input)


def executer(code: str, memoire_mo: int = MEMOIRE_MO, delai: int = DELAI) -> subprocess.CompletedProcess:
    """Python code run from the repository under a memory cap and a timeout."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=RACINE, timeout=delai,
                          preexec_fn=_limiter(memoire_mo), env={**os.environ, "PYTHONPATH": str(RACINE)})


def sans_trace(done: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode not in (1, -9, -11, 137, 139), f"code {done.returncode} : {done.stderr}"
