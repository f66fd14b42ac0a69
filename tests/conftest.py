from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import chemins
from generator.lecture import lire_yaml

RACINE = Path(__file__).resolve().parent.parent
EXEMPLES = RACINE / "data" / "exemples"
EXEMPLE_CSI = EXEMPLES / "csi-le-havre.yaml"


def reponses_exemple(nom: str) -> dict:
    """A shipped example's answers, as a copy the test may change."""
    return copy.deepcopy(lire_yaml(EXEMPLES / nom))


def blocs_par_cle(resultat) -> dict:
    """The blocks of a generated document, by clause key."""
    return {b.cle: b for b in resultat.document.blocs()}


def texte_du_bloc(bloc) -> str:
    return "\n".join(p.texte for p in bloc.paragraphes)


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


@pytest.fixture(scope="session", autouse=True)
def registre_jetable(tmp_path_factory):
    """No test writes to the user's real registry: a throwaway SQLite file and data folder for the session
    (inherited by the CLI processes the tests start). Registry tests point at their own (tests/registre).
    The startup cache (generator/cache_disque.py) goes to the session's folder too, never the user's home."""
    folder = tmp_path_factory.mktemp("registre-session")
    saved = {k: os.environ.get(k) for k in ("CONTINUUM_REGISTRE", "CONTINUUM_STOCKAGE", "XDG_DATA_HOME", "CONTINUUM_CACHE")}
    os.environ["CONTINUUM_REGISTRE"] = f"sqlite:///{folder / 'registre.sqlite3'}"
    os.environ["CONTINUUM_STOCKAGE"] = str(folder / "fichiers")
    os.environ["XDG_DATA_HOME"] = str(folder / "donnees")
    os.environ["CONTINUUM_CACHE"] = str(folder / "cache")
    yield folder
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
