from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest

from generator import chemins
from generator.lecture import lire_yaml

RACINE = Path(__file__).resolve().parent.parent
EXEMPLE_CSI = RACINE / "data" / "exemples" / "csi-le-havre.yaml"


@pytest.fixture
def reponses_csi() -> dict:
    """A fresh copy of the shipped example answers."""
    return copy.deepcopy(lire_yaml(EXEMPLE_CSI))


def lancer_cli(*args: str, cwd: Path | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          cwd=cwd, input=input, timeout=300)


@pytest.fixture(scope="session")
def racine_ressources() -> Path:
    return chemins.racine()
