"""Atomic writes: a temporary file in the target folder, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from generator.erreurs import EcritureErreur


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def ecrire_atomique(destination: Path, contenu: bytes) -> None:
    destination = Path(destination)
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent)
        try:
            os.chmod(temporary, 0o666 & ~_umask())  # mkstemp creates 0600: give the usual permissions
            with os.fdopen(handle, "wb") as stream:
                stream.write(contenu)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, destination)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise EcritureErreur(f"{destination} : écriture impossible ({exc.strerror or exc})") from None
