"""The answers every row of a batch shares, validated once for the batch instead of once per row.

Each row's answers are the batch's shared answers (its base file) with the row's cells set: the
parts no cell touches are the very objects of the shared answers (``lot.colonnes.reponses_de_la_ligne``
copies only the dicts on a cell's path), and nothing changes them. Within :func:`partager`, the
validator keeps what it made of such a part (its normalised value and its problems) and gives them
again for the next row; the answers' size counts such a part from its size measured once.

Outside :func:`partager` nothing is kept: the web workspace and the interactive questionnaire edit
answers in place, where an object's identity says nothing of its content.

A row sent to a forked worker (generator/lot/production.py) goes through :func:`emballer`: its shared
parts travel as references, and :func:`deballer` gives the worker the very objects it inherited from
the main process, so that its rows are validated against the same memo (a plain pickle would give it
copies, validated again in every row).
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Iterator
from contextlib import contextmanager

from generator.reserve_bornee import ReserveBornee

_partagees: dict[int, object] = {}  # id -> the shared dict or list itself (kept alive: ids stay unique)
_volumes: dict[int, int] = {}  # id -> characters and items of the shared part, itself included
_validees: ReserveBornee[tuple] = ReserveBornee(4096)  # (question, part) -> (value, problems)


@contextmanager
def partager(reponses: dict) -> Iterator[None]:
    """Within the block, the dicts and lists of ``reponses`` are validated once (they must not change)."""
    _enregistrer(reponses)
    try:
        yield
    finally:
        _partagees.clear()
        _volumes.clear()
        _validees.vider()


def _enregistrer(item: object) -> int:
    """Register ``item``'s dicts and lists; return its volume (as ``validation._volume`` counts it)."""
    if isinstance(item, dict):
        total = 1 + sum(_enregistrer(key) + _enregistrer(value) for key, value in item.items())
    elif isinstance(item, list | tuple):
        total = 1 + sum(_enregistrer(value) for value in item)
    else:
        return 1 + (len(item) if isinstance(item, str) else 0)
    if not isinstance(item, tuple):
        _partagees[id(item)] = item
        _volumes[id(item)] = total
    return total


def partagee(objet: object) -> bool:
    return _partagees.get(id(objet)) is objet


def volume(objet: object) -> int | None:
    """The volume of a shared part, or None for any other object."""
    return _volumes.get(id(objet)) if _partagees.get(id(objet)) is objet else None


def validee(question: object, partie: object) -> tuple | None:
    """(normalised value, problems) made of this shared part for this question, or None."""
    return _validees.lire_pour((question, partie))


def garder(question: object, partie: object, valeur: object, problemes: list) -> None:
    _validees.garder_pour((question, partie), None, (valeur, tuple(problemes)))


class _Emballeur(pickle.Pickler):
    def persistent_id(self, obj: object) -> int | None:
        """A shared dict or list travels as its id (the same object in a worker forked within ``partager``)."""
        return id(obj) if type(obj) in (dict, list) and partagee(obj) else None


class _Deballeur(pickle.Unpickler):
    def persistent_load(self, pid: int) -> object:
        shared = _partagees.get(pid)
        if shared is None:
            raise pickle.UnpicklingError("réponses partagées inconnues de ce processus")
        return shared


def emballer(valeur: object) -> bytes:
    """``valeur`` pickled, the shared parts of answers as references (see :func:`deballer`)."""
    buffer = io.BytesIO()
    _Emballeur(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(valeur)
    return buffer.getvalue()


def deballer(donnees: bytes) -> object:
    """What :func:`emballer` packed, in this process or one forked from it within the same ``partager``."""
    return _Deballeur(io.BytesIO(donnees)).load()
