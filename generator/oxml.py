"""OOXML helpers: bookmarks, fields, page breaks, table flags, element moves.

This is the only module that touches WordprocessingML elements directly;
legal concepts stay above it (generator/rendu_docx.py).
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def paragraphe_avant(reference, texte: str, style_id: str):
    """A ``w:p`` with its style and one run of text, inserted before ``reference``; returns the element.

    Built directly: python-docx's text setter walks the text character by character.
    """
    paragraph = OxmlElement("w:p")
    properties = OxmlElement("w:pPr")
    style = OxmlElement("w:pStyle")
    style.set(qn("w:val"), style_id)
    properties.append(style)
    paragraph.append(properties)
    if texte:
        paragraph.append(run_de_texte(texte))
    reference.addprevious(paragraph)
    return paragraph


def run_de_texte(texte: str):
    """``<w:r><w:t xml:space="preserve">texte</w:t></w:r>`` (tabs become spaces)."""
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.set(_XML_SPACE, "preserve")
    text.text = texte.replace("\t", " ")
    run.append(text)
    return run


def ajouter_ligne(table, cellules: list[str], style_id: str, largeurs: list[int] | None, gras: bool = False) -> None:
    """Append a ``w:tr`` to a ``w:tbl``: one cell per text, widths in twips, optionally bold."""
    row = OxmlElement("w:tr")
    for index, texte in enumerate(cellules):
        cell = OxmlElement("w:tc")
        if largeurs:
            properties = OxmlElement("w:tcPr")
            width = OxmlElement("w:tcW")
            width.set(qn("w:w"), str(largeurs[index]))
            width.set(qn("w:type"), "dxa")
            properties.append(width)
            cell.append(properties)
        paragraph = OxmlElement("w:p")
        paragraph_properties = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), style_id)
        paragraph_properties.append(style)
        paragraph.append(paragraph_properties)
        run = run_de_texte(texte)
        if gras:
            run_properties = OxmlElement("w:rPr")
            run_properties.append(OxmlElement("w:b"))
            run.insert(0, run_properties)
        paragraph.append(run)
        cell.append(paragraph)
        row.append(cell)
    table.append(row)


def ajouter_signet(premier: Paragraph, dernier: Paragraph, nom: str, identifiant: int) -> None:
    """Bookmark ``nom`` spanning from the start of ``premier`` to the end of ``dernier``."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(identifiant))
    start.set(qn("w:name"), nom)
    ppr = premier._p.pPr
    if ppr is not None:
        ppr.addnext(start)
    else:
        premier._p.insert(0, start)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(identifiant))
    dernier._p.append(end)


def noms_signets(element) -> list[str]:
    """Names of the bookmarks in an element tree (a document body), in order."""
    return [node.get(qn("w:name")) for node in element.iter(qn("w:bookmarkStart"))]


def ajouter_champ(paragraphe: Paragraph, instruction: str, texte_provisoire: str = "1") -> None:
    """A simple field (``PAGE``, ``NUMPAGES``) computed by the word processor."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = texte_provisoire
    run.append(text)
    field.append(run)
    paragraphe._p.append(field)


def saut_de_page_avant(paragraphe: Paragraph) -> None:
    ppr = paragraphe._p.get_or_add_pPr()
    flag = OxmlElement("w:pageBreakBefore")
    ppr.insert_element_before(flag, *_PPR_AFTER_PAGE_BREAK)


_PPR_AFTER_PAGE_BREAK = (
    "w:framePr", "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)


def lignes_insecables(table: Table) -> None:
    """Keep each row of the table on one page."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def entete_de_tableau_repete(table: Table) -> None:
    """Repeat the first row on every page and keep each row on one page."""
    lignes_insecables(table)
    if len(table.rows):
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def deplacer_avant(element, reference) -> None:
    """Move a block element (paragraph or table) just before ``reference``."""
    reference.addprevious(element)


def supprimer(element) -> None:
    element.getparent().remove(element)


def remplacer_texte(paragraphe: Paragraph, texte: str) -> None:
    """Replace a paragraph's text, keeping the formatting of its first run."""
    runs = paragraphe.runs
    if not runs:
        paragraphe.add_run(texte)
        return
    runs[0].text = texte
    for run in runs[1:]:
        run._r.getparent().remove(run._r)
