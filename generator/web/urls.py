"""URLs of the workspace (namespace ``web``) and Django's admin, in French."""

from django.contrib import admin
from django.urls import include, path

from generator.web.vues import accords, bibliotheque, communes, connexion, lots, questionnaire, relecture, tableau

app_name = "web"

espace = [
    path("", accords.accueil, name="accueil"),
    path("connexion/", connexion.Connexion.as_view(), name="connexion"),
    path("deconnexion/", connexion.Deconnexion.as_view(), name="deconnexion"),
    path("accords/nouveau/", accords.nouvel_accord, name="nouvel_accord"),
    path("accords/<int:pk>/", accords.accord, name="accord"),
    path("accords/<int:pk>/questionnaire/<slug:cle>/", questionnaire.questionnaire, name="questionnaire"),
    path("accords/<int:pk>/questionnaire/<slug:cle>/conditions/", questionnaire.conditions, name="conditions"),
    path("accords/<int:pk>/revue/", questionnaire.revue, name="revue"),
    path("accords/<int:pk>/generer/", questionnaire.generer, name="generer"),
    path("accords/<int:pk>/statut/", accords.changer_statut, name="statut"),
    path("accords/<int:pk>/joindre/", accords.joindre, name="joindre"),
    path("accords/<int:pk>/comparer/", accords.comparer, name="comparer"),
    path("accords/<int:pk>/avenant/", accords.avenant, name="avenant"),
    path("accords/<int:pk>/relire/", relecture.relire, name="relire"),
    path("accords/<int:pk>/relectures/<int:relecture_pk>/", relecture.voir, name="relecture"),
    path("accords/<int:pk>/relectures/<int:relecture_pk>/observations.<str:fmt>", relecture.tableau,
         name="observations"),
    path("accords/<int:pk>/versions/<int:numero>/", accords.version, name="version"),
    path("accords/<int:pk>/versions/<int:numero>/apercu/", accords.apercu, name="apercu"),
    path("accords/<int:pk>/versions/<int:numero>/pages/<int:page>.png", accords.page_apercu, name="page_apercu"),
    path("accords/<int:pk>/versions/<int:numero>/document.<str:fmt>", accords.telecharger, name="telecharger"),
    path("communes/suggestions/", communes.suggestions, name="suggestions_communes"),
    path("lots/", lots.lots, name="lots"),
    path("lots/modele/<slug:code>.xlsx", lots.modele, name="modele_lot"),
    path("lots/<int:pk>/", lots.lot, name="lot"),
    path("lots/<int:pk>/lancer/", lots.lancer, name="lancer_lot"),
    path("lots/<int:pk>/<str:quoi>/", lots.telecharger, name="telecharger_lot"),
    path("bibliotheque/", bibliotheque.bibliotheque, name="bibliotheque"),
    path("bibliotheque/<slug:code>/", bibliotheque.par_type, name="bibliotheque_type"),
    path("bibliotheque/clause/<slug:clause_id>/", bibliotheque.clause, name="clause"),
    path("tableau-de-bord/", tableau.tableau_de_bord, name="tableau_de_bord"),
    path("tableau-de-bord/registre.xlsx", tableau.export, name="export"),
    path("tableau-de-bord/recensement.xlsx", tableau.recensement_xlsx, name="recensement_xlsx"),
]

admin.site.site_header = "Continuum — administration"
admin.site.site_title = "Continuum"
admin.site.index_title = "Services, utilisateurs et registre"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include((espace, "web"))),
]
