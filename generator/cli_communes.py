"""`continuum communes TEXTE`: communes by INSEE code or (partial) name, with their EPCI."""

from __future__ import annotations

import re

import click

from generator import referentiel
from generator.erreurs import ReferentielErreur

_LIMITE = 30


def population(nombre: int | None) -> str:
    """ "149 077 hab." (no-break spaces), or "population inconnue"."""
    if nombre is None:
        return "population inconnue"
    return f"{nombre:,}".replace(",", "\u00a0") + "\u00a0hab."


def ligne(ref: referentiel.Referentiel, commune: referentiel.Commune) -> str:
    text = f"{commune.code}  {commune.nom} ({commune.departement.nom}) — {population(commune.population)}"
    if commune.epci_siren:
        try:
            epci = ref.epci(commune.epci_siren)
            text += f" — EPCI : {epci.nom} (SIREN {epci.siren})"
        except ReferentielErreur:
            text += f" — EPCI : SIREN {commune.epci_siren}"
    else:
        text += " — sans EPCI à fiscalité propre"
    return text


def afficher_communes(texte: str) -> None:
    ref = referentiel.charger()
    if re.fullmatch(r"\s*(\d{4,5}|2[abAB]\d{3})\s*", texte):
        found = [ref.resoudre_commune(texte)]
    else:
        found = ref.chercher_communes_partiel(texte, _LIMITE + 1)
    if not found:
        raise ReferentielErreur(f"aucune commune dont le nom contient {texte!r} dans le COG 2026")
    for commune in found[:_LIMITE]:
        click.echo(ligne(ref, commune))
    if len(found) > _LIMITE:
        click.echo(f"… et d'autres communes : précisez le nom (au plus {_LIMITE} affichées).", err=True)
