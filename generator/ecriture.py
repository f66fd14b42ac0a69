"""Atomic writes: a temporary file in the target folder, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from generator.erreurs import EcritureErreur, raison_systeme


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def ecrire_atomique(destination: Path, contenu: bytes, synchroniser: bool = True) -> None:
    """Write ``contenu`` to ``destination`` through a temporary file and a rename: never half-written.

    ``synchroniser=False`` skips the fsync of the file (a batch writes thousands and syncs the
    folder once, ``synchroniser_dossier``): after a power cut a file may then be missing or empty,
    never a mix of two versions.
    """
    destination = Path(destination)
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent)
        try:
            os.chmod(temporary, 0o666 & ~_umask())  # mkstemp creates 0600: give the usual permissions
            with os.fdopen(handle, "wb") as stream:
                stream.write(contenu)
                stream.flush()
                if synchroniser:
                    os.fsync(stream.fileno())
            os.replace(temporary, destination)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
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
