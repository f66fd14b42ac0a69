"""OOXML helpers: bookmarks, fields, page breaks, table flags, element moves, pictures
(with their SVG and alternative text), keep-with-next, style language and outline levels,
settings and document properties.

This is the only module that touches WordprocessingML elements directly, with
generator/oxml_texte.py (the same written as text, without python-docx) and
generator/oxml_rapide.py (the fast path's parts); legal concepts stay above them.
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
from docx.table import Table
from docx.text.paragraph import Paragraph

from generator.oxml_texte import (_CUSTOM_NS, W_NS, CorpsXml, escape, qn, quoteattr,  # noqa: F401 - API
                                  xml_proprietes_application, xml_proprietes_personnalisees)

_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ASVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
_EXTENSION_SVG = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"  # Word 2016+: the vector image behind a PNG blip


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


def proprietes_application(document, application: str, societe: str = "", contenu: bytes | None = None) -> None:
    """docProps/app.xml rewritten: the generating application and the issuing service, instead of the
    template's ("Microsoft Macintosh Word", Normal.dotm); page and word counts are left to the word processor.
    ``contenu``: the part's bytes as they are (the fast writer's probe)."""
    from docx.opc.constants import CONTENT_TYPE

    blob = contenu if contenu is not None else xml_proprietes_application(application, societe)
    _partie_du_paquet(document, RT.EXTENDED_PROPERTIES, "/docProps/app.xml", CONTENT_TYPE.OFC_EXTENDED_PROPERTIES, blob)
