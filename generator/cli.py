"""Command-line interface, in French: `continuum …`.

Only :class:`ContinuumError` is caught: it is printed as « Erreur : … » with
its exit code, never with a traceback.
"""

from __future__ import annotations

import atexit
import gc
import json
import sys
import tempfile
from pathlib import Path

import click

from generator import chemins
from generator.cli_francais import CONTEXTE, Groupe, installer, message_usage
from generator.cli_registre import SANS_REGISTRE, definir_registre, definir_service, registre, verifier_service
from generator.ecriture import ecrire_atomique
from generator.fin_de_processus import terminer
from generator.erreurs import ContinuumError
from generator.sorties import proteger_sortie
from generator.plan import charger_plan, types_disponibles
from generator.accords import nombre

CONTEXT = CONTEXTE
installer()  # click's own messages in French


@click.group(cls=Groupe, context_settings=CONTEXT)
@click.version_option(package_name="continuum-securite", message="Continuum %(version)s",
                      help="Affiche la version et quitte.")
@click.option("--bibliotheque", type=click.Path(file_okay=False, path_type=Path), metavar="DOSSIER",
              help="Bibliothèque locale (variantes de clauses, modèles, questionnaires) ; "
                   "ou variable CONTINUUM_BIBLIOTHEQUE.")
@click.option("--registre", metavar="ADRESSE", help="Registre des accords : sqlite:///chemin ou postgresql://… "
                                                    "(ou variable CONTINUUM_REGISTRE).")
@click.option("--service", metavar="NATURE:CODE",
              help="Service propriétaire des accords que la commande enregistre, qui les voit dans son espace "
                   "de travail\u00a0: prefecture:76, commune:76351 ou epci:200023414 (ou variable CONTINUUM_SERVICE). "
                   "Sans service, un accord n'est visible que depuis la ligne de commande.")
def continuum(bibliotheque: Path | None, registre: str | None = None, service: str | None = None) -> None:
    """Continuum : assemblage des contrats et conventions locales de sécurité."""
    if bibliotheque is not None:
        chemins.definir_bibliotheque_locale(bibliotheque)
    if registre is not None:
        definir_registre(registre)
    if service is not None:
        definir_service(service)


# -- modeles ---------------------------------------------------------------
@continuum.command("modeles")
def modeles() -> None:
    """Liste les types de documents disponibles."""
    for type_document in types_disponibles():
        plan = charger_plan(type_document)
        click.echo(f"{type_document:<12} {plan.intitule}")


# -- exemple ---------------------------------------------------------------
@continuum.command("exemple")
@click.argument("type_document", metavar="TYPE")
@click.option("-o", "--sortie", type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER", help="Fichier où écrire l'exemple.")
@click.option("--ecraser", is_flag=True, help="Remplace le fichier de sortie s'il existe déjà.")
def exemple(type_document: str, sortie: Path | None, ecraser: bool = False) -> None:
    """Affiche un fichier de réponses complet pour TYPE (ex. csi)."""
    plan = charger_plan(type_document)
    if sortie:
        proteger_sortie(sortie, [plan.exemple], ecraser, (".yaml", ".yml"))
    text = plan.exemple.read_text(encoding="utf-8")
    if sortie:
        ecrire_atomique(sortie, text.encode("utf-8"))
        click.echo(f"Exemple écrit : {sortie}", err=True)
    else:
        click.echo(text, nl=False)


# -- questionnaire ---------------------------------------------------------
def _interroger(type_document: str) -> dict:
    from generator import bibliotheque, referentiel, selection  # imported by the commands that need them:
    from generator.questionnaire.definition import charger_questionnaire  # `continuum --aide` stays fast
    from generator.questionnaire.interactif import Interrogateur
    from generator.questionnaire.validation import Validateur

    plan = charger_plan(type_document)
    questionnaire = charger_questionnaire(plan.questionnaire)
    library = bibliotheque.charger()
    validator = Validateur(questionnaire, referentiel.charger(), selection.verifier_mesures(library, type_document))
    return Interrogateur(questionnaire, validator, referentiel.charger(), library, type_document).interroger()


def _sauver_reponses(reponses: dict, sortie: Path) -> None:
    import yaml

    from generator.questionnaire.interactif import serialisable

    text = yaml.safe_dump(serialisable(reponses), allow_unicode=True, sort_keys=False)
    ecrire_atomique(sortie, text.encode("utf-8"))


from generator.cli_questionnaire import questionnaire  # noqa: E402

continuum.add_command(questionnaire)


# -- generer ---------------------------------------------------------------
@continuum.command("generer")
@click.argument("type_document", metavar="TYPE")
@click.option("-r", "--reponses", type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER",
              help="Fichier de réponses YAML ; sans lui, le questionnaire est posé.")
@click.option("-o", "--sortie", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER",
              help="Document à écrire : .docx (Word), .pdf ou .odt (converti par LibreOffice).")
@click.option("--final", "final", is_flag=True, help="Version définitive : sans marques du socle ni commentaires.")
@click.option("--pdf", "pdf", is_flag=True, help="Écrit aussi le PDF (même nom, .pdf).")
@click.option("--pdfa", "pdfa", is_flag=True, help="PDF/A-2b, pour l'archivage d'un acte signé (au lieu du PDF simple).")
@click.option("--odt", "odt", is_flag=True, help="Écrit aussi le document OpenDocument (.odt, format du RGI).")
@click.option("--ecraser", is_flag=True, help="Remplace le document de sortie s'il existe déjà.")
@SANS_REGISTRE
def generer(type_document: str, reponses: Path | None, sortie: Path, final: bool, pdf: bool = False, pdfa: bool = False,
            odt: bool = False, ecraser: bool = False, sans_registre: bool = False) -> None:
    """Génère le document TYPE à partir des réponses."""
    from generator import generation, selection, sortie_formats

    charger_plan(type_document)  # an unknown type is refused before anything is asked or written
    proteger_sortie(sortie, [reponses], ecraser)
    verifier_service(sans_registre)  # an unknown --service is refused before anything is written
    targets = sortie_formats.sorties(sortie, pdf, pdfa, odt)
    for format_, path in targets:
        proteger_sortie(path, [reponses], ecraser, [sortie_formats.EXTENSIONS[format_]])
    if reponses is None:
        reponses = sortie.with_suffix(".reponses.yaml")
        proteger_sortie(reponses, [], ecraser, (".yaml",))
        raw = _interroger(type_document)
        _sauver_reponses(raw, reponses)
        click.echo(f"Réponses enregistrées : {reponses}")
    with tempfile.TemporaryDirectory(prefix="continuum-") as work:
        word = sortie if targets[0][0] == sortie_formats.DOCX else Path(work) / f"{sortie.stem}.docx"
        result = generation.generer_fichier(type_document, reponses, word, brouillon=not final)
        sortie_formats.convertir(word, [t for t in targets if t[0] != sortie_formats.DOCX])
    for warning in result.avertissements:
        click.secho(f"Avertissement : {warning}", fg="yellow", err=True)
    articles = sum(1 for b in result.document.blocs() if b.numero is not None)
    socle = sum(1 for c in result.choix.values() if c.statut == selection.SOCLE)
    mode = "version définitive" if final else "projet (mesures du socle marquées)"
    click.echo(f"Document écrit : {sortie} — {articles} articles, {socle} mesures du socle, {mode}.")
    for format_, path in targets[1:]:
        click.echo(f"{sortie_formats.libelle(format_)} écrit : {path}")
    if not sans_registre:
        from generator.registre.enregistrement import apres_generer

        apres_generer(type_document, reponses, result, sortie)


# -- clauses, bibliotheque (generator/cli_clauses.py, generator/cli_bibliotheque.py) ----------
from generator.cli_bibliotheque import groupe_bibliotheque  # noqa: E402
from generator.cli_clauses import clauses  # noqa: E402

continuum.add_command(clauses)
continuum.add_command(groupe_bibliotheque)


# -- lot -------------------------------------------------------------------
class _GroupeLot(Groupe):
    """`continuum lot TYPE TABLEAU …` runs a batch; `continuum lot modele TYPE` writes a template."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["produire", *args]
        return super().parse_args(ctx, args)


@continuum.group("lot", cls=_GroupeLot, context_settings=CONTEXT)
def lot() -> None:
    """Production en lot : un document par ligne d'un tableau (.csv ou .xlsx)."""


class _Barre:
    """A progress bar on a terminal (stderr), advanced by the batch as rows are produced."""

    def __init__(self, total: int):
        self.barre = click.progressbar(length=total, label="Génération", file=sys.stderr)
        self.barre.__enter__()
        self.total, self.fait = total, 0

    def __call__(self, n: int) -> None:
        self.barre.update(n)
        self.fait += n
        if self.fait >= self.total:
            self.barre.__exit__(None, None, None)


def _barre_de_progression(total: int):
    return _Barre(total) if total and sys.stderr.isatty() else None


@lot.command("produire")
@click.argument("type_document", metavar="TYPE")
@click.argument("tableau", type=click.Path(dir_okay=False, path_type=Path), metavar="TABLEAU")
@click.option("-o", "--sortie", required=True, type=click.Path(file_okay=False, path_type=Path), metavar="DOSSIER",
              help="Dossier des documents produits et du manifeste.")
@click.option("-b", "--base", type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER",
              help="Réponses communes à toutes les lignes (YAML) ; une cellule remplie les remplace.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Processus en parallèle (défaut : nombre de cœurs, un seul pour un petit tableau).")
@click.option("--force", is_flag=True, help="Régénère aussi les lignes inchangées.")
@click.option("--pdf", "with_pdf", is_flag=True, help="Convertit aussi chaque document en PDF (LibreOffice).")
@click.option("--dossier", is_flag=True, help="Réunit tous les PDF en un dossier (implique --pdf).")
@click.option("--final", "final", is_flag=True, help="Versions définitives : sans marques du socle ni commentaires.")
@click.option("--feuille", metavar="NOM", help="Feuille du classeur Excel à lire (défaut : la feuille active).")
@click.option("--ecraser", is_flag=True, help="Remplace aussi les documents existants que le lot n'a pas écrits.")
@SANS_REGISTRE
def lot_produire(type_document: str, tableau: Path, sortie: Path, base: Path | None, jobs: int | None,
                 force: bool, with_pdf: bool, dossier: bool, final: bool, feuille: str | None = None,
                 ecraser: bool = False, sans_registre: bool = False) -> None:
    """Produit un document TYPE par ligne de TABLEAU dans DOSSIER."""
    from generator.lot import execution, resume

    options = execution.Options(type_document, tableau, sortie, base, jobs,  # None: chosen by the size of the table
                                force, with_pdf or dossier, dossier, not final, feuille, ecraser)
    if not sans_registre:
        from generator.registre.enregistrement import activer_lot

        activer_lot()  # an unknown --service stops here, before any document is written

    bilan = execution.executer(options, _barre_de_progression)
    for message in resume.messages(bilan, sortie):
        if message.nature == "info":
            click.echo(message.texte)
        else:
            click.secho(message.texte, fg="yellow" if message.nature == "avertissement" else None, err=True)
    if bilan.en_erreur:
        sys.exit(3)


@lot.command("modele")
@click.argument("type_document", metavar="TYPE")
@click.option("-o", "--sortie", type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER",
              help="Tableau à écrire (.xlsx ou .csv) ; défaut : TYPE-lot.xlsx.")
@click.option("--ecraser", is_flag=True, help="Remplace le tableau s'il existe déjà.")
def lot_modele(type_document: str, sortie: Path | None, ecraser: bool = False) -> None:
    """Écrit un tableau vide à remplir pour TYPE, colonnes documentées et ligne d'exemple."""
    from generator.lot.modele import ecrire_modele, fichiers_ecrits

    charger_plan(type_document)
    sortie = sortie or Path(f"{type_document}-lot.xlsx")
    for path in fichiers_ecrits(sortie):
        proteger_sortie(path, [], ecraser, (".xlsx", ".csv"))
    for path in ecrire_modele(type_document, sortie):
        click.echo(f"Modèle écrit : {path}")


# -- comparer ----------------------------------------------------------------
@continuum.command("comparer")
@click.argument("ancien", type=click.Path(dir_okay=False, path_type=Path), metavar="ANCIEN")
@click.argument("nouveau", type=click.Path(dir_okay=False, path_type=Path), metavar="NOUVEAU")
@click.option("-o", "--sortie", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER",
              help="Document Word à écrire, avec les modifications suivies.")
@click.option("--auteur", envvar="CONTINUUM_AUTEUR", default="Continuum", show_default=True,
              help="Auteur des modifications (ou variable d'environnement CONTINUUM_AUTEUR).")
@click.option("--ecraser", is_flag=True, help="Remplace le fichier de sortie s'il existe déjà.")
@SANS_REGISTRE
def comparer_cmd(ancien: Path, nouveau: Path, sortie: Path, auteur: str, ecraser: bool = False,
                 sans_registre: bool = False) -> None:
    """Écrit NOUVEAU avec, en modifications suivies, tout ce qui le sépare d'ANCIEN (réponses YAML ou documents Word)."""
    from generator.redline import comparer, valider_auteur

    if (ancien.suffix.lower() == ".docx") != (nouveau.suffix.lower() == ".docx"):
        raise ContinuumError(f"{ancien}, {nouveau} : comparez deux fichiers de réponses (.yaml) ou deux documents Word (.docx)")
    valider_auteur(auteur)
    proteger_sortie(sortie, [ancien, nouveau], ecraser, (".docx",))
    verifier_service(sans_registre)  # an unknown --service is refused before anything is written
    content = comparer(ancien, nouveau, auteur)
    ecrire_atomique(sortie, content)
    click.echo(f"Comparaison écrite : {sortie} (modifications suivies, auteur : {auteur}).")
    if not sans_registre:
        from generator.registre.enregistrement import apres_comparer

        apres_comparer(ancien, nouveau, content, sortie)


# -- avenant -----------------------------------------------------------------
from generator.cli_avenant import avenant_cmd  # noqa: E402

continuum.add_command(avenant_cmd)
continuum.add_command(registre)
from generator.cli_web import serveur, travailleur  # noqa: E402  (espace web)

continuum.add_command(serveur)
continuum.add_command(travailleur)


# -- relire ------------------------------------------------------------------
@continuum.command("relire")
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path), metavar="DOCUMENT")
@click.option("--format", "format_", type=click.Choice(["texte", "json"]), default="texte", show_default=True)
@click.option("--strict", is_flag=True, help="Code de sortie 7 si une clause du socle est modifiée.")
@SANS_REGISTRE
def relire(document: Path, format_: str, strict: bool, sans_registre: bool = False) -> None:
    """Rapporte les modifications suivies et les commentaires d'un document relu, clause par clause."""
    from generator import bibliotheque
    from generator.relecture import relire as read

    report = read(document, bibliotheque.charger())
    if not sans_registre:
        from generator.registre.enregistrement import apres_relire

        apres_relire(report, document)
    if format_ == "json":
        click.echo(json.dumps(report.en_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(f"Document : {report.fichier} — type {report.type_document or 'inconnu'}, "
                   f"{report.identifiant or 'sans identifiant'}, {report.statut or 'statut inconnu'}")
        for clause_id, changes in report.par_clause().items():
            click.echo(f"\n{clause_id or 'Hors de toute clause'} : {nombre(len(changes), 'modification')}")
            for change in changes:
                click.echo(f"  - {change.nature} par {change.auteur or 'auteur inconnu'} le {change.date or '?'} : "
                           f"« {change.texte} »")
        for comment in report.commentaires:
            click.echo(f"\nCommentaire de {comment.auteur or 'auteur inconnu'} ({comment.clause or 'hors clause'}) "
                       f"sur « {comment.ancrage} » : {comment.texte}")
        for alert in report.alertes:
            detail = (f"est modifiée ({nombre(alert.modifications, 'modification')})" if alert.motif == "modifications suivies"
                      else alert.motif)
            click.secho(f"\nAlerte : la clause du socle {alert.clause} (« {alert.titre} », {alert.source}) "
                        f"{detail}.", fg="red")
        for anomaly in report.anomalies:
            click.secho(f"\nAlerte : {anomaly}.", fg="red")
        if not report.modifications and not report.commentaires and not report.anomalies:
            click.echo("Aucune modification suivie ni commentaire.")
    if strict and report.refuse:
        sys.exit(7)


# -- communes --------------------------------------------------------------
@continuum.command("communes")
@click.argument("texte")
def communes(texte: str) -> None:
    """Cherche une commune par code INSEE ou par nom, même partiel (« Havre ») ; affiche son EPCI (COG 2026)."""
    from generator.cli_communes import afficher_communes

    afficher_communes(texte)


def _sans_collecte_finale() -> None:
    """What the command loaded is frozen when it ends: Python's last collection, before the process exits,
    walks none of it (about 0.1 s after a batch, for nothing: the system takes the memory back whole).
    Files, temporary folders and connections are closed by the command itself and the other exit
    functions, which run as before."""
    gc.freeze()


def lancer() -> None:
    """The `continuum` program (console script, ``python -m generator``): :func:`main`, then the process
    ends through fin_de_processus, without tearing the interpreter down."""
    try:
        main()
    except SystemExit as exc:
        terminer(exc.code)
    terminer(0)


def main() -> None:
    """The `continuum` command: returns, or raises SystemExit with the exit status (usable in-process)."""
    atexit.register(_sans_collecte_finale)
    try:
        continuum.main(standalone_mode=False, prog_name="continuum")
    except ContinuumError as exc:
        click.echo(f"Erreur : {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("\nInterrompu : rien n'a été écrit.", err=True)
        sys.exit(130)
    except click.UsageError as exc:
        click.echo(f"Erreur : {message_usage(exc)}", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"Erreur : {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
