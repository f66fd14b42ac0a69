"""What a `continuum lot` run is asked to do: the table, the output folder and the choices."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Options:
    """What `continuum lot produire` was asked to do."""

    type_document: str
    tableau: Path
    sortie: Path
    base: Path | None = None
    travailleurs: int | None = 1  # None: as many as cores, one below SEUIL_PARALLELE rows
    forcer: bool = False
    pdf: bool = False
    dossier: bool = False
    brouillon: bool = True
    feuille: str | None = None  # the sheet of an .xlsx (default: the active one)
    ecraser: bool = False  # replace existing documents this batch did not write
