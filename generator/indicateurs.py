"""Delinquency indicators read from a CSV (infraction;lieu;periode;tranche_horaire;nombre).

Rows are aggregated by offence, place, period and time slot for the tables
of a diagnostic, and drawn as bar charts (PNG) to embed in the Word file.
Every malformed row is reported with its file and line.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

from generator import chemins, typographie
from generator.erreurs import Probleme

COLONNES = ("infraction", "lieu", "periode", "tranche_horaire", "nombre")


def _texte(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")  # pragma: no cover - cp1252 decodes any byte but five


def lire(chemin: str, champ: str) -> tuple[list[dict], list[Probleme]]:
    path = chemins.fichier_de_donnees(chemin)
    try:
        text = _texte(path.read_bytes())
    except OSError:
        return [], [Probleme(champ, f"fichier des indicateurs introuvable ({path})", chemin)]
    first = text.splitlines()[0] if text.strip() else ""
    reader = csv.DictReader(io.StringIO(text), delimiter=";" if first.count(";") >= first.count(",") else ",")
    headers = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in COLONNES if c not in headers]
    if missing:
        return [], [Probleme(champ, f"{path} : colonnes manquantes ({', '.join(missing)}), attendu "
                                    f"{';'.join(COLONNES)}", first)]
    rows, problems = [], []
    for number, row in enumerate(reader, start=2):
        cells = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        if not any(cells.values()):
            continue
        empty = [c for c in COLONNES if not cells.get(c)]
        if empty:
            problems.append(Probleme(champ, f"{path}, ligne {number} : valeur manquante ({', '.join(empty)})"))
            continue
        count = cells["nombre"].replace("\u202f", "").replace(" ", "")
        if not count.isdigit():
            problems.append(Probleme(champ, f"{path}, ligne {number} : « nombre » doit être un entier positif",
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
