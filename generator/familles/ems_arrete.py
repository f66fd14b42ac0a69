"""Arrêté constituting the département's état-major de sécurité."""

from __future__ import annotations

from generator.familles.ems import deriver_commun
from generator.referentiel import Referentiel

# Permanent members named by the circular, by the State forces present in the département.
_FORCES = {
    "police": ["le directeur départemental de la police nationale"],
    "gendarmerie": ["le commandant du groupement de gendarmerie départementale"],
}
_AUTRES_MEMBRES = [
    "le directeur académique des services de l'éducation nationale",
    "le directeur départemental des finances publiques",
    "le directeur territorialement compétent de la direction générale des douanes et droits indirects",
]


def deriver(contexte: dict, referentiel: Referentiel) -> None:
    deriver_commun(contexte, referentiel)
    forces = contexte.get("forces") or "mixte"
    police = _FORCES["police"] if forces in ("police", "mixte") else []
    gendarmerie = _FORCES["gendarmerie"] if forces in ("gendarmerie", "mixte") else []
    contexte["membres"] = police + gendarmerie + _AUTRES_MEMBRES
    contexte["liste_signataires"] = [contexte["signataires"]["prefet"]]
    contexte["nombre_exemplaires"] = 1
