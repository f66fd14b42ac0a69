"""What a Word file compared in a redline may not contain, checked on its XML before it is read.

The comparison carries text and tables only: a file with tracked changes not yet accepted, or
with fields, pictures, notes, content controls and the like, is refused with the kind of content
and the paragraph it is in. The table of contents (navigation the word processor recomputes) is
left out of both the check and the comparison (:func:`est_sommaire`).
"""

from __future__ import annotations

from pathlib import Path

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from generator.erreurs import FichierIllisible

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


def est_sommaire(child, word) -> bool:
    """A paragraph of the table of contents: navigation the word processor recomputes, not content."""
    if child.tag != qn("w:p"):
        return False
    style = Paragraph(child, word._body).style
    name = (style.name if style is not None else "").casefold()
    return name.startswith("toc") or name in ("titre de sommaire", "toc heading")


def refuser_contenu(body, chemin: Path, word) -> None:
    """Refuse what the flattening cannot carry: tracked changes, and content other than text and tables."""
    found: dict[str, int] = {}
    paragraph = 0
    nodes = (node for child in body.iterchildren() if not est_sommaire(child, word) for node in child.iter())
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
