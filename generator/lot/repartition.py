"""The main process's decision on each row of a batch, before any document is written.

A row is an error of the table (unreadable cells, a file name it cannot have), unchanged since
the last run (same fingerprint, same document on disk: skipped), refused (an existing document
the previous run did not write, without ``--ecraser``), or sent to a worker with its task.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.erreurs import ContinuumError, TableauInvalide
from generator.lot import manifeste
from generator.lot.empreintes_lot import empreinte_ligne, empreinte_reponses, sha256_fichier
from generator.lot.lecteur import Lecteur, erreurs_de_la_ligne, libelle
from generator.lot.nommage import Nommeur
from generator.lot.options import Options
from generator.plan import Plan


def _ecrit_par_le_lot(precedent: dict | None, sha256: str) -> bool:
    """The file was written by the previous run (same hash), or was being written when it stopped."""
    if not precedent:
        return False
    return precedent.get("statut") in (manifeste.EN_ATTENTE, manifeste.INTERROMPU) or precedent.get("sha256") == sha256


class Repartiteur:
    """Decides each row in the main process: error of the table, unchanged, refused, or sent to a worker."""

    def __init__(self, options: Options, plan: Plan, reader: Lecteur, library: str, previous: dict[int, dict]):
        self.options, self.plan, self.reader, self.library, self.previous = options, plan, reader, library, previous
        self.written_before = {row.get("fichier"): row for row in previous.values() if row.get("fichier")}
        self.namer = Nommeur(options.sortie, plan.type_document, lister=True)
        self.base = empreinte_reponses(reader.base)  # the shared answers: hashed once, not in every row

    def lignes(self) -> Iterator[tuple[manifeste.Entree, tuple | None]]:
        """(entry, the worker's task or None) for each row, in the table's order."""
        options = self.options
        for numero, reponses, cellules, ligne in self.reader.lignes():
            entry = manifeste.Entree(numero, libelle(self.plan, reponses, numero))
            entry.avertissements = list(ligne.avertissements)
            entry.fichier = self.namer.nom(entry.libelle, numero)
            try:
                if ligne.erreurs:
                    raise TableauInvalide(str(options.tableau), [])
                target = self.namer.chemin(entry.fichier)
            except ContinuumError as exc:
                entry.statut, entry.fichier = manifeste.ERREUR, ""
                entry.erreurs = erreurs_de_la_ligne(exc, ligne, self.reader.entetes)
                yield entry, None
                continue
            entry.empreinte = empreinte_ligne(self.base, cellules, reponses, self.library, options.brouillon,
                                              self.reader.champs_fichiers)
            before = self.previous.get(numero, {})
            current = sha256_fichier(target) if self.namer.existe(target) else None
            unchanged = (not options.forcer and before.get("empreinte") == entry.empreinte
                         and before.get("fichier") == entry.fichier and current is not None
                         and before.get("sha256") == current)
            if unchanged:
                entry.statut, entry.sha256 = manifeste.INCHANGE, before["sha256"]
                entry.pdf, entry.pdf_sha256 = before.get("pdf", ""), before.get("pdf_sha256", "")
                entry.avertissements = entry.avertissements + [
                    w for w in before.get("avertissements", []) if w not in entry.avertissements]
                yield entry, None
            elif (current is not None and not options.ecraser
                  and not _ecrit_par_le_lot(self.written_before.get(entry.fichier), current)):
                entry.statut, entry.fichier = manifeste.ERREUR, ""
                entry.erreurs = [f"ligne {numero} : {target.name} existe déjà et n'a pas été écrit tel quel par "
                                 "le lot précédent (modifié à la main ?) : il n'est pas remplacé ; "
                                 "renommez-le ou ajoutez --ecraser"]
                yield entry, None
            else:
                entry.statut = manifeste.EN_ATTENTE
                yield entry, (numero, options.type_document, reponses, str(target), options.brouillon,
                              str(options.tableau), cellules, self.reader.entetes)
