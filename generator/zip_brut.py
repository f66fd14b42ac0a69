"""A zip writer for members already compressed: what zipfile writes, without recompressing anything.

A .docx is a zip archive. The fast writer (generator/oxml_rapide.py, generator/paquet_decoupe.py) keeps
static parts deflated once and copies them as they are into every archive; only the parts filled per
document are deflated, at a fast level. This module knows the zip format only.
"""

from __future__ import annotations

import struct
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

NIVEAU_STATIQUE = 9  # static parts are compressed once: as small as possible
NIVEAU_DYNAMIQUE = 1  # per-document parts: fast (a batch writes thousands)


def deflate_partiel(donnees: bytes, niveau: int = NIVEAU_DYNAMIQUE) -> bytes:
    """Raw deflate of ``donnees`` alone, sync-flushed: such pieces, deflated apart, follow one another in one
    stream, closed by :data:`FIN_DEFLATE`."""
    compressor = zlib.compressobj(niveau, zlib.DEFLATED, -15)
    return compressor.compress(donnees) + compressor.flush(zlib.Z_SYNC_FLUSH)


FIN_DEFLATE = b"\x03\x00"  # an empty final block (fixed Huffman codes): closes a stream of sync-flushed pieces


@dataclass(frozen=True)
class Membre:
    """One file of the archive, already compressed (raw deflate)."""

    nom: bytes
    crc: int
    taille: int
    donnees: bytes


def membre(nom: str, donnees: bytes, niveau: int = NIVEAU_DYNAMIQUE) -> Membre:
    compressor = zlib.compressobj(niveau, zlib.DEFLATED, -15)
    return Membre(nom.encode("utf-8"), zlib.crc32(donnees), len(donnees), compressor.compress(donnees) + compressor.flush())


def _dos(moment: time.struct_time) -> tuple[int, int]:
    year = max(1980, moment.tm_year)
    return ((year - 1980) << 9 | moment.tm_mon << 5 | moment.tm_mday,
            moment.tm_hour << 11 | moment.tm_min << 5 | moment.tm_sec // 2)


def archive(membres: Iterable[Membre], moment: time.struct_time | None = None) -> bytes:
    """A zip archive of deflated members (what zipfile writes, without recompressing anything)."""
    date, clock = _dos(moment or time.localtime())
    out, central, offset = [], [], 0
    for item in membres:
        flags = 0x800 if any(b > 0x7F for b in item.nom) else 0  # UTF-8 names
        header = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, flags, 8, clock, date, item.crc, len(item.donnees),
                             item.taille, len(item.nom), 0)
        out += (header, item.nom, item.donnees)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, flags, 8, clock, date, item.crc,
                                   len(item.donnees), item.taille, len(item.nom), 0, 0, 0, 0, 0, offset) + item.nom)
        offset += len(header) + len(item.nom) + len(item.donnees)
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), offset, 0)
    return b"".join(out) + directory + end
