"""Line numbers of the keys of a YAML file, so that lint messages point at the line to edit.

Only computed when a problem is reported: reading the library stays fast.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

_ETAPE = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@lru_cache(maxsize=64)
def _arbre(fichier: Path, _mtime: float):
    try:
        return yaml.compose(Path(fichier).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _noeud(fichier: Path, chemin: str):
    """The YAML node at ``chemin`` ("exemples[2].attendu", "texte"), or the deepest one found on the way."""
    try:
        node = _arbre(Path(fichier), Path(fichier).stat().st_mtime)
    except OSError:
        return None, None
    key_node = None
    for name, index in _ETAPE.findall(chemin.split(",")[0].strip()):
        if node is None:
            break
        if name and isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if getattr(k, "value", None) == name), None)
            if found is None:
                break
            key_node, node = found
        elif index and isinstance(node, yaml.SequenceNode):
            position = int(index) - 1  # paths in messages count from 1
            if not 0 <= position < len(node.value):
                break
            key_node, node = node.value[position], node.value[position]
        else:
            break
    return key_node, node


def ligne(fichier: Path, chemin: str) -> int | None:
    """1-based line of the key at ``chemin`` in ``fichier``."""
    key_node, _ = _noeud(fichier, chemin)
    return key_node.start_mark.line + 1 if key_node is not None else None


def ligne_du_texte(fichier: Path, chemin: str, ligne_relative: int) -> int | None:
    """File line of line ``ligne_relative`` (1-based) of a block text (a Jinja error in ``texte``)."""
    _, node = _noeud(fichier, chemin)
    if node is None or not isinstance(node, yaml.ScalarNode):
        return None
    first = node.start_mark.line + (1 if node.style in ("|", ">") else 0)
    return first + ligne_relative


def position(fichier: Path | str, champ: str) -> str:
    """ "clauses/csi/x.yaml › exemples[1], ligne 42" (the line when it can be found)."""
    found = ligne(Path(fichier), champ)
    return f"{fichier} › {champ}" + (f", ligne {found}" if found and ", ligne" not in champ else "")
