"""Read a reviewed Word document: tracked changes and comments, clause by clause.

A counterpart returns a Continuum document with revisions (w:ins, w:del,
formatting changes) and comments. Each one is attributed to the clause whose
bookmark encloses it (bookmarks are named after clause ids, see
generator/empreintes.py for what LibreOffice does to them); changes that
touch a socle clause are flagged with the measure of the circular.

What change tracking does not show is checked too, against the fingerprints
stored in the document at generation: a clause edited without tracking, a
socle clause whose bookmark was renamed or deleted, a changed or unknown
document category, a comment signed « Continuum » that Continuum did not
write. Each is an alert; `relire --strict` exits with code 7 on any alert.

The package goes through the bounded reader; the walk is linear in the
document's size, whatever the number of (unclosed) comment ranges.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from docx.oxml.ns import qn

from generator import empreintes, oxml
from generator.bibliotheque import Bibliotheque, Clause
from generator.docx_borne import ouvrir_docx
from generator.plan import types_disponibles
from generator.rendu_docx import AUTEUR

INSERTION, SUPPRESSION, MISE_EN_FORME = "insertion", "suppression", "mise en forme"
NON_SUIVIE = "modification non suivie"
MOTIF_SUIVI = "modifications suivies"
MOTIF_NON_SUIVI = "modifiée sans suivi des modifications"
MOTIF_SIGNET = "signet supprimé ou renommé : la clause n'est plus repérable"
_ANCRAGE_MAX = 500  # characters of a comment's anchor text in the report
_TEXTE_MAX = 5000  # characters of one change's text in the report


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
    motif: str = MOTIF_SUIVI


@dataclass
class Rapport:
    fichier: str
    type_document: str
    identifiant: str
    statut: str
    modifications: list[Modification] = field(default_factory=list)
    commentaires: list[Commentaire] = field(default_factory=list)
    alertes: list[Alerte] = field(default_factory=list)
    anomalies: list[str] = field(default_factory=list)  # document-level alerts (properties, comments)

    def par_clause(self) -> dict[str | None, list[Modification]]:
        grouped: dict[str | None, list[Modification]] = {}
        for change in self.modifications:
            grouped.setdefault(change.clause, []).append(change)
        return grouped

    @property
    def refuse(self) -> bool:
        """What `relire --strict` refuses: any alert on a socle clause or on the document."""
        return bool(self.alertes or self.anomalies)

    def en_json(self) -> dict:
        return asdict(self)


def _clause_de(nom: str, connues: dict[str, Clause]) -> str | None:
    """The clause a bookmark names: its id, or the id of a repeated clause (« cls_fiche_action_2 »)."""
    if nom in connues:
        return nom
    base = re.sub(r"_\d+$", "", nom)
    return nom if base in connues else None


def _clause_connue(ouverts: tuple[str, ...], connues: dict[str, Clause]) -> str | None:
    for name in reversed(ouverts):
        clause = _clause_de(name, connues)
        if clause:
            return clause
    return None


def _anomalies_du_type(type_document: str, identifiant: str) -> list[str]:
    types = types_disponibles()
    if type_document not in types:
        return [f"catégorie du document inconnue (« {type_document[:60]} ») dans ses propriétés : "
                f"attendu l'un de {', '.join(types)} ; les clauses ne peuvent pas être contrôlées"]
    parts = identifiant.split(":")
    if len(parts) >= 2 and parts[0] == "continuum" and parts[1] != type_document:
        return [f"catégorie « {type_document} » différente du type de l'identifiant « {parts[1]} » : "
                "les propriétés du document ont été modifiées"]
    return []


class _Lecteur:
    """One pass over the body's events: changes, comment anchors and each clause's original text."""

    def __init__(self, connues: dict[str, Clause]):
        self.connues = connues
        self.modifications: list[Modification] = []
        self.touchees: dict[int, set[str]] = {}  # index of a change -> other clauses its revision spans
        self.pieces: list[str] = []
        self.debuts: dict[str, tuple[int, str | None]] = {}
        self.fins: dict[str, int] = {}
        self.textes: dict[str, list[str]] = {}
        self.actives: list[int] = []  # indexes of the open revisions' changes

    def lire(self, body) -> None:
        for event in empreintes.parcourir(body):
            getattr(self, f"_{event.nature}")(event)

    def _nouvelle(self, nature: str, node, texte: str, clause: str | None) -> int:
        self.modifications.append(Modification(nature, node.get(qn("w:author"), ""), node.get(qn("w:date"), ""),
                                               texte, clause))
        return len(self.modifications) - 1

    def _texte(self, event) -> None:
        self.pieces.append(event.texte)
        if event.etat != "ins":
            for name in event.ouverts:
                self.textes.setdefault(name, []).append(event.texte)
        if self.actives:
            change = self.modifications[self.actives[-1]]
            if len(change.texte) < _TEXTE_MAX:
                change.texte += event.texte

    def _signet(self, event) -> None:
        self.textes.setdefault(event.texte, [])
        clause = _clause_de(event.texte, self.connues)
        for index in self.actives:  # a bookmark starting inside a revision (LibreOffice): both clauses touched
            if clause and clause != self.modifications[index].clause:
                self.touchees.setdefault(index, set()).add(clause)

    def _revision(self, event) -> None:
        nature = INSERTION if event.etat == "ins" else SUPPRESSION
        self.actives.append(self._nouvelle(nature, event.noeud, "", _clause_connue(event.ouverts, self.connues)))

    def _fin_revision(self, event) -> None:
        if self.actives:
            index = self.actives.pop()
            change = self.modifications[index]
            if change.clause is None and index in self.touchees:
                change.clause = sorted(self.touchees[index])[0]

    def _marque(self, event) -> None:
        nature = f"{INSERTION if event.etat == 'ins' else SUPPRESSION} de paragraphe"
        self._nouvelle(nature, event.noeud, "", _clause_connue(event.ouverts, self.connues))

    def _format(self, event) -> None:
        run = event.noeud.getparent().getparent()
        text = "".join(n.text or "" for n in run.iter(qn("w:t"), qn("w:delText")))[:_TEXTE_MAX]
        self._nouvelle(MISE_EN_FORME, event.noeud, text, _clause_connue(event.ouverts, self.connues))

    def _debut_commentaire(self, event) -> None:
        self.debuts.setdefault(event.texte, (len(self.pieces), _clause_connue(event.ouverts, self.connues)))

    def _fin_commentaire(self, event) -> None:
        self.fins.setdefault(event.texte, len(self.pieces))

    def ancrage(self, identifier: str) -> tuple[str, str | None]:
        """A comment's anchor text (at most 500 characters, in time bounded by that) and its clause."""
        start, clause = self.debuts.get(identifier, (0, None))
        if identifier not in self.debuts:
            return "", None
        end = self.fins.get(identifier, start)
        out, size = [], 0
        for index in range(start, min(end, start + _ANCRAGE_MAX)):  # bounded, whatever the range's length
            out.append(self.pieces[index])
            size += len(self.pieces[index])
            if size >= _ANCRAGE_MAX:
                break
        return "".join(out)[:_ANCRAGE_MAX], clause


def relire(chemin: Path, bibliotheque: Bibliotheque) -> Rapport:
    word = ouvrir_docx(chemin)
    props = word.core_properties
    type_document = (props.category or "").strip()
    identifier = props.identifier or ""
    known_types = type_document in types_disponibles()
    known = {c.id: c for c in bibliotheque.pour_type(type_document)} if known_types else dict(bibliotheque.clauses)
    report = Rapport(str(chemin), type_document, identifier, props.content_status or "")
    report.anomalies += _anomalies_du_type(type_document, identifier)
    stored, own_comments = empreintes.lire(oxml.proprietes_personnalisees_du_document(word))
    if not stored:
        report.anomalies.append("empreintes des clauses absentes des propriétés du document (document produit "
                                "hors de Continuum, ou propriétés retirées) : les modifications non suivies ne "
                                "peuvent pas être contrôlées")

    reader = _Lecteur(known)
    reader.lire(word.element.body)
    report.modifications = reader.modifications
    _commentaires(report, reader, word, own_comments)
    _non_suivies(report, reader, stored)
    _alertes(report, reader, known, stored)
    return report


def _commentaires(report: Rapport, reader: _Lecteur, word, own: set[str] | None) -> None:
    for identifier, author, date, text in empreintes.commentaires(word):
        anchor, clause = reader.ancrage(identifier)
        if author == AUTEUR:
            if own is not None and empreintes.empreinte_commentaire(author, text) in own:
                continue  # one of the draft's own socle comments
            report.anomalies.append(f"commentaire signé « {AUTEUR} » qui n'est pas de Continuum "
                                    f"({clause or 'hors clause'}, sur « {anchor[:80]} ») : « {text[:200]} »")
        report.commentaires.append(Commentaire(author, date, text[:_TEXTE_MAX], anchor, clause))


def _non_suivies(report: Rapport, reader: _Lecteur, stored: dict[str, tuple[str, int]]) -> None:
    """A clause whose original text no longer has its generation fingerprint was edited untracked."""
    for name, (digest, _socle) in sorted(stored.items()):
        parts = reader.textes.get(name)
        if parts is not None and empreintes.empreinte("".join(parts)) != digest:
            report.modifications.append(Modification(NON_SUIVIE, "", "", "texte modifié sans suivi des modifications",
                                                     name))


def _alertes(report: Rapport, reader: _Lecteur, known: dict[str, Clause], stored: dict[str, tuple[str, int]]) -> None:
    def socle(name: str) -> bool:
        clause = known.get(name) or known.get(re.sub(r"_\d+$", "", name))
        return bool(stored.get(name, ("", 0))[1]) or (clause is not None and clause.socle_possible)

    def alert(name: str, count: int, motif: str) -> None:
        clause = known.get(name) or known.get(re.sub(r"_\d+$", "", name))
        report.alertes.append(Alerte(name, clause.titre if clause else name,
                                     clause.source.citation() if clause else "", count, motif))

    grouped = report.par_clause()
    spanned: dict[str, int] = {}
    for others in reader.touchees.values():
        for name in others:
            spanned[name] = spanned.get(name, 0) + 1
    for name in sorted(set(grouped) | set(spanned), key=lambda n: (n is None, n or "")):
        if name is None or not socle(name):
            continue
        changes = grouped.get(name, [])
        tracked = [c for c in changes if c.nature != NON_SUIVIE]
        if tracked or name in spanned:
            alert(name, len(tracked) + spanned.get(name, 0), MOTIF_SUIVI)
        if len(tracked) < len(changes):
            alert(name, 1, MOTIF_NON_SUIVI)
    for name, (_digest, flag) in sorted(stored.items()):
        if name not in reader.textes and socle(name):
            alert(name, 0, MOTIF_SIGNET)
