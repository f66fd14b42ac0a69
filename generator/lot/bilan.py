"""What a `continuum lot` run did, counted row by row as rows are decided (generator/lot/resume.py tells it)."""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.lot import manifeste, resume


@dataclass
class Bilan:
    """What the run did, counted as rows are decided (no row is kept: see ``entrees``)."""

    sortie: Path | None = None
    dossier: Path | None = None
    pages_dossier: int = 0
    erreur_dossier: str = ""
    exemples: int = 0  # rows marked as the template's example, skipped
    compteurs: dict[str, int] = field(default_factory=lambda: {s: 0 for s in manifeste.STATUTS})
    erreurs: list[tuple[int, str]] = field(default_factory=list)  # (row, message) of every error
    avertissements: dict[str, list[int]] = field(default_factory=dict)  # warning -> its first rows
    avertissements_total: dict[str, int] = field(default_factory=dict)  # warning -> number of rows
    travailleurs: int = 1
    note_travailleurs: str = ""  # said to the user when one process was chosen for a small table

    def compter(self, statut: str) -> int:
        return self.compteurs.get(statut, 0)

    @property
    def lignes(self) -> int:
        return sum(self.compteurs.values())

    @property
    def en_erreur(self) -> bool:
        return bool(self.compteurs.get(manifeste.ERREUR)) or bool(self.erreur_dossier)

    @property
    def entrees(self) -> list[manifeste.Entree]:
        """Every row, read back from manifeste.json (for a caller that wants them all; the run keeps none)."""
        try:
            rows = json.loads((self.sortie / "manifeste.json").read_text(encoding="utf-8"))["lignes"]
        except (OSError, ValueError, KeyError, TypeError):
            return []
        return [manifeste.Entree(**row) for row in rows]

    def noter(self, entry: manifeste.Entree) -> None:
        """Count a row in its final state."""
        self.compteurs[entry.statut] = self.compteurs.get(entry.statut, 0) + 1
        self.erreurs.extend((entry.ligne, error) for error in entry.erreurs)
        for warning in entry.avertissements:
            text = _sans_ligne(warning)
            self.avertissements_total[text] = self.avertissements_total.get(text, 0) + 1
            rows = self.avertissements.setdefault(text, [])  # the first rows of the table, whatever the
            bisect.insort(rows, entry.ligne)  # order workers finish them in
            if len(rows) > resume.LIGNES_CITEES:
                rows.pop()


def _sans_ligne(text: str) -> str:
    return re.sub(r"^ligne \d+ : ", "", text)
