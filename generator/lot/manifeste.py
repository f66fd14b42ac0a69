"""The batch manifest: manifeste.csv (for Excel) and manifeste.json (for tools)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from generator.ecriture import ecrire_atomique

GENERE, INCHANGE, ERREUR = "généré", "inchangé", "erreur"
COLONNES = ("ligne", "libelle", "statut", "fichier", "sha256", "pdf", "erreurs")


@dataclass
class Entree:
    ligne: int
    libelle: str
    statut: str = ""
    fichier: str = ""
    sha256: str = ""
    pdf: str = ""
    erreurs: list[str] = field(default_factory=list)
    empreinte: str = ""
    avertissements: list[str] = field(default_factory=list)


def ecrire(dossier: Path, entrees: list[Entree], entete: dict) -> None:
    entrees = sorted(entrees, key=lambda e: e.ligne)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLONNES)
    for entry in entrees:
        writer.writerow([entry.ligne, entry.libelle, entry.statut, entry.fichier, entry.sha256, entry.pdf,
                         " ; ".join(entry.erreurs)])
    ecrire_atomique(dossier / "manifeste.csv", buffer.getvalue().encode("utf-8-sig"))
    document = {**entete, "lignes": [asdict(e) for e in entrees]}
    ecrire_atomique(dossier / "manifeste.json", json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"))


def lire_precedent(dossier: Path) -> dict[int, dict]:
    """The previous run's rows by row number; empty when there is none or it is unreadable."""
    path = dossier / "manifeste.json"
    try:
        return {row["ligne"]: row for row in json.loads(path.read_text(encoding="utf-8"))["lignes"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
