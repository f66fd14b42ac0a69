"""Choose the clauses of a document from the answers.

A clause of the document type is included when it is mandatory (outright,
or because its rule on the answers holds), when the answers retain it, or,
for structural and quantified clauses, when its ``inclure_si`` rule holds.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from generator.bibliotheque import Bibliotheque, Clause
from generator.erreurs import AssemblageErreur, Probleme
from generator.gabarits import expression as compiler_expression

SOCLE, RETENUE, NON_RETENUE, AUTOMATIQUE = "socle", "retenue", "non retenue", "automatique"


@dataclass(frozen=True)
class Choix:
    clause: Clause
    statut: str

    @property
    def inclus(self) -> bool:
        return self.statut != NON_RETENUE


def evaluer(expression: str, contexte: dict, clause: Clause, champ: str) -> bool:
    try:
        return bool(compiler_expression(expression)(**contexte))
    except Exception as exc:  # noqa: BLE001 - reported with the clause and the rule
        raise AssemblageErreur(f"{clause.fichier} › {champ} : règle {expression!r} inévaluable ({exc})") from None


def est_socle(clause: Clause, contexte: dict) -> bool:
    if clause.obligatoire:
        return True
    if clause.obligatoire_si:
        return evaluer(clause.obligatoire_si, contexte, clause, "obligatoire_si")
    return False


def est_retenable(clause: Clause) -> bool:
    """Optional clauses the user may retain by id (the others follow rules)."""
    return clause.nature != "structure" and not clause.obligatoire and clause.inclure_si is None


def selectionner(bibliotheque: Bibliotheque, type_document: str, contexte: dict) -> dict[str, Choix]:
    retenues = set(contexte.get("mesures_retenues") or [])
    choix: dict[str, Choix] = {}
    for clause in bibliotheque.pour_type(type_document):
        if est_socle(clause, contexte):
            statut = SOCLE
        elif clause.inclure_si is not None:
            statut = AUTOMATIQUE if evaluer(clause.inclure_si, contexte, clause, "inclure_si") else NON_RETENUE
        elif clause.nature == "structure":
            statut = AUTOMATIQUE
        else:
            statut = RETENUE if clause.id in retenues else NON_RETENUE
        choix[clause.id] = Choix(clause, statut)
    return choix


def verifier_mesures(bibliotheque: Bibliotheque, type_document: str):
    """A checker for the ``mesures`` answers: known ids, optional measures only, no socle measure dropped."""
    clauses = {c.id: c for c in bibliotheque.pour_type(type_document)}

    def check(champ: str, ids: list[str]) -> list[Probleme]:
        problemes = []
        dropping = champ.endswith("ecartees")
        for index, clause_id in enumerate(ids, start=1):
            where = f"{champ}[{index}]"
            clause = clauses.get(clause_id)
            if clause is None:
                close = difflib.get_close_matches(clause_id, clauses, n=1)
                hint = f" ; vouliez-vous dire {close[0]!r} ?" if close else ""
                problemes.append(Probleme(where, f"mesure inconnue pour ce type de document{hint}", clause_id))
            elif dropping and clause.obligatoire:
                problemes.append(Probleme(where, motif_socle(clause), clause_id))
            elif clause.nature == "structure":
                problemes.append(Probleme(where, "stipulation de structure du document, qui n'est ni retenue ni écartée", clause_id))
            elif clause.inclure_si is not None:
                problemes.append(Probleme(
                    where, f"clause incluse automatiquement lorsque les réponses le prévoient ({clause.inclure_si})", clause_id))
        return problemes

    return check


def motif_socle(clause: Clause, regle: bool = False) -> str:
    """Why a mandatory measure cannot be dropped, citing the circular."""
    legal = f" ; fondement : {', '.join(clause.references)}" if clause.references else ""
    condition = " dans la situation de la commune (règle : " + clause.obligatoire_si + ")" if regle else ""
    return (
        f"la mesure « {clause.titre} » fait partie du socle obligatoire{condition} "
        f"({clause.source.citation()} : les mesures en gras « devront obligatoirement former le socle »){legal} ; "
        "elle ne peut pas être écartée"
    )


def problemes_contextuels(choix: dict[str, Choix], contexte: dict) -> list[Probleme]:
    """Checks that need the context: a measure made mandatory by a rule cannot be dropped."""
    problemes = []
    for index, clause_id in enumerate(contexte.get("mesures_ecartees") or [], start=1):
        selected = choix.get(clause_id)
        if selected and selected.statut == SOCLE and selected.clause.obligatoire_si:
            problemes.append(Probleme(f"mesures_ecartees[{index}]", motif_socle(selected.clause, regle=True), clause_id))
    retained = set(contexte.get("mesures_retenues") or [])
    for index, clause_id in enumerate(contexte.get("mesures_ecartees") or [], start=1):
        if clause_id in retained:
            problemes.append(Probleme(f"mesures_ecartees[{index}]", "mesure à la fois retenue et écartée", clause_id))
    return problemes
