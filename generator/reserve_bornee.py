"""A bounded store of values computed once and reused, the least recently used going first.

The stores of a batch (clause renders, blocks assembled, blocks and elements written,
questions of list items) keep
what the next document will likely ask again; bounding them keeps memory flat whatever
the number of rows. Values computed from objects that are not hashable but never change
once loaded (a clause, a plan, a question) are kept by the objects' identity.
"""

from __future__ import annotations

from itertools import islice
from collections.abc import Hashable, Iterator
from typing import Generic, TypeVar

V = TypeVar("V")
_ABSENT = object()


class ReserveBornee(Generic[V]):
    def __init__(self, taille: int):
        self.taille = taille
        self._valeurs: dict[Hashable, V] = {}

    def lire(self, cle: Hashable) -> V | None:
        """The value kept under ``cle`` (now the most recently used), or None."""
        value = self._valeurs.pop(cle, _ABSENT)
        if value is _ABSENT:
            return None
        self._valeurs[cle] = value
        return value

    def garder(self, cle: Hashable, valeur: V) -> None:
        if cle not in self._valeurs and len(self._valeurs) >= self.taille:  # the least recently used quarter goes
            for old in list(islice(self._valeurs, max(1, self.taille // 4))):
                del self._valeurs[old]
        self._valeurs[cle] = valeur

    def lire_pour(self, objets: tuple, cle: Hashable = None) -> V | None:
        """The value kept for these very objects (compared by identity: their content is not hashed) and
        ``cle``; an object that took the address of a freed one never matches, the objects being kept."""
        kept = self.lire((tuple(map(id, objets)), cle))
        if kept is None or any(a is not b for a, b in zip(kept[0], objets)):
            return None
        return kept[1]

    def garder_pour(self, objets: tuple, cle: Hashable, valeur: V) -> None:
        self.garder((tuple(map(id, objets)), cle), (objets, valeur))

    def vider(self) -> None:
        self._valeurs.clear()

    def __len__(self) -> int:
        return len(self._valeurs)

    def __iter__(self) -> Iterator[Hashable]:
        """The keys, least recently used first."""
        return iter(self._valeurs)
