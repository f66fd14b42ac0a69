"""A meeting of the état-major de sécurité: its agenda (before) and its record of decisions (after).

Both documents read the same answers (questionnaire « ems-reunion »); the record also
needs the decisions of every point (see ``ems_releve.problemes``).
"""

from __future__ import annotations

from generator.familles.ems import deriver_commun, problemes_signataires
from generator.referentiel import Referentiel


def deriver(contexte: dict, referentiel: Referentiel) -> None:
    deriver_commun(contexte, referentiel)
    signataires = contexte["signataires"]
    contexte["liste_signataires"] = [signataires["prefet"], signataires["procureur"]]
    contexte["nombre_exemplaires"] = 2


def problemes(contexte: dict, referentiel: Referentiel) -> list:
    return problemes_signataires(contexte, referentiel)
