"""Document families: what each type derives beyond the generic context.

Every family runs through the same pipeline (generator/generation.py); a
family only adds its derived variables (signatories' offices, the term,
the State's services), declared under ``derivees`` in its questionnaire.
"""

from __future__ import annotations

from importlib import import_module

from generator import contexte
from generator.erreurs import TypeDocumentInconnu
from generator.referentiel import Referentiel

FAMILLES = {"csi": "generator.familles.csi", "clcs": "generator.familles.clcs"}


def construire(questionnaire, reponses: dict, referentiel: Referentiel) -> dict:
    """Render context: generic transformation by question type, then the family's derivations."""
    try:
        family = import_module(FAMILLES[questionnaire.type_document])
    except KeyError:
        raise TypeDocumentInconnu(f"aucune famille de documents pour le type {questionnaire.type_document!r}") from None
    context = contexte.transformer(questionnaire, reponses, referentiel)
    family.deriver(context, referentiel)
    return context
