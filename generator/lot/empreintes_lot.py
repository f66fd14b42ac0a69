"""The fingerprints that let a batch skip the rows that did not change since its last run.

A row is unchanged when its fingerprint (:func:`empreinte_ligne`: the batch's shared answers and the
row's cells, which make its answers, the data files they name, the library's fingerprint, the mode) and its document's SHA-256 are those the manifest
recorded. :func:`empreinte_bibliotheque` covers everything a document depends on besides its
answers: Continuum's version, the clauses, the reference data, the template, the local library.
"""

from __future__ import annotations

import functools
import hashlib
import json
import stat as stat_module
from pathlib import Path

from generator import __version__, chemins, empreintes_fichiers
from generator.plan import Plan


def empreinte_bibliotheque(plan: Plan) -> str:
    """Fingerprint of everything a document depends on besides its answers."""
    digest = hashlib.sha256(__version__.encode())
    root = chemins.racine()
    files = [(p, root, "") for p in sorted(chemins.clauses().rglob("*.yaml")) + sorted(chemins.data().rglob("*.yaml"))]
    local = chemins.bibliotheque_locale()
    files.append((plan.modele, local, "locale/") if chemins.est_local(plan.modele) else (plan.modele, root, ""))
    if local is not None:  # the local library's variants, templates and questionnaires count too
        files += [(p, local, "locale/") for p in sorted(local.rglob("*")) if p.is_file() and p != plan.modele]
    contents = empreintes_fichiers.sha256_de([path for path, _, _ in files])  # remembered under their stat
    for (path, base, prefix), content in zip(files, contents, strict=True):
        digest.update((prefix + str(_relatif(path, base))).encode())
        digest.update((content or sha256_fichier(path)).encode())  # unreadable: sha256_fichier raises
    return digest.hexdigest()


def _relatif(path: Path, base: Path) -> Path:
    """``path`` relative to ``base``: by their names when ``path`` was found under ``base`` (no system call),
    else through their real paths (a link)."""
    try:
        return path.relative_to(base)
    except ValueError:
        return path.resolve().relative_to(base.resolve())


def empreinte_reponses(reponses: dict) -> str:
    """SHA-256 of an answers tree, keys sorted: the batch's shared answers, once for every row."""
    return hashlib.sha256(json.dumps(reponses, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def empreinte_ligne(base: str, cellules: dict[str, str], reponses: dict, bibliotheque: str, brouillon: bool,
                    champs_fichiers: tuple[str, ...] = ()) -> str:
    """Fingerprint of one row: the shared answers' (``base``, :func:`empreinte_reponses`) and the row's cells,
    which make its answers (``reponses``), the data files those name, the library, the mode."""
    payload = json.dumps(cellules, sort_keys=True, ensure_ascii=False) + _donnees(reponses, champs_fichiers)
    return hashlib.sha256(f"{bibliotheque}|{brouillon}|{base}|{payload}".encode()).hexdigest()


def _donnees(reponses: dict, champs_fichiers: tuple[str, ...]) -> str:
    """Contents of the data files the answers name (questions ``…_fichier``): a CSV edited since the last run
    regenerates. Only the questionnaire's own fields, and only regular files, are read."""
    if not champs_fichiers:
        return ""
    named = sorted(v for k, v in reponses.items() if k in champs_fichiers and isinstance(v, str) and v)
    return "".join(f"|{v}:{_sha256_donnees(chemins.fichier_de_donnees(v))}" for v in named)


def _sha256_donnees(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return "absent"
    if not stat_module.S_ISREG(stat.st_mode):  # a device or a pipe is never read
        return "illisible"
    return _sha256_en_cache(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _sha256_en_cache(path: str, _mtime_ns: int, _size: int) -> str:
    try:
        return sha256_fichier(Path(path))
    except OSError:
        return "illisible"


def sha256_fichier(path: Path) -> str:
    """A file's SHA-256, read by chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
