"""`continuum questionnaire TYPE`: ask the questions, autosave, resume after an interruption, edit a file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.cli_francais import CONTEXTE, Commande
from generator.ecriture import ecrire_atomique
from generator.erreurs import ContinuumError
from generator.lecture import lire_yaml
from generator.plan import charger_plan
from generator.sorties import proteger_sortie
from generator.accords import nombre

if TYPE_CHECKING:
    from generator.questionnaire.interactif import Interrogateur

CLE_REPRISE = "_reprise"  # in the partial file: the questions already asked


def fichier_partiel(sortie: Path) -> Path:
    """ "reponses.yaml" -> "reponses.partiel.yaml"."""
    return sortie.with_name(f"{sortie.stem}.partiel{sortie.suffix or '.yaml'}")


def _ecrire(reponses: dict, sortie: Path, posees: list[str] | None = None) -> None:
    import yaml

    from generator.questionnaire.interactif import serialisable

    data = serialisable(reponses)
    header = ""
    if posees is not None:
        data = {**data, CLE_REPRISE: {"questions_posees": list(posees)}}
        header = "# Réponses partielles : reprenez avec « continuum questionnaire … --reprendre »\n"
    text = header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    ecrire_atomique(sortie, text.encode("utf-8"))


def _lire_reponses(fichier: Path) -> dict:
    raw = lire_yaml(fichier)
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ContinuumError(f"{fichier} : un fichier de réponses (clés YAML) est attendu")
    return raw


def interrogateur(type_document: str, **options) -> Interrogateur:
    # imported here, not at the top: `continuum --aide` must not load the whole generator
    from generator import bibliotheque, referentiel, selection
    from generator.questionnaire.definition import charger_questionnaire
    from generator.questionnaire.interactif import Interrogateur
    from generator.questionnaire.validation import Validateur

    plan = charger_plan(type_document)
    questionnaire = charger_questionnaire(plan.questionnaire)
    library = bibliotheque.charger()
    validator = Validateur(questionnaire, referentiel.charger(), selection.verifier_mesures(library, type_document))
    return Interrogateur(questionnaire, validator, referentiel.charger(), library, type_document, **options)


@click.command("questionnaire", cls=Commande, context_settings=CONTEXTE)
@click.argument("type_document", metavar="TYPE")
@click.option("-o", "--sortie", type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER",
              help="Fichier de réponses YAML à écrire (défaut avec -r : le fichier modifié).")
@click.option("-r", "--reponses", type=click.Path(dir_okay=False, exists=True, path_type=Path), metavar="FICHIER",
              help="Fichier de réponses existant à modifier (récapitulatif numéroté).")
@click.option("--reprendre", is_flag=True, help="Reprend un questionnaire interrompu (FICHIER.partiel.yaml).")
@click.option("--ecraser", is_flag=True, help="Remplace le fichier de sortie s'il existe déjà.")
def questionnaire(type_document: str, sortie: Path | None, reponses: Path | None, reprendre: bool, ecraser: bool) -> None:
    """Pose les questions pour TYPE et enregistre les réponses.

    Chaque réponse est gardée au fil de l'eau dans FICHIER.partiel.yaml : après une
    interruption (Ctrl-C), --reprendre repart de la question suivante.
    """
    from generator import generation
    from generator.questionnaire.saisie import Interrompu

    charger_plan(type_document)  # an unknown type is refused before anything is asked
    if sortie is None and reponses is None:
        raise click.UsageError("indiquez le fichier de réponses à écrire (-o FICHIER) ou à modifier (-r FICHIER)")
    sortie = sortie or reponses
    partiel = fichier_partiel(sortie)
    answers, asked = {}, []
    if reprendre:
        if not partiel.exists():
            raise ContinuumError(f"{partiel} : aucun questionnaire interrompu à reprendre pour {sortie}")
        answers = _lire_reponses(partiel)
        asked = list((answers.pop(CLE_REPRISE, None) or {}).get("questions_posees") or [])
        click.echo(f"Reprise de {partiel} : {nombre(len(asked), 'question déjà posée', 'questions déjà posées')}.")
    else:
        if partiel.exists():
            raise ContinuumError(f"{partiel} : un questionnaire interrompu attend ; reprenez-le avec --reprendre "
                                 "ou supprimez ce fichier pour recommencer")
        if reponses is not None:
            answers = _lire_reponses(reponses)
        if sortie != reponses:
            proteger_sortie(sortie, [reponses], ecraser, [".yaml", ".yml"])
    editing = reponses is not None and not reprendre
    asker = interrogateur(type_document, reponses=answers, posees=asked,
                          sauvegarde=lambda data, posees: _ecrire(data, partiel, posees))
    if editing:  # every question counts as asked: straight to the numbered recap
        asker.posees = [e.question.chemin for e in asker.etapes]
    try:
        result = asker.interroger()
    except (KeyboardInterrupt, Interrompu):
        kept = f"vos réponses sont gardées dans {partiel}" if partiel.exists() else "aucune réponse n'était encore saisie"
        click.echo(f"\nInterrompu : {kept}.\nReprenez avec : continuum questionnaire {type_document} "
                   f"-o {sortie} --reprendre", err=True)
        sys.exit(130)
    _ecrire(result, sortie)
    partiel.unlink(missing_ok=True)
    click.echo(f"Réponses enregistrées : {sortie}")
    try:
        generation.valider_reponses(charger_plan(type_document), result, str(sortie))
    except ContinuumError as exc:
        click.secho(f"Attention, réponses incomplètes :\n{exc}", fg="yellow", err=True)
