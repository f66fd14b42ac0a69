"""Document families: what each type derives beyond the generic context.

Every family runs through the same pipeline (generator/generation.py); a
family only adds its derived variables (signatories' offices, the term,
the State's services), declared under ``derivees`` in its questionnaire.
"""

from __future__ import annotations

from importlib import import_module

from generator import arbre, contexte, institutions
from generator.erreurs import Probleme, TypeDocumentInconnu
from generator.referentiel import Referentiel

FAMILLES = {
    "csi": "generator.familles.csi",
    "clcs": "generator.familles.clcs",
    "cls": "generator.familles.cls",
    "ems-arrete": "generator.familles.ems_arrete",
    "ems-reunion": "generator.familles.ems_reunion",  # the meeting's answers (derived context)
    "ems-ordre-du-jour": "generator.familles.ems_reunion",
    "ems-releve": "generator.familles.ems_releve",
    "ems-bilan": "generator.familles.ems_bilan",
    "padrsq": "generator.familles.padrsq",
}


def _famille(type_document: str):
    try:
        return import_module(FAMILLES[type_document])
    except KeyError:
        raise TypeDocumentInconnu(f"aucune famille de documents pour le type {type_document!r}") from None


def construire(questionnaire, reponses: dict, referentiel: Referentiel) -> dict:
    """Render context: generic transformation by question type, then the family's derivations."""
    _verifier_lieux(questionnaire, reponses, referentiel)
    context = contexte.transformer(questionnaire, reponses, referentiel)
    _famille(questionnaire.type_document).deriver(context, referentiel)
    if isinstance(context.get("departement"), dict) and "de" in context["departement"]:
        context.setdefault("entete", institutions.entete(context["departement"]))
    return context


def _verifier_lieux(questionnaire, reponses: dict, referentiel: Referentiel) -> None:
    """Every commune and département answered lies where the clauses apply (not in an overseas
    collectivity without département: data/referentiel/outre-mer.yaml)."""
    for question in questionnaire.parcourir():
        if question.type not in ("commune", "communes", "departement"):
            continue
        value = arbre.lire(reponses, question.chemin)
        if not value:
            continue
        if question.type == "departement":
            departement = referentiel.departement(value)
            institutions.verifier_hors_outre_mer(departement, f"{departement.nom} ({departement.code})")
            continue
        for code in value if question.type == "communes" else [value]:
            commune = referentiel.commune(code)
            institutions.verifier_hors_outre_mer(commune.departement, f"{commune.nom} ({commune.code})")


def problemes(type_document: str, context: dict, referentiel: Referentiel) -> list:
    """Cross-answer checks of a family (each a Probleme naming the field), and the State forces answered
    against those present in the département."""
    hook = getattr(_famille(type_document), "problemes", None)
    return _forces_presentes(context) + (hook(context, referentiel) if hook else [])


_CHAMPS_FORCES = ("forces", "territoire.forces")  # the question's path in each questionnaire


def _forces_presentes(context: dict) -> list:
    """Gendarmerie answered where public security is the police nationale's alone (Paris, petite couronne)."""
    police = context.get("police")
    if not isinstance(police, dict) or not police.get("type"):
        return []
    source = institutions.police_seule(police["type"])
    if source is None:
        return []
    out = []
    for path in _CHAMPS_FORCES:
        answer = arbre.lire(context, path)
        if answer in ("gendarmerie", "mixte"):
            out.append(Probleme(path, "à Paris et dans les Hauts-de-Seine, la Seine-Saint-Denis et le Val-de-Marne, "
                                      "la sécurité publique relève de la compétence exclusive de la préfecture de police "
                                      "(police nationale) : répondez « police » (source : " + source + ")", answer))
    return out


def avertissements(type_document: str, context: dict) -> list[str]:
    """Warnings a family raises on a valid context (e.g. a convention that would duplicate another)."""
    hook = getattr(_famille(type_document), "avertissements", None)
    return hook(context) if hook else []
