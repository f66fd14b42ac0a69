"""Read the rows of a CSV or Excel file as French users produce them (batches, indicators, meetings).

CSV: ``;`` or ``,`` separated, UTF-8 with or without BOM, or Windows-1252.
Excel: the first sheet. Cells are stripped; dates and numbers become text in
French form (``05/01/2026``) so that every row goes through the same parsing.
Rows are numbered as the spreadsheet shows them (header = row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.erreurs import FichierIllisible

_ENCODAGES = ("utf-8-sig", "cp1252")


@dataclass(frozen=True)
class Ligne:
    numero: int  # spreadsheet row number, header = 1
    cellules: dict[str, str]  # column -> stripped text ("" when empty)


def _texte(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time(0) else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decoder(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in _ENCODAGES:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FichierIllisible(f"{path} : encodage non reconnu (attendu UTF-8 ou Windows-1252)")  # pragma: no cover


def _lignes_csv(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    text = _decoder(path)
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise FichierIllisible(f"{path} : fichier vide, la première ligne doit nommer les colonnes") from None
    return header, reader


def _lignes_xlsx(path: Path) -> tuple[list[str], Iterator[list]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a damaged file
        raise FichierIllisible(f"{path} : classeur Excel illisible ({exc})") from None
    rows = book.worksheets[0].iter_rows(values_only=True)
    try:
        header = [_texte(c) for c in next(rows)]
    except StopIteration:
        raise FichierIllisible(f"{path} : feuille vide, la première ligne doit nommer les colonnes") from None
    return header, rows


@dataclass(frozen=True)
class TableauDeDonnees:
    """A user-supplied data table: its path, its columns by lower-case name, its rows."""

    chemin: Path
    colonnes: dict[str, str]
    lignes: Iterator[Ligne]

    def valeurs(self, ligne: Ligne) -> dict[str, str]:
        """The row's cells keyed by lower-case column name."""
        return {key: ligne.cellules.get(name, "") for key, name in self.colonnes.items()}


def ouvrir_donnees(chemin: str) -> TableauDeDonnees:
    """A data file named in answers (indicators, meetings), looked up in data/ when relative and absent."""
    from generator.chemins import fichier_de_donnees

    path = fichier_de_donnees(chemin)
    header, rows = entetes_et_lignes(path)
    return TableauDeDonnees(path, {h.strip().lower(): h for h in header}, rows)


def entetes_et_lignes(path: Path) -> tuple[list[str], Iterator[Ligne]]:
    """The column names and a lazy iterator over the non-empty rows."""
    path = Path(path)
    if not path.exists():
        raise FichierIllisible(f"{path} : fichier introuvable")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        header, rows = _lignes_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        header, rows = _lignes_xlsx(path)
    else:
        raise FichierIllisible(f"{path} : format non pris en charge ({suffix or 'sans extension'}), attendu .csv ou .xlsx")
    header = [_texte(h) for h in header]
    while header and not header[-1]:
        header.pop()

    def iterate() -> Iterator[Ligne]:
        for number, row in enumerate(rows, start=2):
            cells = [_texte(c) for c in row]
            if not any(cells):
                continue
            yield Ligne(number, {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header) if name})

    return header, iterate()
