"""Plan d'action départemental de restauration de la sécurité quotidienne (circulaire du 19 novembre 2024).

The diagnostic is built from the indicators file: breakdowns by offence,
place, period and time slot, with their charts.
"""

from __future__ import annotations

from generator import indicateurs, typographie
from generator.erreurs import Probleme
from generator.familles.ems import deriver_commun
from generator.referentiel import Referentiel

_CHAMP = "indicateurs_fichier"
_GRAPHIQUES = {
    "par_infraction": ("infraction", "Faits constatés par type d'infraction"),
    "par_lieu": ("lieu", "Faits constatés par commune ou zone"),
    "par_tranche": ("tranche_horaire", "Faits constatés par tranche horaire"),
}


def deriver(contexte: dict, referentiel: Referentiel) -> None:
    deriver_commun(contexte, referentiel)
    rows, problems = indicateurs.lire(contexte[_CHAMP], _CHAMP)
    contexte["_problemes_indicateurs"] = problems
    contexte["total_faits"] = typographie.nombre(sum(r["nombre"] for r in rows))
    contexte["par_periode"] = indicateurs.repartition(rows, "periode")
    contexte["graphiques"] = {}
    for key, (column, title) in _GRAPHIQUES.items():
        contexte[key] = indicateurs.repartition(rows, column)
        if rows:
            contexte["graphiques"][key] = indicateurs.graphique(
                title, contexte[key], indicateurs.periode(contexte["par_periode"]), indicateurs.source(contexte[_CHAMP]))
    contexte["liste_signataires"] = [contexte["signataires"]["prefet"]]
    contexte["nombre_exemplaires"] = 1


def problemes(contexte: dict, referentiel: Referentiel) -> list[Probleme]:
    return list(contexte.get("_problemes_indicateurs", []))
