"""`continuum clauses …`: list, check, read, accept samples, print the library."""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

import click

from generator import bibliotheque, chemins
from generator.cli_francais import CONTEXTE, Groupe
from generator.ecriture import ecrire_atomique
from generator.erreurs import ContinuumError, TypeDocumentInconnu, compter
from generator.plan import types_disponibles
from generator.sorties import proteger_sortie
from generator.accords import nombre


@click.group("clauses", cls=Groupe, context_settings=CONTEXTE)
def clauses() -> None:
    """Bibliothèque de clauses."""


def _type_connu(type_document: str) -> str:
    if type_document not in types_disponibles():
        raise TypeDocumentInconnu(f"type de document inconnu : {type_document!r} ; "
                                  f"types disponibles : {', '.join(types_disponibles())}")
    return type_document


def _clause(clause_id: str, livree: bool = False):
    library = bibliotheque.lire_bibliotheque(locale=False)[0] if livree else bibliotheque.charger()
    clause = library.get(clause_id)
    if clause is None:
        close = difflib.get_close_matches(clause_id, library.clauses, n=3)
        hint = f" ; vouliez-vous dire {', '.join(close)} ?" if close else " (voir continuum clauses lister)"
        raise ContinuumError(f"aucune clause {'livrée ' if livree else ''}n'a l'identifiant {clause_id!r}{hint}")
    return clause


@clauses.command("lister")
@click.option("--type", "type_document", metavar="TYPE", help="Seulement les clauses de ce type de document.")
@click.option("--obligatoires", is_flag=True, help="Seulement les clauses du socle (obligatoires ou selon une règle).")
@click.option("--locales", is_flag=True, help="Seulement les clauses de la bibliothèque locale.")
@click.option("--format", "format_", type=click.Choice(["texte", "json"]), default="texte", show_default=True)
def lister(type_document: str | None, obligatoires: bool, locales: bool, format_: str) -> None:
    """Liste les clauses de la bibliothèque, avec leur provenance."""
    library = bibliotheque.charger()
    items = library.pour_type(_type_connu(type_document)) if type_document else list(library.clauses.values())
    items.sort(key=lambda c: (c.types[0], c.partie, c.volet, c.mesure or "~", c.id))
    if obligatoires:
        items = [c for c in items if c.socle_possible]
    if locales:
        items = [c for c in items if c.variante_locale]
    if format_ == "json":
        click.echo(json.dumps([c.resume() for c in items], ensure_ascii=False, indent=2))
        return
    for clause in items:
        flag = "socle" if clause.obligatoire else ("socle si " + clause.obligatoire_si if clause.obligatoire_si else clause.nature)
        code = f" [{clause.mesure}]" if clause.mesure else ""
        origin = f" — {clause.variante_locale}" if clause.variante_locale else ""
        click.echo(f"{clause.id:<42} {flag:<14} {clause.titre}{code}{origin}")
    click.echo(f"{nombre(len(items), 'clause')}.", err=True)


@clauses.command("verifier")
def verifier() -> None:
    """Vérifie la bibliothèque, locale comprise (schéma, variables, Jinja, exemples, couverture de l'annexe)."""
    from generator.bibliotheque_locale import avertissements
    from generator.verification import verifier as run

    library, problems = run()
    for warning in avertissements(library):
        click.secho(f"Avertissement : {warning}", fg="yellow", err=True)
    if problems:
        click.echo(f"{compter(len(problems), 'problème')} dans la bibliothèque de clauses :", err=True)
        for problem in problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(4)
    samples = sum(len(c.exemples) for c in library.clauses.values())
    local = sum(1 for c in library.clauses.values() if c.variante_locale)
    detail = f", dont {local} de la bibliothèque locale" if chemins.bibliotheque_locale() is not None else ""
    click.echo(f"Bibliothèque valide : {len(library.clauses)} clauses{detail}, {samples} exemples rendus à l'identique.")


@clauses.command("voir")
@click.argument("clause_id", metavar="ID")
@click.option("--livree", is_flag=True, help="La clause livrée, même si la bibliothèque locale la remplace.")
def voir(clause_id: str, livree: bool) -> None:
    """Présente une clause : statut, source, références, texte rendu, variables."""
    from generator import fiche_clause

    clause = _clause(clause_id, livree)
    click.secho(clause.titre, bold=True)
    click.echo(f"Identifiant : {clause.id}, version {clause.version} — engage {fiche_clause.partie(clause)}"
               f" — types : {', '.join(clause.types)}")
    click.echo(f"Statut : {fiche_clause.statut(clause)}")
    click.echo(f"Provenance : {fiche_clause.provenance(clause)}")
    click.echo(f"Source : {clause.source.citation()}")
    if clause.references:
        click.echo("Références :")
        for reference in clause.references:
            click.echo(f"  - {reference}")
    click.echo("\nTexte (rendu avec le premier exemple) :")
    for line in fiche_clause.texte_exemple(clause).splitlines():
        click.echo(f"  {line}")
    variables = fiche_clause.variables_en_clair(clause)
    click.echo("\nRéponses utilisées :" if variables else "\nRéponses utilisées : aucune.")
    for line in variables:
        click.echo(f"  - {line}")
    if clause.note:
        click.echo(f"\nNote : {clause.note}")


@clauses.command("accepter")
@click.argument("clause_id", metavar="ID")
@click.option("--oui", is_flag=True, help="Enregistre sans demander de confirmation.")
def accepter(clause_id: str, oui: bool) -> None:
    """Enregistre le rendu actuel d'une clause comme texte attendu de ses exemples, après en avoir montré la différence."""
    from generator import acceptation
    from generator.questionnaire.interactif import oui_non

    clause = _clause(clause_id)
    changes = acceptation.ecarts(clause)
    if not changes:
        click.echo(f"{nombre(len(clause.exemples), 'exemple')} de {clause.id} : ils correspondent déjà au texte : rien à enregistrer.")
        return
    for change in changes:
        click.echo(change.diff())
    click.echo(f"{nombre(len(changes), 'exemple')} sur {len(clause.exemples)} {'change' if len(changes) <= 1 else 'changent'} ({clause.fichier}).")
    if not oui and not oui_non("Enregistrer ces rendus comme textes attendus ?", default=False):
        click.echo("Rien n'a été enregistré.")
        return
    acceptation.enregistrer(clause, changes)
    click.echo(f"Exemples enregistrés : {clause.fichier}. Pensez à augmenter la version de la clause si son texte a changé.")


@clauses.command("recueil")
@click.option("--type", "type_document", required=True, metavar="TYPE", help="Type de document (csi, clcs…).")
@click.option("-o", "--sortie", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER",
              help="Document Word à écrire (.docx).")
@click.option("--ecraser", is_flag=True, help="Remplace le fichier s'il existe déjà.")
def recueil(type_document: str, sortie: Path, ecraser: bool) -> None:
    """Écrit toute la bibliothèque d'un type en document Word imprimable : une partie par volet."""
    from generator.recueil import recueil as build

    _type_connu(type_document)
    proteger_sortie(sortie, ecraser=ecraser, extensions=[".docx"])
    library = bibliotheque.charger()
    ecrire_atomique(sortie, build(library, type_document))
    click.echo(f"Recueil écrit : {sortie} — {len(library.pour_type(type_document))} clauses.")
