"""Read a reviewed Word document: tracked changes and comments, clause by clause.

A counterpart returns a Continuum document with revisions (w:ins, w:del,
formatting changes) and comments. Each one is attributed to the clause whose
bookmark encloses it (bookmarks are named after clause ids); changes that
touch a socle clause are flagged with the measure of the circular.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import docx
from docx.oxml.ns import qn

from generator.bibliotheque import Bibliotheque, Clause
from generator.erreurs import FichierIllisible
from generator.rendu_docx import AUTEUR

INSERTION, SUPPRESSION, MISE_EN_FORME = "insertion", "suppression", "mise en forme"
_REVISIONS = {qn("w:ins"): INSERTION, qn("w:del"): SUPPRESSION, qn("w:moveTo"): INSERTION, qn("w:moveFrom"): SUPPRESSION}
_FORMATS = {qn("w:rPrChange"), qn("w:pPrChange")}
_TEXTES = {qn("w:t"), qn("w:delText")}


@dataclass
class Modification:
    nature: str
    auteur: str
    date: str
    texte: str
    clause: str | None


@dataclass
class Commentaire:
    auteur: str
    date: str
    texte: str
    ancrage: str
    clause: str | None


@dataclass
class Alerte:
    clause: str
    titre: str
    source: str
    modifications: int


@dataclass
class Rapport:
    fichier: str
    type_document: str
    identifiant: str
    statut: str
    modifications: list[Modification] = field(default_factory=list)
    commentaires: list[Commentaire] = field(default_factory=list)
    alertes: list[Alerte] = field(default_factory=list)

    def par_clause(self) -> dict[str | None, list[Modification]]:
        grouped: dict[str | None, list[Modification]] = {}
        for change in self.modifications:
            grouped.setdefault(change.clause, []).append(change)
        return grouped

    def en_json(self) -> dict:
        return asdict(self)


def _texte(element) -> str:
    return "".join(node.text or "" for node in element.iter() if node.tag in _TEXTES)


def _clause_de(nom: str, connues: dict[str, Clause]) -> str | None:
    """The clause a bookmark names: its id, or the id of a repeated clause (« cls_fiche_action_2 »)."""
    if nom in connues:
        return nom
    base = re.sub(r"_\d+$", "", nom)
    return nom if base in connues else None


def relire(chemin: Path, bibliotheque: Bibliotheque) -> Rapport:
    try:
        word = docx.Document(str(chemin))
    except Exception as exc:  # noqa: BLE001 - any unreadable package is reported the same way
        raise FichierIllisible(f"{chemin} : document Word illisible ({exc})") from None
    props = word.core_properties
    type_document = props.category or ""
    known = {c.id: c for c in bibliotheque.pour_type(type_document)} if type_document else dict(bibliotheque.clauses)
    report = Rapport(str(chemin), type_document, props.identifier or "", props.content_status or "")

    open_marks: dict[str, str] = {}  # bookmark id -> clause id, in opening order
    comment_clause: dict[str, str | None] = {}
    comment_text: dict[str, list[str]] = {}
    open_comments: set[str] = set()

    def current() -> str | None:
        return next(reversed(open_marks.values()), None)

    for node in word.element.body.iter():
        tag = node.tag
        if tag == qn("w:bookmarkStart"):
            clause = _clause_de(node.get(qn("w:name")) or "", known)
            if clause:
                open_marks[node.get(qn("w:id"))] = clause
        elif tag == qn("w:bookmarkEnd"):
            open_marks.pop(node.get(qn("w:id")), None)
        elif tag == qn("w:commentRangeStart"):
            identifier = node.get(qn("w:id"))
            comment_clause[identifier] = current()
            comment_text[identifier] = []
            open_comments.add(identifier)
        elif tag == qn("w:commentRangeEnd"):
            open_comments.discard(node.get(qn("w:id")))
        elif tag in _TEXTES:
            for identifier in open_comments:
                comment_text[identifier].append(node.text or "")
        if tag in _REVISIONS and node.getparent().tag != qn("w:rPr"):
            text = _texte(node)
            if text or node.getparent().tag != qn("w:pPr"):
                report.modifications.append(Modification(
                    _REVISIONS[tag], node.get(qn("w:author"), ""), node.get(qn("w:date"), ""), text, current()))
        elif tag in _REVISIONS:  # a paragraph mark inserted or deleted (w:pPr/w:rPr/w:ins)
            report.modifications.append(Modification(
                f"{_REVISIONS[tag]} de paragraphe", node.get(qn("w:author"), ""), node.get(qn("w:date"), ""), "", current()))
        elif tag in _FORMATS:
            run = node.getparent().getparent()
            report.modifications.append(Modification(
                MISE_EN_FORME, node.get(qn("w:author"), ""), node.get(qn("w:date"), ""), _texte(run), current()))

    comments_part = word.part._comments_part if _a_des_commentaires(word) else None
    if comments_part is not None:
        for comment in comments_part.element.iter(qn("w:comment")):
            if comment.get(qn("w:author")) == AUTEUR:
                continue  # the draft's own socle comments, not a reviewer's
            identifier = comment.get(qn("w:id"))
            report.commentaires.append(Commentaire(
                comment.get(qn("w:author"), ""), comment.get(qn("w:date"), ""),
                "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in comment.iter(qn("w:p"))).strip(),
                "".join(comment_text.get(identifier, [])), comment_clause.get(identifier)))

    for clause_id, changes in report.par_clause().items():
        if clause_id is None:
            continue
        clause = known.get(clause_id) or known.get(re.sub(r"_\d+$", "", clause_id))
        if clause is not None and clause.socle_possible:
            report.alertes.append(Alerte(clause_id, clause.titre, clause.source.citation(), len(changes)))
    return report


def _a_des_commentaires(word) -> bool:
    return any(rel.reltype.endswith("/comments") for rel in word.part.rels.values())
