"""Semestrial report of the état-major de sécurité meetings (tableau de bord de la DNO).

The meetings come from a CSV file the user supplies (date;formation;objet). A
relative path not found from the working directory is looked up in data/, so
the shipped example works from any folder. Malformed rows are reported with
their line number.
"""

from __future__ import annotations

import datetime as dt

from generator import typographie
from generator.erreurs import FichierIllisible, Probleme
from generator.familles.ems import deriver_commun
from generator.questionnaire.validation import lire_date
from generator.referentiel import Referentiel
from generator.tableur import ouvrir_donnees

OBJECTIF_PAR_SEMESTRE = 6  # one meeting a month
_MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
         "novembre", "décembre"]
_CHAMP = "reunions_fichier"


def lire_reunions(chemin: str) -> tuple[list[dict], list[Probleme]]:
    """Meetings of the file and the problems found, each naming the file and the line."""
    try:
        table = ouvrir_donnees(chemin)
    except FichierIllisible as exc:
        return [], [Probleme(_CHAMP, f"fichier des réunions illisible : {exc}", chemin)]
    path = table.chemin
    if "date" not in table.colonnes:
        return [], [Probleme(_CHAMP, f"{path} : la première ligne doit nommer les colonnes date;formation;objet")]
    meetings, problems = [], []
    for line in table.lignes:
        cells = table.valeurs(line)
        date = lire_date(cells.get("date", ""))
        if date is None:
            problems.append(Probleme(_CHAMP, f"{path}, ligne {line.numero} : date invalide, attendu JJ/MM/AAAA",
                                     cells.get("date")))
            continue
        formation = cells.get("formation") or "plénière"
        meetings.append({"date": date, "date_texte": typographie.date_longue(date), "formation": formation,
                         "objet": cells.get("objet", ""), "pleniere": formation.lower().startswith("pl")})
    return meetings, problems


def deriver(contexte: dict, referentiel: Referentiel) -> None:
    deriver_commun(contexte, referentiel)
    year, half = contexte["semestre"]["annee"], int(contexte["semestre"]["numero"])
    first_month = 1 if half == 1 else 7
    start, end = dt.date(year, first_month, 1), dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
    contexte["periode_texte"] = f"du {typographie.date_longue(start)} au {typographie.date_longue(end)}"
    contexte["semestre_texte"] = f"{'premier' if half == 1 else 'second'} semestre {year}"
    meetings, problems = lire_reunions(contexte[_CHAMP])
    held = sorted((m for m in meetings if start <= m["date"] <= end), key=lambda m: m["date"])
    contexte["reunions"] = held
    contexte["nombre_reunions"] = len(held)
    contexte["nombre_plenieres"] = sum(1 for m in held if m["pleniere"])
    contexte["nombre_thematiques"] = len(held) - contexte["nombre_plenieres"]
    contexte["objectif_reunions"] = OBJECTIF_PAR_SEMESTRE
    months = {m["date"].month for m in held}
    contexte["mois_sans_reunion"] = [_MOIS[m - 1] for m in range(first_month, first_month + 6) if m not in months]
    contexte["_problemes_reunions"] = problems
    contexte["liste_signataires"] = [contexte["signataires"]["prefet"]]
    contexte["nombre_exemplaires"] = 1


def problemes(contexte: dict, referentiel: Referentiel) -> list[Probleme]:
    return list(contexte.get("_problemes_reunions", []))
