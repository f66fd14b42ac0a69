"""WordprocessingML written as text, without python-docx: the body's paragraphs and tables, the
document properties' parts, and qualified names.

The fast path (generator/rendu_rapide.py, generator/oxml_rapide.py) and the writer
(generator/redacteur.py) need only these; importing python-docx (about 50 ms) is left to the
reference path and to the modules that read documents (generator/oxml.py re-exports all of this).
"""

from __future__ import annotations

# python-docx's namespace map (docx.oxml.ns.nsmap; tests/test_oxml_texte.py checks they agree).
NSMAP = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "dcterms": "http://purl.org/dc/terms/",
    "dgm": "http://schemas.openxmlformats.org/drawingml/2006/diagram",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "xml": "http://www.w3.org/XML/1998/namespace",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
W_NS = NSMAP["w"]


def qn(tag: str) -> str:
    """ "w:p" -> "{http://…/main}p" (Clark notation), as docx.oxml.ns.qn."""
    prefix, name = tag.split(":")
    return f"{{{NSMAP[prefix]}}}{name}"


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
        from docx.oxml import parse_xml  # the reference path only

        body = parse_xml(f'<w:body xmlns:w="{W_NS}">{"".join(self._blocs)}</w:body>')
        elements = list(body)
        for element in elements:
            reference.addprevious(element)
        return elements


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


_APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def xml_proprietes_application(application: str, societe: str = "") -> bytes:
    """docProps/app.xml naming the generating application and the issuing service."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="{_APP_NS}">'
            f"<Application>{escape(application)}</Application><DocSecurity>0</DocSecurity>"
            f"<Company>{escape(societe)}</Company><LinksUpToDate>false</LinksUpToDate>"
            f"<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>").encode("utf-8")
