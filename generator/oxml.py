"""OOXML helpers: bookmarks, fields, page breaks, table flags, element moves.

This is the only module that touches WordprocessingML elements directly;
legal concepts stay above it (generator/rendu_docx.py).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

from docx.oxml import OxmlElement, parse_xml
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class CorpsXml:
    """Body content written as WordprocessingML text, parsed once and inserted in one move.

    Building thousands of elements one by one through python-docx dominates
    batch rendering; text is escaped here and lxml parses the whole body at
    once. Top-level blocks (paragraphs, tables) are numbered in order so the
    caller can find them again after insertion.
    """

    def __init__(self):
        self._blocs: list[str] = []

    @staticmethod
    def run(texte: str, *, gras: bool = False, style_car: str | None = None) -> str:
        properties = ""
        if style_car:
            properties = f'<w:rPr><w:rStyle w:val="{style_car}"/></w:rPr>'
        elif gras:
            properties = "<w:rPr><w:b/></w:rPr>"
        return f'<w:r>{properties}<w:t xml:space="preserve">{escape(texte.replace(chr(9), " "))}</w:t></w:r>'

    @staticmethod
    def p(style_id: str, *runs: str, saut_de_page: bool = False, signet: tuple[int, str] | None = None,
          fin_signet: int | None = None, espace_apres: int | None = None, commentaire: int | None = None) -> str:
        """A paragraph; ``espace_apres`` in twentieths of a point; ``commentaire`` anchors that comment id."""
        page = "<w:pageBreakBefore/>" if saut_de_page else ""
        if espace_apres is not None:
            page += f'<w:spacing w:after="{espace_apres}"/>'
        start = f'<w:bookmarkStart w:id="{signet[0]}" w:name="{signet[1]}"/>' if signet else ""
        end = f'<w:bookmarkEnd w:id="{fin_signet}"/>' if fin_signet is not None else ""
        content = "".join(runs)
        if commentaire is not None:  # the comment is anchored on the whole paragraph text
            content = (f'<w:commentRangeStart w:id="{commentaire}"/>{content}<w:commentRangeEnd w:id="{commentaire}"/>'
                       f'<w:r><w:commentReference w:id="{commentaire}"/></w:r>')
        return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{page}</w:pPr>{start}{content}{end}</w:p>'

    def ajouter(self, xml: str) -> int:
        """Append one top-level block; return its index."""
        self._blocs.append(xml)
        return len(self._blocs) - 1

    @staticmethod
    def tableau(lignes: list[list[str]], style_texte: str, style_tableau: str | None, largeurs: list[int],
                entete: bool = True) -> str:
        """A table: the first row bold and repeated on each page when ``entete``; rows never split."""
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in largeurs)
        style = f'<w:tblStyle w:val="{style_tableau}"/>' if style_tableau else ""
        rows = []
        for index, cells in enumerate(lignes):
            header = entete and index == 0
            flags = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
            body = "".join(
                f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>'
                f'{CorpsXml.p(style_texte, CorpsXml.run(text, gras=header)) if isinstance(text, str) else "".join(text)}</w:tc>'
                for text, w in zip(cells, largeurs)
            )
            rows.append(f"<w:tr><w:trPr>{flags}</w:trPr>{body}</w:tr>")
        return (f'<w:tbl><w:tblPr>{style}<w:tblW w:w="{sum(largeurs)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
                f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
                f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')

    def inserer_avant(self, reference) -> list:
        """Parse the body once, insert it before ``reference``; return the top-level elements in order."""
        body = parse_xml(f'<w:body xmlns:w="{W_NS}">{"".join(self._blocs)}</w:body>')
        elements = list(body)
        for element in elements:
            reference.addprevious(element)
        return elements


def ajouter_commentaires(document, commentaires: list[tuple[int, str]], auteur: str, initiales: str) -> None:
    """Write the comments (id, text; one paragraph per line) into the package's comments part."""
    if not commentaires:
        return
    date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    items = []
    for identifier, text in commentaires:
        paragraphs = "".join(
            f'<w:p>{"<w:r><w:annotationRef/></w:r>" if index == 0 else ""}{CorpsXml.run(line)}</w:p>'
            for index, line in enumerate(text.split("\n"))
        )
        items.append(f'<w:comment w:id="{identifier}" w:author={quoteattr(auteur)} w:date="{date}" '
                     f'w:initials={quoteattr(initiales)}>{paragraphs}</w:comment>')
    part = document.part._comments_part  # python-docx creates the part and its relationship on first use
    for comment in parse_xml(f'<w:comments xmlns:w="{W_NS}">{"".join(items)}</w:comments>'):
        part.element.append(comment)


class _ZipRapide:
    """python-docx's physical package writer, with fast compression (level 1)."""

    def __init__(self, flux):
        self.zip = zipfile.ZipFile(flux, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)

    def write(self, pack_uri, blob: bytes) -> None:
        self.zip.writestr(pack_uri.membername, blob)

    def close(self) -> None:
        self.zip.close()


def enregistrer(document) -> bytes:
    """The .docx bytes: python-docx's package layout, compressed quickly (a batch writes thousands)."""
    package = document.part.package
    buffer = io.BytesIO()
    writer = _ZipRapide(buffer)
    PackageWriter._write_content_types_stream(writer, package.parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, package.parts)
    writer.close()
    return buffer.getvalue()


def remplacer_champs(element, valeurs: dict[str, str]) -> list:
    """Fill ``{{ cle }}`` placeholders held whole in text nodes; return the paragraphs where one is left."""
    for node in element.iter(qn("w:t")):
        text = node.text or ""
        if "{{" not in text:
            continue
        for key, value in valeurs.items():
            text = text.replace("{{ " + key + " }}", value).replace("{{" + key + "}}", value)
        node.text = text
    return [p for p in element.iter(qn("w:p")) if "{{" in "".join(p.itertext())]


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


def lignes_insecables(table: Table) -> None:
    """Keep each row of the table on one page."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def entete_de_tableau_repete(table: Table) -> None:
    """Repeat the first row on every page and keep each row on one page."""
    lignes_insecables(table)
    if len(table.rows):
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


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
