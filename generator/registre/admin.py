"""Django admin of the registry (French labels come from the models' verbose names)."""

from django.contrib import admin

from generator.registre import models as m


class VersionEnLigne(admin.TabularInline):
    model = m.Version
    extra = 0
    fields = ("numero", "origine", "brouillon", "format", "nom_original", "sha256", "auteur", "cree_le")
    readonly_fields = fields
    can_delete = False


class ChangementEnLigne(admin.TabularInline):
    model = m.ChangementStatut
    extra = 0
    fields = ("ancien", "nouveau", "date_effet", "motif", "raa", "auteur", "horodatage")
    readonly_fields = fields
    can_delete = False


@admin.register(m.Accord)
class AccordAdmin(admin.ModelAdmin):
    list_display = ("reference", "type_document", "intitule", "statut", "departement", "date_echeance", "supprime")
    list_filter = ("type_document", "statut", "departement", "supprime")
    search_fields = ("reference", "intitule", "numero_acte", "communes__code_insee")
    readonly_fields = ("reference", "statut", "cree_le", "modifie_le", "supprime")
    inlines = [VersionEnLigne, ChangementEnLigne]


@admin.register(m.Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("nom", "nature", "code")
    list_filter = ("nature",)
    search_fields = ("nom", "code")


@admin.register(m.Profil)
class ProfilAdmin(admin.ModelAdmin):
    list_display = ("utilisateur", "service", "role")
    list_filter = ("role",)


@admin.register(m.Journal)
class JournalAdmin(admin.ModelAdmin):
    list_display = ("horodatage", "action", "accord", "auteur")
    list_filter = ("action",)
    readonly_fields = ("accord", "action", "detail", "auteur", "horodatage")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
