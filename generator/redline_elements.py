"""The form both versions of a redline are compared in: a flat list of :class:`Element`.

An element is a paragraph (its style name and text), a table (its rows of cell texts), a chart
(its PNG) or the signature blocks, tied to the clause it belongs to (``bloc``: the clause's
bookmark, opened on its first element and closed on its last). :func:`aplatir` flattens an
assembled :class:`Document` as the renderer lays it out; generator/oxml_redline_lecture.py
reads a Word file into the same form.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from generator.document import IMAGE, LISTE, TABLEAU, Document
from generator.redacteur import texte_compose


@dataclass
class Element:
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


def aplatir(document: Document) -> list[Element]:
    out: list[Element] = []

    def bloc(b) -> None:
        items = []
        if b.titre_visible:
            items.append(Element("Titre d'article" if b.numero is not None else "Titre de bloc", b.intitule))
        rows: list = []
        for para in b.paragraphes + [None]:
            if para is not None and para.style == TABLEAU:
                rows.append(tuple(para.cellules))
                continue
            if rows:
                items.append(Element("table", lignes=tuple(rows)))
                rows = []
            if para is None:
                break
            if para.style == IMAGE:
                chart = document.images.get(para.texte, b"")
                png = chart if isinstance(chart, bytes) else getattr(chart, "png", b"")
                items.append(Element("image", para.texte, image=png))
                continue
            items.append(Element("Liste de clause" if para.style == LISTE else "Corps de clause", para.texte))
        if not items or items[0].style in ("table", "image"):
            items.insert(0, Element("Corps de clause", ""))
        if items[-1].style in ("table", "image"):
            items.append(Element("Corps de clause", ""))
        for element in items:
            element.bloc = b.cle
        items[0].premier, items[-1].dernier = True, True
        out.extend(items)

    for b in document.avant_propos:
        bloc(b)
    if document.formule:
        out.append(Element("Formule", document.formule))
    for titre in document.titres:
        if titre.intitule:
            out.append(Element("Titre de partie", titre.intitule))
        for chapitre in titre.chapitres:
            if chapitre.intitule:
                out.append(Element("Titre de chapitre", chapitre.intitule))
            for b in chapitre.blocs:
                bloc(b)
    for b in document.cloture:
        bloc(b)
    if document.signataires:
        out.append(Element("signatures", lignes=tuple((s.qualite, s.nom) for s in document.signataires)))
    if document.annexe:
        out.append(Element("Titre d'annexe", document.annexe_intitule))
        rows = [("Code", "Partie", "Volet", "Mesure", "Statut", "Article")]
        rows += [(l.code, l.partie, l.volet, l.libelle, l.statut, str(l.article) if l.article else "—") for l in document.annexe]
        out.append(Element("table", lignes=tuple(rows)))
        if document.annexe_note:
            out.append(Element("Corps de clause", document.annexe_note))
    for element in out:  # the French typography of the rendered document (redacteur.texte_compose)
        element.texte = texte_compose(element.texte)
        element.lignes = tuple(tuple(texte_compose(cell) for cell in row) for row in element.lignes)
    return out
