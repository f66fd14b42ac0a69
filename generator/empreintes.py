"""Walk a document body clause by clause, and the per-clause fingerprints `relire --strict` checks.

The walk yields text, revisions and comment anchors in document order, each
with the bookmarks open at that point. Word processors do not put bookmarks
exactly where Continuum wrote them: LibreOffice writes an edit made at the
start of a clause *before* the clause's ``bookmarkStart`` (or inside the
``w:ins``), in the same paragraph. So within a paragraph, what comes before
the first bookmark start is attributed to that bookmark, and what follows a
bookmark end to the bookmark just ended.

At generation, the text of each clause (revisions rejected, whitespace
ignored) is hashed and stored in the document's custom properties, with the
socle clauses and the hashes of Continuum's own comments: a clause edited
without change tracking, a clause whose bookmark disappeared, or a comment
signed « Continuum » that Continuum did not write, are found again later.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from generator.oxml_texte import qn

PROPRIETE_EMPREINTES = "Continuum – empreintes des clauses"
PROPRIETE_COMMENTAIRES = "Continuum – commentaires"

TEXTE, REVISION, FIN_REVISION, MARQUE, FORMAT, SIGNET, DEBUT_COMMENTAIRE, FIN_COMMENTAIRE = (
    "texte", "revision", "fin_revision", "marque", "format", "signet", "debut_commentaire", "fin_commentaire")
INSERTION, SUPPRESSION = "insertion", "suppression"

_P = qn("w:p")
_INSERES = {qn("w:ins"), qn("w:moveTo")}
_SUPPRIMES = {qn("w:del"), qn("w:moveFrom")}
_REVISIONS = _INSERES | _SUPPRIMES
_FORMATS = {qn("w:rPrChange"), qn("w:pPrChange")}
_TEXTES = {qn("w:t"), qn("w:delText")}
_SPECIAUX = {qn("w:noBreakHyphen"): "-"}


@dataclass
class Evenement:
    """One step of the walk through a body: text, revision or comment anchor, with the bookmarks open."""

    nature: str
    noeud: object
    ouverts: tuple[str, ...] = ()  # bookmarks open here, innermost last
    texte: str = ""
    etat: str = "normal"  # text: "normal", "ins" or "del"
    details: dict = field(default_factory=dict)


def _signet(node) -> str | None:
    name = node.get(qn("w:name")) or ""
    return name if name and not name.startswith("_") else None


def parcourir(body) -> Iterator[Evenement]:
    """The body's events in order, each with the bookmarks it belongs to (see the module notes)."""
    from lxml import etree  # reading a document; writing one (the fast path) never needs lxml

    walk = _Parcours()
    for action, node in etree.iterwalk(body, events=("start", "end")):
        yield from (walk.debut(node) if action == "start" else walk.fin(node))
    yield from walk.fin_de_paragraphe()


class _Parcours:
    """The state of one walk: bookmarks open, the paragraph's events waiting for a bookmark, revisions."""

    def __init__(self) -> None:
        self.ouverts: dict[str, str] = {}  # bookmark id -> name, of the bookmarks open, in opening order
        self.noms: dict[str, str] = {}  # bookmark id -> name, of every start seen
        self.en_attente: list[Evenement] = []  # events of the current paragraph seen before any bookmark
        self.vus: list[str] = []  # bookmarks open at some point in the current paragraph
        self.profondeur = 0  # nesting of paragraphs (a table cell's paragraph inside a paragraph's frame)
        self.revisions: list[str] = []  # "ins"/"del" of the revisions enclosing the current node

    def debut(self, node) -> Iterator[Evenement]:
        tag = node.tag
        if tag == _P:
            self.profondeur += 1
            if self.profondeur == 1:
                self.vus = list(self.ouverts.values())
        elif tag == qn("w:bookmarkStart"):
            yield from self._ouvrir_signet(node)
        elif tag == qn("w:bookmarkEnd"):
            name = self.noms.get(node.get(qn("w:id")))  # an end closes its bookmark, whichever start it pairs with
            for identifier in [i for i, n in self.ouverts.items() if n == name]:
                del self.ouverts[identifier]
        elif tag in _REVISIONS:
            yield from self._revision(node, "ins" if tag in _INSERES else "del")
        elif tag in _FORMATS:
            yield from self._emettre(Evenement(FORMAT, node))
        elif tag in _TEXTES or tag in _SPECIAUX:
            text = _SPECIAUX.get(tag) or node.text or ""
            state = "del" if tag == qn("w:delText") else (self.revisions[-1] if self.revisions else "normal")
            yield from self._emettre(Evenement(TEXTE, node, texte=text, etat=state))
        elif tag == qn("w:commentRangeStart"):
            yield from self._emettre(Evenement(DEBUT_COMMENTAIRE, node, texte=node.get(qn("w:id")) or ""))
        elif tag == qn("w:commentRangeEnd"):
            yield from self._emettre(Evenement(FIN_COMMENTAIRE, node, texte=node.get(qn("w:id")) or ""))

    def fin(self, node) -> Iterator[Evenement]:
        tag = node.tag
        if tag == _P:
            self.profondeur -= 1
            if self.profondeur == 0:
                yield from self.fin_de_paragraphe()
                self.vus = []
        elif tag in _REVISIONS and node.getparent().tag != qn("w:rPr") and self.revisions:
            self.revisions.pop()
            yield from self._emettre(Evenement(FIN_REVISION, node))

    def fin_de_paragraphe(self) -> Iterator[Evenement]:
        """The paragraph's waiting events, given to the last bookmark it saw open (if any)."""
        return self._liberer(self.vus[-1] if self.vus else None)

    def _liberer(self, name: str | None) -> Iterator[Evenement]:
        for event in self.en_attente:
            if not event.ouverts and name is not None:
                event.ouverts = (name,)
            yield event
        self.en_attente.clear()

    def _emettre(self, event: Evenement) -> Iterator[Evenement]:
        event.ouverts = tuple(self.ouverts.values())
        if self.profondeur and (self.en_attente or not event.ouverts):
            self.en_attente.append(event)
            return
        yield event

    def _ouvrir_signet(self, node) -> Iterator[Evenement]:
        name = _signet(node)
        if not name:
            return
        self.noms[node.get(qn("w:id"))] = name
        if name in self.ouverts.values():
            return  # LibreOffice writes a second start of an open bookmark just before its end
        self.ouverts[node.get(qn("w:id"))] = name
        self.vus.append(name)
        yield from self._emettre(Evenement(SIGNET, node, texte=name))
        if self.profondeur:
            yield from self._liberer(name)

    def _revision(self, node, state: str) -> Iterator[Evenement]:
        parent = node.getparent()
        if parent.tag != qn("w:rPr"):
            self.revisions.append(state)
            yield from self._emettre(Evenement(REVISION, node, etat=state))
        elif parent.getparent() is not None and parent.getparent().tag == qn("w:pPr"):
            yield from self._emettre(Evenement(MARQUE, node, etat=state))  # the paragraph mark inserted or deleted


_INVISIBLES = "\u00ad\u200b\u2060\ufeff"  # soft hyphen, zero-width spaces, BOM


def normaliser(texte: str) -> str:
    """The text a fingerprint is computed on: whitespace and soft hyphens left out, hyphens unified.

    ``str.split()`` drops exactly what the regex ``\\s`` matches (Unicode whitespace), a few times faster.
    """
    for char in _INVISIBLES:
        if char in texte:
            texte = texte.replace(char, "")
    return "".join(texte.split()).replace("\u2011", "-")


@lru_cache(maxsize=1024)
def empreinte(texte: str) -> str:
    """Kept per process: a batch fingerprints the same clause texts in every document."""
    return hashlib.sha256(normaliser(texte).encode("utf-8")).hexdigest()[:20]


def textes_d_origine(body) -> dict[str, str]:
    """Each bookmark's text as it was before any tracked change (insertions left out, deletions kept)."""
    texts: dict[str, list[str]] = {}
    for event in parcourir(body):
        if event.nature == SIGNET:
            texts.setdefault(event.texte, [])
        elif event.nature == TEXTE and event.etat != "ins":
            for name in event.ouverts:
                texts.setdefault(name, []).append(event.texte)
    return {name: "".join(parts) for name, parts in texts.items()}


def empreinte_commentaire(auteur: str, texte: str) -> str:
    return hashlib.sha256(f"{auteur}\n{normaliser(texte)}".encode("utf-8")).hexdigest()[:20]


def commentaires(word) -> list[tuple[str, str, str, str]]:
    """(id, author, date, text) of each comment of the package."""
    out = []
    for rel in word.part.rels.values():
        if rel.reltype.endswith("/comments") and not rel.is_external:
            element = getattr(rel.target_part, "element", None)
            if element is None:
                continue
            for comment in element.iter(qn("w:comment")):
                text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in comment.iter(qn("w:p")))
                out.append((comment.get(qn("w:id")) or "", comment.get(qn("w:author")) or "",
                            comment.get(qn("w:date")) or "", text.strip()))
    return out


def proprietes(word, socle: set[str], auteur_commentaires: str) -> dict[str, str]:
    """The custom properties that fingerprint the document as generated: clauses and own comments."""
    return proprietes_des_textes(textes_d_origine(word.element.body), socle, [
        text for _id, author, _date, text in commentaires(word) if author == auteur_commentaires], auteur_commentaires)


def proprietes_des_textes(textes: dict[str, str], socle: set[str], commentaires_propres: list[str],
                          auteur_commentaires: str) -> dict[str, str]:
    """:func:`proprietes` from each bookmark's text and the texts of the document's own comments
    (the fast writer reads them from the strings it writes, generator/oxml_rapide.py)."""
    clauses = {name: [empreinte(text), 1 if name in socle else 0] for name, text in textes.items()}
    own = sorted(empreinte_commentaire(auteur_commentaires, text) for text in commentaires_propres)
    return {PROPRIETE_EMPREINTES: json.dumps(clauses, separators=(",", ":"), sort_keys=True),
            PROPRIETE_COMMENTAIRES: json.dumps(own, separators=(",", ":"))}


def enregistrer(word, socle: set[str] | None = None, auteur_commentaires: str = "Continuum") -> None:
    """Store the fingerprints, keeping the document's other custom properties.

    Without ``socle``, the socle clauses already recorded in the document are kept (a redline of two
    Word files).
    """
    from generator import oxml  # python-docx: a document loaded by it

    existing = oxml.proprietes_personnalisees_du_document(word)
    if socle is None:
        socle = {name for name, (_h, flag) in lire(existing)[0].items() if flag}
    oxml.proprietes_personnalisees(word, {**existing, **proprietes(word, socle, auteur_commentaires)})


def lire(proprietes_document: dict[str, str]) -> tuple[dict[str, tuple[str, int]], set[str] | None]:
    """The stored clause fingerprints ({name: (hash, socle flag)}) and own-comment hashes; None when absent."""
    try:
        raw = json.loads(proprietes_document.get(PROPRIETE_EMPREINTES) or "null")
        clauses = {str(k): (str(v[0]), int(v[1])) for k, v in raw.items()} if isinstance(raw, dict) else {}
    except (ValueError, TypeError, IndexError, KeyError):
        clauses = {}
    try:
        own = json.loads(proprietes_document[PROPRIETE_COMMENTAIRES])
        comments = {str(h) for h in own} if isinstance(own, list) else None
    except (KeyError, ValueError, TypeError):
        comments = None
    return clauses, comments
