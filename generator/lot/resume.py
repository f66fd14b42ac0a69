"""What `continuum lot` tells the user at the end: errors, warnings grouped, a truthful count.

Every row is counted once (généré + inchangé + en erreur + interrompu = rows
of the table). A warning repeated on many rows is printed once, with the
number of rows and the first of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.lot import manifeste
from generator.accords import nombre

LIGNES_CITEES = 10  # rows cited for a warning repeated on many


@dataclass(frozen=True)
class Message:
    """A message of a batch's summary, with its nature (error, warning, information)."""

    texte: str
    nature: str  # "erreur", "avertissement", "info"


def messages(bilan, sortie: Path) -> list[Message]:
    """Every error (row, column, value), each warning once with its rows, then the count."""
    out: list[Message] = [Message(f"Erreur : {error}", "erreur") for _row, error in sorted(bilan.erreurs)]
    for warning, rows in bilan.avertissements.items():
        count = bilan.avertissements_total.get(warning, len(rows))
        if count == 1:
            out.append(Message(f"Avertissement : ligne {rows[0]} : {warning}", "avertissement"))
        else:
            cited = ", ".join(str(n) for n in rows[:LIGNES_CITEES]) + (", …" if count > LIGNES_CITEES else "")
            out.append(Message(f"Avertissement ({count} lignes : {cited}) : {warning}", "avertissement"))
    if bilan.note_travailleurs:
        out.append(Message(bilan.note_travailleurs[:1].upper() + bilan.note_travailleurs[1:] + ".", "info"))
    counts = bilan.compteurs
    summary = (f"{nombre(counts[manifeste.GENERE], 'document généré')}, "
               f"{nombre(counts[manifeste.INCHANGE], 'inchangé')}, "
               f"{nombre(counts[manifeste.ERREUR], 'ligne en erreur', 'lignes en erreur')}")
    if counts[manifeste.INTERROMPU]:
        summary += f", {nombre(counts[manifeste.INTERROMPU], 'interrompue')}"
    skipped = (f" ({nombre(bilan.exemples, 'ligne d’exemple ignorée', 'lignes d’exemple ignorées')})"
               if getattr(bilan, "exemples", 0) else "")
    out.append(Message(f"{summary} — {nombre(bilan.lignes, 'ligne')}{skipped} — manifeste : {sortie / 'manifeste.csv'}",
                       "info"))
    if bilan.dossier:
        out.append(Message(f"Dossier PDF : {bilan.dossier} ({bilan.pages_dossier} pages)", "info"))
    elif bilan.erreur_dossier:
        out.append(Message(f"Erreur : dossier non produit : {bilan.erreur_dossier}", "erreur"))
    return out
