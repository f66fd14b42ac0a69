"""Ordre du jour and relevé de décisions of a meeting of the état-major de sécurité."""

from __future__ import annotations

from generator.familles.ems import deriver_commun
from generator.referentiel import Referentiel


def deriver(contexte: dict, referentiel: Referentiel) -> None:
    deriver_commun(contexte, referentiel)
    signataires = contexte["signataires"]
    contexte["liste_signataires"] = [signataires["prefet"], signataires["procureur"]]
    contexte["nombre_exemplaires"] = 2
