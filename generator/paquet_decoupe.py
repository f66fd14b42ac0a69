"""A template's package split once: static members compressed once, and parts cut at markers into
literal bytes and named slots, filled per document (generator/rendu_rapide.py makes the probe package).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from generator.zip_brut import NIVEAU_STATIQUE, Membre, archive, membre


@dataclass(frozen=True)
class Decoupe:
    """A part as literal byte segments and named slots, in order."""

    morceaux: tuple[bytes | str, ...]  # bytes: literal; str: the name of a slot

    @classmethod
    def de(cls, donnees: bytes, marques: dict[str, str], elements: dict[str, str] | None = None) -> Decoupe:
        """Split ``donnees`` at each marker of ``marques`` (slot name → marker text); for a slot named in
        ``elements`` (slot → element, e.g. "w:p"), the whole enclosing element is the slot."""
        elements = elements or {}
        spans: list[tuple[int, int, str]] = []
        for slot, marker in marques.items():
            needle = marker.encode("utf-8")
            start = donnees.find(needle)
            while start != -1:
                end = start + len(needle)
                if slot in elements:
                    tag = elements[slot].encode()
                    opening = max(donnees.rfind(b"<" + tag + b">", 0, start), donnees.rfind(b"<" + tag + b" ", 0, start))
                    closing = donnees.find(b"</" + tag + b">", end)
                    if opening == -1 or closing == -1:
                        raise ValueError(f"{slot} : élément {elements[slot]} introuvable")
                    start, end = opening, closing + len(tag) + 3
                spans.append((start, end, slot))
                start = donnees.find(needle, end)
        spans.sort()
        pieces: list[bytes | str] = []
        position = 0
        for start, end, slot in spans:
            if start < position:
                raise ValueError(f"{slot} : marques imbriquées")
            pieces.append(donnees[position:start])
            pieces.append(slot)
            position = end
        pieces.append(donnees[position:])
        return cls(tuple(p for p in pieces if p != b""))

    @property
    def creneaux(self) -> set[str]:
        return {p for p in self.morceaux if isinstance(p, str)}

    def remplir(self, valeurs: dict[str, bytes]) -> bytes:
        return b"".join(valeurs[p] if isinstance(p, str) else p for p in self.morceaux)


class Gabarit:
    """A probe package (the reference path's output for marker values) split into static members,
    compressed once, and parts with slots filled per document."""

    def __init__(self, contenu: bytes, marques: dict[str, str], elements: dict[str, str] | None = None):
        import io
        import zipfile

        self.parties: list[tuple[str, Membre | Decoupe]] = []
        with zipfile.ZipFile(io.BytesIO(contenu)) as probe:
            for info in probe.infolist():
                data = probe.read(info.filename)
                present = {slot: marker for slot, marker in marques.items() if marker.encode("utf-8") in data}
                if present:
                    self.parties.append((info.filename, Decoupe.de(data, present, elements)))
                else:
                    self.parties.append((info.filename, membre(info.filename, data, NIVEAU_STATIQUE)))
        self.creneaux = set().union(*(p.creneaux for _n, p in self.parties if isinstance(p, Decoupe)))
        missing = set(marques) - self.creneaux
        if missing:
            raise ValueError(f"marques absentes du paquet sonde : {', '.join(sorted(missing))}")

    def autour(self, nom: str, creneau: str, valeurs: dict[str, bytes]) -> tuple[bytes, bytes]:
        """Part ``nom`` filled before and after its slot ``creneau`` (which is left out)."""
        part = next(p for n, p in self.parties if n == nom)
        index = part.morceaux.index(creneau)
        before = Decoupe(part.morceaux[:index]).remplir(valeurs)
        return before, Decoupe(part.morceaux[index + 1:]).remplir(valeurs)

    def partie(self, nom: str, valeurs: dict[str, bytes]) -> bytes:
        """One part filled (e.g. word/document.xml, read again for the fingerprints)."""
        part = next(p for n, p in self.parties if n == nom)
        return part.remplir(valeurs) if isinstance(part, Decoupe) else zlib.decompress(part.donnees, -15)

    def ecrire(self, valeurs: dict[str, bytes], remplies: dict[str, bytes | Membre] | None = None) -> bytes:
        """The .docx bytes: static members copied, the others filled (``remplies``: parts already filled,
        or already compressed)."""
        remplies = remplies or {}
        members = []
        for name, part in self.parties:
            if isinstance(part, Membre):
                members.append(part)
            elif name in remplies:
                done = remplies[name]
                members.append(done if isinstance(done, Membre) else membre(name, done))
            else:
                members.append(membre(name, part.remplir(valeurs)))
        return archive(members)
