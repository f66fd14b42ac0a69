"""Spreadsheets and CSV files of the registry: the export and the yearly census."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from generator.ecriture import ecrire_atomique
from generator.registre import models as m
from generator.registre.presentation import COLONNES, date_fr, ligne
from generator.registre.services.recensement import RecensementDepartement

LIBELLES_COLONNES = {
    "reference": "Référence", "type": "Type", "intitule": "Intitulé", "statut": "Statut", "departement": "Département",
    "communes": "Communes (INSEE)", "epci": "EPCI (SIREN)", "zone": "Zone", "force": "Force de l'État",
    "numero_acte": "N° d'acte", "date_signature": "Signature", "date_entree_vigueur": "Entrée en vigueur",
    "date_echeance": "Échéance", "preavis_mois": "Préavis (mois)", "date_fin": "Fin", "versions": "Versions",
    "remplace": "Renouvelle", "avenant_de": "Avenant de", "numero_avenant": "N° d'avenant",
}


def csv_texte(rows: list[dict], colonnes=COLONNES) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(colonnes), delimiter=";", lineterminator="\r\n", extrasaction="ignore")
    writer.writerow({c: LIBELLES_COLONNES.get(c, c) for c in colonnes})
    writer.writerows(rows)
    return buffer.getvalue()


def _feuille(workbook, titre: str, entetes: list[str], lignes: list[list]):
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(titre[:31])
    sheet.append(entetes)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in lignes:
        sheet.append(row)
    for index, header in enumerate(entetes, start=1):
        width = max([len(str(header))] + [len(str(r[index - 1])) for r in lignes if index - 1 < len(r)])
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(60, width + 2)
    sheet.freeze_panes = "A2"
    return sheet


def _enregistrer(workbook, sortie: Path) -> None:
    buffer = io.BytesIO()
    workbook.save(buffer)
    ecrire_atomique(sortie, buffer.getvalue())


def exporter(accords: list[m.Accord], sortie: Path) -> int:
    """Every agreement, one row each, as .xlsx or .csv (« ; », UTF-8 with BOM for Excel)."""
    rows = [ligne(a) for a in accords]
    if sortie.suffix.lower() == ".csv":
        ecrire_atomique(sortie, ("\ufeff" + csv_texte(rows)).encode("utf-8"))
        return len(rows)
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    _feuille(workbook, "Registre", [LIBELLES_COLONNES[c] for c in COLONNES], [[r[c] for c in COLONNES] for r in rows])
    _enregistrer(workbook, sortie)
    return len(rows)


def _liste(accords: list[m.Accord]) -> list[list]:
    return [[a.reference, a.type_document, a.intitule, a.libelle_statut, date_fr(a.date_signature),
             date_fr(a.date_echeance), a.remplace.reference if a.remplace_id else "",
             a.accord_initial.reference if a.accord_initial_id else ""] for a in accords]


_ENTETES_LISTE = ["Référence", "Type", "Intitulé", "Statut", "Signature", "Échéance", "Renouvelle", "Avenant de"]


def _synthese(workbook, recensements: list[RecensementDepartement]) -> None:
    rows = []
    for r in recensements:
        rows += [[r.departement, r.nom, "Accords signés dans l'année", len(r.signes)],
                 [r.departement, r.nom, "dont renouvellements", len(r.renouveles)],
                 [r.departement, r.nom, "Accords modifiés par avenant dans l'année", len(r.modifies)],
                 [r.departement, r.nom, "Avenants signés dans l'année", len(r.avenants)],
                 [r.departement, r.nom, f"Accords arrivant à échéance en {r.annee + 1}", len(r.echeant)]]
        for semester, count in (r.reunions or {}).items():
            rows.append([r.departement, r.nom, f"Réunions de l'état-major de sécurité, {semester} {r.annee}", count])
    _feuille(workbook, "Synthèse", ["Département", "Nom", "Indicateur", "Nombre"], rows)


def _couverture(workbook, recensements: list[RecensementDepartement]) -> None:
    from openpyxl.chart import BarChart, Reference

    rows = []
    for r in recensements:
        for kind, cover in r.couverture.items():
            rows.append([r.departement, kind, cover.communes, r.communes_departement, cover.population,
                         r.population_departement, round(cover.part * 100, 1)])
    sheet = _feuille(workbook, "Couverture", ["Département", "Type", "Communes couvertes", "Communes du département",
                                              "Population couverte", "Population du département",
                                              "Part de la population (%)"], rows)
    if rows:
        chart = BarChart()
        chart.title = "Part de la population couverte par un accord en vigueur"
        chart.y_axis.title = "%"
        chart.x_axis.title = "Type d'accord"
        chart.add_data(Reference(sheet, min_col=7, min_row=1, max_row=len(rows) + 1), titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=2, min_row=2, max_row=len(rows) + 1))
        chart.width, chart.height = 18, 9
        sheet.add_chart(chart, "I2")


def ecrire_recensement(recensements: list[RecensementDepartement], annee: int, sortie: Path) -> None:
    """The census workbook: summary, counts by type and status, lists, coverage with its chart."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    _synthese(workbook, recensements)
    counts = [[r.departement, kind, m.LIBELLES_STATUTS.get(status, status), n]
              for r in recensements for kind, by_status in r.par_type_statut.items() for status, n in by_status.items()]
    au = next((r.au for r in recensements if r.au), None)  # statuses as of a date (audit trail), or current
    status = f"Statut au {au.strftime('%d/%m/%Y')}" if au else "Statut"
    _feuille(workbook, "Par type et statut", ["Département", "Type", status, "Nombre"], counts)
    _feuille(workbook, f"Signés en {annee}", _ENTETES_LISTE, _liste([a for r in recensements for a in r.signes]))
    _feuille(workbook, f"Avenants {annee}", _ENTETES_LISTE, _liste([a for r in recensements for a in r.avenants]))
    _feuille(workbook, f"Échéances {annee + 1}", _ENTETES_LISTE, _liste([a for r in recensements for a in r.echeant]))
    _couverture(workbook, recensements)
    if any(r.reunions for r in recensements):
        _feuille(workbook, "Réunions EMS", ["Département", "Semestre", "Réunions"],
                 [[r.departement, f"{s} {annee}", n] for r in recensements for s, n in (r.reunions or {}).items()])
    _enregistrer(workbook, sortie)
