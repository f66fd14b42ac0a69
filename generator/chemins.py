"""Where the resources live: clauses/, modeles/, data/, and the local library that overrides them.

The shipped library is found, in order:

1. ``CONTINUUM_RACINE``: a full replacement copy of clauses/, modeles/ and data/;
2. the repository checkout that holds this package (editable install);
3. the package data of an installed wheel (``generator/_ressources/``, copied at build time).

A local library (``--bibliotheque DOSSIER`` or ``CONTINUUM_BIBLIOTHEQUE``) has the same
layout; its clauses, templates and questionnaires replace or extend the shipped ones.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from generator.erreurs import ContinuumError

ENV_RACINE = "CONTINUUM_RACINE"
ENV_BIBLIOTHEQUE = "CONTINUUM_BIBLIOTHEQUE"
DOSSIER_PAQUET = "_ressources"  # inside the package of an installed wheel
_PAQUET = Path(__file__).resolve().parent


def _complete(dossier: Path) -> bool:
    return (dossier / "clauses").is_dir() and (dossier / "data").is_dir()


@cache
def racine() -> Path:
    """Root folder of the shipped library (see the module docstring for the order)."""
    explicit = os.environ.get(ENV_RACINE)
    if explicit:
        candidate = Path(explicit).expanduser()
        if not _complete(candidate):
            raise ContinuumError(f"{ENV_RACINE}={explicit} : ce dossier ne contient pas les dossiers clauses/ et data/")
        return candidate
    checkout = _PAQUET.parent
    if (checkout / "pyproject.toml").is_file() and _complete(checkout):
        return checkout
    installed = _PAQUET / DOSSIER_PAQUET
    if _complete(installed):
        return installed
    raise ContinuumError(
        f"ressources introuvables (dossiers clauses/ et data/ ni dans {checkout} ni dans {installed}) : "
        f"réinstallez Continuum (pip install continuum-securite) ou définissez {ENV_RACINE}"
    )


def clauses() -> Path:
    return racine() / "clauses"


def modeles() -> Path:
    return racine() / "modeles"


def data() -> Path:
    return racine() / "data"


# -- local library ----------------------------------------------------------------
def definir_bibliotheque_locale(dossier: Path | str | None) -> None:
    """Use ``dossier`` as the local library for this process and the processes it starts."""
    if dossier is None:
        os.environ.pop(ENV_BIBLIOTHEQUE, None)
    else:
        os.environ[ENV_BIBLIOTHEQUE] = str(Path(dossier).expanduser().resolve())


def bibliotheque_locale() -> Path | None:
    """The local library folder, or None; an unusable folder is an error, never silently ignored."""
    value = os.environ.get(ENV_BIBLIOTHEQUE)
    if not value:
        return None
    dossier = Path(value).expanduser()
    if not dossier.is_dir():
        raise ContinuumError(f"bibliothèque locale introuvable : {value} (option --bibliotheque ou variable "
                             f"{ENV_BIBLIOTHEQUE}) ; créez-la avec « continuum bibliotheque init {value} »")
    return dossier


def cle() -> tuple[Path, Path | None]:
    """What the loaded resources depend on: cache key of the loaders."""
    return racine(), bibliotheque_locale()


def _local(relatif: str) -> Path | None:
    dossier = bibliotheque_locale()
    if dossier is None:
        return None
    candidate = dossier / relatif
    return candidate if candidate.is_file() else None


def modele(nom: str) -> Path:
    """A Word template: the local library's when it has one of that name, else the shipped one."""
    return _local(f"modeles/{nom}") or modeles() / nom


def questionnaire(type_document: str) -> Path:
    """A questionnaire: the local library's when it has one for that type, else the shipped one."""
    nom = f"questionnaires/{type_document}.yaml"
    return _local(f"data/{nom}") or data() / nom


def est_local(chemin: Path) -> bool:
    """Whether a resource file comes from the local library."""
    dossier = bibliotheque_locale()
    return dossier is not None and Path(chemin).resolve().is_relative_to(dossier.resolve())


_DOSSIERS_REPONSES: ContextVar[tuple[Path, ...]] = ContextVar("dossiers_reponses", default=())


@contextmanager
def reponses_dans(*fichiers_reponses: Path | str | None) -> Iterator[None]:
    """While answers read from ``fichiers_reponses`` are used, relative data paths start from their folders,
    in that order (a batch: its shared answers file, then its table); ``None`` is skipped.

    The folders are kept in a context variable: processes forked inside the block (batch workers) inherit them.
    """
    folders = tuple(dict.fromkeys(Path(f).expanduser().resolve().parent for f in fichiers_reponses if f is not None))
    token = _DOSSIERS_REPONSES.set(folders)
    try:
        yield
    finally:
        _DOSSIERS_REPONSES.reset(token)


def fichier_de_donnees(chemin: str, dossier_reponses: Path | None = None) -> Path:
    """A user-supplied file named in answers (CSV of meetings, indicators…).

    A relative path is looked up next to the answers file (``dossier_reponses``, by default the folders
    set by :func:`reponses_dans`), then in the working directory, then inside data/ (so the shipped
    examples work from any folder). When none exists, the path next to the answers file is returned.
    """
    path = Path(chemin).expanduser()
    if path.is_absolute():
        return path
    folders = (dossier_reponses,) if dossier_reponses is not None else _DOSSIERS_REPONSES.get()
    candidates = [folder / path for folder in folders] + [path, data() / path]
    return next((c for c in candidates if c.exists()), candidates[0])
