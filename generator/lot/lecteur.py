"""The batch's table read: each row as answers, its label, and its errors named by column and value.

The table is read once: its bytes are kept, and every pass over the rows parses those bytes,
so a file saved again meanwhile (Excel open, Ctrl-S) can never shift one row's content under
another row's name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from generator import arbre
from generator.erreurs import ContinuumError, FichierIllisible, ReponsesInvalides, TableauInvalide
from generator.lecture import lire_yaml
from generator.lot import colonnes as cols
from generator.lot.options import Options
from generator.plan import Plan
from generator.questionnaire.definition import charger_questionnaire
from generator.tableur import Ligne, lignes_brutes, lignes_nommees, lire_octets


class Lecteur:
    """Turns the table's rows into answers, from the bytes read once, as many times as needed."""

    def __init__(self, options: Options, plan: Plan):
        self.options = options
        self.contenu = lire_octets(options.tableau)
        self.sha256 = hashlib.sha256(self.contenu).hexdigest()
        self.questionnaire = charger_questionnaire(plan.questionnaire)
        self.colonnes = {c.nom: c for c in cols.colonnes(self.questionnaire)}
        self.champs_fichiers = tuple(q.id for q in self.questionnaire.parcourir() if q.id.endswith("_fichier"))
        self.base = self._base()
        rows = self._brutes()
        try:
            first = next(rows)
        except StopIteration:
            raise FichierIllisible(f"{options.tableau} : fichier vide, la première ligne doit nommer les colonnes") from None
        second = next(rows, None)
        header, self.deux_entetes = cols.resoudre_entetes(first.valeurs, second.valeurs if second else None,
                                                          self.questionnaire)
        while header and not header[-1]:
            header.pop()
        problems = cols.verifier_entetes(header, self.questionnaire, str(options.tableau))
        if problems:
            raise TableauInvalide(str(options.tableau), problems)
        self.entete = header
        self.entetes = [h for h in header if h]

    def _brutes(self):
        return lignes_brutes(self.options.tableau, self.options.feuille, self.contenu)

    def _base(self) -> dict:
        if self.options.base is None:
            return {}
        raw = lire_yaml(self.options.base)
        if raw is not None and not isinstance(raw, dict):
            raise FichierIllisible(f"{self.options.base} : un fichier de réponses (clés YAML) est attendu")
        return raw or {}

    def compter(self) -> int:
        """The rows to process (the template's example row aside), without building their answers."""
        self.exemples = 0
        count = 0
        for row in self._nommees():
            if row.cellules.get(cols.EXEMPLE):
                self.exemples += 1
            else:
                count += 1
        return count

    def _nommees(self) -> Iterator[Ligne]:
        rows = self._brutes()
        next(rows, None)
        if self.deux_entetes:
            next(rows, None)
        return lignes_nommees(rows, self.entete)

    def lignes(self) -> Iterator[tuple[int, dict, dict[str, str], Ligne]]:
        self.exemples = 0
        for row in self._nommees():
            if row.cellules.get(cols.EXEMPLE):
                self.exemples += 1
                continue  # the template's example row
            yield row.numero, cols.reponses_de_la_ligne(row.cellules, self.colonnes, self.base), row.cellules, row


def libelle(plan: Plan, reponses: dict, numero: int) -> str:
    """The row's label in messages and file names: the answer the plan names (``lot_libelle``), else its number."""
    value = arbre.lire(reponses, plan.lot_libelle) if plan.lot_libelle else None
    return str(value).strip()[:200] if value else f"ligne {numero}"


def messages(exc: ContinuumError, numero: int, cellules: dict[str, str], noms: list[str]) -> list[str]:
    """The errors of a row, each naming its row, its column (or the base file's answer) and its value."""
    if not isinstance(exc, ReponsesInvalides):
        return [f"ligne {numero} : {exc}"]
    out = []
    for problem in exc.problemes:
        column = cols.colonne_du_champ(problem.champ, noms)
        value = problem.valeur if problem.valeur is not None else cellules.get(column, "")
        where = f"colonne « {column} »" if column in cellules else f"réponse « {problem.champ} » (fichier de base)"
        shown = str(value)
        shown = f" (valeur : « {shown if len(shown) <= 120 else shown[:120] + '…'} »)" if value not in ("", None) else ""
        out.append(f"ligne {numero}, {where}{shown} : {problem.message}")
    return out


def erreurs_de_la_ligne(exc: ContinuumError, ligne: Ligne, noms: list[str]) -> list[str]:
    """A refused row's errors: its unreadable cells if any, else those of ``exc`` (:func:`messages`)."""
    if ligne.erreurs:
        return [f"ligne {ligne.numero}, {e}" for e in ligne.erreurs]
    return messages(exc, ligne.numero, ligne.cellules, noms)
