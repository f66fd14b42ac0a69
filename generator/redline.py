"""Redline between two versions of a document: native Word tracked changes.

Both versions are assembled from their answers (final mode), flattened into
paragraphs and tables, and aligned; the new document is written with
``w:ins``/``w:del`` revisions: word-level inside a changed paragraph, whole
paragraphs (paragraph mark included) for added or removed text, whole rows for
tables. Accepting every change gives the new document, rejecting every change
the old one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from generator import empreintes, generation, oxml
from generator.document import IMAGE, LISTE, TABLEAU, Document
from generator.docx_borne import ouvrir_docx
from generator.erreurs import ArgumentInvalide, FichierIllisible
from generator.plan import charger_plan
from generator.rendu_docx import _modele_analyse, _proprietes, _remplir_modele, texte_compose
from generator.rendu_texte import nettoyer

_ESPACE_APRES_SIGNATURE = '<w:spacing w:after="480"/>'
_MOTS = re.compile(r"\s+|[\w’'-]+|[^\w\s]", re.UNICODE)
_PRODUIT_MAX = 1_000_000  # len(a) * len(b) beyond which the middle of two sequences is replaced whole
_PRODUIT_MAX_BLOCS = 25_000_000  # the same for the paragraphs of two documents (mostly distinct: fast)
ELEMENTS_MAX = 50_000  # paragraphs and tables of one document
MOTS_MAX = 2_000_000  # words of one document
COLONNES_MAX = 64  # Word's own limit is 63 columns
LIGNES_MAX = 10_000  # rows of one table


def valider_auteur(auteur: str) -> str:
    """The author of the tracked changes: printable, at most 100 characters."""
    if not auteur.strip():
        raise ArgumentInvalide("--auteur : nom vide ; indiquez l'auteur des modifications")
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or 0xD800 <= ord(c) < 0xE000 or c in "\ufffe\uffff" for c in auteur):
        raise ArgumentInvalide(f"--auteur : caractère de contrôle interdit dans {auteur[:100]!r}")
    if len(auteur) > 100:
        raise ArgumentInvalide(f"--auteur : nom trop long ({len(auteur)} caractères, au plus 100)")
    return auteur


def _operations(a: list, b: list, produit_max: int = _PRODUIT_MAX) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes, bounded: common ends matched in linear time, the middle compared only when small.

    A middle too large for a detailed comparison is one replacement: still exact (accepting gives
    ``b``, rejecting gives ``a``), never quadratic.
    """
    start, common = 0, min(len(a), len(b))
    while start < common and a[start] == b[start]:
        start += 1
    end = 0
    while end < common - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1
    ops = [("equal", 0, start, 0, start)] if start else []
    mid_a, mid_b = a[start:len(a) - end], b[start:len(b) - end]
    if mid_a or mid_b:
        if mid_a and mid_b and len(mid_a) * len(mid_b) <= produit_max:
            ops += [(op, i1 + start, i2 + start, j1 + start, j2 + start) for op, i1, i2, j1, j2
                    in difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=False).get_opcodes()]
        else:
            ops.append(("replace" if mid_a and mid_b else "delete" if mid_a else "insert",
                        start, len(a) - end, start, len(b) - end))
    if end:
        ops.append(("equal", len(a) - end, len(a), len(b) - end, len(b)))
    return ops


@dataclass
class _Element:
    style: str  # paragraph style name, or "table"
    texte: str = ""
    lignes: tuple = ()
    bloc: str | None = None
    premier: bool = False
    dernier: bool = False
    image: bytes = b""  # PNG of a chart (style "image")

    @property
    def signature(self) -> str:
        if self.style in ("table", "signatures"):
            return self.style + "|" + " || ".join(" | ".join(row) for row in self.lignes)
        if self.style == "image":
            return "image|" + hashlib.sha256(self.image).hexdigest()
        return f"{self.style}|{self.texte}"


def _aplatir(document: Document) -> list[_Element]:
    out: list[_Element] = []

    def bloc(b) -> None:
        items = []
        if b.titre_visible:
            items.append(_Element("Titre d'article" if b.numero is not None else "Titre de bloc", b.intitule))
        rows: list = []
        for para in b.paragraphes + [None]:
            if para is not None and para.style == TABLEAU:
                rows.append(tuple(para.cellules))
                continue
            if rows:
                items.append(_Element("table", lignes=tuple(rows)))
                rows = []
            if para is None:
                break
            if para.style == IMAGE:
                chart = document.images.get(para.texte, b"")
                png = chart if isinstance(chart, bytes) else getattr(chart, "png", b"")
                items.append(_Element("image", para.texte, image=png))
                continue
            items.append(_Element("Liste de clause" if para.style == LISTE else "Corps de clause", para.texte))
        if not items or items[0].style in ("table", "image"):
            items.insert(0, _Element("Corps de clause", ""))
        if items[-1].style in ("table", "image"):
            items.append(_Element("Corps de clause", ""))
        for element in items:
            element.bloc = b.cle
        items[0].premier, items[-1].dernier = True, True
        out.extend(items)

    for b in document.avant_propos:
        bloc(b)
    if document.formule:
        out.append(_Element("Formule", document.formule))
    for titre in document.titres:
        if titre.intitule:
            out.append(_Element("Titre de partie", titre.intitule))
        for chapitre in titre.chapitres:
            if chapitre.intitule:
                out.append(_Element("Titre de chapitre", chapitre.intitule))
            for b in chapitre.blocs:
                bloc(b)
    for b in document.cloture:
        bloc(b)
    if document.signataires:
        out.append(_Element("signatures", lignes=tuple((s.qualite, s.nom) for s in document.signataires)))
    if document.annexe:
        out.append(_Element("Titre d'annexe", document.annexe_intitule))
        rows = [("Code", "Partie", "Volet", "Mesure", "Statut", "Article")]
        rows += [(l.code, l.partie, l.volet, l.libelle, l.statut, str(l.article) if l.article else "—") for l in document.annexe]
        out.append(_Element("table", lignes=tuple(rows)))
        if document.annexe_note:
            out.append(_Element("Corps de clause", document.annexe_note))
    for element in out:  # the French typography of the rendered document (rendu_docx.texte_compose)
        element.texte = texte_compose(element.texte)
        element.lignes = tuple(tuple(texte_compose(cell) for cell in row) for row in element.lignes)
    return out


_SUIVIS = {qn(f"w:{t}") for t in ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange",
                                   "tblPrChange", "trPrChange", "tcPrChange", "tblGridChange", "numberingChange",
                                   "cellIns", "cellDel", "cellMerge", "moveFromRangeStart", "moveToRangeStart")}
_NON_PRIS_EN_CHARGE = {
    qn("w:sdt"): "contrôle de contenu", qn("w:fldSimple"): "champ", qn("w:fldChar"): "champ",
    qn("w:instrText"): "champ", qn("w:smartTag"): "balise active", qn("w:customXml"): "balise XML personnalisée",
    qn("w:drawing"): "image ou dessin", qn("w:pict"): "image ou dessin", qn("w:object"): "objet incorporé",
    qn("w:footnoteReference"): "note de bas de page", qn("w:endnoteReference"): "note de fin",
    qn("w:altChunk"): "contenu importé", qn("w:hyperlink"): "lien hypertexte", qn("w:sym"): "symbole",
    qn("w:txbxContent"): "zone de texte", qn("w:subDoc"): "sous-document",
}
_CORPS_IGNORES = {qn("w:sectPr"), qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:commentRangeStart"),
                  qn("w:commentRangeEnd"), qn("w:proofErr"), qn("w:permStart"), qn("w:permEnd")}


def _sommaire(child, word) -> bool:
    """A paragraph of the table of contents: navigation the word processor recomputes, not content."""
    if child.tag != qn("w:p"):
        return False
    style = Paragraph(child, word._body).style
    name = (style.name if style is not None else "").casefold()
    return name.startswith("toc") or name in ("titre de sommaire", "toc heading")


def _refuser_contenu(body, chemin: Path, word) -> None:
    """Refuse what the flattening cannot carry: tracked changes, and content other than text and tables."""
    found: dict[str, int] = {}
    paragraph = 0
    nodes = (node for child in body.iterchildren() if not _sommaire(child, word) for node in child.iter())
    for node in nodes:
        tag = node.tag
        if tag == qn("w:p"):
            paragraph += 1
        if tag in _SUIVIS:
            raise FichierIllisible(
                f"{chemin} : le document contient des modifications suivies non acceptées (paragraphe {paragraph}) : "
                "acceptez-les ou rejetez-les d'abord, puis comparez")
        label = _NON_PRIS_EN_CHARGE.get(tag)
        if label is None and tag == qn("w:tbl") and any(a.tag == qn("w:tc") for a in node.iterancestors()):
            label = "tableau imbriqué"
        if label is not None:
            found.setdefault(label, paragraph)
    for child in body.iterchildren():
        if child.tag not in _CORPS_IGNORES | {qn("w:p"), qn("w:tbl")} and isinstance(child.tag, str):
            found.setdefault(f"élément {child.tag.rpartition('}')[2]}", 0)
    if found:
        detail = ", ".join(f"{label} (paragraphe {n})" if n else label for label, n in found.items())
        raise FichierIllisible(f"{chemin} : contenu non pris en charge par la comparaison : {detail} ; "
                               "comparez les fichiers de réponses (.yaml), ou retirez ce contenu")


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


def _aplatir_docx(chemin: Path) -> tuple[list[_Element], docx.document.Document]:
    """A Word file's body as paragraphs and tables, each tied to the clause bookmark it sits in."""
    word = ouvrir_docx(chemin)
    body = word.element.body
    _refuser_contenu(body, chemin, word)
    out: list[_Element] = []
    open_marks: dict[str, str] = {}
    words = 0
    for child in body.iterchildren():
        if _sommaire(child, word):
            continue  # the table of contents is left out of the redline
        starts = [(b.get(qn("w:id")), b.get(qn("w:name"))) for b in child.iter(qn("w:bookmarkStart"))]
        ends = [b.get(qn("w:id")) for b in child.iter(qn("w:bookmarkEnd"))]
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, word._body)
            element = _Element(paragraph.style.name if paragraph.style is not None else "Corps de clause", paragraph.text)
            words += len(element.texte.split())
        elif child.tag == qn("w:tbl"):
            rows = list(child.iterchildren(qn("w:tr")))
            if len(rows) > LIGNES_MAX:
                raise FichierIllisible(f"{chemin} : tableau de {len(rows)} lignes, au plus {LIGNES_MAX} comparées")
            element = _Element("table", lignes=tuple(_cellules(tr, chemin) for tr in rows))
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


class _Ecrivain:
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

    def _marks(self, element: _Element | None) -> tuple[str, str]:
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

    def paragraphe(self, style: str, content: str, mark: str = "", element: _Element | None = None) -> None:
        start, end = self._marks(element)
        rpr = f"<w:rPr>{mark}</w:rPr>" if mark else ""
        style_id = self.styles.get(style) or self.styles["Corps de clause"]
        self.corps.ajouter(f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{rpr}</w:pPr>{start}{content}{end}</w:p>')

    def signatures(self, old: _Element | None, new: _Element | None) -> None:
        """Signature blocks two per row, as the renderer lays them out; changed rows are inserted or deleted."""
        def rows(element):
            blocks = list(element.lignes) if element else []
            if len(blocks) % 2:
                blocks.append(("", ""))
            return [tuple(blocks[i:i + 2]) for i in range(0, len(blocks), 2)]

        a, b = rows(old), rows(new)
        marked = []
        for op, i1, i2, j1, j2 in _operations(a, b):
            if op == "equal":
                marked += [(row, None) for row in b[j1:j2]]
            else:
                marked += [(row, "del") for row in a[i1:i2]] + [(row, "ins") for row in b[j1:j2]]
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

    def image(self, element: _Element, change: str | None) -> None:
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

    def egal(self, element: _Element) -> None:
        if element.style == "image":
            self.image(element, None)
        elif element.style == "signatures":
            self.signatures(element, element)
        elif element.style == "table":
            self.tableau([(row, None) for row in element.lignes])
        else:
            self.paragraphe(element.style, self._t(element.texte) if element.texte else "", element=element)

    def insere(self, element: _Element) -> None:
        if element.style == "image":
            self.image(element, "ins")
        elif element.style == "signatures":
            self.signatures(None, element)
        elif element.style == "table":
            self.tableau([(row, "ins") for row in element.lignes])
        else:
            self.paragraphe(element.style, self.ins(element.texte), f'<w:ins w:id="{self._id()}" {self.attrs}/>', element)

    def supprime(self, element: _Element) -> None:
        if element.style == "image":
            self.image(element, "del")
        elif element.style == "signatures":
            self.signatures(element, None)
        elif element.style == "table":
            self.tableau([(row, "del") for row in element.lignes])
        else:
            self.paragraphe(element.style, self.dele(element.texte), f'<w:del w:id="{self._id()}" {self.attrs}/>')

    def runs_compares(self, old: str, new: str) -> str:
        """Runs of ``new`` with word-level insertions and deletions from ``old``."""
        a, b = _MOTS.findall(old), _MOTS.findall(new)
        parts = []
        for op, i1, i2, j1, j2 in _operations(a, b):
            if op == "equal":
                parts.append(self._t("".join(a[i1:i2])))
            else:
                parts.append(self.dele("".join(a[i1:i2])))
                parts.append(self.ins("".join(b[j1:j2])))
        return "".join(parts)

    def modifie(self, old: _Element, new: _Element) -> None:
        """Word-level detail inside a changed paragraph."""
        self.paragraphe(new.style, self.runs_compares(old.texte, new.texte), element=new)

    def tableau_compare(self, old: _Element, new: _Element) -> None:
        a, b = list(old.lignes), list(new.lignes)
        rows = []
        for op, i1, i2, j1, j2 in _operations(a, b):
            if op == "equal":
                rows += [(row, None) for row in b[j1:j2]]
            else:
                rows += [(row, "del") for row in a[i1:i2]] + [(row, "ins") for row in b[j1:j2]]
        self.tableau(rows)

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


def comparer_docx(ancien: Path, nouveau: Path, auteur: str, date: dt.datetime | None = None) -> bytes:
    """Two Word files of similar structure (two versions of a generated document)."""
    a, _ = _aplatir_docx(ancien)
    b, word = _aplatir_docx(nouveau)
    for child in list(word.element.body.iterchildren()):
        if child.tag != qn("w:sectPr"):
            word.element.body.remove(child)
    _retirer_commentaires(word)  # their anchors were in the body just removed
    anchor = Paragraph(word.element.body.makeelement(qn("w:p")), word._body)
    word.element.body.insert(0, anchor._p)
    styles = {style.name: style.style_id for style in word.styles}
    if "Corps de clause" not in styles:
        styles["Corps de clause"] = styles.get("Normal", "Normal")
    styles.setdefault("Texte de tableau", styles["Corps de clause"])
    styles.setdefault("Table Grid", styles.get("Table Grid", "TableGrid"))
    return _ecrire(a, b, word, anchor, styles, auteur, date)


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


def comparer(ancien: Path, nouveau: Path, auteur: str, date: dt.datetime | None = None) -> bytes:
    valider_auteur(auteur)
    if ancien.suffix.lower() == nouveau.suffix.lower() == ".docx":
        return comparer_docx(ancien, nouveau, auteur, date)
    type_document, (old, _), (new, _) = generation.deux_versions(ancien, nouveau)
    plan = charger_plan(type_document)
    _, styles = _modele_analyse(plan.modele, plan.modele.stat().st_mtime)
    word = docx.Document(str(plan.modele))
    anchor = _remplir_modele(word, {"intitule": new.intitule, "intitule_court": new.intitule, "sous_titre": new.sous_titre,
                                    "entete": new.entete, "mention_projet": ""}, plan.modele)
    new.proprietes["titre"] = new.proprietes.get("titre", new.intitule)
    _proprietes(word, new)
    cover = [(styles["Sous-titre du document"], old.sous_titre, new.sous_titre)]
    return _ecrire(_aplatir(old), _aplatir(new), word, anchor, styles, auteur, date, cover)


def _ecrire(a: list[_Element], b: list[_Element], word, anchor: Paragraph, styles: dict[str, str], auteur: str,
            date: dt.datetime | None, page_de_garde: list[tuple[str, str, str]] = ()) -> bytes:
    """The new body with every difference from the old one as tracked changes, in place of ``anchor``.

    ``page_de_garde`` lists the template paragraphs (style id, old text, new text) filled from the answers,
    such as the subtitle naming the collectivities, tracked too when they differ.
    """
    when = (date or dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    writer = _Ecrivain(styles, auteur, when)
    for style_id, old_text, new_text in page_de_garde:
        if old_text == new_text:
            continue
        for paragraph in word.element.body.iter(qn("w:p")):
            style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if style is not None and style.get(qn("w:val")) == style_id:
                for run in paragraph.findall(qn("w:r")):
                    paragraph.remove(run)
                for run in parse_xml(f'<w:p xmlns:w="{oxml.W_NS}">{writer.runs_compares(old_text, new_text)}</w:p>'):
                    paragraph.append(run)
                break
    for op, i1, i2, j1, j2 in _operations([e.signature for e in a], [e.signature for e in b], _PRODUIT_MAX_BLOCS):
        if op == "equal":
            for element in b[j1:j2]:
                writer.egal(element)
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for index in range(max(len(olds), len(news))):
            old_el = olds[index] if index < len(olds) else None
            new_el = news[index] if index < len(news) else None
            if old_el is not None and new_el is not None and old_el.style == new_el.style != "image":
                if new_el.style == "signatures":
                    writer.signatures(old_el, new_el)
                elif new_el.style == "table":
                    writer.tableau_compare(old_el, new_el)
                else:
                    writer.modifie(old_el, new_el)
            else:
                if old_el is not None:
                    writer.supprime(old_el)
                if new_el is not None:
                    writer.insere(new_el)
    elements = writer.corps.inserer_avant(anchor._p)
    writer.illustrer(elements, anchor._parent)
    oxml.supprimer(anchor._p)
    empreintes.enregistrer(word)
    return oxml.enregistrer(word)
