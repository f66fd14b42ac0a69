"""What `generer`, `lot`, `avenant`, `comparer` and `relire` hand to the registry.

The document is always written first. A registry that cannot be reached or
refuses the write never loses it: the user is told, with the command that
attaches the file later (`continuum registre joindre`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
from pathlib import Path

import click

from generator import chemins, generation
from generator.lecture import lire_yaml
from generator.registre.fiche import fiche, fiche_resultat
from generator.registre.proprietaire import ENV_SERVICE, service_choisi

log = logging.getLogger(__name__)


def ouvrir() -> None:
    """Configure Django for the registry (URL from --registre / CONTINUUM_REGISTRE / default file)."""
    from generator.registre.configuration import configurer

    configurer()


def verifier_service() -> None:
    """An unknown ``--service`` (``CONTINUUM_SERVICE``) is refused before anything is written: RegistreErreur."""
    if os.environ.get(ENV_SERVICE, "").strip():
        ouvrir()
        service_choisi()


def _echec(sortie: Path, exc: Exception) -> str:
    return (f"le document est bien écrit ({sortie}) mais n'a pas été enregistré au registre : {exc}. "
            f"Pour l'y ajouter plus tard : continuum registre joindre {sortie} --accord RÉFÉRENCE")


def _annoncer(version) -> None:
    accord = version.accord
    click.echo(f"Registre : {accord.reference}, version {version.numero} ({accord.libelle_statut}).", err=True)


def _proteger(sortie: Path, action) -> None:
    try:
        ouvrir()
        _annoncer(action())
    except Exception as exc:  # noqa: BLE001 - any registry failure is reported, never fatal to the written file
        log.debug("registre", exc_info=True)
        click.secho(f"Attention : {_echec(sortie, exc)}", fg="yellow", err=True)


def apres_generer(type_document: str, fichier_reponses: Path, resultat, sortie: Path) -> None:
    def action():
        from generator.registre.services import enregistrer_fiche

        reponses = lire_yaml(fichier_reponses) or {}
        return enregistrer_fiche(fiche_resultat(type_document, reponses, resultat), resultat.contenu,
                                 origine="generer", nom_original=sortie.name, service=service_choisi())
    _proteger(sortie, action)


def _fiche_de_reponses(chemin: Path, brouillon: bool) -> dict:
    raw = lire_yaml(chemin) or {}
    with chemins.reponses_dans(chemin):  # data files named in the answers start from their folder
        return _fiche_assemblee(raw, str(chemin), brouillon)


def _fiche_assemblee(reponses: dict, fichier: str, brouillon: bool) -> dict:
    document, choices, context = generation.assembler(reponses.get("type"), reponses, fichier, brouillon=brouillon)
    return fiche(reponses.get("type"), reponses, document, choices, context)


def fiche_avenant(reponses: dict, fichier: str, document, contenu: bytes) -> dict:
    """The record of an avenant: the contract's new answers (``reponses``, with their ``type``), assembled as a
    final version, with the avenant's own identifier and title."""
    record = _proprietes(contenu, _fiche_assemblee(reponses, fichier, False))
    return record | {"intitule": document.proprietes.get("titre", document.intitule)}


def _proprietes(contenu: bytes, record: dict) -> dict:
    from generator.registre.services.versions import proprietes_docx

    props = proprietes_docx(contenu)
    return record | {"identifiant": props.get("identifiant", record["identifiant"]), "uuid": props.get("uuid", "")}


def numero_avenant(document) -> int:
    """The avenant's number, from its identifier (« continuum:csi:…;avenant:2 »)."""
    found = re.search(r";avenant:(\d+)$", document.proprietes.get("identifiant", ""))
    return int(found.group(1)) if found else 1


def effet_avenant(document) -> dt.date | None:
    """The effective date the avenant states (« prend effet le … »): from ``--effet``, the avenant's answers
    (``effet``, file ``-a``) or its signature date; None when it takes effect at the last signature."""
    value = document.proprietes.get("effet")
    return value if isinstance(value, dt.date) else None


def apres_avenant(ancien: Path, nouveau: Path, document, contenu: bytes, sortie: Path) -> None:
    """``ancien``: the answers of the contract as signed; ``nouveau``: its new version."""
    def action():
        from generator.registre.services import enregistrer_avenant

        old = _fiche_de_reponses(ancien, False)
        with chemins.reponses_dans(nouveau):
            new = fiche_avenant(lire_yaml(nouveau) or {}, str(nouveau), document, contenu)
        return enregistrer_avenant(old, new, numero_avenant(document), effet_avenant(document), contenu,
                                   nom_original=sortie.name, service=service_choisi())
    _proteger(sortie, action)


def apres_comparer(ancien: Path, nouveau: Path, contenu: bytes, sortie: Path) -> None:
    def action():
        from generator.registre.services import enregistrer_fiche
        from generator.registre.services.versions import proprietes_docx, version_par_proprietes

        if nouveau.suffix.lower() == ".docx":
            from generator.registre.services import joindre

            origin = version_par_proprietes(proprietes_docx(nouveau.read_bytes()))
            if origin is None:
                raise ValueError(f"{nouveau} ne vient d'aucun accord du registre")
            owner = service_choisi()
            if owner is not None and origin.accord.service_id not in (None, owner.pk):
                raise ValueError(f"{nouveau} vient de {origin.accord.reference}, accord du service "
                                 f"{origin.accord.service}, non du service {owner} (--service)")
            return joindre(origin.accord, contenu, nom=sortie.name, origine="comparer")
        record = _proprietes(contenu, _fiche_de_reponses(nouveau, True))
        return enregistrer_fiche(record, contenu, origine="comparer", nom_original=sortie.name,
                                 service=service_choisi())
    _proteger(sortie, action)


def apres_relire(rapport, chemin: Path) -> None:
    """Record the review round when the document is in the registry; say so either way."""
    try:
        ouvrir()
        from generator.registre.services import enregistrer_relecture

        review = enregistrer_relecture(rapport, chemin.read_bytes())
    except Exception as exc:  # noqa: BLE001 - the report is printed whatever happens to the registry
        click.secho(f"Attention : relecture non enregistrée au registre : {exc}", fg="yellow", err=True)
        return
    if review is None:
        click.echo("Registre : ce document ne correspond à aucun accord enregistré ; relecture non enregistrée.", err=True)
    else:
        click.echo(f"Registre : relecture enregistrée pour {review.accord.reference}, version "
                   f"{review.version.numero if review.version else '?'} ({review.accord.libelle_statut}).", err=True)


ENV_LOT = "CONTINUUM_LOT_REGISTRE"


_LOT_PROPRIETAIRE: dict = {}  # batch launched from the web: the service and author its documents are recorded for


def activer_lot() -> None:
    """`continuum lot` records each document it writes (the batch's worker processes inherit this), for the
    ``--service`` given, which must exist (checked here, before any document is written)."""
    verifier_service()
    os.environ[ENV_LOT] = "1"


@contextlib.contextmanager
def lot_enregistre(service_id: int | None, auteur: str):
    """A web batch records each document as a version of an agreement of ``service_id``.

    Set in the process that runs the batch (the web worker runs one task at a time); the
    batch's forked worker processes inherit it.
    """
    _LOT_PROPRIETAIRE.update(actif=True, service_id=service_id, auteur=auteur)
    try:
        yield
    finally:
        _LOT_PROPRIETAIRE.clear()


def apres_ecriture_lot(type_document: str, reponses: dict, resultat, chemin: Path) -> None:
    """Called by a batch worker after writing a document: one registry transaction per document.

    A failure becomes a warning of the row (the document stays written); it never raises.
    """
    if os.environ.get(ENV_LOT) != "1" and not _LOT_PROPRIETAIRE.get("actif"):
        return
    try:
        ouvrir()
        from generator.registre import models
        from generator.registre.services import enregistrer_fiche

        service_id = _LOT_PROPRIETAIRE.get("service_id")
        if _LOT_PROPRIETAIRE.get("actif"):  # a web batch: its workspace's service
            service = models.Service.objects.get(pk=service_id) if service_id else None
        else:
            service = service_choisi()
        enregistrer_fiche(fiche_resultat(type_document, reponses, resultat), resultat.contenu, origine="lot",
                          nom_original=chemin.name, service=service, auteur=_LOT_PROPRIETAIRE.get("auteur", ""))
    except Exception as exc:  # noqa: BLE001 - reported on the row, the batch goes on
        resultat.avertissements.append(
            f"non enregistré au registre ({exc}) ; continuum registre joindre {chemin} --accord RÉFÉRENCE")
