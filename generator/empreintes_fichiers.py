"""SHA-256 of the files every run reads at startup, remembered between runs under their stat.

Each process keys its disk cache (cache_disque) on the bytes of the clause files, the reference tables,
the Word template and its own modules, and a batch fingerprints the whole library: reading and hashing
them all again was about 15 ms of every run. A file's SHA-256 is now remembered, in one cache entry,
with its device, inode, size, modification and change times (as git's index and Python's ``.pyc`` do);
a file whose stat differs in any of them is read and hashed again.

A file modified in the last :data:`RECENT` seconds is hashed but never remembered: two writes within one
clock tick can leave the same times and size. Once a file is remembered, any later write moves its change
time (``ctime``, which no program can set back) at least that far from the remembered one.

Like the cache it lives in, this never changes a result and never raises: an unreadable file gives "",
and a missing, damaged or foreign memo only means the files are hashed again.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import stat
import threading
import time
from functools import cache, lru_cache
from pathlib import Path

from generator import cache_disque

RECENT = 3  # seconds: a file changed more recently than this is hashed at each call, never remembered
ENTREES_MAX = 4096  # files remembered at most; beyond, the first remembered are forgotten
_LECTURE = 1 << 20  # bytes read at a time
_HEXADECIMAL = frozenset("0123456789abcdef")

_verrou = threading.Lock()
_memos: dict[str, dict] = {}  # per cache folder: path -> (dev, ino, size, mtime_ns, ctime_ns, hex digest)
_modifies: dict[str, dict] = {}  # the memos that gained entries not yet written, by folder


def sha256(chemin: str | os.PathLike, taille_max: int | None = None) -> str:
    """Hex SHA-256 of a file's bytes; "" when it cannot be read, is not a regular file or holds more than
    ``taille_max`` bytes. Remembered (see the module); a memo that grew is written by the next
    :func:`sha256_de`, else when the process exits."""
    return _sha256(os.fspath(chemin), taille_max, _dossier_memo())


def sha256_de(chemins: list, taille_max: int | None = None) -> list[str]:
    """:func:`sha256` of each file, the memo written once at the end."""
    folder = _dossier_memo()
    digests = [_sha256(os.fspath(path), taille_max, folder) for path in chemins]
    enregistrer()
    return digests


@lru_cache(maxsize=64)
def empreinte_fichier(chemin: str) -> str:
    """SHA-256 of a source file of Continuum or of a library it keys on (once per process); "" if it cannot
    be read, and :func:`cache_disque.obtenir` given that part computes the value without the cache."""
    return sha256(chemin)


def empreinte_contenus(chemins: list[Path], taille_max: int = cache_disque.TAILLE_VALEUR_MAX) -> str:
    """SHA-256 of the files' paths and SHA-256s, in that order; "" if one cannot be read or is larger than
    ``taille_max`` (the value depending on them is then computed, never looked up)."""
    digest = hashlib.sha256()
    for path, content in zip(chemins, sha256_de(chemins, taille_max), strict=True):
        if not content:
            return ""
        for part in (os.fsencode(path), content.encode("ascii")):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    return digest.hexdigest()


def enregistrer() -> None:
    """Write the memos that grew (atomically, through cache_disque; a failure is silent). A cache folder
    removed meanwhile is not created again for them."""
    while True:
        with _verrou:
            if not _modifies:
                return
            folder, memo = _modifies.popitem()
            data = marshal.dumps(memo)
        if os.path.isdir(folder):
            cache_disque.ecrire(Path(folder), _cle(), data)


def _sha256(path: str, taille_max: int | None, folder: str | None) -> str:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return ""
    if not stat.S_ISREG(info.st_mode) or (taille_max is not None and info.st_size > taille_max):
        return ""
    memo = _memos[folder] if folder is not None else None
    signature = _signature(info)
    known = memo.get(path) if memo is not None else None
    if known is not None and _valide(known) and known[:5] == signature:
        return known[5]
    digest, after = _lire(path, taille_max)
    settled = time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > RECENT * 10**9
    if digest and memo is not None and after == signature and settled:
        with _verrou:  # the web workspace generates in several threads
            memo.pop(path, None)
            memo[path] = (*signature, digest)
            while len(memo) > ENTREES_MAX:
                del memo[next(iter(memo))]
            _a_la_sortie()
            _modifies[folder] = memo
    return digest


def _lire(path: str, taille_max: int | None) -> tuple[str, tuple | None]:
    """(hex digest, the stat of the file once read: it must not have changed meanwhile to be remembered)."""
    digest = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_LECTURE):
                size += len(chunk)
                if taille_max is not None and size > taille_max:
                    return "", None
                digest.update(chunk)
            return digest.hexdigest(), _signature(os.fstat(handle.fileno()))
    except (OSError, ValueError):
        return "", None


def _verrou_libre() -> None:
    """In a forked child: a free lock, even if another thread of the parent held it at the fork."""
    global _verrou
    _verrou = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_verrou_libre)


@cache
def _a_la_sortie() -> None:
    atexit.register(enregistrer)  # once per process (a forked worker ends without it: its parent writes)


def _signature(info: os.stat_result) -> tuple[int, int, int, int, int]:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def _dossier_memo() -> str | None:
    """The cache folder the environment names, its memo read (once per process); None if the cache is off."""
    folder = cache_disque.dossier()
    if folder is None:
        return None
    if str(folder) not in _memos:
        _memos[str(folder)] = _charger(folder)
    return str(folder)


def _charger(folder: Path) -> dict:
    data = cache_disque.lire(folder, _cle())
    if data is None:
        return {}
    try:
        memo = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return {}
    return memo if isinstance(memo, dict) else {}


def _valide(entry: object) -> bool:
    """An entry is checked when it is used (not all at load: the memo may hold thousands)."""
    return (type(entry) is tuple and len(entry) == 6 and type(entry[5]) is str and len(entry[5]) == 64
            and set(entry[5]) <= _HEXADECIMAL)


@cache
def _cle() -> str:
    return cache_disque.cle("empreintes-fichiers")
