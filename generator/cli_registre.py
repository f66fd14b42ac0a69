"""`continuum registre …`: the registry of agreements, in French.

Django is imported only when one of these commands runs; the business logic
lives in ``generator.registre.services``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import click

from generator.cli_francais import Groupe
from generator.erreurs import RegistreErreur
from generator.sorties import proteger_sortie
from generator.accords import nombre

CONTEXT = {"help_option_names": ["-h", "--aide"]}
FORMATS_DATE = ["%d/%m/%Y", "%Y-%m-%d"]


def _ouvrir():
    from generator.registre.configuration import configurer

    configurer()


def _date(value) -> dt.date | None:
    return value.date() if value else None


def _statut(text: str) -> str:
    """« signé », « en concertation », « en_concertation » → the status code."""
    plain = unicodedata.normalize("NFKD", text.strip().lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[\s-]+", "_", plain)


def _sortie(sortie: Path, ecraser: bool, extensions: tuple[str, ...]) -> None:
    proteger_sortie(sortie, (), ecraser, extensions)


@click.group("registre", cls=Groupe, context_settings=CONTEXT)
def registre() -> None:
    """Registre des accords : versions, statuts, échéances, recensement."""


@registre.command("migrer")
def migrer() -> None:
    """Crée ou met à jour les tables du registre."""
    from generator.registre import configuration

    configuration.configurer(migrer_auto=False)
    applied = configuration.migrer()
    click.echo(f"Registre : {configuration.description()} — "
               + (f"{nombre(len(applied), 'migration appliquée')}." if applied else "déjà à jour."))


@registre.command("lister")
@click.option("--type", "type_document", help="Type de document (csi, clcs, cls…).")
@click.option("--statut", help="Statut (projet, « en concertation », relu, signé, publié, « en vigueur »…).")
@click.option("--commune", help="Code INSEE ou nom de commune.")
@click.option("--departement", help="Code du département (ex. 76).")
@click.option("--format", "format_", type=click.Choice(["texte", "json", "csv"]), default="texte", show_default=True)
def lister(type_document, statut, commune, departement, format_) -> None:
    """Liste les accords enregistrés."""
    _ouvrir()
    from generator import referentiel
    from generator.registre import classeurs, presentation
    from generator.registre.services.accords import actifs

    query = actifs().prefetch_related("communes", "epcis").select_related("remplace", "accord_initial")
    if type_document:
        query = query.filter(type_document=type_document.strip().lower())
    if statut:
        query = query.filter(statut=_statut(statut))
    if commune:
        query = query.filter(communes__code_insee=referentiel.charger().resoudre_commune(commune).code)
    if departement:
        query = query.filter(departement=referentiel.charger().resoudre_departement(departement).code)
    rows = [presentation.ligne(a) for a in query.distinct().order_by("reference")]
    if format_ == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif format_ == "csv":
        click.echo(classeurs.csv_texte(rows), nl=False)
    else:
        for row in rows:
            click.echo(f"{row['reference']:<28} {row['statut']:<16} {row['date_echeance'] or '—':<11} {row['intitule']}")
        click.echo(f"{nombre(len(rows), 'accord')}.")


@registre.command("voir")
@click.argument("identifiant", metavar="ID")
@click.option("--format", "format_", type=click.Choice(["texte", "json"]), default="texte", show_default=True)
def voir(identifiant: str, format_: str) -> None:
    """Montre un accord : versions, historique des statuts, relectures, avenants."""
    _ouvrir()
    from generator.registre import presentation, services

    accord = services.trouver(identifiant)
    if format_ == "json":
        click.echo(json.dumps(presentation.vue_json(accord), ensure_ascii=False, indent=2))
    else:
        click.echo(presentation.vue(accord))


@registre.command("statut")
@click.argument("identifiant", metavar="ID")
@click.argument("statut", metavar="STATUT")
@click.option("--date", "date_", type=click.DateTime(FORMATS_DATE), help="Date d'effet, JJ/MM/AAAA (défaut : aujourd'hui).")
@click.option("--motif", default="", help="Motif (obligatoire pour revenir en arrière).")
@click.option("--raa", default="", help="Référence au recueil des actes administratifs (publication).")
def statut_cmd(identifiant: str, statut: str, date_, motif: str, raa: str) -> None:
    """Change le statut d'un accord (projet → en concertation → relu → signé → publié → en vigueur → échu…)."""
    _ouvrir()
    from generator.registre import services

    accord = services.trouver(identifiant)
    change = services.changer_statut(accord, _statut(statut), date=_date(date_), motif=motif, raa=raa)
    accord.refresh_from_db()
    click.echo(f"{accord.reference} : {change.get_ancien_display()} → {accord.libelle_statut} "
               f"(le {change.date_effet:%d/%m/%Y}).")


@registre.command("modifier")
@click.argument("identifiant", metavar="ID")
@click.option("--numero-acte", help="Numéro de l'arrêté ou de l'acte.")
@click.option("--diagnostic", type=click.DateTime(FORMATS_DATE), help="Date du diagnostic.")
@click.option("--avis-procureur", type=click.DateTime(FORMATS_DATE), help="Date de l'avis du procureur.")
@click.option("--signature", type=click.DateTime(FORMATS_DATE), help="Date de signature.")
@click.option("--entree-vigueur", type=click.DateTime(FORMATS_DATE), help="Date d'entrée en vigueur.")
@click.option("--echeance", type=click.DateTime(FORMATS_DATE), help="Date d'échéance.")
@click.option("--preavis", type=click.IntRange(0, 60), help="Préavis de dénonciation, en mois.")
def modifier(identifiant, numero_acte, diagnostic, avis_procureur, signature, entree_vigueur, echeance, preavis) -> None:
    """Renseigne les dates et numéros que les réponses ne contiennent pas."""
    _ouvrir()
    from generator.registre import services

    values = {"numero_acte": numero_acte, "date_diagnostic": _date(diagnostic),
              "date_avis_procureur": _date(avis_procureur), "date_signature": _date(signature),
              "date_entree_vigueur": _date(entree_vigueur), "date_echeance": _date(echeance), "preavis_mois": preavis}
    values = {k: v for k, v in values.items() if v is not None}
    if not values:
        raise RegistreErreur("registre modifier : indiquez au moins une valeur (voir --aide)")
    accord = services.modifier(services.trouver(identifiant), **values)
    click.echo(f"{accord.reference} : {nombre(len(values), 'champ mis à jour', 'champs mis à jour')}.")


@registre.command("echeances")
@click.option("--jours", type=click.IntRange(1, 3650), default=180, show_default=True, help="Fenêtre, en jours.")
@click.option("--date", "date_", type=click.DateTime(FORMATS_DATE), help="Date de référence (défaut : aujourd'hui).")
def echeances(jours: int, date_) -> None:
    """Échéances à venir (alertes J-180, J-90, J-30) et points à régulariser."""
    _ouvrir()
    from generator.registre import presentation, services

    click.echo(presentation.texte_echeances(services.echeances(jours, _date(date_))))


@registre.command("recensement")
@click.option("--annee", type=click.IntRange(2000, 2100), help="Année recensée (défaut : celle de --au).")
@click.option("--au", "au", type=click.DateTime(FORMATS_DATE), metavar="JJ/MM/AAAA",
              help="Statuts à cette date, d'après l'historique des changements de statut (défaut : statuts actuels).")
@click.option("--departement", help="Code du département (défaut : tous ceux du registre).")
@click.option("-o", "--sortie", type=click.Path(dir_okay=False, path_type=Path), required=True, metavar="FICHIER",
              help="Classeur à écrire (.xlsx).")
@click.option("--ecraser", is_flag=True, help="Remplace le fichier s'il existe.")
def recensement(annee: int | None, au, departement: str | None, sortie: Path, ecraser: bool) -> None:
    """Recensement annuel : nombres par type et statut, signatures, échéances, couverture.

    Avec --au JJ/MM/AAAA, chaque accord compte avec le statut qu'il avait ce jour-là
    (historique des statuts et leurs dates d'effet) ; les accords enregistrés après
    cette date et les signatures postérieures ne comptent pas.
    """
    au = _date(au)
    if annee is None and au is None:
        raise click.UsageError("indiquez l'année recensée (--annee AAAA) ou la date des statuts (--au JJ/MM/AAAA)")
    annee = annee or au.year
    _sortie(sortie, ecraser, (".xlsx",))
    _ouvrir()
    from generator.registre import classeurs, services

    results = services.recensement(annee, departement, au)
    if au is not None:
        click.echo(f"Statuts au {au.strftime('%d/%m/%Y')}, d'après l'historique des changements de statut.")
    classeurs.ecrire_recensement(results, annee, sortie)
    for r in results:
        covered = ", ".join(f"{k} {c.part:.1%}".replace(".", ",") for k, c in r.couverture.items()) or "aucune"
        click.echo(f"{r.departement} {r.nom} : {nombre(len(r.signes), 'signé')} en {annee}, {nombre(len(r.echeant), 'échéance')} "
                   f"en {annee + 1} ; population couverte : {covered}")
    click.echo(f"Recensement écrit : {sortie}")


@registre.command("exporter")
@click.option("-o", "--sortie", type=click.Path(dir_okay=False, path_type=Path), required=True, metavar="FICHIER",
              help="Fichier à écrire (.xlsx ou .csv).")
@click.option("--ecraser", is_flag=True, help="Remplace le fichier s'il existe.")
def exporter(sortie: Path, ecraser: bool) -> None:
    """Exporte tout le registre (un accord par ligne)."""
    _sortie(sortie, ecraser, (".xlsx", ".csv"))
    _ouvrir()
    from generator.registre import classeurs
    from generator.registre.services.accords import actifs

    count = classeurs.exporter(list(actifs().prefetch_related("communes", "epcis").select_related(
        "remplace", "accord_initial").order_by("reference")), sortie)
    click.echo(f"{nombre(count, 'accord exporté')} : {sortie}")


@registre.command("sauvegarder")
@click.option("-o", "--sortie", type=click.Path(dir_okay=False, path_type=Path), required=True, metavar="FICHIER",
              help="Archive à écrire (.zip ou .tar.gz).")
@click.option("--ecraser", is_flag=True, help="Remplace le fichier s'il existe.")
def sauvegarder(sortie: Path, ecraser: bool) -> None:
    """Sauvegarde la base (copie cohérente SQLite) et les fichiers stockés."""
    from generator.registre.sauvegarde import EXTENSIONS, sauvegarder as save

    if not sortie.name.lower().endswith(EXTENSIONS):
        raise RegistreErreur(f"{sortie} : extension inattendue ; attendu .zip ou .tar.gz")
    proteger_sortie(sortie, (), ecraser)
    _ouvrir()
    count, note = save(sortie)
    click.echo(f"Sauvegarde écrite : {sortie} ({nombre(count, 'fichier stocké')}).")
    if note:
        click.secho(note, fg="yellow")


@registre.command("supprimer")
@click.argument("identifiant", metavar="ID")
@click.option("--confirmer", is_flag=True, help="Confirme la suppression (obligatoire).")
@click.option("--motif", default="", help="Motif, gardé dans le journal.")
def supprimer(identifiant: str, confirmer: bool, motif: str) -> None:
    """Retire un accord du registre (le journal le garde, ses fichiers restent stockés)."""
    _ouvrir()
    from generator.registre import services

    accord = services.trouver(identifiant)
    if not confirmer:
        raise RegistreErreur(f"{accord.reference} n'est pas supprimé : ajoutez --confirmer pour le retirer du registre")
    services.supprimer(accord, motif=motif)
    click.echo(f"{accord.reference} retiré du registre (suppression gardée dans le journal).")


@registre.command("joindre")
@click.argument("fichier", type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER")
@click.option("--accord", "identifiant", metavar="ID", help="Accord auquel joindre le fichier.")
@click.option("--type", "type_document", help="Sans --accord : type du nouvel accord à créer (csi, clcs…).")
@click.option("--commune", "communes", multiple=True, help="Sans --accord : commune couverte (code ou nom), répétable.")
@click.option("--departement", help="Sans --accord : département (code).")
@click.option("--intitule", default="", help="Sans --accord : intitulé du nouvel accord.")
@click.option("--definitif", is_flag=True, help="Version définitive (signée) plutôt que projet.")
def joindre(fichier: Path, identifiant, type_document, communes, departement, intitule, definitif) -> None:
    """Joint un fichier (.docx, .pdf, .odt) à un accord : document antérieur au registre, PDF signé…"""
    _ouvrir()
    from generator import referentiel
    from generator.registre import services
    from generator.registre.proprietaire import service_choisi
    from generator.registre.services import accords as services_accords
    from generator.registre.services.ecriture import auteur_par_defaut

    accord = services.trouver(identifiant) if identifiant else None
    if accord is None and type_document:
        ref = referentiel.charger()
        codes = [ref.resoudre_commune(c).code for c in communes]
        dept = (ref.resoudre_departement(departement).code if departement
                else ref.commune(codes[0]).departement.code if codes else "")
        accord = services_accords.creer(type_document.strip().lower(), intitule=intitule, departement=dept,
                                        communes=codes, auteur=auteur_par_defaut(), service=service_choisi())
    version = services.joindre(accord, fichier, brouillon=False if definitif else None)
    click.echo(f"{fichier} joint à {version.accord.reference} (version {version.numero}, SHA-256 {version.sha256[:12]}…).")



@registre.command("rattacher")
@click.argument("identifiant", metavar="ID")
@click.option("--service", "designation", required=True, metavar="NATURE:CODE",
              help="Service à qui confier l'accord : prefecture:76, commune:76351 ou epci:200023414.")
def rattacher(identifiant: str, designation: str) -> None:
    """Confie à un service un accord enregistré depuis la ligne de commande, avec ses avenants : il apparaît
    dans l'espace de travail de ce service."""
    _designation(designation)
    _ouvrir()
    from generator.registre import services
    from generator.registre.proprietaire import service
    from generator.registre.services.accords import rattacher as confier

    owner = service(designation)
    accord = confier(services.trouver(identifiant), owner)
    click.echo(f"{accord.reference} appartient au service {owner.nom} ({owner.nature}:{owner.code}) : il apparaît "
               "dans son espace de travail.")


# -- shared with the other commands (generer, lot, avenant, comparer) ----------------
SANS_REGISTRE = click.option("--sans-registre", "sans_registre", is_flag=True,
                             help="N'enregistre pas le document au registre des accords.")


def _designation(texte: str) -> None:
    """A malformed NATURE:CODE is a usage error of ``--service`` (exit code 2)."""
    from generator.registre.proprietaire import lire_designation

    try:
        lire_designation(texte)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--service'") from None


def definir_service(texte: str) -> None:
    """--service: the agreements this process and its workers record belong to that workspace service."""
    import os

    from generator.registre.proprietaire import ENV_SERVICE

    _designation(texte)
    os.environ[ENV_SERVICE] = texte.strip()


def verifier_service(sans_registre: bool) -> None:
    """Before a command writes anything: an unknown ``--service`` is refused (nothing to check without the
    registry, nor without a service)."""
    if not sans_registre:
        from generator.registre.enregistrement import verifier_service as verifier

        verifier()


def definir_registre(adresse: str) -> None:
    """--registre: this process and the ones it starts use that registry."""
    import os

    from generator.registre.configuration import ENV_URL

    os.environ[ENV_URL] = adresse
