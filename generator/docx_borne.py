"""Bounded reading of the Office packages a user hands in (.docx to review or compare, .xlsx tables).

A package is a zip: a few kilobytes can declare, or inflate to, gigabytes.
Before python-docx or openpyxl sees it, the file is read once into memory
(bounded), its entry count and the declared size of every part are checked,
then every part is inflated as a stream, counting the bytes actually
produced. A package over the limits is refused with a French message naming
the part; nothing is inflated in full before the check.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from generator.erreurs import FichierIllisible
from generator.octets import lire_borne

MIO = 1024 * 1024
FICHIER_MAX = 100 * MIO  # compressed package
PARTIE_MAX = 50 * MIO  # one inflated part
TOTAL_MAX = 200 * MIO  # all inflated parts
ENTREES_MAX = 2000
_BLOC = 1024 * 1024


def _lire(chemin: Path, nature: str) -> bytes:
    return lire_borne(chemin, FICHIER_MAX, nature)


def verifier_paquet(data: bytes, chemin: object, nature: str = "document Word (.docx)") -> None:
    """Refuse a package that is not a zip, has too many entries, or inflates beyond the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FichierIllisible(f"{chemin} : ce n'est pas un {nature} (archive illisible)") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > ENTREES_MAX:
            raise FichierIllisible(f"{chemin} : {len(entries)} parties dans le paquet, au plus {ENTREES_MAX} acceptées")
        declared = 0
        for info in entries:
            if info.file_size > PARTIE_MAX:
                raise FichierIllisible(f"{chemin} : la partie {info.filename} décompressée ferait "
                                       f"{info.file_size // MIO} Mo, au plus {PARTIE_MAX // MIO} Mo acceptés")
            declared += info.file_size
        if declared > TOTAL_MAX:
            raise FichierIllisible(f"{chemin} : le paquet décompressé ferait {declared // MIO} Mo, "
                                   f"au plus {TOTAL_MAX // MIO} Mo acceptés")
        total = 0
        for info in entries:
            produced = 0
            try:
                with archive.open(info) as part:
                    while chunk := part.read(_BLOC):
                        produced += len(chunk)
                        total += len(chunk)
                        if produced > PARTIE_MAX or produced > info.file_size:
                            raise FichierIllisible(f"{chemin} : la partie {info.filename} se décompresse au-delà "
                                                   "de sa taille déclarée ou des limites acceptées")
                        if total > TOTAL_MAX:
                            raise FichierIllisible(f"{chemin} : le paquet se décompresse au-delà de "
                                                   f"{TOTAL_MAX // MIO} Mo")
            except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError,
                    RuntimeError) as exc:
                raise FichierIllisible(f"{chemin} : la partie {info.filename} est endommagée ({type(exc).__name__})") from None


def paquet_borne(chemin: Path, nature: str = "document Word (.docx)") -> io.BytesIO:
    """The package's bytes, read once and checked, ready for python-docx or openpyxl."""
    data = _lire(Path(chemin), nature)
    verifier_paquet(data, chemin, nature)
    return io.BytesIO(data)


def ouvrir_docx(chemin: Path):
    """A python-docx Document read through the bounded reader, or a French error."""
    import docx

    stream = paquet_borne(chemin)
    try:
        return docx.Document(stream)
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types (KeyError, ValueError, lxml errors…)
        raise FichierIllisible(f"{chemin} : document Word illisible ou endommagé ({type(exc).__name__})") from None
