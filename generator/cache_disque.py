"""Values kept on disk between runs: what each Continuum process would otherwise recompute at startup.

A value is stored in the user's cache folder under a key that is the SHA-256 of everything it
depends on: the caller's parts (e.g. a template's text and the hash of the module that configures
its environment) plus Continuum's version, Python's version and its bytecode magic number. Any
change of one of them gives another key; an entry no one asks for any more ages out.

The folder is ``$CONTINUUM_CACHE`` if set, else ``$XDG_CACHE_HOME/continuum``, else
``~/.cache/continuum``; ``CONTINUUM_CACHE=`` (empty) or ``CONTINUUM_CACHE=off`` turns the cache off.

A cache never changes a result and never raises: a missing, truncated, corrupt, foreign (owned by
another user, writable by group or others) or undecodable entry, or a folder that cannot be
written, only means the value is computed again. Entries may hold code objects, so an entry is
trusted only if the current user owns it and nobody else can write it (nor the folder); each entry
carries its own key and a checksum of its content. Writes are atomic (temporary file then rename),
and the folder is kept under :data:`TAILLE_MAX` bytes, least recently used entries removed first.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import stat
import sys
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import generator

T = TypeVar("T")

TAILLE_MAX = 64 * 1024 * 1024  # bytes the folder may hold; beyond, the oldest entries go
TAILLE_VALEUR_MAX = 4 * 1024 * 1024  # one value larger than this is not kept
ECRITURES_ENTRE_CONTROLES = 64  # writes between two checks of the folder's size in one process
RAFRAICHIR = 3600  # seconds: an entry read and older than this is marked as used again (its mtime)
DESACTIVE = {"", "off", "non", "0", "false", "no"}

_ENTETE = b"continuum-cache 1\n"
_NOM = re.compile(r"^[0-9a-f]{64}\.bin$")
_TEMPORAIRE = ".tmp-"
_ecritures = {"depuis_controle": None}  # None: the folder was not checked yet in this process


def dossier() -> Path | None:
    """The cache folder chosen by the environment, or None when the cache is off (not created here)."""
    environ = os.environ
    return _dossier(environ.get("CONTINUUM_CACHE"), environ.get("XDG_CACHE_HOME", ""), environ.get("HOME"))


@lru_cache(maxsize=8)
def _dossier(choisi: str | None, xdg: str, _home: str | None) -> Path | None:
    """:func:`dossier` for these values of the environment (asked at every cache read: kept)."""
    if choisi is not None:
        return None if choisi.strip().lower() in DESACTIVE else Path(choisi).expanduser()
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "continuum"
    try:
        return Path.home() / ".cache" / "continuum"
    except (RuntimeError, KeyError, OSError):
        return None


def cle(*parties: str | bytes) -> str:
    """The key of a value: SHA-256 of its parts (each length-prefixed) and of the runtime it was made by."""
    digest = hashlib.sha256()
    for part in (generator.__version__, sys.version, importlib.util.MAGIC_NUMBER, *parties):
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else bytes(part)
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def decodeur(charger: Callable[[bytes], object], attendu: type[T]) -> Callable[[bytes], T]:
    """A ``decoder`` for :func:`obtenir`: ``charger`` (``marshal.loads``, ``pickle.loads``…), then the value
    must be exactly of type ``attendu``, else TypeError (a bad entry, computed again). A pickled entry is the
    user's own file, trusted only when the user owns it and nobody else can write it (see :func:`lire`)."""

    def decoder(data: bytes) -> T:
        value = charger(data)
        if type(value) is not attendu:
            raise TypeError(type(value).__name__)
        return value

    return decoder


def obtenir(parties: tuple[str | bytes, ...], calculer: Callable[[], T],
            coder: Callable[[T], bytes], decoder: Callable[[bytes], T],
            parties_apres: Callable[[], tuple[str | bytes, ...]] | None = None) -> T:
    """The value stored under ``parties`` (decoded), else ``calculer()`` (stored for the next run).

    ``decoder`` must raise (any exception) on bytes that do not hold a valid value; ``calculer``'s own
    exceptions propagate unchanged and nothing is stored. A part may be "": the value cannot be keyed
    (a file could not be read) and is only computed. When ``calculer`` reads files itself, pass
    ``parties_apres`` (the parts computed again): a value computed while a file changed is not kept.
    """
    folder = dossier()
    if folder is None or "" in parties:
        return calculer()
    key = cle(*parties)
    data = lire(folder, key)
    if data is not None:
        try:
            return decoder(data)
        except Exception:  # noqa: BLE001 - a bad entry is only a miss: the value is computed again
            pass
    value = calculer()
    if parties_apres is not None:
        try:
            if parties_apres() != parties:
                return value
        except Exception:  # noqa: BLE001 - the files moved meanwhile: the value is only not kept
            return value
    try:
        encoded = coder(value)
    except Exception:  # noqa: BLE001 - a value that cannot be encoded is simply not kept
        return value
    ecrire(folder, key, encoded)
    return value


def _fiable(info: os.stat_result) -> bool:
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _dossier_fiable(folder: Path) -> bool:
    try:
        info = os.stat(folder)
    except (OSError, ValueError):
        return False
    return stat.S_ISDIR(info.st_mode) and _fiable(info)


def lire(folder: Path, key: str) -> bytes | None:
    """The content stored under ``key``, or None (absent, untrusted, truncated or corrupt)."""
    if not hasattr(os, "getuid") or not _dossier_fiable(folder):
        return None
    path = folder / f"{key}.bin"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except (OSError, ValueError):
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or not _fiable(info) or info.st_size > TAILLE_VALEUR_MAX + 200:
                return None
            raw = handle.read()
    except OSError:
        return None
    header = _ENTETE + key.encode("ascii") + b"\n"
    if not raw.startswith(header) or len(raw) < len(header) + 32:
        return None
    checksum, data = raw[len(header):len(header) + 32], raw[len(header) + 32:]
    if hashlib.sha256(data).digest() != checksum:
        return None
    if time.time() - info.st_mtime > RAFRAICHIR:
        try:
            os.utime(path)  # used again: the last to be evicted
        except OSError:
            pass
    return data


def ecrire(folder: Path, key: str, data: bytes) -> None:
    """Store ``data`` under ``key`` atomically; any failure is silent (the cache is only an optimisation)."""
    if len(data) > TAILLE_VALEUR_MAX or not hasattr(os, "getuid"):
        return
    import tempfile  # a write is rare (the first run of a version): not imported at every startup

    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _dossier_fiable(folder):
            return
        fd, temporary = tempfile.mkstemp(prefix=_TEMPORAIRE, dir=folder)  # mode 0o600
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_ENTETE + key.encode("ascii") + b"\n" + hashlib.sha256(data).digest() + data)
            os.replace(temporary, folder / f"{key}.bin")
        except BaseException:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            raise
    except (OSError, ValueError):
        return
    count = _ecritures["depuis_controle"]
    if count is None or count >= ECRITURES_ENTRE_CONTROLES:
        _ecritures["depuis_controle"] = 0
        borner(folder)
    else:
        _ecritures["depuis_controle"] = count + 1


def borner(folder: Path, taille_max: int | None = None) -> None:
    """Remove the least recently used entries until the folder holds at most 3/4 of ``taille_max``
    (when it holds more than ``taille_max``), and temporary files left by an interrupted write."""
    limit = TAILLE_MAX if taille_max is None else taille_max
    now = time.time()
    entries = []
    try:
        with os.scandir(folder) as scan:
            for entry in scan:
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                if _NOM.match(entry.name) and stat.S_ISREG(info.st_mode):
                    entries.append((info.st_mtime, info.st_size, entry.path))
                elif entry.name.startswith(_TEMPORAIRE) and now - info.st_mtime > RAFRAICHIR:
                    _supprimer(entry.path)
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    if total <= limit:
        return
    for _, size, path in sorted(entries):
        if total <= limit * 3 // 4:
            break
        if _supprimer(path):
            total -= size


def _supprimer(path: str) -> bool:
    try:
        os.unlink(path)
        return True
    except OSError:
        return False
