"""The generation pipeline, one step per module:

read answers (lecture) → validate (questionnaire.validation) → derive the
context (contexte) → select clauses (selection) → check every needed answer
(assemblage.variables_manquantes) → assemble and number (assemblage) →
render Word (rendu_docx) → write atomically (ecriture).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from generator import assemblage, bibliotheque, chemins, familles, referentiel, rendu_docx, selection
from generator.document import Document
from generator.ecriture import ecrire_atomique
from generator.erreurs import Probleme, ReponsesInvalides
from generator.lecture import lire_yaml
from generator.plan import Plan, charger_plan
from generator.questionnaire.definition import charger_questionnaire
from generator.questionnaire.validation import Validateur


@dataclass
class Resultat:
    """A generated document: its model, the .docx bytes, each clause's status and the warnings."""

    document: Document
    contenu: bytes
    choix: dict[str, selection.Choix]
    avertissements: list[str]
    contexte: dict = field(default_factory=dict)


def valider_reponses(plan: Plan, reponses: dict, fichier: str) -> dict:
    """Validated, normalised answers; raises with every problem listed at once."""
    library = bibliotheque.charger()
    questionnaire = charger_questionnaire(plan.questionnaire)
    validator = Validateur(questionnaire, referentiel.charger(), selection.verifier_mesures(library, plan.type_document))
    normalised, problems = validator.valider(reponses)
    if problems:
        raise ReponsesInvalides(fichier, problems)
    return normalised


def preparer(plan: Plan, reponses: dict, fichier: str) -> tuple[dict, dict[str, selection.Choix]]:
    """Context and clause choices, with every missing answer reported before rendering."""
    library = bibliotheque.charger()
    normalised = valider_reponses(plan, reponses, fichier)
    context = familles.construire(charger_questionnaire(plan.questionnaire), normalised, referentiel.charger())
    choices = selection.selectionner(library, plan.type_document, context)
    problems = (familles.problemes(plan.type_document, context, referentiel.charger())
                + selection.problemes_contextuels(choices, context) + assemblage.variables_manquantes(choices, context))
    if problems:
        raise ReponsesInvalides(fichier, problems)
    return context, choices


def assembler(type_document: str, reponses: dict, fichier: str = "réponses",
              brouillon: bool = True, libelles: dict[str, str] | None = None,
              ) -> tuple[Document, dict[str, selection.Choix], dict]:
    """The assembled document (not rendered), its clause choices and its context.

    ``libelles``: article numbers of a signed contract, cited by cross-references (avenants).
    """
    plan = charger_plan(type_document)
    context, choices = preparer(plan, reponses, fichier)
    document = assemblage.assembler(plan, bibliotheque.charger(), choices, context, brouillon=brouillon,
                                    libelles=libelles)
    document.proprietes["identifiant"] = identifiant(plan, choices)
    document.proprietes["version"] = uuid.uuid4().hex  # this very generation, found again by the registry
    return document, choices, context


def deux_versions(ancien: Path, nouveau: Path) -> tuple[str, tuple[Document, dict], tuple[Document, dict]]:
    """Two answers files of the same type, each assembled in final mode: (type, (old, context), (new, context))."""
    raw_old, raw_new = lire_yaml(ancien) or {}, lire_yaml(nouveau) or {}
    for path, raw in ((ancien, raw_old), (nouveau, raw_new)):
        if not isinstance(raw, dict):
            raise ReponsesInvalides(str(path), [Probleme("(fichier)", "un fichier de réponses (clés YAML) est attendu")])
    kinds = {str(raw_old.get("type")), str(raw_new.get("type"))}
    if len(kinds) != 1 or "None" in kinds:
        raise ReponsesInvalides(str(nouveau), [Probleme(
            "type", "les deux versions doivent être des réponses du même type de document", ", ".join(str(k) for k in kinds))])
    type_document = kinds.pop()
    with chemins.reponses_dans(ancien):  # data files named in each version start from its own folder
        old, _, old_context = assembler(type_document, raw_old, str(ancien), brouillon=False)
    with chemins.reponses_dans(nouveau):
        new, _, new_context = assembler(type_document, raw_new, str(nouveau), brouillon=False)
    return type_document, (old, old_context), (new, new_context)


def generer(type_document: str, reponses: dict, fichier: str = "réponses", brouillon: bool = True) -> Resultat:
    document, choices, context = assembler(type_document, reponses, fichier, brouillon)
    warnings = familles.avertissements(type_document, context)
    return Resultat(document, rendu_docx.rendre(document, charger_plan(type_document).modele), choices, warnings, context)


def identifiant(plan: Plan, choices: dict[str, selection.Choix]) -> str:
    """ "continuum:csi:<empreinte>": fingerprint of the clause ids and versions the document was built from."""
    versions = ",".join(sorted(f"{c.clause.id}@{c.clause.version}" for c in choices.values() if c.inclus))
    return f"continuum:{plan.type_document}:{hashlib.sha256(versions.encode()).hexdigest()[:16]}"


def generer_fichier(type_document: str, fichier_reponses: Path, sortie: Path, brouillon: bool = True) -> Resultat:
    raw = lire_yaml(fichier_reponses)
    with chemins.reponses_dans(fichier_reponses):  # relative data paths start from the answers' folder
        result = generer(type_document, raw if raw is not None else {}, str(fichier_reponses), brouillon)
    ecrire_atomique(sortie, result.contenu)
    return result
