"""French typography for rendered text: dates, numbers, amounts, ordinals."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from generator import cache_disque, empreintes_fichiers

LOCALE = "fr_FR"
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
# The months as CLDR's French locale writes them in a long date (babel's format_date "d MMMM y" gives the
# same; tests/test_typographie.py checks every month against it): written here, a date costs no locale load.
MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre")


def date_longue(value: dt.date | str) -> str:
    """ "1er mars 2026", "15 avril 2021"."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{'1er' if value.day == 1 else value.day} {MOIS[value.month - 1]} {value.year}"


def nombre(value: int | float) -> str:
    """Thousands separated with a narrow no-break space: "12 500"."""
    from babel.numbers import format_decimal  # babel and its locale data load with the first number only

    return format_decimal(value, locale=LOCALE)


def euros(value: int | float) -> str:
    """ "150 000 €", or "1 250,50 €" when there are cents."""
    from babel.numbers import format_decimal

    cents = round(float(value) * 100) % 100
    pattern = "#,##0.00" if cents else "#,##0"
    return format_decimal(value, format=pattern, locale=LOCALE) + "\u00a0€"


@lru_cache(maxsize=256)
def en_lettres(value: int) -> str:
    """ "cent cinquante mille" (num2words); kept in the disk cache, as num2words takes 20 ms to import."""
    number = int(value)
    return cache_disque.obtenir(("en_lettres", *_sources_num2words(), str(number)),
                                lambda: _num2words(number), str.encode, bytes.decode)


def _num2words(number: int) -> str:
    from num2words import num2words

    return num2words(number, lang="fr")


@lru_cache(maxsize=1)
def _sources_num2words() -> tuple[str, ...]:
    """The fingerprints of num2words' French code (found without importing it): an upgrade changes the key."""
    spec = importlib.util.find_spec("num2words")
    folder = Path(spec.origin).parent if spec is not None and spec.origin else None
    if folder is None:
        return ("",)  # not installed: computed (and fails) as without the cache
    return tuple(empreintes_fichiers.empreinte_fichier(str(folder / name)) for name in ("base.py", "lang_EU.py", "lang_FR.py"))


def euros_en_lettres(value: int | float) -> str:
    """ "150 000 € (cent cinquante mille euros)", the form used in contracts."""
    whole = int(value)
    words = en_lettres(whole)
    unit = "euro" if whole < 2 else ("d'euros" if words.endswith(("million", "millions", "milliard", "milliards")) else "euros")
    return f"{euros(value)} ({words} {unit})"


def ordinal(value: int, feminin: bool = False) -> str:
    """ "1er"/"1re", "2e"."""
    if value == 1:
        return "1re" if feminin else "1er"
    return f"{value}e"


def romain(value: int) -> str:
    out = []
    for number, letters in _ROMAN:
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def rang_titre(value: int) -> str:
    """Numbering of TITRE and chapitre headings: "Ier", "II", "III"."""
    return "Ier" if value == 1 else romain(value)



# --- Composition of rendered text -------------------------------------------------------------
#
# Applied once, when a text is written into the Word file (generator/redacteur.py), never to
# the clause samples, which keep plain spaces. One rule per sign (Lexique des règles
# typographiques en usage à l'Imprimerie nationale):
#   - « and » take a no-break space (U+00A0) on their inner side;
#   - ":" takes a no-break space (U+00A0) before it;
#   - ";", "!" and "?" take a narrow no-break space (U+202F) before them;
#   - thousands are separated by a narrow no-break space (U+202F), as babel writes them;
#   - a no-break space (U+00A0) ties "n°", "art." or "article", "L." "R." "D." (code articles)
#     and civilities to what follows, a day to its month and its year, a number to "€", "%", "h";
#   - "1er", "1re", "2e", "Ier" are written with a superscript ending (see ``exposants``).
# For ":", ";", "!" and "?" only a space the text already has is changed: "18:00" or a URL is
# left alone. URLs and e-mail addresses are never touched, nor are digits inside a number.

ESPACE_INSECABLE = "\u00a0"
ESPACE_FINE = "\u202f"
_E = "[ \u00a0\u202f]"  # any space the text may already have
_MOIS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
_PROTEGES = re.compile(r"(?:https?://|ftp://|www\.)[^\s«»<>\"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_NBSP, _FINE = ESPACE_INSECABLE, ESPACE_FINE


def _milliers(match: re.Match) -> str:
    return re.sub(_E, _FINE, match.group(0))


_CHIFFRES = tuple("0123456789")
_NOMS_DE_MOIS = tuple(_MOIS.split("|"))
# (rule, replacement, signs the rule needs: a text holding none of them is left to the next rule; a rule
# cannot match without one of its signs, so the test only saves a scan)
_REGLES: list[tuple[re.Pattern, object, tuple[str, ...]]] = [
    (re.compile(rf"(?<=\S){_E}+(?=[;!?])"), _FINE, (";", "!", "?")),
    (re.compile(rf"(?<=\S){_E}+(?=:)"), _NBSP, (":",)),
    (re.compile(rf"«{_E}*(?=\S)"), "«" + _NBSP, ("«",)),
    (re.compile(rf"(?<=\S){_E}*»"), _NBSP + "»", ("»",)),
    (re.compile(rf"(\b[Nn]°s?){_E}+(?=\w)"), rf"\1{_NBSP}", ("°",)),
    (re.compile(rf"(?<![\w.])([Aa]rt\.|[Aa]rticles?){_E}+(?=(?:(?:LO|L|R|D|A)\.{_E}?)?\d)"), rf"\1{_NBSP}", ("rt",)),
    (re.compile(rf"(?<![\w.])(LO|L|R|D|A)\.{_E}+(?=\d+(?:-\d+)+)"), rf"\1.{_NBSP}", ("-",)),
    (re.compile(rf"(?<![\w.])(M\.|MM\.|Mmes?|Mlle|Me|Dr){_E}+(?=[A-ZÀ-Ý])"), rf"\1{_NBSP}", ("M", "Dr")),
    (re.compile(rf"(?<!\w)(\d{{1,2}}|1er){_E}+(?=(?:{_MOIS})\b)"), rf"\1{_NBSP}", _NOMS_DE_MOIS),
    (re.compile(rf"\b({_MOIS}){_E}+(?=\d{{4}}\b)"), rf"\1{_NBSP}", _NOMS_DE_MOIS),
    (re.compile(rf"(?<![\d,.])\d{{1,3}}(?:{_E}\d{{3}})+(?![\d])"), _milliers, _CHIFFRES),
    (re.compile(rf"(?<=\d){_E}+(?=(?:€|%|h\b))"), _NBSP, _CHIFFRES),
    (re.compile(rf"(?<=\d{_NBSP}h){_E}+(?=\d{{2}}\b)"), _NBSP, (_NBSP + "h",)),  # 18 h 30
    (re.compile(rf"(?<=\d{_NBSP}h){_E}+([–-]){_E}+(?=\d)"), rf"{_NBSP}\1{_NBSP}", (_NBSP + "h",)),  # 18 h – 24 h
    (re.compile(rf"(?<=\d{_NBSP}h{_NBSP}\d\d){_E}+([–-]){_E}+(?=\d)"), rf"{_NBSP}\1{_NBSP}", (_NBSP + "h",)),
]
_EXPOSANT = re.compile(r"(?<![\w-])(?:(\d{1,4})(er|re|ers|res|e|es)|(I)(er|re))(?![\w-])")


def composer(texte: str) -> str:
    """The text with French no-break spaces (see the rules above); idempotent.

    Every rule changes spaces only, and an address holds none: URLs come out untouched.
    """
    digits = any(digit in texte for digit in _CHIFFRES)
    for pattern, replacement, signs in _REGLES:
        if digits if signs is _CHIFFRES else any(sign in texte for sign in signs):
            texte = pattern.sub(replacement, texte)
    return texte


def exposants(texte: str) -> list[tuple[str, bool]]:
    """The text cut into (piece, superscript): "le 1er mars" -> ("le 1", False), ("er", True), (" mars", False).

    Ordinals only ("1er", "1re", "2e", "Ier" of "TITRE Ier"); never inside a word, an identifier
    ("2021-646e") or an address.
    """
    matches = list(_EXPOSANT.finditer(texte))
    if not matches:  # most texts: the addresses are not even looked for
        return [(texte, False)] if texte else []
    addresses = [match.span() for match in _PROTEGES.finditer(texte)]
    out: list[tuple[str, bool]] = []
    position = 0
    for match in matches:
        if any(start <= match.start() < end for start, end in addresses):
            continue
        number_end = match.end(1) if match.group(1) else match.end(3)
        out.append((texte[position:number_end], False))
        out.append((match.group(2) or match.group(4), True))
        position = match.end()
    out.append((texte[position:], False))
    return [(piece, superscript) for piece, superscript in out if piece]
