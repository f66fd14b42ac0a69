"""A clause explained to a jurist: status and why, provenance, sample rendering, variables in plain French.

Used by ``continuum clauses voir`` and the printable library (generator/recueil.py).
"""

from __future__ import annotations

from generator import rendu_texte
from generator.bibliotheque import Clause
from generator.erreurs import ContinuumError
from generator.questionnaire.definition import charger_questionnaire

_TYPES_EN_CLAIR = {
    "texte": "texte", "entier": "nombre entier", "montant": "montant en euros", "booleen": "oui ou non",
    "date": "date", "choix": "choix dans une liste", "liste": "liste de textes", "groupe": "rubrique",
    "personne": "personne (civilité, prénom, nom)", "lieu": "commune ou lieu", "communes": "liste de communes",
    "personnes": "liste de personnes", "liste_objets": "liste de fiches", "epci": "EPCI",
    "mesures": "liste de mesures", "mesures_libres": "mesures rédigées par les parties",
}
_PARTIES = {"etat": "l'État", "collectivite": "la collectivité", "conjointe": "les parties conjointement"}


def statut(clause: Clause) -> str:
    """ "Mesure du socle obligatoire : …", "Mesure facultative : …", with the reason."""
    if clause.obligatoire:  # in the family's own words: socle (CSI), recommended axis (CLCS), requirement (CLS)
        from generator.selection import libelle_socle

        label = libelle_socle(clause)
        why = clause.source.socle or "reprise d'office dans chaque document de ce type"
        code = f"la mesure {clause.mesure} de l'annexe" if clause.mesure else "cette stipulation"
        return f"{label[:1].upper()}{label[1:]} : {code} est incluse d'office dans le document ({clause.source.court} : {why})."
    if clause.obligatoire_si:
        return (f"Socle selon la situation : obligatoire lorsque la règle « {clause.obligatoire_si} » est vraie "
                "pour les réponses, facultative sinon.")
    if clause.inclure_si:
        return f"Incluse automatiquement lorsque les réponses le prévoient (règle « {clause.inclure_si} »)."
    if clause.nature == "structure":
        return "Stipulation de structure du document, toujours présente."
    if clause.nature == "complementaire":
        return "Mesure complémentaire facultative : incluse si les parties la retiennent (mesures_retenues)."
    return "Mesure facultative : incluse si les parties la retiennent (mesures_retenues)."


def provenance(clause: Clause) -> str:
    if not clause.variante_locale:
        return "bibliothèque livrée avec Continuum"
    text = f"{clause.variante_locale}, fichier {clause.fichier}"
    if clause.socle_livre:
        text += " — variante locale d'une mesure du socle"
    return text


def partie(clause: Clause) -> str:
    return _PARTIES.get(clause.partie, clause.partie)


def texte_exemple(clause: Clause) -> str:
    """The text rendered with the clause's first sample (one paragraph per line)."""
    exemple = clause.exemples[0]
    numeros = dict(exemple.numeros)
    try:
        return rendu_texte.rendre(clause, exemple.reponses, numeros, set(numeros) | set(exemple.retenues))
    except ContinuumError as exc:
        return f"(rendu impossible avec le premier exemple : {exc})"


def variables_en_clair(clause: Clause) -> list[str]:
    """ "Effectif actuel de la police municipale (engagements.commune.…) : nombre entier, facultatif"."""
    questions, derived = {}, {}
    for type_document in clause.types:
        try:
            questionnaire = charger_questionnaire(type_document)
        except ContinuumError:
            continue
        for question in questionnaire.parcourir():
            questions.setdefault(question.chemin, question.libelle)
        for path, spec in questionnaire.derivees.items():
            derived.setdefault(path, spec.get("description", ""))
    lines = []
    for path, kind in clause.variables.items():
        optional = str(kind).endswith("?")
        kind = str(kind).rstrip("?")
        label = questions.get(path) or derived.get(path) or "réponse au questionnaire"
        origin = "" if path in questions else (" (calculé)" if path in derived else "")
        lines.append(f"{label}{origin} — {path} : {_TYPES_EN_CLAIR.get(kind, kind)}"
                     + (", facultatif" if optional else ""))
    return lines
