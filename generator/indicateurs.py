"""Delinquency indicators read from a CSV (infraction;lieu;periode;tranche_horaire;nombre).

Rows are aggregated by offence, place, period and time slot for the tables
of a diagnostic, and drawn as bar charts (PNG) to embed in the Word file.
Every malformed row is reported with its file and line.
"""

from __future__ import annotations

import io
from collections import Counter

from generator import typographie
from generator.erreurs import FichierIllisible, Probleme
from generator.tableur import ouvrir_donnees

COLONNES = ("infraction", "lieu", "periode", "tranche_horaire", "nombre")


def lire(chemin: str, champ: str) -> tuple[list[dict], list[Probleme]]:
    """The indicator rows and the problems found, each naming the file and the line."""
    try:
        table = ouvrir_donnees(chemin)
    except FichierIllisible as exc:
        return [], [Probleme(champ, f"fichier des indicateurs illisible : {exc}", chemin)]
    path, names = table.chemin, table.colonnes
    missing = [c for c in COLONNES if c not in names]
    if missing:
        return [], [Probleme(champ, f"{path} : colonnes manquantes ({', '.join(missing)}), attendu {';'.join(COLONNES)}")]
    rows, problems = [], []
    for line in table.lignes:
        cells = table.valeurs(line)
        empty = [c for c in COLONNES if not cells[c]]
        if empty:
            problems.append(Probleme(champ, f"{path}, ligne {line.numero} : valeur manquante ({', '.join(empty)})"))
            continue
        count = cells["nombre"].replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
        if not count.isdigit():
            problems.append(Probleme(champ, f"{path}, ligne {line.numero} : « nombre » doit être un entier positif",
                                     cells["nombre"]))
            continue
        rows.append({**{c: cells[c] for c in COLONNES[:4]}, "nombre": int(count)})
    return rows, problems


def repartition(rows: list[dict], colonne: str) -> list[dict]:
    """[{libelle, nombre, part}] sorted by count, part in French percent form."""
    totals = Counter()
    for row in rows:
        totals[row[colonne]] += row["nombre"]
    whole = sum(totals.values()) or 1
    ordered = sorted(totals.items(), key=lambda item: (-item[1], item[0])) if colonne != "periode" else sorted(totals.items())
    return [{"libelle": label, "nombre": typographie.nombre(value), "valeur": value,
             "part": f"{typographie.nombre(round(100 * value / whole, 1))} %"} for label, value in ordered]


def graphique(titre: str, lignes: list[dict]) -> bytes:
    """A horizontal bar chart (PNG) of a breakdown."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    labels = [line["libelle"] for line in lignes][::-1]
    values = [line["valeur"] for line in lignes][::-1]
    figure, axes = pyplot.subplots(figsize=(7.0, 0.45 * len(labels) + 1.2), dpi=110)
    try:
        axes.barh(labels, values, color="#000091")
        axes.set_title(titre, fontsize=11)
        axes.tick_params(labelsize=8)
        for spine in ("top", "right"):
            axes.spines[spine].set_visible(False)
        for index, value in enumerate(values):
            axes.text(value, index, f" {typographie.nombre(value)}", va="center", fontsize=8)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        pyplot.close(figure)
