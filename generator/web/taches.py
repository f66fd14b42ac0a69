"""Background jobs (django-tasks, database backend): previews and batches.

``continuum serveur`` runs one worker thread in its own process;
``continuum travailleur`` runs workers elsewhere (several machines share the
queue on PostgreSQL). A job records its progress and outcome in the
workspace's models, which the pages poll with htmx.
"""

from __future__ import annotations

import logging
import subprocess

from django.db import transaction
from django_tasks import task

from generator.erreurs import ContinuumError
from generator.registre import models as m
from generator.registre.services.versions import lire_fichier
from generator.web import conversion, fichiers
from generator.web.models import ECHEC, EN_COURS, EN_ATTENTE, PRET, Apercu

journal = logging.getLogger("continuum.web")


def demander_apercu(version: m.Version) -> Apercu:
    """Queue the PDF, ODT and page images of a Word version (once)."""
    apercu, created = Apercu.objects.get_or_create(version=version)
    if version.format != "docx":
        return apercu
    if created or apercu.etat == ECHEC:
        apercu.etat, apercu.erreur = EN_ATTENTE, ""
        apercu.save()
        transaction.on_commit(lambda: produire_apercu.enqueue(version.pk))
    return apercu


@task()
def produire_apercu(version_id: int) -> str:
    apercu = Apercu.objects.select_related("version").get(version_id=version_id)
    apercu.etat = EN_COURS
    apercu.save(update_fields=["etat", "modifie_le"])
    try:
        converted = conversion.convertir(lire_fichier(apercu.version))
        apercu.pdf = fichiers.stocker(converted["pdf"], "pdf")
        apercu.odt = fichiers.stocker(converted["odt"], "odt")
        apercu.pages = [fichiers.stocker(png, "png") for png in conversion.pages_png(converted["pdf"])]
        apercu.etat = PRET
    except (ContinuumError, OSError, subprocess.SubprocessError) as exc:
        apercu.etat, apercu.erreur = ECHEC, str(exc)
        journal.warning("aperçu de la version %s impossible : %s", version_id, exc)
    apercu.save()
    return apercu.etat


@task()
def valider_lot(lot_id: int) -> str:
    from generator.web import lots

    return lots.valider(lot_id)


@task()
def produire_lot(lot_id: int) -> str:
    from generator.web import lots

    return lots.produire(lot_id)
