"""Dotted paths in nested answers: ``zone.communes`` reads ``answers["zone"]["communes"]``."""

from __future__ import annotations

import copy
import datetime as dt


def lire(data: dict, chemin: str):
    """The value at ``chemin``, or None when a step is missing."""
    current = data
    for part in chemin.split("."):
        if not isinstance(current, dict):
            return None
        current = current.get(part)
    return current


def parent(data: dict, chemin: str) -> tuple[dict | None, str]:
    """The dict holding the last step of ``chemin`` and that step's key (None when absent)."""
    *heads, key = chemin.split(".")
    current = data
    for head in heads:
        current = current.get(head) if isinstance(current, dict) else None
        if not isinstance(current, dict):
            return None, key
    return current, key


def copier(data):
    """A copy of an answers tree: every dict and list copied, the leaves (texts, numbers, dates: immutable)
    shared. Much faster than ``copy.deepcopy`` on the trees a batch copies for every row; any other
    container is deep-copied."""
    if isinstance(data, dict):
        return {key: copier(value) for key, value in data.items()}
    if isinstance(data, list):
        return [copier(value) for value in data]
    if data is None or isinstance(data, str | int | float | bool | dt.date | dt.time):
        return data
    return copy.deepcopy(data)
