"""Clause renders reused across documents when nothing they read has changed.

A batch renders the same clauses for every row, and most structure clauses render
identically for every zone. A render is kept under a key made of everything it can
read: the clause (id, version, text), the values of the context variables its template
looks up (``jinja2.meta``), the document's article numbers and included clauses (what
``article()`` and ``retenue()`` answer), the drafting level and the marks option. A
value that cannot be frozen into a key (:func:`figer`: what cannot be pickled) turns reuse
off for that render: a reused text is always the text the template
would produce.

A clause that keeps missing (it depends on the row) stops being looked up after a few
renders, and the store is bounded: memory stays flat whatever the number of rows.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from functools import lru_cache

import jinja2
from jinja2 import meta

from generator import cache_disque, empreintes_fichiers, gabarits
from generator.bibliotheque import Clause, sources_connues
from generator.gabarits import GLOBAUX_DOCUMENT, environnement_clauses
from generator.reserve_bornee import ReserveBornee

ESSAIS = 16  # renders of a clause without a single reuse, after which it is no longer looked up
TAILLE_MAX = 4096  # renders kept at most (the least recently used go first)


class _NonFigeable(Exception):
    """A value whose content a key cannot capture."""


def figer(valeur) -> bytes:
    """Bytes equal for two values only if they hold the same content, in the same order, of the same
    types (1, 1.0, True and "1" differ): their pickle. Pickling captures an object's state, never its
    address; a value that cannot be pickled (a function, a local class) cannot be part of a key."""
    try:
        return pickle.dumps(valeur, protocol=5)
    except Exception as exc:  # noqa: BLE001 - pickling fails in many ways on odd objects
        raise _NonFigeable(type(valeur).__name__) from exc


@lru_cache(maxsize=2048)
def variables_lues(texte: str) -> tuple[str, ...]:
    """The context variables a clause text looks up (its own ``set`` and loop names left out).

    Kept on disk between runs (cache_disque), under the text, this module and gabarits (the environment)."""
    parts = ("variables-lues", jinja2.__version__, empreintes_fichiers.empreinte_fichier(__file__),
             empreintes_fichiers.empreinte_fichier(gabarits.__file__), texte)
    return cache_disque.obtenir(parts, lambda: _variables_lues(texte), _en_json, _depuis_json)


def _variables_lues(texte: str) -> tuple[str, ...]:
    names = meta.find_undeclared_variables(environnement_clauses().parse(texte))
    return tuple(sorted(names - GLOBAUX_DOCUMENT))


def _en_json(names: tuple[str, ...]) -> bytes:
    return json.dumps(names).encode("utf-8")


def _depuis_json(data: bytes) -> tuple[str, ...]:
    names = json.loads(data)
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise TypeError("liste de noms attendue")
    return tuple(names)


class _Reserve:
    def __init__(self):
        self.rendus: ReserveBornee[str] = ReserveBornee(TAILLE_MAX)
        self.misses: dict[tuple[str, str, str], int] = {}  # clause -> renders not reused yet (-1: reused once)
        self.sources = None
        self._document: tuple = (None, None, None)  # the context, numbers and included clauses being assembled
        self._commun: tuple | None = None  # their part of every key, made once per document
        self._figees: dict[str, bytes] = {}  # the context's values frozen so far, by name

    def _du_document(self, contexte: dict, numeros: dict, inclus: set) -> tuple:
        """The key's part shared by all the clauses of one document; the context's frozen values are kept
        for the next clause (the context is not changed while a document is assembled)."""
        if any(kept is not given for kept, given in zip(self._document, (contexte, numeros, inclus))):
            self._document, self._figees, self._commun = (contexte, numeros, inclus), {}, None
        if self._commun is None:
            self._commun = (figer(contexte.get("redaction")), tuple(sorted(numeros.items())),
                            tuple(sorted(inclus)))  # numbers: int or "4 bis"
        return self._commun

    def _figee(self, contexte: dict, name: str) -> bytes:
        frozen = self._figees.get(name)
        if frozen is None:
            frozen = self._figees[name] = figer(contexte[name])
        return frozen

    def cle(self, clause: Clause, contexte: dict, numeros: dict, inclus: set, marques: bool) -> tuple | None:
        ident = (clause.id, clause.version, clause.texte)
        if self.misses.get(ident, 0) >= ESSAIS:
            return None
        sources = sources_connues()
        if sources is not self.sources:  # the cited texts were read again: nothing kept is sure any more
            self.rendus.vider()
            self.sources = sources
        try:
            common = self._du_document(contexte, numeros, inclus)
            values = tuple((name, self._figee(contexte, name)) if name in contexte else (name,)
                           for name in variables_lues(clause.texte))
            return (ident, marques, values, common)
        except (_NonFigeable, TypeError, RecursionError):
            return None

    def lire(self, ident: tuple, cle: tuple) -> str | None:
        text = self.rendus.lire(cle)
        if text is not None:
            self.misses[ident] = -1
        elif self.misses.get(ident, 0) >= 0:
            self.misses[ident] = self.misses.get(ident, 0) + 1
        return text

    def garder(self, cle: tuple, texte: str) -> None:
        self.rendus.garder(cle, texte)


_reserve = _Reserve()


def rendre(clause: Clause, contexte: dict, numeros: dict, inclus: set, marques: bool,
           rendu: Callable[[], str]) -> str:
    """The clause's text: a render kept for the same inputs, or ``rendu()`` (kept for next time)."""
    key = _reserve.cle(clause, contexte, numeros, inclus, marques)
    if key is None:
        return rendu()
    text = _reserve.lire(key[0], key)
    if text is None:
        text = rendu()
        _reserve.garder(key, text)
    return text


def vider() -> None:
    """Forget every render kept (tests; a library reloaded in a long-lived process)."""
    _reserve.__init__()
