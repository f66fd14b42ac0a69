"""Choose the clauses of a document from the answers.

A clause of the document type is included when it is mandatory (outright,
or because its rule on the answers holds), when the answers retain it, or,
for structural and quantified clauses, when its ``inclure_si`` rule holds.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from generator.bibliotheque import Bibliotheque, Clause
from generator.erreurs import AssemblageErreur, ContinuumError, Probleme
from generator.gabarits import expression as compiler_expression
from generator.plan import LIBELLE_SOCLE, Plan, charger_plan

SOCLE, RETENUE, NON_RETENUE, AUTOMATIQUE = "socle", "retenue", "non retenue", "automatique"
SOCLE_ECARTEE = "socle écartée"  # a socle measure studied and set aside, with its reason


@dataclass(frozen=True)
class Choix:
    """The status a clause gets in one document (socle, retained, set aside…) and why."""

    clause: Clause
    statut: str
    motif: str | None = None  # why a measure was studied and set aside

    @property
    def inclus(self) -> bool:
        return self.statut not in (NON_RETENUE, SOCLE_ECARTEE)


def ecartements(contexte: dict) -> dict[str, str | None]:
    """Measures set aside, by id, with their stated reason (``mesures_ecartees``: ids or ``{id, motif}``)."""
    out: dict[str, str | None] = {}
    for item in contexte.get("mesures_ecartees") or []:
        clause_id, motif = (item, None) if isinstance(item, str) else (item.get("id"), item.get("motif"))
        out[clause_id] = motif or None
    return out


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
    """Each clause's status. A socle measure is "à étudier": set aside only with a stated reason."""
    retenues = set(contexte.get("mesures_retenues") or [])
    ecartees = ecartements(contexte)
    choix: dict[str, Choix] = {}
    for clause in bibliotheque.pour_type(type_document):
        motif = ecartees.get(clause.id)
        if est_socle(clause, contexte):
            statut = SOCLE_ECARTEE if motif else SOCLE
        elif clause.inclure_si is not None:
            statut = AUTOMATIQUE if evaluer(clause.inclure_si, contexte, clause, "inclure_si") else NON_RETENUE
        elif clause.nature == "structure":
            statut = AUTOMATIQUE
        else:
            statut = RETENUE if clause.id in retenues else NON_RETENUE
        choix[clause.id] = Choix(clause, statut, motif if statut in (SOCLE_ECARTEE, NON_RETENUE) else None)
    return choix


def verifier_mesures(bibliotheque: Bibliotheque, type_document: str):
    """A checker for the ``mesures`` answers: known ids, no structural clause, a reason for every required clause set aside.

    Items are ids, or ``{id, motif}`` for measures set aside after study. Messages name a required
    clause in the family's own words (its plan's ``libelle_socle``).
    """
    clauses = {c.id: c for c in bibliotheque.pour_type(type_document)}
    plan = _plan(type_document)

    def check(champ: str, items: list) -> list[Probleme]:
        problemes = []
        dropping = champ.endswith("ecartees")
        for index, item in enumerate(items, start=1):
            where = f"{champ}[{index}]"
            clause_id, motif = (item, None) if isinstance(item, str) else (item.get("id"), item.get("motif"))
            clause = clauses.get(clause_id)
            if clause is None:
                close = difflib.get_close_matches(str(clause_id), clauses, n=1)
                hint = f" ; vouliez-vous dire {close[0]!r} ?" if close else ""
                problemes.append(Probleme(where, f"mesure inconnue pour ce type de document{hint}", clause_id))
            elif dropping and clause.obligatoire and isinstance(item, str):  # a field without reasons (mesures)
                problemes.append(Probleme(where, motif_socle(clause, motivable=False, plan=plan), clause_id))
            elif dropping and clause.obligatoire and not motif:
                problemes.append(Probleme(f"{where}.motif", motif_socle(clause, plan=plan), clause_id))
            elif clause.nature == "structure":
                problemes.append(Probleme(where, "stipulation de structure du document, qui n'est ni retenue ni écartée", clause_id))
            elif clause.inclure_si is not None:
                problemes.append(Probleme(
                    where, f"clause incluse automatiquement lorsque les réponses le prévoient ({clause.inclure_si})", clause_id))
        return problemes

    return check


def _plan(type_document: str) -> Plan | None:
    try:
        return charger_plan(type_document)
    except ContinuumError:
        return None


def citation_socle(clause: Clause) -> str:
    """The source of a required clause, with the text's own words on its socle quoted in full when it has some
    (the 2021 circular: « devront obligatoirement former le socle des mesures à étudier… »)."""
    quote = f" : {clause.source.socle}" if clause.source.socle else ""
    return f"{clause.source.citation()}{quote}"


def libelle_socle(clause: Clause, plan: Plan | None = None) -> str:
    """The family's name for a required clause: "mesure du socle à étudier" (CSI), "axe recommandé par la
    circulaire" (CLCS axes), "exigence de la circulaire" (CLS, CLCS), "composante que la circulaire demande
    d'inclure dans le plan" (PADRSQ) — data/documents/<type>.yaml ``libelle_socle`` or the catalogue's mention."""
    plan = plan or (_plan(clause.types[0]) if clause.types else None)
    return plan.libelle(clause.mesure) if plan is not None else LIBELLE_SOCLE


def motif_socle(clause: Clause, regle: bool = False, motivable: bool = True, plan: Plan | None = None) -> str:
    """Why a required clause needs a stated reason to be set aside (or, where answers carry no reason, cannot be).

    Worded with the family's own label: only the CSI quotes the 2021 circular's « socle des mesures à étudier ».
    """
    legal = f" ; fondement : {', '.join(clause.references)}" if clause.references else ""
    condition = " dans la situation de la commune (règle : " + clause.obligatoire_si + ")" if regle else ""
    suite = ("cette stipulation doit être étudiée et ne peut être écartée qu'avec un motif, repris dans l'annexe : "
             f"écrivez « - id: {clause.id} » puis, en dessous, « motif: … »" if motivable
             else "cette stipulation ne peut pas être écartée")
    return (f"« {clause.titre} » : {libelle_socle(clause, plan)}{condition} "
            f"({citation_socle(clause)}){legal} ; {suite}")


def problemes_contextuels(choix: dict[str, Choix], contexte: dict) -> list[Probleme]:
    """Checks that need the context: a measure made socle by a rule is set aside only with a reason."""
    problemes = []
    retained = set(contexte.get("mesures_retenues") or [])
    for index, item in enumerate(contexte.get("mesures_ecartees") or [], start=1):
        clause_id, motif = (item, None) if isinstance(item, str) else (item.get("id"), item.get("motif"))
        selected = choix.get(clause_id)
        if selected and selected.statut == SOCLE and selected.clause.obligatoire_si and not motif:
            motivable = not isinstance(item, str)
            problemes.append(Probleme(f"mesures_ecartees[{index}]" + (".motif" if motivable else ""),
                                      motif_socle(selected.clause, regle=True, motivable=motivable), clause_id))
        if clause_id in retained:
            problemes.append(Probleme(f"mesures_ecartees[{index}]", "mesure à la fois retenue et écartée", clause_id))
    return problemes
