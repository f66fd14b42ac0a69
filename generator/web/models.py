"""The workspace's own records: previews of versions and batch jobs.

Files are stored by SHA-256 (``generator.web.fichiers``); no name given by a
user ever reaches a path.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from generator.registre.models import Service, Version

EN_ATTENTE, EN_COURS, PRET, ECHEC = "en_attente", "en_cours", "pret", "echec"
ETATS = [(EN_ATTENTE, "en attente"), (EN_COURS, "en cours"), (PRET, "prêt"), (ECHEC, "échec")]


class Apercu(models.Model):
    """PDF, ODT and page images of a version, made by LibreOffice in the background."""

    version = models.OneToOneField(Version, on_delete=models.CASCADE, related_name="apercu")
    etat = models.CharField("état", max_length=20, choices=ETATS, default=EN_ATTENTE)
    pdf = models.CharField("SHA-256 du PDF", max_length=64, blank=True)
    odt = models.CharField("SHA-256 de l'ODT", max_length=64, blank=True)
    pages = models.JSONField("SHA-256 des images de pages", default=list, blank=True)
    erreur = models.TextField("erreur", blank=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "aperçu"


class Lot(models.Model):
    """A batch: one table uploaded, its rows validated, then produced in the background."""

    VALIDATION, VALIDE, PRODUCTION, TERMINE = "validation", "valide", "production", "termine"
    ETATS_LOT = [(VALIDATION, "validation en cours"), (VALIDE, "validé, prêt à lancer"),
                 (PRODUCTION, "production en cours"), (TERMINE, "terminé"), (ECHEC, "échec")]
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="lots", verbose_name="service")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               verbose_name="auteur")
    type_document = models.CharField("type de document", max_length=30)
    nom_tableau = models.CharField("nom du tableau", max_length=300)
    tableau = models.CharField("SHA-256 du tableau", max_length=64)
    extension = models.CharField("extension du tableau", max_length=5)
    base = models.CharField("SHA-256 des réponses communes (YAML)", max_length=64, blank=True)
    brouillon = models.BooleanField("projet", default=True)
    avec_pdf = models.BooleanField("PDF et dossier", default=True)
    etat = models.CharField("état", max_length=20, choices=ETATS_LOT, default=VALIDATION)
    total = models.PositiveIntegerField("lignes", default=0)
    valides = models.PositiveIntegerField("lignes valides", default=0)
    faits = models.PositiveIntegerField("documents produits", default=0)
    problemes = models.JSONField("problèmes par ligne", default=list, blank=True)
    manifeste = models.JSONField("manifeste", default=list, blank=True)
    archive = models.CharField("SHA-256 de l'archive ZIP", max_length=64, blank=True)
    dossier = models.CharField("SHA-256 du dossier PDF", max_length=64, blank=True)
    manifeste_csv = models.CharField("SHA-256 du manifeste CSV", max_length=64, blank=True)
    erreur = models.TextField("erreur", blank=True)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "lot"
        ordering = ["-cree_le"]

    @property
    def pourcentage(self) -> int:
        return int(100 * self.faits / self.valides) if self.valides else 0
