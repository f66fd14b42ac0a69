"""A Word file read for a redline: its body as :class:`Element` (generator/redline_elements.py).

Each paragraph and table is tied to the clause bookmark it sits in, as in the flattened
:class:`Document`. Reading is bounded (paragraphs, words, rows and columns) and refuses what the
comparison cannot carry (generator/oxml_redline_controle.py).
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from generator.docx_borne import ouvrir_docx
from generator.erreurs import FichierIllisible
from generator.oxml_redline_controle import est_sommaire, refuser_contenu
from generator.redline_elements import Element

ELEMENTS_MAX = 50_000  # paragraphs and tables of one document
MOTS_MAX = 2_000_000  # words of one document
COLONNES_MAX = 64  # Word's own limit is 63 columns
LIGNES_MAX = 10_000  # rows of one table


def _texte_paragraphe(p) -> str:
    return Paragraph(p, None).text


def _cellules(tr, chemin: Path) -> tuple[str, ...]:
    """A row's cells read from its XML (python-docx would expand gridSpan into as many copies)."""
    cells, width = [], 0
    for tc in tr.iterchildren(qn("w:tc")):
        span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        try:
            width += int(span.get(qn("w:val"), "1")) if span is not None else 1
        except ValueError:
            width += 1
        if width > COLONNES_MAX or len(cells) >= COLONNES_MAX:
            raise FichierIllisible(f"{chemin} : tableau de plus de {COLONNES_MAX} colonnes (fusion de cellules "
                                   f"« gridSpan » démesurée) : comparaison refusée")
        cells.append("\n".join(_texte_paragraphe(p) for p in tc.iterchildren(qn("w:p"))))
    return tuple(cells)


def aplatir_docx(chemin: Path) -> tuple[list[Element], docx.document.Document]:
    """A Word file's body as paragraphs and tables, each tied to the clause bookmark it sits in."""
    word = ouvrir_docx(chemin)
    body = word.element.body
    refuser_contenu(body, chemin, word)
    out: list[Element] = []
    open_marks: dict[str, str] = {}
    words = 0
    for child in body.iterchildren():
        if est_sommaire(child, word):
            continue  # the table of contents is left out of the redline
        starts = [(b.get(qn("w:id")), b.get(qn("w:name"))) for b in child.iter(qn("w:bookmarkStart"))]
        ends = [b.get(qn("w:id")) for b in child.iter(qn("w:bookmarkEnd"))]
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, word._body)
            element = Element(paragraph.style.name if paragraph.style is not None else "Corps de clause", paragraph.text)
            words += len(element.texte.split())
        elif child.tag == qn("w:tbl"):
            rows = list(child.iterchildren(qn("w:tr")))
            if len(rows) > LIGNES_MAX:
                raise FichierIllisible(f"{chemin} : tableau de {len(rows)} lignes, au plus {LIGNES_MAX} comparées")
            element = Element("table", lignes=tuple(_cellules(tr, chemin) for tr in rows))
            words += sum(len(c.split()) for row in element.lignes for c in row)
        else:
            continue
        if len(out) >= ELEMENTS_MAX or words > MOTS_MAX:
            raise FichierIllisible(f"{chemin} : document trop long pour la comparaison "
                                   f"(au plus {ELEMENTS_MAX} paragraphes et {MOTS_MAX} mots)")
        for identifier, name in starts:
            if not name or name.startswith("_") or name in open_marks.values():
                continue  # Word's hidden bookmarks, or a second copy of an open one
            open_marks[identifier] = name
            if element.bloc is None:
                element.bloc, element.premier = name, True
        if element.bloc is None and open_marks:
            element.bloc = next(reversed(open_marks.values()))
        for identifier in ends:
            name = open_marks.pop(identifier, None)
            if name is not None and name == element.bloc:
                element.dernier = True
        out.append(element)
    return out, word
