"""Read the rows of a CSV or Excel file as French users produce them (batches, indicators, meetings).

CSV: ``;`` or ``,`` separated, UTF-8 with or without BOM, or Windows-1252,
decided line by line: a line pasted in Windows-1252 into a UTF-8 file is
decoded as such and flagged with its line number. A cell is at most 128 Kio.

Excel: the active sheet, or the one named (``feuille``); the package goes
through the bounded reader, the sheet's stale ``<dimension>`` is ignored.
Error cells (``#REF!``), formulas without a computed value and merged
cells are reported on their row, with their column.

Cells are stripped; dates and numbers become text in French form
(``05/01/2026``) so that every row goes through the same parsing. Rows are
numbered as the spreadsheet shows them (header = row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.erreurs import FichierIllisible
from generator.octets import lire_borne

CELLULE_MAX = 128 * 1024  # characters of a CSV cell
CSV_MAX = 200 * 1024 * 1024  # bytes of a CSV file
LIGNES_MAX = 1_048_576  # Excel's own row limit


@dataclass(frozen=True)
class Ligne:
    """A row of a table read as text by column name, with the cells that could not be read."""

    numero: int  # spreadsheet row number, header = 1
    cellules: dict[str, str]  # column -> stripped text ("" when empty)
    erreurs: tuple[str, ...] = ()  # cells that cannot be read (error value, formula without value, merged)
    avertissements: tuple[str, ...] = ()  # read, but worth a look (a line in Windows-1252)


@dataclass(frozen=True)
class LigneBrute:
    """A row of a table as read, its values in column order."""

    numero: int
    valeurs: list[str]
    erreurs: tuple[str, ...] = ()
    avertissements: tuple[str, ...] = ()


def _texte(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time(0) else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


# -- CSV ---------------------------------------------------------------------------------------
def lire_octets(path: Path) -> bytes:
    """The table file's bytes, read once (a batch validates and produces from the same bytes)."""
    return lire_borne(Path(path), CSV_MAX, "fichier .csv ou .xlsx")


def _lignes_decodees(raw: bytes) -> tuple[list[str], set[int]]:
    """The file's physical lines decoded, and the numbers of the lines in Windows-1252 amid UTF-8."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    lines, legacy, utf8 = [], set(), False
    for number, line in enumerate(raw.splitlines(keepends=True), start=1):
        try:
            lines.append(line.decode("utf-8"))
            utf8 = utf8 or not line.isascii()
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
            legacy.add(number)
    # a file wholly in Windows-1252 is a legitimate choice; a mix is flagged line by line
    return lines, (legacy if utf8 else set())


def _lignes_csv(path: Path, raw: bytes) -> Iterator[LigneBrute]:
    lines, legacy = _lignes_decodees(raw)
    first = lines[0] if lines else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    csv.field_size_limit(CELLULE_MAX)
    reader = csv.reader(lines, delimiter=delimiter)
    previous = 0
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            where = reader.line_num
            if "field larger than field limit" in str(exc):
                raise FichierIllisible(f"{path}, ligne {where} : cellule de plus de {CELLULE_MAX // 1024} Kio") from None
            raise FichierIllisible(f"{path}, ligne {where} : ligne CSV illisible (caractère nul ou guillemet mal fermé)") from None
        number += 1
        physical = range(previous + 1, reader.line_num + 1)
        previous = reader.line_num
        warnings = tuple(f"ligne {n} du fichier en Windows-1252 alors que le reste est en UTF-8 : "
                         "vérifiez les accents, puis enregistrez le fichier en UTF-8" for n in physical if n in legacy)
        yield LigneBrute(number, [_texte(c) for c in row], (), warnings)


# -- Excel -------------------------------------------------------------------------------------
_W = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REF = re.compile(r"([A-Z]+)(\d+)")


def _anomalies_feuille(archive_bytes: io.BytesIO, partie: str) -> tuple[dict[int, list[str]], list[str]]:
    """Formulas without a computed value (by row) and merged ranges, read by streaming the sheet's XML."""
    import zipfile

    from lxml import etree

    by_row: dict[int, list[str]] = {}
    merged: list[str] = []
    with zipfile.ZipFile(archive_bytes) as archive, archive.open(partie.lstrip("/")) as stream:
        for _event, element in etree.iterparse(stream, events=("end",), tag=(f"{_W}c", f"{_W}mergeCell"),
                                               resolve_entities=False, no_network=True):
            if element.tag == f"{_W}mergeCell":
                merged.append(element.get("ref", ""))
            elif element.find(f"{_W}f") is not None:
                value = element.find(f"{_W}v")
                if value is None or not (value.text or "").strip():
                    ref = element.get("r", "")
                    match = _REF.fullmatch(ref)
                    if match:
                        by_row.setdefault(int(match.group(2)), []).append(
                            f"cellule {ref} : formule sans valeur calculée ; ouvrez et enregistrez le classeur "
                            "dans Excel ou LibreOffice, ou remplacez la formule par sa valeur")
            element.clear()
    return by_row, merged


def _lignes_fusionnees(merged: list[str]) -> dict[int, list[str]]:
    by_row: dict[int, list[str]] = {}
    for ref in merged:
        bounds = [_REF.fullmatch(part) for part in ref.split(":")]
        if len(bounds) != 2 or not all(bounds):
            continue
        first, last = int(bounds[0].group(2)), int(bounds[1].group(2))
        for row in range(first, min(last, first + 10_000) + 1):
            by_row.setdefault(row, []).append(
                f"cellules fusionnées {ref} : défusionnez-les et recopiez la valeur dans chaque cellule")
    return by_row


def _feuille(book, path: Path, feuille: str | None):
    if feuille is not None:
        if feuille not in book.sheetnames:
            raise FichierIllisible(f"{path} : pas de feuille « {feuille} » ; feuilles : {', '.join(book.sheetnames)}")
        return book[feuille]
    sheet = book.active
    if sheet is None or not hasattr(sheet, "iter_rows"):
        sheet = book.worksheets[0]
    return sheet


def _lignes_xlsx(path: Path, feuille: str | None, raw: bytes) -> Iterator[LigneBrute]:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from generator.docx_borne import verifier_paquet

    verifier_paquet(raw, path, "classeur Excel (.xlsx)")
    data = io.BytesIO(raw)
    try:
        book = load_workbook(data, read_only=True, data_only=True)
        sheet = _feuille(book, path, feuille)
        formulas, merged = _anomalies_feuille(io.BytesIO(data.getvalue()), sheet._worksheet_path)
    except FichierIllisible:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl and lxml raise many types for a damaged file
        raise FichierIllisible(f"{path} : classeur Excel illisible ou endommagé ({type(exc).__name__})") from None
    problems = _lignes_fusionnees(merged)
    for row, messages in formulas.items():
        problems.setdefault(row, []).extend(messages)
    sheet.reset_dimensions()  # a stale <dimension> would silently drop the last rows
    try:
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            if number > LIGNES_MAX:
                raise FichierIllisible(f"{path} : plus de {LIGNES_MAX} lignes")
            errors = list(problems.get(number, ()))
            values = []
            for index, cell in enumerate(cells, start=1):
                if getattr(cell, "data_type", None) == "e":
                    errors.append(f"cellule {get_column_letter(index)}{number} : valeur d'erreur {cell.value} ; "
                                  "corrigez la formule ou saisissez la valeur")
                    values.append("")
                else:
                    values.append(_texte(cell.value))
            yield LigneBrute(number, values, tuple(errors))
    except FichierIllisible:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet fails while it is streamed
        raise FichierIllisible(f"{path} : feuille illisible ou endommagée ({type(exc).__name__})") from None
    finally:
        book.close()


def lignes_brutes(path: Path, feuille: str | None = None, contenu: bytes | None = None) -> Iterator[LigneBrute]:
    """Every row of the table (header included), numbered as the spreadsheet shows them.

    ``contenu``: the file's bytes already read (:func:`lire_octets`); ``path`` then only names it.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise FichierIllisible(f"{path} : format non pris en charge ({suffix or 'sans extension'}), attendu .csv ou .xlsx")
    raw = contenu if contenu is not None else lire_octets(path)
    if suffix == ".csv":
        if feuille is not None:
            raise FichierIllisible(f"{path} : un fichier CSV n'a pas de feuilles (option --feuille)")
        return _lignes_csv(path, raw)
    return _lignes_xlsx(path, feuille, raw)


def lignes_nommees(rows: Iterator[LigneBrute], header: list[str]) -> Iterator[Ligne]:
    """The non-empty rows after the header, cells keyed by column name."""
    for row in rows:
        cells = row.valeurs
        if not any(cells) and not row.erreurs:
            continue
        yield Ligne(row.numero, {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header) if name},
                    row.erreurs, row.avertissements)


def _entete(path: Path, rows: Iterator[LigneBrute]) -> list[str]:
    try:
        first = next(rows)
    except StopIteration:
        raise FichierIllisible(f"{path} : fichier vide, la première ligne doit nommer les colonnes") from None
    if first.erreurs:
        raise FichierIllisible(f"{path}, ligne 1 : {' ; '.join(first.erreurs)}")
    header = list(first.valeurs)
    while header and not header[-1]:
        header.pop()
    return header


@dataclass(frozen=True)
class TableauDeDonnees:
    """A user-supplied data table: its path, its columns by lower-case name, its rows."""

    chemin: Path
    colonnes: dict[str, str]
    lignes: Iterator[Ligne]

    def valeurs(self, ligne: Ligne) -> dict[str, str]:
        """The row's cells keyed by lower-case column name."""
        return {key: ligne.cellules.get(name, "") for key, name in self.colonnes.items()}


def _sans_cellule_illisible(path: Path, rows: Iterator[Ligne]) -> Iterator[Ligne]:
    for row in rows:
        if row.erreurs:
            raise FichierIllisible(f"{path}, ligne {row.numero} : {' ; '.join(row.erreurs)}")
        yield row


def ouvrir_donnees(chemin: str) -> TableauDeDonnees:
    """A data file named in answers (indicators, meetings), looked up in data/ when relative and absent.

    A cell that cannot be read (error value, formula without value, merged cell) stops the reading
    with its row: a diagnostic is never computed on silently missing figures.
    """
    from generator.chemins import fichier_de_donnees

    path = fichier_de_donnees(chemin)
    if not path.exists():  # the message names the path as the user wrote it
        raise FichierIllisible(f"{chemin} : fichier introuvable (cherché à côté du fichier de réponses, "
                               "dans le dossier courant et dans les données livrées)")
    header, rows = entetes_et_lignes(path)
    return TableauDeDonnees(path, {h.strip().lower(): h for h in header}, _sans_cellule_illisible(path, rows))


def entetes_et_lignes(path: Path, feuille: str | None = None) -> tuple[list[str], Iterator[Ligne]]:
    """The column names and a lazy iterator over the non-empty rows."""
    path = Path(path)
    rows = lignes_brutes(path, feuille)
    header = _entete(path, rows)
    return header, lignes_nommees(rows, header)
