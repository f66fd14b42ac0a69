"""A redline's body written as WordprocessingML with native tracked changes (``w:ins``/``w:del``).

:class:`Ecrivain` writes each step of the alignment (generator/redline_alignement.py): a kept
element as it is; a changed paragraph word by word; a changed table or signature block row by
row; an added or removed paragraph whole, paragraph mark included; charts whole. Clause bookmarks
are written again around their elements. The body is parsed once and put in place of an anchor
paragraph (:meth:`Ecrivain.remplacer`); :func:`vider_corps` prepares a Word file to receive it.
"""

from __future__ import annotations

import io

from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from generator import oxml
from generator.oxml import escape, quoteattr
from generator.redline_alignement import EGAL, MODIFIE, SUPPRIME, lignes_marquees, mots, operations
from generator.redline_elements import Element
from generator.rendu_texte import nettoyer

_ESPACE_APRES_SIGNATURE = '<w:spacing w:after="480"/>'


def vider_corps(word) -> Paragraph:
    """Empty a Word file's body (its section properties kept) and its comments; the anchor paragraph left."""
    for child in list(word.element.body.iterchildren()):
        if child.tag != qn("w:sectPr"):
            word.element.body.remove(child)
    _retirer_commentaires(word)  # their anchors were in the body just removed
    anchor = Paragraph(word.element.body.makeelement(qn("w:p")), word._body)
    word.element.body.insert(0, anchor._p)
    return anchor


def _retirer_commentaires(word) -> None:
    """Drop every comment of the package: a comment without its anchor would float, detached, in Word."""
    for rel in word.part.rels.values():
        if rel.reltype.endswith("/comments") and not rel.is_external:
            part = rel.target_part
            element = getattr(part, "element", None)
            if element is not None:
                for comment in list(element):
                    element.remove(comment)
            else:
                part._blob = f'<w:comments xmlns:w="{oxml.W_NS}"/>'.encode()


class Ecrivain:
    """The redline's body, element by element, every revision signed with its author and date."""

    def __init__(self, styles: dict[str, str], auteur: str, date: str):
        self.styles = styles
        self.attrs = f"w:author={quoteattr(auteur)} w:date={quoteattr(date)}"
        self.identifiant = 5000  # revisions; bookmarks use 1000+, comments 0+
        self.signet = 1000
        self.ouverts: dict[str, int] = {}
        self.corps = oxml.CorpsXml()
        self.images: list[tuple[int, bytes, str | None]] = []  # (block index, PNG, "ins"/"del"/None)

    def _id(self) -> int:
        self.identifiant += 1
        return self.identifiant

    def _t(self, text: str, deleted: bool = False, bold: bool = False) -> str:
        tag = "w:delText" if deleted else "w:t"
        props = "<w:rPr><w:b/></w:rPr>" if bold else ""
        return f'<w:r>{props}<{tag} xml:space="preserve">{escape(nettoyer(text))}</{tag}></w:r>'

    def ins(self, text: str, bold: bool = False) -> str:
        return f'<w:ins w:id="{self._id()}" {self.attrs}>{self._t(text, bold=bold)}</w:ins>' if text else ""

    def dele(self, text: str, bold: bool = False) -> str:
        return f'<w:del w:id="{self._id()}" {self.attrs}>{self._t(text, True, bold)}</w:del>' if text else ""

    def ppr(self, style_id: str, change: str | None, extra: str = "") -> str:
        """Paragraph properties; in an inserted or deleted row the paragraph mark is tracked as well."""
        mark = f'<w:rPr><w:{change} w:id="{self._id()}" {self.attrs}/></w:rPr>' if change else ""
        return f'<w:pPr><w:pStyle w:val="{style_id}"/>{extra}{mark}</w:pPr>'

    def _marks(self, element: Element | None) -> tuple[str, str]:
        if element is None or element.bloc is None:
            return "", ""
        start = end = ""
        if element.premier:
            self.signet += 1
            self.ouverts[element.bloc] = self.signet
            start = f'<w:bookmarkStart w:id="{self.signet}" w:name="{element.bloc}"/>'
        if element.dernier and element.bloc in self.ouverts:
            end = f'<w:bookmarkEnd w:id="{self.ouverts.pop(element.bloc)}"/>'
        return start, end

    def paragraphe(self, style: str, content: str, mark: str = "", element: Element | None = None) -> None:
        start, end = self._marks(element)
        rpr = f"<w:rPr>{mark}</w:rPr>" if mark else ""
        style_id = self.styles.get(style) or self.styles["Corps de clause"]
        self.corps.ajouter(f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{rpr}</w:pPr>{start}{content}{end}</w:p>')

    def signatures(self, old: Element | None, new: Element | None) -> None:
        """Signature blocks two per row, as the renderer lays them out; changed rows are inserted or deleted."""
        def rows(element):
            blocks = list(element.lignes) if element else []
            if len(blocks) % 2:
                blocks.append(("", ""))
            return [tuple(blocks[i:i + 2]) for i in range(0, len(blocks), 2)]

        marked = lignes_marquees(rows(old), rows(new))
        style = self.styles["Signature"]
        half = 9070 // 2
        xml_rows = []
        for pair, change in marked:
            write = {"ins": self.ins, "del": self.dele}.get(change)
            mark = f'<w:{change} w:id="{self._id()}" {self.attrs}/>' if change else ""
            cells = ""
            for qualite, nom in pair:
                if not qualite and not nom:  # padding of an odd number of signatories
                    cells += (f'<w:tc><w:tcPr><w:tcW w:w="{half}" w:type="dxa"/></w:tcPr>'
                              f'<w:p>{self.ppr(style, change)}</w:p></w:tc>')
                    continue
                office = write(qualite, bold=True) if write else (self._t(qualite, bold=True) if qualite else "")
                name = write(nom) if write else (self._t(nom) if nom else "")
                room = "<w:r>" + "<w:br/>" * 3 + "</w:r>" if qualite else ""
                if room and change:  # the space left to sign is inserted or deleted with its row
                    room = f'<w:{change} w:id="{self._id()}" {self.attrs}>{room}</w:{change}>'
                cells += (f'<w:tc><w:tcPr><w:tcW w:w="{half}" w:type="dxa"/></w:tcPr>'
                          f'<w:p>{self.ppr(style, change)}{office}</w:p>'
                          f'<w:p>{self.ppr(style, change)}{room}</w:p>'
                          f'<w:p>{self.ppr(style, change, _ESPACE_APRES_SIGNATURE)}{name}</w:p></w:tc>')
            xml_rows.append(f"<w:tr><w:trPr><w:cantSplit/>{mark}</w:trPr>{cells}</w:tr>")
        self.corps.ajouter(f'<w:tbl><w:tblPr><w:tblW w:w="{half * 2}" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr>'
                           f'<w:tblGrid><w:gridCol w:w="{half}"/><w:gridCol w:w="{half}"/></w:tblGrid>{"".join(xml_rows)}</w:tbl>')

    def image(self, element: Element, change: str | None) -> None:
        """A chart's paragraph; the picture is added once the body is parsed (``illustrer``)."""
        mark = f'<w:{change} w:id="{self._id()}" {self.attrs}/>' if change else ""
        style_id = self.styles.get("Figure") or self.styles["Corps de clause"]
        index = self.corps.ajouter(f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>'
                                   f'{"<w:rPr>" + mark + "</w:rPr>" if mark else ""}</w:pPr></w:p>')
        self.images.append((index, element.image, change))

    def illustrer(self, elements: list, parent) -> None:
        for index, png, change in self.images:
            run = Paragraph(elements[index], parent).add_run()
            run.add_picture(io.BytesIO(png), width=Cm(15))
            if change:
                wrapper = parse_xml(f'<w:{change} xmlns:w="{oxml.W_NS}" w:id="{self._id()}" {self.attrs}/>')
                run._r.addprevious(wrapper)
                wrapper.append(run._r)

    def ecrire(self, step: str, old: Element | None, new: Element | None) -> None:
        """One step of the alignment (redline_alignement.aligner)."""
        if step == EGAL:
            self.entier(new, None)
        elif step == MODIFIE:
            self.modifie(old, new)
        elif step == SUPPRIME:
            self.entier(old, "del")
        else:
            self.entier(new, "ins")

    def entier(self, element: Element, change: str | None) -> None:
        """A whole element, kept (``change`` None), inserted (``"ins"``) or deleted (``"del"``).

        A deleted paragraph loses its clause bookmark; an inserted one carries it.
        """
        if element.style == "image":
            self.image(element, change)
        elif element.style == "signatures":
            self.signatures(None if change == "ins" else element, None if change == "del" else element)
        elif element.style == "table":
            self.tableau([(row, change) for row in element.lignes])
        elif change is None:
            self.paragraphe(element.style, self._t(element.texte) if element.texte else "", element=element)
        else:
            content = (self.ins if change == "ins" else self.dele)(element.texte)
            self.paragraphe(element.style, content, f'<w:{change} w:id="{self._id()}" {self.attrs}/>',
                            element if change == "ins" else None)

    def runs_compares(self, old: str, new: str) -> str:
        """Runs of ``new`` with word-level insertions and deletions from ``old``."""
        a, b = mots(old), mots(new)
        parts = []
        for op, i1, i2, j1, j2 in operations(a, b):
            if op == "equal":
                parts.append(self._t("".join(a[i1:i2])))
            else:
                parts.append(self.dele("".join(a[i1:i2])))
                parts.append(self.ins("".join(b[j1:j2])))
        return "".join(parts)

    def modifie(self, old: Element, new: Element) -> None:
        """An element changed in place: signatures and tables row by row, a paragraph word by word."""
        if new.style == "signatures":
            self.signatures(old, new)
        elif new.style == "table":
            self.tableau(lignes_marquees(list(old.lignes), list(new.lignes)))
        else:
            self.paragraphe(new.style, self.runs_compares(old.texte, new.texte), element=new)

    def tableau(self, rows: list[tuple[tuple, str | None]]) -> None:
        columns = max(len(r) for r, _ in rows)
        width = 9070 // columns
        style = self.styles["Texte de tableau"]
        xml_rows = []
        for index, (cells, change) in enumerate(rows):
            bold = index == 0 and columns > 1
            mark = f'<w:{change} w:id="{self._id()}" {self.attrs}/>' if change else ""
            body = ""
            write = {"ins": self.ins, "del": self.dele}.get(change, lambda t, bold=False: self._t(t, bold=bold) if t else "")
            for cell in list(cells) + [""] * (columns - len(cells)):
                paragraphs = "".join(f'<w:p>{self.ppr(style, change)}{write(line, bold=bold)}</w:p>'
                                     for line in cell.split("\n"))
                body += f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{paragraphs}</w:tc>'

            xml_rows.append(f"<w:tr><w:trPr><w:cantSplit/>{mark}</w:trPr>{body}</w:tr>")
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in range(columns))
        self.corps.ajouter(f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.styles["Table Grid"]}"/><w:tblW w:w="{width * columns}" '
                           f'w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
                           f'{"".join(xml_rows)}</w:tbl>')

    def suivre_page_de_garde(self, word, page_de_garde: list[tuple[str, str, str]]) -> None:
        """The template paragraphs filled from the answers (style id, old text, new text), tracked where they differ."""
        for style_id, old_text, new_text in page_de_garde:
            if old_text == new_text:
                continue
            for paragraph in word.element.body.iter(qn("w:p")):
                style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
                if style is not None and style.get(qn("w:val")) == style_id:
                    for run in paragraph.findall(qn("w:r")):
                        paragraph.remove(run)
                    for run in parse_xml(f'<w:p xmlns:w="{oxml.W_NS}">{self.runs_compares(old_text, new_text)}</w:p>'):
                        paragraph.append(run)
                    break

    def remplacer(self, anchor: Paragraph) -> None:
        """The body written so far, in place of ``anchor``, with its charts."""
        elements = self.corps.inserer_avant(anchor._p)
        self.illustrer(elements, anchor._parent)
        oxml.supprimer(anchor._p)
