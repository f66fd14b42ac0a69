"""The fast writer's WordprocessingML: body pieces written as strings, byte for byte as lxml writes them.

python-docx copies the parsed template for every document, parses the body just
written, walks it again for the clause fingerprints and serialises every part.
Here the template is rendered once through that reference path with marker values
(a *probe*) and split into bytes and slots (generator/paquet_decoupe.py, zip
writing in generator/zip_brut.py). A document then costs its body string, a few
small strings and one zip write.

Every string produced here is written as lxml would write it back (text and
attribute escaping, empty elements closed), so the parts are byte for byte those
of the reference path: tests/test_ecriture_rapide.py compares both for every
shipped example. This module only knows WordprocessingML; legal concepts stay
above it (generator/rendu_docx.py and the modules it lists).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from generator.reserve_bornee import ReserveBornee
from generator.zip_brut import FIN_DEFLATE, Membre, deflate_partiel


def marque(nom: str) -> str:
    """A marker value for slot ``nom``: letters only, so typography and escaping leave it intact."""
    if not nom.replace("_", "").isalpha():
        raise ValueError(nom)
    return f"QQCONTINUUM{nom.replace('_', 'X').upper()}QQ"


# -- serialisation as lxml writes ----------------------------------------------------------
_TEXTE = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_ATTRIBUT = _TEXTE + (('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#9;"))
_ANALYSE = _TEXTE[:3]  # xml.sax.saxutils.escape, before parsing


def _remplacer(valeur: str, table: tuple[tuple[str, str], ...]) -> str:
    for char, entity in table:  # faster than a translation table on long texts
        if char in valeur:
            valeur = valeur.replace(char, entity)
    return valeur
_VIDES = (('<w:t xml:space="preserve"></w:t>', '<w:t xml:space="preserve"/>'), ("<w:t></w:t>", "<w:t/>"))


def texte(valeur: str) -> str:
    """A text node's content as lxml serialises it."""
    return _remplacer(valeur, _TEXTE)


def attribut(valeur: str) -> str:
    """An attribute value (between double quotes) as lxml serialises it."""
    return _remplacer(valeur, _ATTRIBUT)


def comme_lxml(fragment: str) -> str:
    """A fragment written as text (generator.oxml.CorpsXml) as lxml writes it once parsed: line ends
    normalised, empty elements closed (``<w:t></w:t>`` → ``<w:t/>``).

    CorpsXml leaves only a run's text possibly empty (paragraphs carry their style, cells their
    width, runs their text): those are closed by plain replacement, much faster than a regex over
    the whole body. Any other empty element would still be the same XML, only not byte for byte
    (tests/test_ecriture_rapide.py compares both paths).
    """
    if "\r" in fragment:
        fragment = fragment.replace("\r\n", "\n").replace("\r", "\n")
    for empty, closed in _VIDES:
        if empty in fragment:
            fragment = fragment.replace(empty, closed)
    return fragment


# -- keep-together flags on paragraphs written as text ---------------------------------------
_PARAGRAPHE = re.compile(r"<w:p>(<w:pPr>)?(<w:pStyle w:val=\"[^\"]*\"/>)?")
_RANGEE = re.compile(r"<w:tr>.*?</w:tr>", re.S)


def _garder(paragraphes: str) -> str:
    """keepNext on each paragraph (after its style, as generator.oxml._keep_next places it)."""
    out, position = [], 0
    for match in _PARAGRAPHE.finditer(paragraphes):
        end = paragraphes.find("</w:pPr>", match.end())
        if match.group(1) and "<w:keepNext/>" in paragraphes[match.end():end]:
            continue
        if not match.group(1):
            raise ValueError("paragraphe sans propriétés")  # never written by CorpsXml: reference path
        out.append(paragraphes[position:match.end()])
        out.append("<w:keepNext/>")
        position = match.end()
    out.append(paragraphes[position:])
    return "".join(out)


def garder_avec_suivant(bloc: str) -> str:
    """A paragraph (or the last row of a table) kept on the page of what follows."""
    if bloc.startswith("<w:tbl>"):
        rows = list(_RANGEE.finditer(bloc))
        if not rows:
            return bloc
        last = rows[-1]
        return bloc[:last.start()] + _garder(last.group(0)) + bloc[last.end():]
    return _garder(bloc)


def lignes_liees(bloc: str) -> str:
    """Every row of a table but the last kept on the page of the next row."""
    rows = list(_RANGEE.finditer(bloc))
    if len(rows) < 2:
        return bloc
    head, tail = rows[0].start(), rows[-1].start()
    return bloc[:head] + _garder(bloc[head:tail]) + bloc[tail:]


# -- the clause texts behind the fingerprints (generator.empreintes.textes_d_origine) --------------
_JETONS = re.compile(r"<(/?)w:(p|t|bookmarkStart|bookmarkEnd|noBreakHyphen|ins|del|moveTo|moveFrom|delText"
                     r"|rPrChange|pPrChange)(?=[\s/>])([^>]*)>")
_REVISIONS = {"ins", "del", "moveTo", "moveFrom", "delText", "rPrChange", "pPrChange"}
_ATTR = re.compile(r'w:(id|name)="([^"]*)"')
_ENTITES = re.compile(r"&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);")
_NOMMEES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _lire_texte(xml: str) -> str:
    def one(match: re.Match) -> str:
        name = match.group(1)
        if name in _NOMMEES:
            return _NOMMEES[name]
        return chr(int(name[2:], 16) if name[1] == "x" else int(name[1:]))

    return _ENTITES.sub(one, xml) if "&" in xml else xml


class RevisionPresente(Exception):
    """The document holds tracked changes: its fingerprints are left to the reference walk."""


@lru_cache(maxsize=2048)
def _jetons(fragment: str) -> tuple[tuple, ...]:
    """The tokens of a fragment that matter to bookmark texts, kept per fragment: a batch writes the same
    paragraphs in every document. ("p",) ("/p",) ("p/",) ("t", text) ("bs", id, name) ("be", id) ("rev", tag)."""
    out: list[tuple] = []
    for match in _JETONS.finditer(fragment):
        closing, tag, rest = match.groups()
        if tag == "p":
            out.append(("/p",) if closing else ("p/",) if rest.endswith("/") else ("p",))
        elif closing:
            continue
        elif tag == "t":
            out.append(("t", "" if rest.endswith("/") else
                        _lire_texte(fragment[match.end():fragment.find("<", match.end())])))
        elif tag == "bookmarkStart":
            attrs = dict(_ATTR.findall(rest))
            out.append(("bs", attrs.get("id"), _lire_texte(attrs.get("name", ""))))
        elif tag == "bookmarkEnd":
            out.append(("be", dict(_ATTR.findall(rest)).get("id")))
        elif tag == "noBreakHyphen":
            out.append(("t", "-"))
        else:
            out.append(("rev", tag))
    return tuple(out)


@lru_cache(maxsize=2048)
def _paragraphes_sans_signet(fragment: str) -> tuple[str, bool] | None:
    """(text, holds a paragraph) of a fragment made of whole paragraphs with neither bookmark nor revision
    mark, else None. Read from a walk outside every paragraph with nothing pending, such a fragment only
    adds its text to each open bookmark (and ends outside every paragraph): :meth:`_Signets.lire` takes
    that shortcut instead of its tokens, one by one, for the paragraphs inside a clause's bookmark."""
    depth, paragraph, parts = 0, False, []
    for token in _jetons(fragment):
        kind = token[0]
        if kind == "t":
            parts.append(token[1])
        elif kind == "p":
            depth, paragraph = depth + 1, True
        elif kind == "/p":
            depth -= 1
            if depth < 0:
                return None
        elif kind == "p/":
            paragraph = True
        else:
            return None
    return ("".join(parts), paragraph) if depth == 0 else None


class _Signets:
    """The walk behind :func:`textes_des_signets`, fragment after fragment."""

    def __init__(self):
        self.texts: dict[str, list[str]] = {}
        self.open_marks: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.waiting: list[list] = []  # [text, open bookmarks] seen in the paragraph before any bookmark
        self.seen: list[str] = []
        self.depth = 0

    def propre(self) -> bool:
        """Outside every paragraph and bookmark, nothing pending: what follows is read on its own."""
        return not self.depth and not self.open_marks and not self.waiting

    def _attribute(self, text: str, marks: tuple[str, ...]) -> None:
        for name in marks:
            self.texts.setdefault(name, []).append(text)

    def _release(self, name: str | None) -> None:
        for text, marks in self.waiting:
            self._attribute(text, marks if marks or name is None else (name,))
        self.waiting.clear()

    def lire(self, fragment: str) -> None:
        open_marks = self.open_marks
        if not self.depth and not self.waiting:
            whole = _paragraphes_sans_signet(fragment)
            if whole is not None:  # the same as the walk below, token by token (tests/test_ecriture_rapide.py)
                text, paragraph = whole
                if text:
                    for name in open_marks.values():
                        self.texts.setdefault(name, []).append(text)
                if paragraph:
                    self.seen = []
                return
        for token in _jetons(fragment):
            kind = token[0]
            if kind == "t":
                marks = tuple(open_marks.values())
                if self.depth and (self.waiting or not marks):
                    self.waiting.append([token[1], marks])
                else:
                    self._attribute(token[1], marks)
            elif kind == "p" or kind == "p/":
                self.depth += 1
                if self.depth == 1:
                    self.seen = list(open_marks.values())
            elif kind == "bs":
                name = token[2]
                if name and not name.startswith("_"):
                    self.names[token[1]] = name
                    if name in open_marks.values():
                        continue
                    open_marks[token[1]] = name
                    self.seen.append(name)
                    self.texts.setdefault(name, [])
                    if self.depth:
                        self._release(name)
            elif kind == "be":
                name = self.names.get(token[1])
                for identifier in [i for i, n in open_marks.items() if n == name]:
                    del open_marks[identifier]
            elif kind == "rev":
                raise RevisionPresente(token[1])
            if kind == "/p" or kind == "p/":
                self.depth -= 1
                if self.depth == 0:
                    self._release(self.seen[-1] if self.seen else None)
                    self.seen = []

    def ajouter(self, textes: tuple[tuple[str, str], ...]) -> None:
        """The texts of a piece read on its own (it started and ended in a clean state)."""
        for name, text in textes:
            self.texts.setdefault(name, []).append(text)

    def resultat(self) -> dict[str, str]:
        self._release(self.seen[-1] if self.seen else None)
        return {name: "".join(parts) for name, parts in self.texts.items()}


def textes_des_signets(*fragments: str | Morceau) -> dict[str, str]:
    """Each bookmark's text, as :func:`generator.empreintes.textes_d_origine` computes it on a document
    without tracked changes: text before the first bookmark of a paragraph belongs to that bookmark,
    text after a bookmark's end to the bookmark just ended (see generator/empreintes.py).

    ``fragments``: the document in pieces cut between elements (a text node whole in one piece); a
    :class:`Morceau` read once brings its texts, unless the walk is inside a paragraph or bookmark there.
    """
    walk = _Signets()
    for fragment in fragments:
        if isinstance(fragment, str):
            walk.lire(fragment)
        elif fragment.textes is not None and walk.propre():
            walk.ajouter(fragment.textes)
        else:
            for xml in fragment.xml:
                walk.lire(xml)
    return walk.resultat()


# -- pieces of a body written once, reused in every document -----------------------------------
@dataclass(frozen=True)
class Morceau:
    """Body elements as the package holds them: bytes as lxml writes them, raw deflate of those bytes
    alone (sync-flushed, so pieces deflated apart follow one another in one stream: :func:`membre_morceaux`),
    and their bookmark texts when they start and end outside any paragraph and bookmark."""

    xml: tuple[str, ...]
    octets: bytes
    comprime: bytes
    textes: tuple[tuple[str, str], ...] | None


def morceau(xml: tuple[str, ...]) -> Morceau:
    data = comme_lxml("".join(xml)).encode("utf-8")
    walk = _Signets()
    try:
        for fragment in xml:
            walk.lire(fragment)
        texts = tuple((name, "".join(parts)) for name, parts in walk.texts.items()) if walk.propre() else None
    except RevisionPresente:
        texts = None
    return Morceau(xml, data, deflate_partiel(data), texts)


_VU = object()  # an element seen once, kept as text


class MorceauxRepetes:
    """Elements made into pieces once they are written a second time (a batch writes the same titles
    and tables in every document); an element written once stays text. Bounded: least recent first out."""

    def __init__(self, taille: int):
        self._vus: ReserveBornee[object] = ReserveBornee(taille)

    def morceau(self, xml: str) -> str | Morceau:
        kept = self._vus.lire(xml)
        if kept is None:  # first time: remembered, written as text
            self._vus.garder(xml, _VU)
            return xml
        if kept is _VU:
            kept = morceau((xml,))
            self._vus.garder(xml, kept)
        return kept


def membre_morceaux(nom: str, morceaux: Iterable[bytes | str | Morceau]) -> Membre:
    """A member whose data are the pieces in order: a Morceau's deflated bytes are copied as they are;
    bytes, and elements written as text (:func:`comme_lxml`), are deflated together up to the next
    Morceau. The CRC runs over the whole."""
    crc, size, out = 0, 0, []
    pending: list[bytes] = []

    def deflate_pending() -> None:
        if pending:
            out.append(deflate_partiel(b"".join(pending)))
            pending.clear()

    for piece in morceaux:
        if isinstance(piece, Morceau):
            data = piece.octets
            deflate_pending()
            out.append(piece.comprime)
        else:
            data = comme_lxml(piece).encode("utf-8") if isinstance(piece, str) else piece
            pending.append(data)
        crc = zlib.crc32(data, crc)
        size += len(data)
    deflate_pending()
    out.append(FIN_DEFLATE)
    return Membre(nom.encode("utf-8"), crc, size, b"".join(out))


def commentaires(commentaires: list[tuple[int, str]], auteur: str, initiales: str, date: str) -> str:
    """The ``w:comment`` elements of generator.oxml.ajouter_commentaires, as lxml writes them once parsed."""
    author, initials = attribut(auteur), attribut(initiales)
    items = []
    for identifier, text in commentaires:
        paragraphs = "".join(
            f'<w:p>{"<w:r><w:annotationRef/></w:r>" if index == 0 else ""}'
            f'<w:r><w:t xml:space="preserve">{_remplacer(line.replace(chr(9), " "), _ANALYSE)}</w:t></w:r></w:p>'
            for index, line in enumerate(text.split("\n")))
        items.append(f'<w:comment w:id="{identifier}" w:author="{author}" w:date="{date}" '
                     f'w:initials="{initials}">{paragraphs}</w:comment>')
    return comme_lxml("".join(items))
