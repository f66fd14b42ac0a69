"""Deliberations of the conseils municipaux authorising the maires to sign (CLS, CLCS).

The answer is a list of dates in the order of the communes (a batch cell reads
``24/11/2026 | 26/11/2026``); a commune whose council has not yet voted has no date, and its
deliberation is still cited without one.
"""

from __future__ import annotations

from generator.erreurs import Probleme
from generator.questionnaire.validation import lire_date
from generator.accords import nombre


def par_commune(communes: list[dict], dates: list | None) -> list[dict]:
    """One deliberation per commune, in order: {commune, date} (date None while the council has not voted)."""
    dates = list(dates or [])
    return [{"commune": commune, "date": lire_date(dates[index]) if index < len(dates) else None}
            for index, commune in enumerate(communes)]


def rattacher(maires: list[dict], deliberations: list[dict]) -> None:
    """Each maire's block knows the date of the deliberation that authorises the signature."""
    for maire, deliberation in zip(maires, deliberations):
        maire["deliberation"] = deliberation["date"]


def problemes(communes: list[dict], dates: list | None, champ: str) -> list[Probleme]:
    found = []
    for index, raw in enumerate(dates or [], start=1):
        if lire_date(raw) is None:
            found.append(Probleme(f"{champ}[{index}]", "date de délibération invalide, attendu JJ/MM/AAAA ou AAAA-MM-JJ", raw))
    if len(dates or []) > len(communes):
        found.append(Probleme(champ, f"{len(dates)} délibérations pour {nombre(len(communes), 'commune')} : une par commune, "
                                     "dans l'ordre des communes"))
    return found
