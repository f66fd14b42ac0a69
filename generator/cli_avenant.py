"""`continuum avenant`: draft the avenant between versions of a contract's answers."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli_registre import verifier_service
from generator.ecriture import ecrire_atomique
from generator.sorties import proteger_sortie


def _modifications(count: int) -> str:
    return "une modification" if count == 1 else f"{count} modifications"


@click.command("avenant")
@click.argument("versions", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path),
                metavar="CONTRAT [AVENANTS…] NOUVEAU")
@click.option("-o", "--sortie", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER",
              help="Avenant Word à écrire (.docx).")
@click.option("-a", "--reponses-avenant", type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER",
              help="Réponses propres à l'avenant : numéro, lieu et date de signature, date d'effet, "
                   "délibérations, avenants précédents.")
@click.option("--numero", type=click.IntRange(1, 99), default=None,
              help="Numéro de l'avenant (défaut : nombre de versions après le contrat signé).")
@click.option("--effet", type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]), default=None, metavar="JJ/MM/AAAA",
              help="Date d'effet (défaut : celle des réponses de l'avenant, sinon la signature).")
@click.option("--ecraser", is_flag=True, help="Remplace le fichier de sortie s'il existe déjà.")
@click.option("--sans-registre", "sans_registre", is_flag=True, help="N'enregistre pas l'avenant au registre des accords.")
def avenant_cmd(versions: tuple[Path, ...], sortie: Path, reponses_avenant: Path | None, numero: int | None,
                effet, ecraser: bool, sans_registre: bool = False) -> None:
    """Rédige l'avenant qui fait passer du contrat signé à sa nouvelle version.

    Les versions sont des fichiers de réponses, dans l'ordre : le contrat tel
    qu'il a été signé, puis, s'il y en a, le contrat tel que l'a laissé chaque
    avenant précédent, enfin la nouvelle version. Les articles gardent les
    numéros du contrat signé ; seuls ceux dont le contenu change sont modifiés.
    """
    from generator import reponses_avenant as answers
    from generator.avenant import avenant as draft

    if len(versions) < 2:
        raise click.UsageError("indiquez au moins deux versions : le contrat signé et la nouvelle version")
    proteger_sortie(sortie, [*versions, reponses_avenant], ecraser, extensions=[".docx"])
    verifier_service(sans_registre)  # an unknown --service is refused before anything is written
    document, content = draft(*versions, reponses=answers.lire(reponses_avenant), numero=numero,
                              effet=effet.date() if effet else None)
    ecrire_atomique(sortie, content)
    changes = sum(1 for b in document.blocs() if b.cle.startswith("avenant_article_"))
    click.echo(f"Avenant écrit : {sortie} — {_modifications(changes)} du contrat.")
    if not sans_registre:
        from generator.registre.enregistrement import apres_avenant

        apres_avenant(versions[0], versions[-1], document, content, sortie)
