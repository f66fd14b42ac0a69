"""Files the workspace derives or receives (previews, batch tables and results).

Named by their SHA-256 under ``<stockage>/web/``, written atomically, read
back only after checking the hash: no user input ever reaches a path.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from generator.ecriture import ecrire_atomique
from generator.erreurs import RegistreErreur

EXTENSIONS = {"pdf", "odt", "png", "xlsx", "csv", "zip", "docx", "json", "yaml"}
_SHA = re.compile(r"^[0-9a-f]{64}$")


def racine() -> Path:
    from generator.registre.configuration import dossier_stockage

    return dossier_stockage() / "web"


def chemin(sha256: str, extension: str) -> Path:
    if extension not in EXTENSIONS or not _SHA.match(sha256 or ""):
        raise RegistreErreur(f"fichier de l'espace web invalide ({sha256!r}, {extension!r})")
    return racine() / sha256[:2] / f"{sha256}.{extension}"


def stocker(contenu: bytes, extension: str) -> str:
    sha = hashlib.sha256(contenu).hexdigest()
    destination = chemin(sha, extension)
    if not destination.exists():
        ecrire_atomique(destination, contenu)
    return sha


def lire(sha256: str, extension: str) -> bytes:
    path = chemin(sha256, extension)
    try:
        contenu = path.read_bytes()
    except OSError as exc:
        raise RegistreErreur(f"fichier de l'espace web introuvable ({exc.strerror or exc})") from None
    if hashlib.sha256(contenu).hexdigest() != sha256:
        raise RegistreErreur("fichier de l'espace web altéré (SHA-256 différent)")
    return contenu


def dossier_de_lot(numero: int) -> Path:
    """Working folder of a batch, named by its database id (an integer)."""
    return racine() / "lots" / str(int(numero))
