"""Dotted paths in nested answers: ``zone.communes`` reads ``answers["zone"]["communes"]``."""

from __future__ import annotations


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
