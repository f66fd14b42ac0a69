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
    """Values by key, at most ``taille``; when full, a quarter goes, those not read since they were kept or
    last spared first (the "clock" approximation of least recently used: a read costs one look-up)."""

    def __init__(self, taille: int):
        self.taille = taille
        self._valeurs: dict[Hashable, list] = {}  # key -> [value, read since kept or spared], oldest first

    def lire(self, cle: Hashable) -> V | None:
        """The value kept under ``cle`` (marked as used), or None."""
        entry = self._valeurs.get(cle)
        if entry is None:
            return None
        entry[1] = True
        return entry[0]

    def garder(self, cle: Hashable, valeur: V) -> None:
        if cle not in self._valeurs and len(self._valeurs) >= self.taille:
            self._evincer(max(1, self.taille // 4))
        self._valeurs[cle] = [valeur, False]

    def _evincer(self, nombre: int) -> None:
        """Remove ``nombre`` values, oldest first; a value read meanwhile is spared once (moved last)."""
        values = self._valeurs
        while nombre > 0:
            for key in list(islice(values, nombre)):
                if nombre == 0:
                    break
                entry = values.pop(key)
                if entry[1]:
                    entry[1] = False
                    values[key] = entry
                else:
                    nombre -= 1

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
