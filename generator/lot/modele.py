"""`continuum lot modele TYPE`: an empty input table with documented columns and one example row."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from generator.ecriture import ecrire_atomique
from generator.erreurs import FichierIllisible
from generator.lecture import lire_yaml
from generator import arbre
from generator.lot import colonnes as cols
from generator.plan import charger_plan
from generator.questionnaire.definition import charger_questionnaire

ENTETES_DOC = ("colonne", "libellé", "format", "obligatoire", "aide")


def _documentation(columns: list[cols.Colonne]) -> list[list[str]]:
    rows = []
    for column in columns:
        question = column.question
        mandatory = "oui" if question.requis else ("selon les réponses" if question.requis_si else "non")
        rows.append([column.nom, question.libelle, column.format, mandatory, " ".join(question.aide.split())])
    return rows


def ecrire_modele(type_document: str, destination: Path) -> list[str]:
    """Write the template table; return the files written."""
    plan = charger_plan(type_document)
    columns = cols.colonnes(charger_questionnaire(plan.questionnaire))
    example = lire_yaml(plan.exemple)
    row = [cols.texte_de_cellule(c.question, arbre.lire(example, c.nom)) for c in columns]
    headers = [c.nom for c in columns]
    suffix = destination.suffix.lower()
    if suffix == ".xlsx":
        _xlsx(destination, headers, row, _documentation(columns))
        return [str(destination)]
    if suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerows([headers, row])
        ecrire_atomique(destination, buffer.getvalue().encode("utf-8-sig"))
        doc_path = destination.with_name(destination.stem + ".colonnes.csv")
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerows([list(ENTETES_DOC), *_documentation(columns)])
        ecrire_atomique(doc_path, buffer.getvalue().encode("utf-8-sig"))
        return [str(destination), str(doc_path)]
    raise FichierIllisible(f"{destination} : extension attendue .xlsx ou .csv")


def _xlsx(destination: Path, headers: list[str], row: list[str], documentation: list[list[str]]) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Lignes"
    sheet.append(headers)
    sheet.append(row)
    for cell, doc in zip(sheet[1], documentation):
        cell.font = Font(bold=True)
        cell.comment = Comment(f"{doc[1]}\nFormat : {doc[2]}\nObligatoire : {doc[3]}", "Continuum")
        sheet.column_dimensions[cell.column_letter].width = max(14, min(40, len(cell.value) + 2))
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("Colonnes")
    notes.append(list(ENTETES_DOC))
    for line in documentation:
        notes.append(line)
    for cell in notes[1]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    ecrire_atomique(destination, buffer.getvalue())
