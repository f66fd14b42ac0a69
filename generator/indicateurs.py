"""Delinquency indicators read from a CSV (infraction;lieu;periode;tranche_horaire;nombre).

Rows are aggregated by offence, place, period and time slot for the tables
of a diagnostic, and drawn as bar charts (SVG, with a 300 dpi PNG fallback)
to embed in the Word file.
Every malformed row is reported with its file and line.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

from generator import typographie
from generator.erreurs import FichierIllisible, Probleme
from generator.tableur import ouvrir_donnees

COLONNES = ("infraction", "lieu", "periode", "tranche_horaire", "nombre")
POLICE = "Liberation Serif"  # the templates' font (scripts/creer_modeles.py)
DPI = 300  # the PNG fallback of the vector chart


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
        if not (count.isascii() and count.isdigit()) or len(count) > 12:  # « ²³ » is not a count
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


@dataclass(frozen=True)
class Graphique:
    """A chart ready for Word: vector (SVG) with its 300 dpi PNG fallback, caption and alternative text."""

    svg: bytes
    png: bytes
    legende: str  # "Faits constatés par type d'infraction, 2025-T1 à 2025-T2 (source : …)"
    description: str  # alternative text (RGAA): what the chart shows, with its figures


def periode(lignes: list[dict]) -> str:
    """ "2025-T1 à 2025-T4" from the breakdown by period (sorted), or the single period."""
    labels = sorted(line["libelle"] for line in lignes)
    if not labels:
        return ""
    return labels[0] if labels[0] == labels[-1] else f"{labels[0]} à {labels[-1]}"


def source(chemin: str) -> str:
    """The source named in chart captions: the State services' indicators and the file's name (never its path)."""
    return f"indicateurs de délinquance des services de l'État, fichier {PurePath(str(chemin)).name}"


CATEGORIES_MAX = 25  # bars of one chart; the rest is one « Autres » bar (the table lists them all)
HAUTEUR_MAX = 11.0  # inches of one chart
LIBELLE_MAX = 60  # characters of a bar's label


def _libelle_graphique(text: str) -> str:
    """A label drawn as typed: matplotlib would read « $…$ » as mathematics (escaped), cut when too long."""
    text = text if len(text) <= LIBELLE_MAX else text[:LIBELLE_MAX - 1] + "…"
    return text.replace("$", "\\$")


def _barres(lignes: list[dict]) -> tuple[list[str], list[int]]:
    shown = lignes if len(lignes) <= CATEGORIES_MAX else lignes[:CATEGORIES_MAX - 1]
    labels = [_libelle_graphique(str(line["libelle"])) for line in shown]
    values = [line["valeur"] for line in shown]
    if len(lignes) > CATEGORIES_MAX:
        rest = lignes[CATEGORIES_MAX - 1:]
        labels.append(f"Autres ({len(rest)} catégories)")
        values.append(sum(line["valeur"] for line in rest))
    return labels[::-1], values[::-1]


def graphique(titre: str, lignes: list[dict], periode: str = "", source: str = "") -> Graphique:
    """A horizontal bar chart of a breakdown, drawn in the documents' font (Liberation Serif)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    labels, values = _barres(lignes)
    with matplotlib.rc_context({"font.family": "serif", "font.serif": [POLICE, "DejaVu Serif"],
                                "svg.fonttype": "path", "svg.hashsalt": "continuum"}):
        figure, axes = pyplot.subplots(figsize=(7.0, min(HAUTEUR_MAX, 0.45 * len(labels) + 1.0)))
        try:
            axes.barh(labels, values, color="#000091")
            axes.tick_params(labelsize=9)
            for spine in ("top", "right"):
                axes.spines[spine].set_visible(False)
            for index, value in enumerate(values):
                axes.text(value, index, f" {typographie.nombre(value)}", va="center", fontsize=9)
            figure.tight_layout()
            images = {}
            for kind, options in (("svg", {"metadata": {"Date": None}}), ("png", {"dpi": DPI})):
                buffer = io.BytesIO()
                figure.savefig(buffer, format=kind, **options)
                images[kind] = buffer.getvalue()
        finally:
            pyplot.close(figure)
    caption = titre + (f", {periode}" if periode else "") + (f" (source : {source})" if source else "")
    figures = " ; ".join(f"{line['libelle']} : {line['nombre']}" for line in lignes)
    description = f"Diagramme en barres horizontales. {titre}{f', {periode}' if periode else ''} : {figures}."
    return Graphique(images["svg"], images["png"], caption, description)
