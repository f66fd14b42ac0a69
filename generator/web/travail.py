"""The workspace's operations on an agreement, each a call into the shared pipeline.

Views stay thin: they parse the request and call these functions, which call
``generator.generation`` and the registry's services. The answers being edited
live on the agreement (``Accord.reponses``), never in the browser session.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from generator import bibliotheque, generation, referentiel, selection
from generator.erreurs import ContinuumError, Probleme, ReponsesInvalides
from generator.lecture import lire_yaml
from generator import chemins
from generator.plan import charger_plan, types_disponibles
from generator.questionnaire.definition import Questionnaire, charger_questionnaire
from generator.questionnaire.validation import Validateur
from generator.registre import models as m
from generator.registre.services.ecriture import journaliser, transaction_ecriture
from generator.registre.services.versions import enregistrer_generation
from generator.web import pages as web_pages

# One line per type and its source text (data/sources.yaml key).
DESCRIPTIONS = {
    "csi": ("Contrat entre l'État et une commune (ou un EPCI) : socle de mesures obligatoires, "
            "engagements chiffrés, gouvernance et évaluation.", "csi-2021"),
    "clcs": ("Convention de coopération entre l'État, les donneurs d'ordre et les prestataires de sécurité "
             "privée sur une zone ou pour un événement.", "clcs-2016"),
    "cls": ("Contrat local de sécurité : diagnostic, plan d'action en fiches-actions, comité de pilotage "
            "et bilan annuel.", "cls-2000"),
    "ems-arrete": ("Arrêté préfectoral de constitution de l'état-major de sécurité du département.", "ems-2009"),
    "ems-ordre-du-jour": ("Ordre du jour d'une réunion de l'état-major de sécurité, établi avant la réunion.", "ems-2009"),
    "ems-releve": ("Relevé de décisions d'une réunion de l'état-major de sécurité, établi après la réunion.", "ems-2009"),
    "ems-bilan": ("Bilan semestriel des réunions de l'état-major de sécurité.", "ems-2009"),
    "padrsq": ("Plan d'action départemental de restauration de la sécurité quotidienne.", "padrsq-2024"),
}


@dataclass(frozen=True)
class TypeDocument:
    code: str
    intitule: str
    description: str
    source: str
    en_ligne: bool  # False: the questionnaire names a data file, to be given on the command line

    @property
    def raison_hors_ligne(self) -> str:
        return "" if self.en_ligne else ("ce type lit un fichier de données (CSV) : générez-le avec "
                                         f"« continuum generer {self.code} »")


@cache
def _sources() -> dict:
    return lire_yaml(chemins.data() / "sources.yaml") or {}


def types_documents() -> list[TypeDocument]:
    out = []
    for code in types_disponibles():
        plan = charger_plan(code)
        description, source_key = DESCRIPTIONS.get(code, ("", ""))
        source = (_sources().get(source_key) or {}).get("intitule", "")
        questionnaire = charger_questionnaire(plan.questionnaire)
        files = any(q.id.endswith("_fichier") for q in questionnaire.parcourir())
        out.append(TypeDocument(code, plan.intitule, description, source[:1].upper() + source[1:], not files))
    return out


def type_document(code: str) -> TypeDocument | None:
    return next((t for t in types_documents() if t.code == code), None)


def questionnaire_de(accord: m.Accord) -> Questionnaire:
    return charger_questionnaire(charger_plan(accord.type_document).questionnaire)


def pages_de(accord: m.Accord) -> list[web_pages.Page]:
    return web_pages.pages(questionnaire_de(accord))


def validateur(type_document: str) -> Validateur:
    plan = charger_plan(type_document)
    return Validateur(charger_questionnaire(plan.questionnaire), referentiel.charger(),
                      selection.verifier_mesures(bibliotheque.charger(), type_document))


def valider(accord: m.Accord, reponses: dict | None = None) -> tuple[dict, list[Probleme]]:
    """Normalised answers and every problem, by the CLI's validator."""
    raw = dict(accord.reponses if reponses is None else reponses)
    raw["type"] = accord.type_document
    return validateur(accord.type_document).valider(raw)


def enregistrer_reponses(accord: m.Accord, reponses: dict, auteur: str, page: str) -> None:
    """Save the answers on the agreement (every page, even with problems: nothing typed is lost)."""
    with transaction_ecriture():
        locked = m.Accord.objects.select_for_update().get(pk=accord.pk)
        locked.reponses = {"type": accord.type_document, **{k: v for k, v in reponses.items() if k != "type"}}
        locked.save(update_fields=["reponses", "modifie_le"])
        journaliser(locked, "reponses", auteur, page=page)
    accord.reponses = locked.reponses


def problemes_de_page(page: web_pages.Page, problemes: list[Probleme]) -> list[Probleme]:
    return [p for p in problemes if page.contient(p.champ)]


def generer(accord: m.Accord, *, brouillon: bool, auteur: str, service: m.Service | None) -> m.Version:
    """Generate with the CLI's pipeline and record the version in the registry."""
    reponses = dict(accord.reponses)
    reponses["type"] = accord.type_document
    result = generation.generer(accord.type_document, reponses, f"réponses de l'accord {accord.reference}", brouillon)
    return enregistrer_generation(accord.type_document, reponses, result, result.contenu, origine="web",
                                  auteur=auteur, accord=accord, service=service, format="docx",
                                  nom_original=f"{accord.reference}{'-projet' if brouillon else ''}.docx")


def erreurs_de_generation(exc: ContinuumError) -> list[Probleme]:
    if isinstance(exc, ReponsesInvalides):
        return list(exc.problemes)
    return [Probleme("(document)", exc.message)]
