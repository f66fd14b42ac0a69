"""French typography for rendered text: dates, numbers, amounts, ordinals."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal
from num2words import num2words

LOCALE = "fr_FR"
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def date_longue(value: dt.date | str) -> str:
    """ "1er mars 2026", "15 avril 2021"."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    text = format_date(value, "d MMMM y", locale=LOCALE)
    return "1er" + text[1:] if value.day == 1 else text


def nombre(value: int | float) -> str:
    """Thousands separated with a narrow no-break space: "12 500"."""
    return format_decimal(value, locale=LOCALE)


def euros(value: int | float) -> str:
    """ "150 000 €", or "1 250,50 €" when there are cents."""
    cents = round(float(value) * 100) % 100
    pattern = "#,##0.00" if cents else "#,##0"
    return format_decimal(value, format=pattern, locale=LOCALE) + "\u00a0€"


def en_lettres(value: int) -> str:
    """ "cent cinquante mille"."""
    return num2words(int(value), lang="fr")


def euros_en_lettres(value: int | float) -> str:
    """ "150 000 € (cent cinquante mille euros)", the form used in contracts."""
    whole = int(value)
    words = en_lettres(whole)
    unit = "euro" if whole < 2 else ("d'euros" if words.endswith(("million", "millions", "milliard", "milliards")) else "euros")
    separator = " " if unit != "d'euros" else " "
    return f"{euros(value)} ({words}{separator}{unit})"


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
