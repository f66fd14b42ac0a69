"""OOXML helpers: bookmarks, fields, page breaks, table flags, element moves, pictures
(with their SVG and alternative text), keep-with-next, style language and outline levels,
settings and document properties.

This is the only module that touches WordprocessingML elements directly;
legal concepts stay above it (generator/rendu_docx.py).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ASVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
_EXTENSION_SVG = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"  # Word 2016+: the vector image behind a PNG blip


# xml.sax.saxutils's escape and quoteattr, to the character: importing that module imports urllib.request
# (http.client, ssl, email): about 20 ms of every run's startup.
def escape(data: str) -> str:
    return data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(data: str) -> str:
    data = escape(data).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in data:
        return f'"{data}"'
    return "'" + data + "'" if "'" not in data else '"' + data.replace('"', "&quot;") + '"'


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
    def run(texte: str, *, gras: bool = False, style_car: str | None = None, exposant: bool = False) -> str:
        properties = ""
        if style_car:
            properties += f'<w:rStyle w:val="{style_car}"/>'
        if gras and not style_car:
            properties += "<w:b/>"
        if exposant:
            properties += '<w:vertAlign w:val="superscript"/>'
        if properties:
            properties = f"<w:rPr>{properties}</w:rPr>"
        return f'<w:r>{properties}<w:t xml:space="preserve">{escape(texte.replace(chr(9), " "))}</w:t></w:r>'

    @staticmethod
    def p(style_id: str, *runs: str, saut_de_page: bool = False, signet: tuple[int, str] | None = None,
          fin_signet: int | None = None, espace_apres: int | None = None, commentaire: int | None = None,
          avec_suivant: bool = False, espace_avant: int | None = None, alignement: str | None = None) -> str:
        """A paragraph; spacing in twentieths of a point; ``commentaire`` anchors that comment id.

        ``avec_suivant`` keeps it on the page of the next paragraph (keep-with-next);
        ``alignement`` is a w:jc value ("right", "center").
        """
        page = "<w:keepNext/>" if avec_suivant else ""
        page += "<w:pageBreakBefore/>" if saut_de_page else ""
        if espace_apres is not None or espace_avant is not None:
            before = f' w:before="{espace_avant}"' if espace_avant is not None else ""
            after = f' w:after="{espace_apres}"' if espace_apres is not None else ""
            page += f"<w:spacing{before}{after}/>"
        if alignement:
            page += f'<w:jc w:val="{alignement}"/>'
        start = f'<w:bookmarkStart w:id="{signet[0]}" w:name="{signet[1]}"/>' if signet else ""
        end = f'<w:bookmarkEnd w:id="{fin_signet}"/>' if fin_signet is not None else ""
        content = "".join(runs)
        if commentaire is not None:  # the comment is anchored on the whole paragraph text
            content = (f'<w:commentRangeStart w:id="{commentaire}"/>{content}<w:commentRangeEnd w:id="{commentaire}"/>'
                       f'<w:r><w:commentReference w:id="{commentaire}"/></w:r>')
        return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{page}</w:pPr>{start}{content}{end}</w:p>'

    def blocs(self, depuis: int = 0) -> list[str]:
        """The top-level blocks written so far (from index ``depuis``), in order (a copy)."""
        return self._blocs[depuis:]

    def ajouter(self, xml: str) -> int:
        """Append one top-level block; return its index."""
        self._blocs.append(xml)
        return len(self._blocs) - 1

    def suivant(self) -> int:
        """The index the next block will get."""
        return len(self._blocs)

    def dernier_texte(self, avant: int) -> int | None:
        """Index of the last block before ``avant`` that holds text (empty paragraphs skipped)."""
        return next((index for index in range(avant - 1, -1, -1) if "<w:t" in self._blocs[index]), None)

    @staticmethod
    def tableau(lignes: list[list], style_texte: str, style_tableau: str | None, largeurs: list[int],
                entete: bool = True, ombre: str | None = None) -> str:
        """A table whose rows never split; with ``entete`` the first row is bold, repeated on each page
        and shaded with the ``ombre`` colour (hex RGB).

        A cell is a plain text, or a list of paragraphs already written (``CorpsXml.p``).
        """
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in largeurs)
        style = f'<w:tblStyle w:val="{style_tableau}"/>' if style_tableau else ""
        rows = []
        for index, cells in enumerate(lignes):
            header = entete and index == 0
            flags = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
            shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{ombre}"/>' if header and ombre else ""
            body = "".join(
                f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>{shading}</w:tcPr>'
                f'{CorpsXml.p(style_texte, CorpsXml.run(text, gras=header)) if isinstance(text, str) else "".join(text)}</w:tc>'
                for text, w in zip(cells, largeurs)
            )
            rows.append(f"<w:tr><w:trPr>{flags}</w:trPr>{body}</w:tr>")
        return (f'<w:tbl><w:tblPr>{style}<w:tblW w:w="{sum(largeurs)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
                f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
                f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')

    @staticmethod
    def sommaire(entrees: list[tuple[str, str, str]]) -> list[str]:
        """Table of contents entries (style id, text runs, bookmark), one paragraph each: the heading links
        to its bookmark and its page is a PAGEREF field.

        Not a TOC field: LibreOffice (7.4) shows a TOC field's cached result and never recomputes
        the page references inside it, while it computes a PAGEREF field anywhere else; Word
        recomputes them on opening (``mettre_a_jour_champs``) and before printing.
        """
        paragraphs = []
        for style, runs, bookmark in entrees:
            page = (f'<w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                    f'<w:r><w:instrText xml:space="preserve"> PAGEREF {bookmark} \\h </w:instrText></w:r>'
                    f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
                    f'<w:r><w:fldChar w:fldCharType="end"/></w:r>')
            paragraphs.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
                              f'<w:hyperlink w:anchor="{bookmark}" w:history="1">{runs}{page}</w:hyperlink></w:p>')
        return paragraphs

    @staticmethod
    def debut_signet(identifiant: int, nom: str) -> str:
        """A bookmark start to place inside a paragraph (after its text)."""
        return f'<w:bookmarkStart w:id="{identifiant}" w:name="{nom}"/>'

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


_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def xml_proprietes_personnalisees(valeurs: dict[str, str]) -> bytes:
    """docProps/custom.xml for these user-defined properties (text values)."""
    items = "".join(
        f'<property fmtid="{_CUSTOM_FMTID}" pid="{pid}" name={quoteattr(name)}><vt:lpwstr>{escape(str(value))}</vt:lpwstr></property>'
        for pid, (name, value) in enumerate(sorted(valeurs.items()), start=2)
    )
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{items}</Properties>').encode("utf-8")


def proprietes_personnalisees(document, valeurs: dict[str, str], contenu: bytes | None = None) -> None:
    """Write user-defined document properties (docProps/custom.xml, text values), replacing the part if any;
    ``contenu``: the part's bytes as they are (the fast writer's probe)."""
    from docx.opc.constants import CONTENT_TYPE

    if not valeurs and contenu is None:
        return
    blob = contenu if contenu is not None else xml_proprietes_personnalisees(valeurs)
    _partie_du_paquet(document, RT.CUSTOM_PROPERTIES, "/docProps/custom.xml", CONTENT_TYPE.OFC_CUSTOM_PROPERTIES, blob)


def _partie_du_paquet(document, relation: str, nom: str, type_contenu: str, blob: bytes) -> None:
    """A package-level part (docProps/…) given these bytes: replaced when the package has one, else added."""
    package = document.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == relation:
            rel.target_part._blob = blob
            return
    package.relate_to(Part(PackURI(nom), type_contenu, blob, package), relation)


def proprietes_personnalisees_du_document(document) -> dict[str, str]:
    """User-defined properties of a loaded document (empty when it has none)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from lxml import etree

    for rel in document.part.package.rels.values():
        if rel.reltype == RELATIONSHIP_TYPE.CUSTOM_PROPERTIES and not rel.is_external:
            try:
                root = etree.fromstring(rel.target_part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
            except etree.XMLSyntaxError:
                return {}
            return {node.get("name"): "".join(node.itertext()) for node in root.findall(f"{{{_CUSTOM_NS}}}property")}
    return {}


def lire_proprietes_personnalisees(contenu: bytes) -> dict[str, str]:
    """User-defined properties of a .docx (empty when it has none)."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
        if "docProps/custom.xml" not in archive.namelist():
            return {}
        root = etree.fromstring(archive.read("docProps/custom.xml"))
    return {node.get("name"): "".join(node.itertext()) for node in root.findall(f"{{{_CUSTOM_NS}}}property")}


def ajouter_image(paragraphe: Paragraph, png: bytes, largeur: int, description: str, titre: str = "",
                  svg: bytes | None = None) -> None:
    """An inline picture with its alternative text (wp:docPr descr, RGAA); with ``svg``, the PNG is the
    fallback of a vector image (asvg:svgBlip, read by Word 2016 and later). ``largeur`` in EMU."""
    inline = paragraphe.add_run().add_picture(io.BytesIO(png), width=largeur)._inline
    inline.docPr.set("descr", description)
    if titre:
        inline.docPr.set("title", titre)
    if svg is None:
        return
    part = paragraphe.part
    package = part.package
    svg_part = Part(PackURI(package.next_partname("/word/media/image%d.svg")), "image/svg+xml", svg, package)
    identifier = part.relate_to(svg_part, RT.IMAGE)
    blip = inline.find(f".//{{{_A_NS}}}blip")
    blip.append(parse_xml(
        f'<a:extLst xmlns:a="{_A_NS}"><a:ext uri="{_EXTENSION_SVG}">'
        f'<asvg:svgBlip xmlns:asvg="{_ASVG_NS}" xmlns:r="{_R_NS}" r:embed="{identifier}"/></a:ext></a:extLst>'))


def garder_avec_suivant(element) -> None:
    """Keep a paragraph (or the last row of a table) on the page of what follows (w:keepNext)."""
    if element.tag == qn("w:tbl"):
        rows = element.findall(qn("w:tr"))
        paragraphs = list(rows[-1].iter(qn("w:p"))) if rows else []
    else:
        paragraphs = [element]
    for paragraph in paragraphs:
        _keep_next(paragraph)


def lignes_liees(table) -> None:
    """Keep every row of a table on the page of the next row: the table moves as one block."""
    rows = table.findall(qn("w:tr"))
    for row in rows[:-1]:
        for paragraph in row.iter(qn("w:p")):
            _keep_next(paragraph)


def _keep_next(paragraph) -> None:
    properties = paragraph.get_or_add_pPr()
    if properties.find(qn("w:keepNext")) is None:
        style = properties.find(qn("w:pStyle"))
        node = OxmlElement("w:keepNext")
        if style is not None:
            style.addnext(node)
        else:
            properties.insert(0, node)


def langue_par_defaut(document, langue: str) -> None:
    """The language of every run unless a style says otherwise (docDefaults), for spelling and hyphenation;
    widow and orphan control on by default."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_properties = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    for attribute in ("w:val", "w:eastAsia"):
        lang.set(qn(attribute), langue)
    paragraph_properties = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    if paragraph_properties is not None and paragraph_properties.find(qn("w:widowControl")) is None:
        paragraph_properties.insert(0, OxmlElement("w:widowControl"))
    theme = document.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), langue)


def niveau_de_plan(style, niveau: int) -> None:
    """The outline level of a paragraph style (0 = level 1): navigation pane, table of contents, PDF bookmarks."""
    properties = style.element.get_or_add_pPr()
    node = properties.find(qn("w:outlineLvl"))
    if node is None:
        node = OxmlElement("w:outlineLvl")
        properties.append(node)
    node.set(qn("w:val"), str(niveau))


def mettre_a_jour_champs(document) -> None:
    """Ask Word to update the fields (table of contents, page references) when it opens the file."""
    settings = document.settings.element
    node = settings.find(qn("w:updateFields"))
    if node is None:
        node = OxmlElement("w:updateFields")
        # CT_Settings order: updateFields comes right before these elements
        followers = {qn(f"w:{name}") for name in ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids")}
        anchor = next((child for child in settings if child.tag in followers), None)
        if anchor is not None:
            anchor.addprevious(node)
        else:
            settings.append(node)
    node.set(qn("w:val"), "true")


_APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def xml_proprietes_application(application: str, societe: str = "") -> bytes:
    """docProps/app.xml naming the generating application and the issuing service."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="{_APP_NS}">'
            f"<Application>{escape(application)}</Application><DocSecurity>0</DocSecurity>"
            f"<Company>{escape(societe)}</Company><LinksUpToDate>false</LinksUpToDate>"
            f"<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>").encode("utf-8")


def proprietes_application(document, application: str, societe: str = "", contenu: bytes | None = None) -> None:
    """docProps/app.xml rewritten: the generating application and the issuing service, instead of the
    template's ("Microsoft Macintosh Word", Normal.dotm); page and word counts are left to the word processor.
    ``contenu``: the part's bytes as they are (the fast writer's probe)."""
    from docx.opc.constants import CONTENT_TYPE

    blob = contenu if contenu is not None else xml_proprietes_application(application, societe)
    _partie_du_paquet(document, RT.EXTENDED_PROPERTIES, "/docProps/app.xml", CONTENT_TYPE.OFC_EXTENDED_PROPERTIES, blob)
