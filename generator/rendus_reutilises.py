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

import pickle
from collections.abc import Callable
from functools import lru_cache

from jinja2 import meta

from generator.bibliotheque import Clause, sources_connues
from generator.gabarits import GLOBAUX_DOCUMENT, environnement_clauses

ESSAIS = 16  # renders of a clause without a single reuse, after which it is no longer looked up
TAILLE_MAX = 4096  # renders kept at most (the oldest go first)


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
    """The context variables a clause text looks up (its own ``set`` and loop names left out)."""
    names = meta.find_undeclared_variables(environnement_clauses().parse(texte))
    return tuple(sorted(names - GLOBAUX_DOCUMENT))


class _Reserve:
    def __init__(self):
        self.rendus: dict[tuple, str] = {}
        self.misses: dict[tuple[str, str, str], int] = {}  # clause -> renders not reused yet (-1: reused once)
        self.sources = None

    def cle(self, clause: Clause, contexte: dict, numeros: dict, inclus: set, marques: bool) -> tuple | None:
        ident = (clause.id, clause.version, clause.texte)
        if self.misses.get(ident, 0) >= ESSAIS:
            return None
        sources = sources_connues()
        if sources is not self.sources:  # the cited texts were read again: nothing kept is sure any more
            self.rendus.clear()
            self.sources = sources
        try:
            values = tuple((name, figer(contexte[name])) if name in contexte else (name,)
                           for name in variables_lues(clause.texte))
            return (ident, marques, figer(contexte.get("redaction")), values,
                    tuple(sorted(numeros.items())), tuple(sorted(inclus)))  # numbers: int or "4 bis"
        except (_NonFigeable, TypeError, RecursionError):
            return None

    def lire(self, ident: tuple, cle: tuple) -> str | None:
        text = self.rendus.get(cle)
        if text is not None:
            self.misses[ident] = -1
        elif self.misses.get(ident, 0) >= 0:
            self.misses[ident] = self.misses.get(ident, 0) + 1
        return text

    def garder(self, cle: tuple, texte: str) -> None:
        if len(self.rendus) >= TAILLE_MAX:
            for old in list(self.rendus)[: TAILLE_MAX // 4]:
                self.rendus.pop(old, None)
        self.rendus[cle] = texte


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
    _reserve.rendus.clear()
    _reserve.misses.clear()
