"""Article numbers of a signed contract, as its avenants leave them.

A contract keeps the numbers it was signed with: an avenant never renumbers.
An inserted article takes the number of the article it follows with a Latin
adverb ("4 bis", "4 ter"), or a capital letter when that number is taken
("4 bis A"); an article inserted before the first one is "1er A". An
abrogated article's number is never reused.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.document import Document, numero_article

ADVERBES = ["bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "nonies", "decies",
            "undecies", "duodecies", "terdecies", "quaterdecies", "quindecies", "sexdecies"]
_LETTRES = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def libelles_initiaux(document: Document) -> dict[str, str]:
    """Article key -> number, as the contract was signed ("1er", "2"…), in document order."""
    return {b.cle: numero_article(b.numero) for b in document.blocs() if b.numero is not None}


def cles_articles(document: Document) -> list[str]:
    return [b.cle for b in document.blocs() if b.numero is not None]


def _suivant(libelle: str, vivants: set[str], abroges: set[str]) -> str:
    """The number of an article inserted right after ``libelle``.

    The next Latin adverb, skipping numbers abrogated earlier; when that number
    belongs to a live article (which stands further on), a letter is added instead.
    """
    head, _, tail = libelle.partition(" ")
    rank = 0 if not tail else (ADVERBES.index(tail) + 1 if tail in ADVERBES else None)
    while rank is not None and rank < len(ADVERBES):
        candidate = f"{head} {ADVERBES[rank]}"
        if candidate in vivants:
            break
        if candidate not in abroges:
            return candidate
        rank += 1
    return _lettre(libelle, vivants | abroges)


def _lettre(base: str, pris: set[str]) -> str:
    for letter in _LETTRES:
        if f"{base} {letter}" not in pris:
            return f"{base} {letter}"
    raise ValueError(f"plus de numéro disponible après l'article {base}")


def libelles_suivants(anciens: dict[str, str], nouvelles_cles: Iterable[str],
                      abroges: Iterable[str] = ()) -> dict[str, str]:
    """Numbers of the amended contract: kept articles keep theirs, new ones are numbered after
    the article they follow. ``abroges`` are numbers used before and never given again."""
    live, gone = set(anciens.values()), set(abroges)
    out: dict[str, str] = {}
    previous = ""
    for key in nouvelles_cles:
        if key in anciens:
            out[key] = previous = anciens[key]
            continue
        label = _suivant(previous, live, gone) if previous else _lettre("1er", live | gone)
        live.add(label)
        out[key] = previous = label
    return out
