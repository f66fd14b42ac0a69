"""Safe output file names derived from user text (zone names)."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from generator.erreurs import EcritureErreur

_LONGUEUR_MAX = 80


def slug(text: str) -> str:
    """ "Parc d'activités de la Vatine" -> "parc-d-activites-de-la-vatine"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return cleaned[:_LONGUEUR_MAX].rstrip("-")


class Nommeur:
    """Gives each row a distinct file name inside one folder, in row order."""

    def __init__(self, dossier: Path, prefixe: str, lister: bool = False):
        self.dossier = dossier.resolve()
        self.prefixe = prefixe
        self.pris: set[str] = set()
        # with ``lister``, the folder's entries read once (name -> is a symbolic link): a batch asks, for each
        # row, whether its file exists, without a system call per row (the folder is locked during a batch)
        self.presents: dict[str, bool] | None = _entrees(self.dossier) if lister else None

    def nom(self, libelle: str, numero: int, extension: str = ".docx") -> str:
        base = slug(libelle) or f"ligne-{numero}"
        stem = f"{self.prefixe}-{base}"
        candidate, index = stem, 2
        while candidate in self.pris:
            candidate, index = f"{stem}-{index}", index + 1
        self.pris.add(candidate)
        return candidate + extension

    def chemin(self, nom: str) -> Path:
        """The path of ``nom`` in the folder; never outside it: a plain name (no folder, no « .. »),
        and not a symbolic link (which could point elsewhere)."""
        path = self.dossier / nom
        if (not nom or nom in (".", "..") or "/" in nom or "\\" in nom or "\0" in nom or path.parent != self.dossier
                or (self.presents.get(nom, False) if self.presents is not None else path.is_symlink())):
            raise EcritureErreur(f"{nom} : nom de fichier refusé, il sortirait du dossier {self.dossier}")
        return path

    def existe(self, chemin: Path) -> bool:
        """Whether the file was there (from the listing when there is one)."""
        return chemin.name in self.presents if self.presents is not None else chemin.exists()


def _entrees(dossier: Path) -> dict[str, bool]:
    try:
        with os.scandir(dossier) as entries:
            return {entry.name: entry.is_symlink() for entry in entries}
    except OSError:
        return {}
