"""`continuum lot modele TYPE`: an empty input table with documented columns and one example row.

The Excel template is written for the person who fills it: each header cell
shows the question's French label (distinct: « Préfet : civilité »), the row
below holds the stable answer path (what the reader keys on), choices and
oui/non have drop-down lists, date columns are date cells, the « Colonnes »
sheet explains every column, and the example row is marked as such in the
first column, so that the batch skips it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from generator import arbre
from generator.ecriture import ecrire_atomique
from generator.erreurs import FichierIllisible
from generator.lecture import lire_yaml
from generator.lot import colonnes as cols
from generator.plan import charger_plan
from generator.questionnaire.definition import charger_questionnaire
from generator.questionnaire.validation import lire_date

ENTETES_DOC = ("colonne", "libellé", "format", "obligatoire", "aide")
MARQUE_EXEMPLE = "EXEMPLE – ligne ignorée"
_LIGNES_VALIDEES = 2000  # rows that carry the drop-down lists and date formats


def _documentation(columns: list[cols.Colonne], labels: dict[str, str]) -> list[list[str]]:
    rows = []
    for column in columns:
        question = column.question
        mandatory = "oui" if question.requis else ("selon les réponses" if question.requis_si else "non")
        rows.append([column.nom, labels[column.nom], column.format, mandatory, " ".join(question.aide.split())])
    return rows


def fichiers_ecrits(destination: Path) -> list[Path]:
    """The files ``ecrire_modele`` writes for ``destination`` (a CSV template has its columns file)."""
    if destination.suffix.lower() == ".csv":
        return [destination, destination.with_name(destination.stem + ".colonnes.csv")]
    return [destination]


def ecrire_modele(type_document: str, destination: Path) -> list[str]:
    """Write the template table; return the files written."""
    plan = charger_plan(type_document)
    questionnaire = charger_questionnaire(plan.questionnaire)
    columns = cols.colonnes(questionnaire)
    labels = cols.libelles(questionnaire, columns)
    example = lire_yaml(plan.exemple) or {}
    values = [arbre.lire(example, c.nom) for c in columns]
    documentation = _documentation(columns, labels)
    suffix = destination.suffix.lower()
    if suffix == ".xlsx":
        _xlsx(destination, columns, labels, values, documentation)
        return [str(destination)]
    if suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([cols.LIBELLE_EXEMPLE] + [labels[c.nom] for c in columns])
        writer.writerow([cols.EXEMPLE] + [c.nom for c in columns])
        writer.writerow([MARQUE_EXEMPLE] + [cols.texte_de_cellule(c.question, v) for c, v in zip(columns, values)])
        ecrire_atomique(destination, buffer.getvalue().encode("utf-8-sig"))
        doc_path = fichiers_ecrits(destination)[1]
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerows([list(ENTETES_DOC), *documentation])
        ecrire_atomique(doc_path, buffer.getvalue().encode("utf-8-sig"))
        return [str(destination), str(doc_path)]
    raise FichierIllisible(f"{destination} : extension attendue .xlsx ou .csv")


def _valeur_excel(column: cols.Colonne, value):
    """The example value as Excel should hold it: a real date for a date column, text otherwise."""
    if column.question.type == "date" and value not in (None, ""):
        parsed = lire_date(value)
        if parsed is not None:
            return dt.datetime.combine(parsed, dt.time())
    return cols.texte_de_cellule(column.question, value)


def _xlsx(destination: Path, columns: list[cols.Colonne], labels: dict[str, str], values: list,
          documentation: list[list[str]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Lignes"
    _feuille_lignes(sheet, columns, labels, values)
    lists = book.create_sheet("Listes")
    lists.sheet_state = "hidden"
    for index, (column, doc) in enumerate(zip(columns, documentation), start=2):
        _colonne(sheet, lists, index, column, labels[column.nom], doc)
    _feuille_colonnes(book.create_sheet("Colonnes"), documentation)
    book.move_sheet("Listes", offset=1)  # Lignes, Colonnes, then the hidden lists
    buffer = io.BytesIO()
    book.save(buffer)
    ecrire_atomique(destination, buffer.getvalue())


def _feuille_lignes(sheet, columns: list[cols.Colonne], labels: dict[str, str], values: list) -> None:
    """French labels, stable paths, then the sample row marked « EXEMPLE »; the two header rows stay in view."""
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet.append([cols.LIBELLE_EXEMPLE] + [labels[c.nom] for c in columns])
    sheet.append([cols.EXEMPLE] + [c.nom for c in columns])
    sheet.append([MARQUE_EXEMPLE] + [_valeur_excel(c, v) for c, v in zip(columns, values)])
    header_fill = PatternFill("solid", fgColor="DDE4F0")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[2]:
        cell.font = Font(italic=True, size=8, color="666666")
    for cell in sheet[3]:
        cell.font = Font(italic=True, color="808080")
    sheet.row_dimensions[1].height = 45
    sheet.column_dimensions["A"].width = 24
    sheet.freeze_panes = "B3"


def _colonne(sheet, lists, index: int, column: cols.Colonne, label: str, doc: list[str]) -> None:
    """One column: its documentation as a comment on the header, and a drop-down list or a date check."""
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    letter = get_column_letter(index)
    last = _LIGNES_VALIDEES + 3
    sheet.cell(row=1, column=index).comment = Comment(
        f"{doc[1]}\nClé : {column.nom}\nFormat : {doc[2]}\nObligatoire : {doc[3]}" + (f"\n{doc[4]}" if doc[4] else ""),
        "Continuum", width=300, height=160)
    sheet.column_dimensions[letter].width = max(16, min(45, len(label) // 2 + 4))
    kind = column.question.type
    choices = ["oui", "non"] if kind == "booleen" else list(column.question.choix) if kind == "choix" else []
    if choices:
        lists.cell(row=1, column=index, value=column.nom)
        for row, choice in enumerate(choices, start=2):
            lists.cell(row=row, column=index, value=choice)
        source = f"{quote_sheetname('Listes')}!${letter}$2:${letter}${len(choices) + 1}"
        validation = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                                    errorTitle="Valeur inattendue", error=f"Choisissez : {', '.join(choices)}")
    elif kind == "date":
        validation = DataValidation(type="date", operator="between", formula1="DATE(1900,1,1)",
                                    formula2="DATE(2200,12,31)", allow_blank=True, showErrorMessage=True,
                                    errorTitle="Date attendue", error="Saisissez une date JJ/MM/AAAA")
        for row in range(3, last + 1):
            sheet.cell(row=row, column=index).number_format = "DD/MM/YYYY"
    else:
        return
    sheet.add_data_validation(validation)
    validation.add(f"{letter}4:{letter}{last}")


def _feuille_colonnes(notes, documentation: list[list[str]]) -> None:
    """The « Colonnes » sheet: what each column means, its format, whether it is required."""
    from openpyxl.styles import Alignment, Font

    notes.append(list(ENTETES_DOC))
    for line in documentation:
        notes.append(line)
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (28, 40, 40, 14, 70)):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes.freeze_panes = "A2"
