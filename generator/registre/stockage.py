"""Stored files: content-addressed (named by SHA-256, never by user input), written atomically."""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.ecriture import ecrire_atomique
from generator.erreurs import RegistreErreur

EXTENSIONS = {"docx", "pdf", "odt"}


def empreinte(contenu: bytes) -> str:
    return hashlib.sha256(contenu).hexdigest()


def chemin_relatif(sha256: str, extension: str) -> str:
    """``ab/abcdef….docx``: two-level layout so that no folder grows too large."""
    if extension not in EXTENSIONS or len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        raise RegistreErreur(f"registre : fichier stocké invalide ({sha256!r}, {extension!r})")
    return f"{sha256[:2]}/{sha256}.{extension}"


def _racine() -> Path:
    from generator.registre.configuration import dossier_stockage

    return dossier_stockage()


def stocker(contenu: bytes, extension: str) -> tuple[str, str]:
    """Store ``contenu`` once; returns (sha256, relative path). An identical file is not rewritten."""
    sha = empreinte(contenu)
    relative = chemin_relatif(sha, extension)
    destination = _racine() / relative
    if not (destination.exists() and empreinte(destination.read_bytes()) == sha):
        ecrire_atomique(destination, contenu)
    return sha, relative


def lire(relative: str, sha256: str) -> bytes:
    """The stored bytes, checked against their SHA-256."""
    extension = relative.rsplit(".", 1)[-1]
    if relative != chemin_relatif(sha256, extension):
        raise RegistreErreur(f"registre : chemin de fichier stocké inattendu ({relative!r})")
    path = _racine() / relative
    try:
        contenu = path.read_bytes()
    except OSError as exc:
        raise RegistreErreur(f"{path} : fichier du registre introuvable ou illisible ({exc.strerror or exc})") from None
    if empreinte(contenu) != sha256:
        raise RegistreErreur(f"{path} : le fichier stocké a été altéré (SHA-256 différent de celui enregistré)")
    return contenu
