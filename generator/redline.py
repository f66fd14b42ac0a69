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
import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from generator import generation, oxml
from generator.document import IMAGE, LISTE, TABLEAU, Document
from generator.erreurs import FichierIllisible
from generator.plan import charger_plan
from generator.rendu_docx import _modele_analyse, _proprietes, _remplir_modele
from generator.rendu_texte import nettoyer

_ESPACE_APRES_SIGNATURE = '<w:spacing w:after="480"/>'
_MOTS = re.compile(r"\s+|[\w’'-]+|[^\w\s]", re.UNICODE)


@dataclass
class _Element:
    style: str  # paragraph style name, or "table"
    texte: str = ""
    lignes: tuple = ()
    bloc: str | None = None
    premier: bool = False
    dernier: bool = False

    @property
    def signature(self) -> str:
        if self.style in ("table", "signatures"):
            return self.style + "|" + " || ".join(" | ".join(row) for row in self.lignes)
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
                continue
            items.append(_Element("Liste de clause" if para.style == LISTE else "Corps de clause", para.texte))
        if not items or items[0].style == "table":
            items.insert(0, _Element("Corps de clause", ""))
        if items[-1].style == "table":
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
    return out


def _aplatir_docx(chemin: Path) -> tuple[list[_Element], docx.document.Document]:
    """A Word file's body as paragraphs and tables, each tied to the clause bookmark it sits in."""
    try:
        word = docx.Document(str(chemin))
    except Exception as exc:  # noqa: BLE001 - any unreadable package is reported the same way
        raise FichierIllisible(f"{chemin} : document Word illisible ({exc})") from None
    out: list[_Element] = []
    open_marks: dict[str, str] = {}
    for child in word.element.body.iterchildren():
        starts = [(b.get(qn("w:id")), b.get(qn("w:name"))) for b in child.iter(qn("w:bookmarkStart"))]
        ends = [b.get(qn("w:id")) for b in child.iter(qn("w:bookmarkEnd"))]
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, word._body)
            element = _Element(paragraph.style.name if paragraph.style is not None else "Corps de clause", paragraph.text)
        elif child.tag == qn("w:tbl"):
            table = Table(child, word._body)
            element = _Element("table", lignes=tuple(tuple(cell.text for cell in row.cells) for row in table.rows))
        else:
            continue
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
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
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

    def egal(self, element: _Element) -> None:
        if element.style == "signatures":
            self.signatures(element, element)
        elif element.style == "table":
            self.tableau([(row, None) for row in element.lignes])
        else:
            self.paragraphe(element.style, self._t(element.texte) if element.texte else "", element=element)

    def insere(self, element: _Element) -> None:
        if element.style == "signatures":
            self.signatures(None, element)
        elif element.style == "table":
            self.tableau([(row, "ins") for row in element.lignes])
        else:
            self.paragraphe(element.style, self.ins(element.texte), f'<w:ins w:id="{self._id()}" {self.attrs}/>', element)

    def supprime(self, element: _Element) -> None:
        if element.style == "signatures":
            self.signatures(element, None)
        elif element.style == "table":
            self.tableau([(row, "del") for row in element.lignes])
        else:
            self.paragraphe(element.style, self.dele(element.texte), f'<w:del w:id="{self._id()}" {self.attrs}/>')

    def runs_compares(self, old: str, new: str) -> str:
        """Runs of ``new`` with word-level insertions and deletions from ``old``."""
        a, b = _MOTS.findall(old), _MOTS.findall(new)
        parts = []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
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
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
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
    anchor = Paragraph(word.element.body.makeelement(qn("w:p")), word._body)
    word.element.body.insert(0, anchor._p)
    styles = {style.name: style.style_id for style in word.styles}
    if "Corps de clause" not in styles:
        styles["Corps de clause"] = styles.get("Normal", "Normal")
    styles.setdefault("Texte de tableau", styles["Corps de clause"])
    styles.setdefault("Table Grid", styles.get("Table Grid", "TableGrid"))
    return _ecrire(a, b, word, anchor, styles, auteur, date)


def comparer(ancien: Path, nouveau: Path, auteur: str, date: dt.datetime | None = None) -> bytes:
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
    matcher = difflib.SequenceMatcher(None, [e.signature for e in a], [e.signature for e in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for element in b[j1:j2]:
                writer.egal(element)
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for index in range(max(len(olds), len(news))):
            old_el = olds[index] if index < len(olds) else None
            new_el = news[index] if index < len(news) else None
            if old_el is not None and new_el is not None and old_el.style == new_el.style:
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
    writer.corps.inserer_avant(anchor._p)
    oxml.supprimer(anchor._p)
    return oxml.enregistrer(word)
