"""Targeted amendments: « Au deuxième alinéa de l'article 8, le nombre : « 25 » est remplacé par… ».

When an article changes only by a few words in one or two paragraphs,
French drafting amends those words instead of replacing the article. Each
change becomes one sentence fragment; the avenant decides the article's
chapeau. Anything larger (or ambiguous: the old words appear twice in the
paragraph) is left to a full replacement of the article.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from generator.document import Paragraphe

MOTS_MAX = 8  # a change of more words than this replaces the whole article
ALINEAS_MAX = 2  # a change in more paragraphs than this replaces the whole article

_JETONS = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\S+")
_NOMBRE = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})*(?:,\d+)?|\d+(?:,\d+)?")
_ORDINAUX = ["premier", "deuxième", "troisième", "quatrième", "cinquième", "sixième", "septième", "huitième",
             "neuvième", "dixième", "onzième", "douzième", "treizième", "quatorzième", "quinzième"]


@dataclass(frozen=True)
class Changement:
    """Words replaced, inserted or removed in one paragraph (alinéa) of an article."""

    alinea: int  # 1-based
    ancien: str
    nouveau: str
    avant: str = ""  # the word the insertion follows, when ``ancien`` is empty
    ligne: str = ""  # for a table cell: the row's first cell, which names the row
    mention: bool = False  # a whole cell is replaced: « la mention : … »

    def emplacement(self, seul_alinea: bool) -> str:
        """Where the change is, inside the article: « au deuxième alinéa », « dans la ligne « … » du tableau »."""
        if self.ligne:
            return f"dans la ligne « {self.ligne} » du tableau"
        return "" if seul_alinea else f"au {ordinal_alinea(self.alinea)} alinéa"

    def operation(self) -> str:
        """The amending words, without their place: « le nombre : « 25 » est remplacé par… »."""
        if not self.ancien:
            return f"après le mot : « {self.avant} », {_mots(self.nouveau)} : « {self.nouveau} »"
        if not self.nouveau:
            return f"{_les_mots(self.ancien)} : « {self.ancien} » {_est(self.ancien, 'supprimé')}"
        if self.mention:
            return f"la mention : « {self.ancien} » est remplacée par la mention : « {self.nouveau} »"
        if _NOMBRE.fullmatch(self.ancien) and _NOMBRE.fullmatch(self.nouveau):
            return f"le nombre : « {self.ancien} » est remplacé par le nombre : « {self.nouveau} »"
        return (f"{_les_mots(self.ancien)} : « {self.ancien} » {_est(self.ancien, 'remplacé')} "
                f"par {_les_mots(self.nouveau)} : « {self.nouveau} »")


def ordinal_alinea(rang: int) -> str:
    if rang <= len(_ORDINAUX):
        return _ORDINAUX[rang - 1]
    from num2words import num2words
    return num2words(rang, lang="fr", to="ordinal")


def _pluriel(words: str) -> bool:
    return len(words.split()) > 1


def _les_mots(words: str) -> str:
    return "les mots" if _pluriel(words) else "le mot"


def _mots(words: str) -> str:
    return "sont insérés les mots" if _pluriel(words) else "est inséré le mot"


def _est(words: str, participle: str) -> str:
    """Agreement of the verb: "sont remplacés" for several words."""
    return f"sont {participle}s" if _pluriel(words) else f"est {participle}"


def changements(ancien: list[Paragraphe], nouveau: list[Paragraphe]) -> list[Changement] | None:
    """The targeted changes from ``ancien`` to ``nouveau`` paragraphs, or None when the article must be replaced."""
    if len(ancien) != len(nouveau):
        return None
    out: list[Changement] = []
    for rank, (old, new) in enumerate(zip(ancien, nouveau), start=1):
        if (old.style, old.texte, old.cellules) == (new.style, new.texte, new.cellules):
            continue
        if old.style != new.style:
            return None
        change = _cellule(rank, old.cellules, new.cellules) if old.cellules or new.cellules else \
            _changement(rank, old.texte, new.texte)
        if change is None:
            return None
        out.append(change)
    if not out or len(out) > ALINEAS_MAX:
        return None
    return out


def _cellule(rank: int, old: list[str], new: list[str]) -> Changement | None:
    """One changed cell of a table row whose first cell (the row's name) is unchanged."""
    if len(old) != len(new) or len(old) < 2 or old[0] != new[0]:
        return None
    changed = [i for i, (a, b) in enumerate(zip(old, new)) if a != b]
    if len(changed) != 1 or not old[changed[0]] or not new[changed[0]]:
        return None
    return Changement(rank, old[changed[0]], new[changed[0]], ligne=old[0], mention=True)


def _changement(rank: int, old: str, new: str) -> Changement | None:
    a, b = _JETONS.findall(old), _JETONS.findall(new)
    if not a:
        return None
    blocks = [op for op in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes() if op[0] != "equal"]
    if len(blocks) != 1:
        return None
    _tag, i1, i2, j1, j2 = blocks[0]
    if max(i2 - i1, j2 - j1) > MOTS_MAX:
        return None
    removed, added = " ".join(a[i1:i2]), " ".join(b[j1:j2])
    if removed and old.count(removed) != 1:
        return None  # ambiguous: the words to replace appear more than once
    if not removed:
        if i1 == 0 or a.count(a[i1 - 1]) != 1:
            return None
        return Changement(rank, "", added, avant=a[i1 - 1])
    return Changement(rank, removed, added)

