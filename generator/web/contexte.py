"""Template context shared by every page: theme, navigation, the user's service."""

from __future__ import annotations

from django.conf import settings

from generator.web.acces import service_de

NAVIGATION = (
    ("web:accueil", "Accords"),
    ("web:nouvel_accord", "Nouvel accord"),
    ("web:lots", "Production en lot"),
    ("web:bibliotheque", "Bibliothèque de clauses"),
    ("web:tableau_de_bord", "Tableau de bord"),
)


def theme_pour(user) -> str:
    """DSFR only when asked for and only for a préfecture's users (State services); neutral otherwise."""
    if getattr(settings, "CONTINUUM_THEME", "neutre") != "dsfr":
        return "neutre"
    service = service_de(user)
    return "dsfr" if service is not None and service.nature == "prefecture" else "neutre"


def espace(request) -> dict:
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    current = f"{match.namespace}:{match.url_name}" if match and match.namespace else ""
    return {
        "theme": theme_pour(user) if user is not None and user.is_authenticated else "neutre",
        "navigation": NAVIGATION,
        "page_courante": current,
        "service_utilisateur": service_de(user) if user is not None and user.is_authenticated else None,
    }
