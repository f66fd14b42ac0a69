"""A review report laid out by article, and its « tableau des observations ».

The report of ``generator.relecture`` names clause ids (bookmarks); the
version the document comes from gives each clause its article number and
title. Socle alerts come first. The table of observations (article, remark,
proposed answer) is written as XLSX or DOCX for the drafting team to answer.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from generator import generation
from generator.erreurs import ContinuumError
from generator.registre import models as m


@dataclass
class Observation:
    nature: str  # « insertion », « suppression », « commentaire »…
    auteur: str
    texte: str


@dataclass
class ArticleRelu:
    cle: str
    article: str  # « Article 3 – Police municipale », or the clause title when the number is unknown
    socle: bool = False
    source: str = ""
    observations: list[Observation] = field(default_factory=list)


def articles_de(version: m.Version | None) -> dict[str, str]:
    """Clause id -> « Article N – Titre » of the version the document comes from."""
    if version is None or not version.reponses:
        return {}
    answers = dict(version.reponses)
    answers["type"] = version.accord.type_document
    try:
        document, _choices, _context = generation.assembler(version.accord.type_document, answers,
                                                            f"version {version.numero}", brouillon=version.brouillon)
    except ContinuumError:
        return {}
    return {bloc.cle: bloc.intitule for bloc in document.blocs() if bloc.titre}


def par_article(rapport: dict, details: dict, articles: dict[str, str]) -> list[ArticleRelu]:
    """Observations grouped by article, socle alerts first, then in document order."""
    alerts = {a["clause"]: a for a in rapport.get("alertes", [])}
    out: dict[str, ArticleRelu] = {}

    def entry(clause: str | None) -> ArticleRelu:
        key = clause or "hors clause"
        if key not in out:
            base = re.sub(r"_\d+$", "", key)
            label = articles.get(key) or articles.get(base) or (alerts.get(key) or {}).get("titre") or (
                "Hors des clauses (page de garde, signatures…)" if clause is None else key)
            out[key] = ArticleRelu(key, label, key in alerts, (alerts.get(key) or {}).get("source", ""))
        return out[key]

    for change in details.get("modifications", []):
        entry(change["clause"]).observations.append(Observation(change["nature"], change["auteur"], change["texte"]))
    for comment in details.get("commentaires", []):
        text = comment["texte"] + (f" (sur : « {comment['ancrage']} »)" if comment.get("ancrage") else "")
        entry(comment["clause"]).observations.append(Observation("commentaire", comment["auteur"], text))
    order = list(articles)
    return sorted(out.values(), key=lambda a: (not a.socle, order.index(a.cle) if a.cle in order else len(order), a.cle))


ENTETES = ("Article", "Observation", "Auteur", "Réponse proposée")


def _lignes(articles: list[ArticleRelu]) -> list[list[str]]:
    rows = []
    for article in articles:
        for obs in article.observations:
            label = f"{article.article} (socle)" if article.socle else article.article
            rows.append([label, f"{obs.nature} : {obs.texte}".strip(), obs.auteur, ""])
    return rows


def tableau_xlsx(titre: str, articles: list[ArticleRelu]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Observations"
    sheet.append([titre])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(ENTETES))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in _lignes(articles):
        sheet.append(row)
    for letter, width in zip("ABCD", (40, 70, 22, 50)):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def tableau_docx(titre: str, articles: list[ArticleRelu]) -> bytes:
    import docx

    word = docx.Document()
    word.add_heading(titre, level=1)
    table = word.add_table(rows=1, cols=len(ENTETES))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, ENTETES):
        cell.text = header
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in _lignes(articles):
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = value
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
