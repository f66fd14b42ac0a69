"""Arrêté constituting the département's état-major de sécurité."""

from __future__ import annotations

from generator.familles.ems import deriver_commun, tribunal_administratif
from generator.referentiel import Referentiel

# Permanent members named by the circular, by the State forces present in the département.
# The police direction (DDPN or DIPN) comes from data/referentiel/police-nationale.yaml.
_FORCES = {
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
    police = [contexte["police"]["le_directeur"]] if forces in ("police", "mixte") else []
    gendarmerie = _FORCES["gendarmerie"] if forces in ("gendarmerie", "mixte") else []
    contexte["membres"] = police + gendarmerie + _AUTRES_MEMBRES
    contexte["tribunal_administratif"] = tribunal_administratif(contexte, referentiel)
    contexte["liste_signataires"] = [contexte["signataires"]["prefet"]]
    contexte["nombre_exemplaires"] = 1
