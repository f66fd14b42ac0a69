"""Where the editable resources live: clauses/, modeles/, data/."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from generator.erreurs import ContinuumError


@cache
def racine() -> Path:
    """Root folder holding clauses/, modeles/ and data/.

    ``CONTINUUM_RACINE`` overrides it; otherwise the repository that holds
    this package (editable install, as the README sets it up).
    """
    candidate = Path(os.environ.get("CONTINUUM_RACINE") or Path(__file__).resolve().parent.parent)
    if not (candidate / "clauses").is_dir() or not (candidate / "data").is_dir():
        raise ContinuumError(
            f"ressources introuvables dans {candidate} (dossiers clauses/ et data/) : "
            "installez Continuum en mode éditable (pip install -e .) ou définissez CONTINUUM_RACINE"
        )
    return candidate


def clauses() -> Path:
    return racine() / "clauses"


def modeles() -> Path:
    return racine() / "modeles"


def data() -> Path:
    return racine() / "data"


def fichier_de_donnees(chemin: str) -> Path:
    """A user-supplied file: as given, or, when relative and absent from the working directory, inside data/.

    The shipped examples (exemples/…) thus work from any folder.
    """
    path = Path(chemin).expanduser()
    if path.is_absolute() or path.exists():
        return path
    return data() / path
