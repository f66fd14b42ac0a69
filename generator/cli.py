"""Command-line interface, in French: `continuum …`.

Only :class:`ContinuumError` is caught: it is printed as « Erreur : … » with
its exit code, never with a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import yaml

from generator import bibliotheque, generation, referentiel, selection
from generator.cli_francais import Groupe, message_usage
from generator.ecriture import ecrire_atomique
from generator.erreurs import ContinuumError
from generator.plan import charger_plan, types_disponibles
from generator.questionnaire.definition import charger_questionnaire
from generator.questionnaire.interactif import Interrogateur, serialisable
from generator.questionnaire.validation import Validateur

CONTEXT = {"help_option_names": ["-h", "--aide"]}


@click.group(cls=Groupe, context_settings=CONTEXT)
@click.version_option(package_name="continuum-securite", message="Continuum %(version)s",
                      help="Affiche la version et quitte.")
def continuum() -> None:
    """Continuum : assemblage des contrats et conventions locales de sécurité."""


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
def exemple(type_document: str, sortie: Path | None) -> None:
    """Affiche un fichier de réponses complet pour TYPE (ex. csi)."""
    plan = charger_plan(type_document)
    text = plan.exemple.read_text(encoding="utf-8")
    if sortie:
        ecrire_atomique(sortie, text.encode("utf-8"))
        click.echo(f"Exemple écrit : {sortie}", err=True)
    else:
        click.echo(text, nl=False)


# -- questionnaire ---------------------------------------------------------
def _interroger(type_document: str) -> dict:
    plan = charger_plan(type_document)
    questionnaire = charger_questionnaire(plan.questionnaire)
    library = bibliotheque.charger()
    validator = Validateur(questionnaire, referentiel.charger(), selection.verifier_mesures(library, type_document))
    return Interrogateur(questionnaire, validator, referentiel.charger(), library, type_document).interroger()


def _sauver_reponses(reponses: dict, sortie: Path) -> None:
    text = yaml.safe_dump(serialisable(reponses), allow_unicode=True, sort_keys=False)
    ecrire_atomique(sortie, text.encode("utf-8"))


@continuum.command("questionnaire")
@click.argument("type_document", metavar="TYPE")
@click.option("-o", "--sortie", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER",
              help="Fichier de réponses YAML à écrire.")
def questionnaire(type_document: str, sortie: Path) -> None:
    """Pose les questions pour TYPE et enregistre les réponses."""
    reponses = _interroger(type_document)
    _sauver_reponses(reponses, sortie)
    click.echo(f"Réponses enregistrées : {sortie}")
    try:
        generation.valider_reponses(charger_plan(type_document), reponses, str(sortie))
    except ContinuumError as exc:
        click.secho(f"Attention, réponses incomplètes :\n{exc}", fg="yellow", err=True)


# -- generer ---------------------------------------------------------------
@continuum.command("generer")
@click.argument("type_document", metavar="TYPE")
@click.option("-r", "--reponses", type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER",
              help="Fichier de réponses YAML ; sans lui, le questionnaire est posé.")
@click.option("-o", "--sortie", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER", help="Document Word à écrire.")
@click.option("--final", "final", is_flag=True, help="Version définitive : sans marques du socle ni commentaires.")
def generer(type_document: str, reponses: Path | None, sortie: Path, final: bool) -> None:
    """Génère le document TYPE à partir des réponses."""
    if reponses is None:
        raw = _interroger(type_document)
        reponses = sortie.with_suffix(".reponses.yaml")
        _sauver_reponses(raw, reponses)
        click.echo(f"Réponses enregistrées : {reponses}")
    result = generation.generer_fichier(type_document, reponses, sortie, brouillon=not final)
    for warning in result.avertissements:
        click.secho(f"Avertissement : {warning}", fg="yellow", err=True)
    articles = sum(1 for b in result.document.blocs() if b.numero is not None)
    socle = sum(1 for c in result.choix.values() if c.statut == selection.SOCLE)
    mode = "version définitive" if final else "projet (mesures du socle marquées)"
    click.echo(f"Document écrit : {sortie} — {articles} articles, {socle} mesures du socle, {mode}.")


# -- clauses ---------------------------------------------------------------
@continuum.group("clauses", context_settings=CONTEXT)
def clauses() -> None:
    """Bibliothèque de clauses."""


@clauses.command("lister")
@click.option("--type", "type_document", help="Seulement les clauses de ce type de document.")
@click.option("--obligatoires", is_flag=True, help="Seulement les clauses du socle (obligatoires ou selon une règle).")
@click.option("--format", "format_", type=click.Choice(["texte", "json"]), default="texte", show_default=True)
def lister(type_document: str | None, obligatoires: bool, format_: str) -> None:
    """Liste les clauses de la bibliothèque."""
    library = bibliotheque.charger()
    if type_document is not None and type_document not in types_disponibles():
        raise ContinuumError(f"type de document inconnu : {type_document!r} ; types disponibles : {', '.join(types_disponibles())}")
    items = sorted(library.pour_type(type_document) if type_document else library.clauses.values(),
                   key=lambda c: (c.types[0], c.partie, c.volet, c.mesure or "~", c.id))
    if obligatoires:
        items = [c for c in items if c.socle_possible]
    if format_ == "json":
        click.echo(json.dumps([c.resume() for c in items], ensure_ascii=False, indent=2))
        return
    for clause in items:
        flag = "socle" if clause.obligatoire else ("socle si " + clause.obligatoire_si if clause.obligatoire_si else clause.nature)
        code = f" [{clause.mesure}]" if clause.mesure else ""
        click.echo(f"{clause.id:<42} {flag:<14} {clause.titre}{code}")
    click.echo(f"{len(items)} clause(s).", err=True)


@clauses.command("verifier")
def verifier() -> None:
    """Vérifie toute la bibliothèque (schéma, variables, Jinja, exemples, couverture de l'annexe)."""
    from generator.verification import verifier as run

    library, problems = run()
    if problems:
        click.echo(f"{len(problems)} problème(s) dans la bibliothèque de clauses :", err=True)
        for problem in problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(4)
    samples = sum(len(c.exemples) for c in library.clauses.values())
    click.echo(f"Bibliothèque valide : {len(library.clauses)} clauses, {samples} exemples rendus à l'identique.")


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
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Processus en parallèle (défaut : nombre de cœurs).")
@click.option("--force", is_flag=True, help="Régénère aussi les lignes inchangées.")
@click.option("--pdf", "with_pdf", is_flag=True, help="Convertit aussi chaque document en PDF (LibreOffice).")
@click.option("--dossier", is_flag=True, help="Réunit tous les PDF en un dossier (implique --pdf).")
@click.option("--final", "final", is_flag=True, help="Versions définitives : sans marques du socle ni commentaires.")
def lot_produire(type_document: str, tableau: Path, sortie: Path, base: Path | None, jobs: int | None,
                 force: bool, with_pdf: bool, dossier: bool, final: bool) -> None:
    """Produit un document TYPE par ligne de TABLEAU dans DOSSIER."""
    from generator.lot import execution, manifeste

    options = execution.Options(type_document, tableau, sortie, base, jobs or execution.travailleurs_par_defaut(),
                                force, with_pdf or dossier, dossier, not final)

    bilan = execution.executer(options, _barre_de_progression)
    for entry in bilan.entrees:
        for error in entry.erreurs:
            click.echo(f"Erreur : {error}", err=True)
        for warning in entry.avertissements:
            click.secho(f"Avertissement : ligne {entry.ligne} : {warning}", fg="yellow", err=True)
    generated, unchanged = bilan.compter(manifeste.GENERE), bilan.compter(manifeste.INCHANGE)
    failed = sum(1 for e in bilan.entrees if e.statut == manifeste.ERREUR or e.erreurs)
    click.echo(f"{generated} document(s) généré(s), {unchanged} inchangé(s), {failed} ligne(s) en erreur "
               f"— manifeste : {sortie / 'manifeste.csv'}")
    if bilan.dossier:
        click.echo(f"Dossier PDF : {bilan.dossier} ({bilan.pages_dossier} pages)")
    if bilan.en_erreur:
        sys.exit(3)


@lot.command("modele")
@click.argument("type_document", metavar="TYPE")
@click.option("-o", "--sortie", type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER",
              help="Tableau à écrire (.xlsx ou .csv) ; défaut : TYPE-lot.xlsx.")
def lot_modele(type_document: str, sortie: Path | None) -> None:
    """Écrit un tableau vide à remplir pour TYPE, colonnes documentées et ligne d'exemple."""
    from generator.lot.modele import ecrire_modele

    for path in ecrire_modele(type_document, sortie or Path(f"{type_document}-lot.xlsx")):
        click.echo(f"Modèle écrit : {path}")


# -- comparer ----------------------------------------------------------------
@continuum.command("comparer")
@click.argument("ancien", type=click.Path(dir_okay=False, path_type=Path), metavar="ANCIEN")
@click.argument("nouveau", type=click.Path(dir_okay=False, path_type=Path), metavar="NOUVEAU")
@click.option("-o", "--sortie", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER",
              help="Document Word à écrire, avec les modifications suivies.")
@click.option("--auteur", envvar="CONTINUUM_AUTEUR", default="Continuum", show_default=True,
              help="Auteur des modifications (ou variable d'environnement CONTINUUM_AUTEUR).")
def comparer_cmd(ancien: Path, nouveau: Path, sortie: Path, auteur: str) -> None:
    """Écrit NOUVEAU avec, en modifications suivies, tout ce qui le sépare d'ANCIEN (réponses YAML ou documents Word)."""
    from generator.redline import comparer

    if (ancien.suffix.lower() == ".docx") != (nouveau.suffix.lower() == ".docx"):
        raise ContinuumError(f"{ancien}, {nouveau} : comparez deux fichiers de réponses (.yaml) ou deux documents Word (.docx)")
    ecrire_atomique(sortie, comparer(ancien, nouveau, auteur))
    click.echo(f"Comparaison écrite : {sortie} (modifications suivies, auteur : {auteur}).")


# -- avenant -----------------------------------------------------------------
@continuum.command("avenant")
@click.argument("ancien", type=click.Path(dir_okay=False, path_type=Path), metavar="ANCIEN")
@click.argument("nouveau", type=click.Path(dir_okay=False, path_type=Path), metavar="NOUVEAU")
@click.option("-o", "--sortie", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER",
              help="Avenant Word à écrire.")
@click.option("--numero", type=click.IntRange(1, 99), default=1, show_default=True, help="Numéro de l'avenant.")
@click.option("--effet", type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]), default=None,
              help="Date d'effet (défaut : date de signature de la nouvelle version).")
def avenant_cmd(ancien: Path, nouveau: Path, sortie: Path, numero: int, effet) -> None:
    """Rédige l'avenant qui fait passer du contrat ANCIEN (réponses) au contrat NOUVEAU."""
    from generator.avenant import avenant as draft

    document, content = draft(ancien, nouveau, numero, effet.date() if effet else None)
    ecrire_atomique(sortie, content)
    changes = sum(1 for b in document.blocs() if b.cle.startswith("avenant_article_"))
    click.echo(f"Avenant écrit : {sortie} — {changes} modification(s) du contrat.")


# -- relire ------------------------------------------------------------------
@continuum.command("relire")
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path), metavar="DOCUMENT")
@click.option("--format", "format_", type=click.Choice(["texte", "json"]), default="texte", show_default=True)
@click.option("--strict", is_flag=True, help="Code de sortie 7 si une clause du socle est modifiée.")
def relire(document: Path, format_: str, strict: bool) -> None:
    """Rapporte les modifications suivies et les commentaires d'un document relu, clause par clause."""
    from generator.relecture import relire as read

    report = read(document, bibliotheque.charger())
    if format_ == "json":
        click.echo(json.dumps(report.en_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(f"Document : {report.fichier} — type {report.type_document or 'inconnu'}, "
                   f"{report.identifiant or 'sans identifiant'}, {report.statut or 'statut inconnu'}")
        for clause_id, changes in report.par_clause().items():
            click.echo(f"\n{clause_id or 'Hors de toute clause'} : {len(changes)} modification(s)")
            for change in changes:
                click.echo(f"  - {change.nature} par {change.auteur or 'auteur inconnu'} le {change.date or '?'} : "
                           f"« {change.texte} »")
        for comment in report.commentaires:
            click.echo(f"\nCommentaire de {comment.auteur or 'auteur inconnu'} ({comment.clause or 'hors clause'}) "
                       f"sur « {comment.ancrage} » : {comment.texte}")
        for alert in report.alertes:
            click.secho(f"\nAlerte : la clause du socle {alert.clause} (« {alert.titre} », {alert.source}) "
                        f"est modifiée ({alert.modifications} modification(s)).", fg="red")
        if not report.modifications and not report.commentaires:
            click.echo("Aucune modification suivie ni commentaire.")
    if strict and report.alertes:
        sys.exit(7)


# -- communes --------------------------------------------------------------
@continuum.command("communes")
@click.argument("texte")
def communes(texte: str) -> None:
    """Cherche une commune par nom ou code INSEE (COG 2026)."""
    ref = referentiel.charger()
    found = ref.chercher_communes(texte) or [ref.resoudre_commune(texte)]
    for commune in found:
        population = f"{commune.population} hab." if commune.population is not None else "population inconnue"
        click.echo(f"{commune.code}  {commune.nom} ({commune.departement.nom}) — {population}")


def main() -> None:
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
