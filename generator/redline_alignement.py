"""The alignment of two versions for a redline, bounded so that it is never quadratic.

:func:`operations` gives difflib's opcodes of two sequences; :func:`aligner` turns those of two
flattened documents (generator/redline_elements.py) into steps: kept, changed in place, deleted,
inserted; :func:`lignes_marquees` does the same for the rows of a table; :func:`mots` cuts a
paragraph into the words, spaces and punctuation compared inside a changed paragraph.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from generator.redline_elements import Element

_MOTS = re.compile(r"\s+|[\w’'-]+|[^\w\s]", re.UNICODE)
PRODUIT_MAX = 1_000_000  # len(a) * len(b) beyond which the middle of two sequences is replaced whole
PRODUIT_MAX_BLOCS = 25_000_000  # the same for the paragraphs of two documents (mostly distinct: fast)

EGAL, MODIFIE, SUPPRIME, INSERE = "egal", "modifie", "supprime", "insere"  # the steps of :func:`aligner`


def mots(texte: str) -> list[str]:
    """Words, runs of spaces and punctuation marks: joined back, the text itself."""
    return _MOTS.findall(texte)


def operations(a: list, b: list, produit_max: int = PRODUIT_MAX) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes, bounded: common ends matched in linear time, the middle compared only when small.

    A middle too large for a detailed comparison is one replacement: still exact (accepting gives
    ``b``, rejecting gives ``a``), never quadratic.
    """
    start, common = 0, min(len(a), len(b))
    while start < common and a[start] == b[start]:
        start += 1
    end = 0
    while end < common - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1
    ops = [("equal", 0, start, 0, start)] if start else []
    mid_a, mid_b = a[start:len(a) - end], b[start:len(b) - end]
    if mid_a or mid_b:
        if mid_a and mid_b and len(mid_a) * len(mid_b) <= produit_max:
            ops += [(op, i1 + start, i2 + start, j1 + start, j2 + start) for op, i1, i2, j1, j2
                    in difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=False).get_opcodes()]
        else:
            ops.append(("replace" if mid_a and mid_b else "delete" if mid_a else "insert",
                        start, len(a) - end, start, len(b) - end))
    if end:
        ops.append(("equal", len(a) - end, len(a), len(b) - end, len(b)))
    return ops


def lignes_marquees(a: list, b: list) -> list[tuple[tuple, str | None]]:
    """The rows of the new table with those of the old one where they differ: (row, None) kept,
    (row, "del") deleted, (row, "ins") inserted, in the order they are shown."""
    rows: list[tuple[tuple, str | None]] = []
    for op, i1, i2, j1, j2 in operations(a, b):
        if op == "equal":
            rows += [(row, None) for row in b[j1:j2]]
        else:
            rows += [(row, "del") for row in a[i1:i2]] + [(row, "ins") for row in b[j1:j2]]
    return rows


def aligner(a: list[Element], b: list[Element]) -> Iterator[tuple[str, Element | None, Element | None]]:
    """(step, old element, new element) from the old document ``a`` to the new one ``b``.

    Within a replaced stretch, elements are paired in order: two of the same kind are one element
    changed in place (:data:`MODIFIE`), except charts, which are deleted and inserted whole, as
    elements of different kinds are.
    """
    for op, i1, i2, j1, j2 in operations([e.signature for e in a], [e.signature for e in b], PRODUIT_MAX_BLOCS):
        if op == "equal":
            for element in b[j1:j2]:
                yield EGAL, None, element
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for index in range(max(len(olds), len(news))):
            old_el = olds[index] if index < len(olds) else None
            new_el = news[index] if index < len(news) else None
            if old_el is not None and new_el is not None and old_el.style == new_el.style != "image":
                yield MODIFIE, old_el, new_el
            else:
                if old_el is not None:
                    yield SUPPRIME, old_el, None
                if new_el is not None:
                    yield INSERE, None, new_el
