"""Keyboard input for the interactive questionnaire: one line with readline, going back, choices, French dates.

Everything the user types is read here: ``<`` or ``retour`` goes back one question (:class:`Retour`),
end of input is an interruption (:class:`Interrompu`), arrow keys and history come from readline.
"""

from __future__ import annotations

import datetime as dt
import re
import sys

import click

from generator.referentiel import normaliser_nom

RETOUR = {"<", "retour"}
_OUI, _NON = {"o", "oui", "y", "yes"}, {"n", "non", "no"}
_MOIS = {m: i for i, m in enumerate(
    ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre",
     "decembre"], start=1)}
_DATE_FRANCAISE = re.compile(r"^(?:le\s+)?(\d{1,2})\s*(?:er|e|eme)?\s+([a-z]+)\s+(\d{4})$")


class Retour(Exception):
    """The user asked to go back one question."""


class Interrompu(EOFError):
    """End of input (Ctrl-D): the questionnaire stops, answers so far are kept."""


def activer_historique() -> None:
    """Arrow keys and history on a terminal (readline, when Python has it)."""
    if sys.stdin.isatty():
        try:
            import readline  # noqa: F401 - importing it is enough for input()
        except ImportError:  # Python built without readline: plain input still works
            pass


def lire(invite: str, defaut: object = None, separateur: str = " : ") -> str:
    """One line; the default when left empty; raises Retour on « < » / « retour »."""
    if isinstance(defaut, bool):
        defaut = "oui" if defaut else "non"
    shown = f" [{defaut}]" if defaut not in (None, "") else ""
    try:
        raw = input(f"{invite}{shown}{separateur}")
    except EOFError:
        raise Interrompu() from None
    text = raw.strip()
    if text.lower() in RETOUR:
        raise Retour()
    return text if text else ("" if defaut is None else str(defaut))


def lire_paragraphes(invite: str) -> str:
    """Several lines, one paragraph each, ended by an empty line."""
    click.echo(f"{invite} (un paragraphe par ligne ; terminez par une ligne vide) :")
    lines: list[str] = []
    while True:
        line = lire("  > ", separateur="")
        if not line:
            return "\n".join(lines)
        lines.append(line)


def oui_non(question: str, default: bool = False) -> bool:
    """A yes/no question answered in French: « o », « oui », « n », « non »."""
    suffix = " [O/n]" if default else " [o/N]"
    while True:
        answer = lire(question + suffix).lower()
        if not answer:
            return default
        if answer in _OUI:
            return True
        if answer in _NON:
            return False
        click.secho("  Répondez « oui » ou « non ».", fg="red")


def erreur(message: str) -> None:
    click.secho(f"  {message}", fg="red")


def choisir(choix: dict[str, str], saisie: str) -> str | None:
    """The code of a choice typed as its number, its code or its label, ignoring case and accents."""
    codes = list(choix)
    if saisie.isdigit() and 1 <= int(saisie) <= len(codes):
        return codes[int(saisie) - 1]
    wanted = normaliser_nom(saisie)
    for code, label in choix.items():
        if wanted in (normaliser_nom(code), normaliser_nom(str(label))):
            return code
    starting = [code for code, label in choix.items() if normaliser_nom(str(label)).startswith(wanted)]
    return starting[0] if wanted and len(starting) == 1 else None


def date_francaise(saisie: str) -> dt.date | None:
    """ "1er décembre 2026", "12 octobre 2026", "le 3 mars 2027" (None when not such a date)."""
    match = _DATE_FRANCAISE.match(normaliser_nom(saisie).replace(" er ", "er "))
    if not match:
        return None
    day, month, year = match.groups()
    if month not in _MOIS:
        return None
    try:
        return dt.date(int(year), _MOIS[month], int(day))
    except ValueError:
        return None
