"""Arrêté constituting the département's état-major de sécurité."""

from __future__ import annotations

from generator import institutions
from generator.familles.ems import deriver_commun, tribunal_administratif
from generator.referentiel import Referentiel

# Permanent members named by the circular, by the State forces present in the département: the police
# direction (data/referentiel/police-nationale.yaml) and the gendarmerie unit (data/referentiel/gendarmerie.yaml).
_AUTRES_MEMBRES = [
    "le directeur académique des services de l'éducation nationale",
    "le directeur départemental des finances publiques",
    "le directeur territorialement compétent de la direction générale des douanes et droits indirects",
]


def _forces_du_departement(police: dict) -> str:
    """The State forces when the answer is left empty: the police nationale alone where the préfecture de police
    is exclusively competent (Paris and the petite couronne), both forces elsewhere."""
    return "police" if institutions.police_seule(police["type"]) else "mixte"


def deriver(contexte: dict, referentiel: Referentiel) -> None:
    deriver_commun(contexte, referentiel)
    forces = contexte["forces"] = contexte.get("forces") or _forces_du_departement(contexte["police"])
    police = [contexte["police"]["le_directeur"]] if forces in ("police", "mixte") else []
    departement = referentiel.departement(contexte["departement"]["code"])
    gendarmerie = ([f"le {institutions.gendarmerie(departement).commandant[0]}"]
                   if forces in ("gendarmerie", "mixte") else [])
    contexte["membres"] = police + gendarmerie + _AUTRES_MEMBRES
    contexte["tribunal_administratif"] = tribunal_administratif(contexte, referentiel)
    contexte["liste_signataires"] = [contexte["signataires"]["prefet"]]
    contexte["nombre_exemplaires"] = 1
