"""Backup: a consistent copy of the SQLite database (sqlite3 backup API) and the stored files,
in one .zip or .tar.gz; for PostgreSQL, the stored files and the pg_dump command to run."""

from __future__ import annotations

import os
import sqlite3
import tarfile
import tempfile
import zipfile
from pathlib import Path

from django.db import connection

from generator.erreurs import RegistreErreur
from generator.registre.configuration import NOM_BASE, dossier_stockage

EXTENSIONS = (".zip", ".tar.gz", ".tgz")


def _copie_sqlite(destination: Path) -> None:
    source = sqlite3.connect(connection.settings_dict["NAME"], timeout=60)
    try:
        target = sqlite3.connect(destination)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def _fichiers() -> list[tuple[Path, str]]:
    root = dossier_stockage()
    if not root.is_dir():
        return []
    return [(path, f"fichiers/{path.relative_to(root).as_posix()}") for path in sorted(root.rglob("*"))
            if path.is_file() and not path.name.startswith(".")]


def _archiver(entries: list[tuple[Path, str]], sortie: Path) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{sortie.name}.", suffix=".tmp", dir=sortie.parent)
    os.close(handle)
    try:
        if sortie.name.lower().endswith(".zip"):
            with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for path, name in entries:
                    archive.write(path, name)
        else:
            with tarfile.open(temporary, "w:gz") as archive:
                for path, name in entries:
                    archive.add(path, name)
        os.replace(temporary, sortie)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def commande_pg_dump() -> str:
    db = connection.settings_dict
    parts = ["pg_dump", "--format=custom", "--file=registre.dump"]
    if db.get("HOST"):
        parts.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        parts.append(f"--port={db['PORT']}")
    if db.get("USER"):
        parts.append(f"--username={db['USER']}")
    return " ".join(parts + [db["NAME"]])


def sauvegarder(sortie: Path) -> tuple[int, str]:
    """Write the backup; returns (number of stored files, a note for PostgreSQL or "")."""
    if not sortie.name.lower().endswith(EXTENSIONS):
        raise RegistreErreur(f"{sortie} : extension inattendue ; attendu .zip ou .tar.gz")
    sortie.parent.mkdir(parents=True, exist_ok=True)
    files = _fichiers()
    with tempfile.TemporaryDirectory(prefix="continuum-sauvegarde-") as folder:
        entries = list(files)
        note = ""
        if connection.vendor == "sqlite":
            copy = Path(folder) / NOM_BASE
            _copie_sqlite(copy)
            entries.insert(0, (copy, NOM_BASE))
        else:
            note = ("La base PostgreSQL n'est pas copiée dans l'archive : sauvegardez-la avec "
                    f"« {commande_pg_dump()} » (restauration : pg_restore --dbname=… registre.dump).")
        _archiver(entries, sortie)
    return len(files), note
