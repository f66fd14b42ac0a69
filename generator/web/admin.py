"""The workspace's records in Django's admin (French)."""

from django.contrib import admin

from generator.web.models import Apercu, Lot


@admin.register(Lot)
class LotAdmin(admin.ModelAdmin):
    list_display = ("id", "service", "type_document", "nom_tableau", "etat", "total", "valides", "faits", "cree_le")
    list_filter = ("etat", "type_document")
    readonly_fields = ("tableau", "archive", "dossier", "manifeste_csv", "problemes", "manifeste")


@admin.register(Apercu)
class ApercuAdmin(admin.ModelAdmin):
    list_display = ("version", "etat", "modifie_le")
    readonly_fields = ("pdf", "odt", "pages", "erreur")
