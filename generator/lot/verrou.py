"""One `continuum lot` at a time per output folder.

The lock is an OS lock (``flock``) on a hidden file of the folder: the
system releases it when the process ends, even killed, so a crash never
leaves the folder locked. A second run into the same folder is refused with
the first run's process id and start time. Leftovers of an interrupted run
(temporary files of atomic writes, LibreOffice profiles) are removed once
the lock is held.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from generator.erreurs import EcritureErreur, SortieRefusee, raison_systeme

NOM = ".continuum-lot.verrou"
_RESTES_FICHIERS = re.compile(r"^\..+\.tmp$")  # ecriture.ecrire_atomique's temporary files
_RESTES_DOSSIERS = re.compile(r"^\.(pdf|dossier)-")  # LibreOffice profiles and conversions of the batch


def _verrouiller(handle) -> bool:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


@contextlib.contextmanager
def verrouiller(dossier: Path) -> Iterator[None]:
    """Hold the folder's lock for the duration of the block, or refuse at once."""
    path = Path(dossier) / NOM
    try:
        handle = open(path, "a+", encoding="utf-8")
    except OSError as exc:
        raise EcritureErreur(f"{dossier} : verrou du dossier impossible à créer ({raison_systeme(exc)})") from None
    try:
        if not _verrouiller(handle):
            handle.seek(0)
            holder = handle.read().strip() or "une autre exécution"
            raise SortieRefusee(f"{dossier} : ce dossier est déjà utilisé par une autre exécution de continuum lot "
                                f"({holder}) ; attendez qu'elle se termine ou choisissez un autre dossier")
        handle.seek(0)
        handle.truncate()
        handle.write(f"processus {os.getpid()}, depuis le {dt.datetime.now():%d/%m/%Y à %H:%M:%S}")
        handle.flush()
        yield
    finally:
        handle.close()  # releases the lock; the file stays, harmless and hidden


def nettoyer_restes(dossier: Path) -> list[str]:
    """Remove what an interrupted run left in the folder; return the names removed."""
    removed = []
    for child in Path(dossier).iterdir():
        try:
            if child.is_file() and _RESTES_FICHIERS.match(child.name):
                child.unlink()
                removed.append(child.name)
            elif child.is_dir() and _RESTES_DOSSIERS.match(child.name):
                shutil.rmtree(child, ignore_errors=True)
                removed.append(child.name)
        except OSError:
            continue
    return removed
