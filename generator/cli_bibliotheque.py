"""`continuum bibliotheque …`: set up a local library of clause variants."""

from __future__ import annotations

from pathlib import Path

import click

from generator import bibliotheque, bibliotheque_locale
from generator.cli_francais import CONTEXTE, Groupe
from generator.erreurs import ContinuumError


@click.group("bibliotheque", cls=Groupe, context_settings=CONTEXTE)
def groupe_bibliotheque() -> None:
    """Bibliothèque locale : vos variantes de clauses, modèles et questionnaires."""


@groupe_bibliotheque.command("init")
@click.argument("dossier", type=click.Path(file_okay=False, path_type=Path), metavar="DOSSIER")
def init(dossier: Path) -> None:
    """Crée DOSSIER (clauses/, modeles/, data/questionnaires/) avec un README qui explique les variantes."""
    created = bibliotheque_locale.initialiser(dossier)
    for path in created:
        click.echo(f"Créé : {path}")
    if not created:
        click.echo(f"{dossier} est déjà une bibliothèque locale : rien n'a été modifié.")
    click.echo(f"Utilisez-la avec : continuum --bibliotheque {dossier} … (ou CONTINUUM_BIBLIOTHEQUE={dossier})")


@groupe_bibliotheque.command("variante")
@click.argument("clause_id", metavar="ID")
@click.argument("dossier", type=click.Path(file_okay=False, path_type=Path), metavar="DOSSIER")
def variante(clause_id: str, dossier: Path) -> None:
    """Copie la clause livrée ID dans DOSSIER pour en écrire une variante locale."""
    library, _ = bibliotheque.lire_bibliotheque(locale=False)
    clause = library.get(clause_id)
    if clause is None:
        raise ContinuumError(f"aucune clause livrée n'a l'identifiant {clause_id!r} (voir continuum clauses lister)")
    if not (dossier / "clauses").is_dir():
        bibliotheque_locale.initialiser(dossier)
    target = bibliotheque_locale.copier_variante(clause, dossier)
    click.echo(f"Variante créée : {target} (copie de la version {clause.version} livrée).")
    click.echo("Modifiez son texte, puis : continuum --bibliotheque "
               f"{dossier} clauses accepter {clause_id} && continuum --bibliotheque {dossier} clauses verifier")
