"""Atomic writes: a temporary file in the target folder, then a rename."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from generator.erreurs import EcritureErreur, raison_systeme


_OUVERTURE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_numeros = itertools.count()


def _temporaire(destination: Path) -> tuple[int, Path]:
    """A new file beside ``destination``, named after it, this process and a counter (never reused, never
    a link followed), created with the usual permissions (0666 less the umask)."""
    while True:
        temporary = destination.parent / f".{destination.name}.{os.getpid()}-{next(_numeros)}.tmp"
        try:
            return os.open(temporary, _OUVERTURE, 0o666), temporary
        except FileExistsError:  # left by a crashed process that had the same number: take the next one
            continue


def ecrire_atomique(destination: Path, contenu: bytes, synchroniser: bool = True) -> None:
    """Write ``contenu`` to ``destination`` through a temporary file and a rename: never half-written.

    ``synchroniser=False`` skips the fsync of the file (a batch writes thousands and syncs the
    folder once, ``synchroniser_dossier``): after a power cut a file may then be missing or empty,
    never a mix of two versions.
    """
    destination = Path(destination)
    try:
        try:
            handle, temporary = _temporaire(destination)
        except FileNotFoundError:
            destination.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = _temporaire(destination)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(contenu)
                stream.flush()
                if synchroniser:
                    os.fsync(stream.fileno())
            os.replace(temporary, destination)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise EcritureErreur(f"{destination} : écriture impossible ({raison_systeme(exc)})") from None


def synchroniser_dossier(dossier: Path) -> None:
    """Flush a folder's files and entries to disk (after writes made with ``synchroniser=False``)."""
    try:
        if hasattr(os, "sync"):
            os.sync()  # the files' contents: one call instead of one fsync per file
        descriptor = os.open(dossier, os.O_RDONLY)
        try:
            os.fsync(descriptor)  # the renames
        finally:
            os.close(descriptor)
    except OSError as exc:
        raise EcritureErreur(f"{dossier} : synchronisation impossible ({raison_systeme(exc)})") from None
