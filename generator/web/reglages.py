"""Settings of the web workspace, read from the environment.

``generator.registre.configuration`` builds Django's settings (the one place
that configures Django); when it configures the web process it asks this
module for what only the workspace needs: URLs, login, static files,
background tasks, upload bounds and the security of cookies.

Environment (production):
- ``CONTINUUM_SECRET``: secret key (configuration.py);
- ``CONTINUUM_HOTES``: allowed host names, separated by spaces;
- ``CONTINUUM_COOKIES_SECURISES=1``: cookies sent over HTTPS only, HSTS, proxy's
  ``X-Forwarded-Proto`` trusted;
- ``CONTINUUM_DEBUG=1``: debug pages (never in production);
- ``CONTINUUM_THEME=dsfr``: the State's design system for préfecture users
  (never the default, never for town halls or EPCI);
- ``CONTINUUM_STATIQUES``: folder for ``collectstatic`` (reverse proxy).
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.erreurs import RegistreErreur

# Uploads: a reviewed Word document, a signed PDF or a batch table.
TAILLE_MAX_TELEVERSEMENT = 20 * 1024 * 1024
_VRAI = {"1", "oui", "vrai", "true", "yes", "on"}


def drapeau(nom: str) -> bool:
    return os.environ.get(nom, "").strip().lower() in _VRAI


def theme_demande() -> str:
    theme = os.environ.get("CONTINUUM_THEME", "neutre").strip().lower() or "neutre"
    if theme not in ("neutre", "dsfr"):
        raise RegistreErreur(f"CONTINUUM_THEME : thème inconnu {theme!r} ; attendu « neutre » ou « dsfr »")
    return theme


def completer(reglages: dict, debug: bool) -> None:
    """Add the workspace's settings to those built by the registry's configuration."""
    secure = drapeau("CONTINUUM_COOKIES_SECURISES")
    reglages["DEBUG"] = bool(debug or drapeau("CONTINUUM_DEBUG"))
    apps = reglages["INSTALLED_APPS"]
    for app in ("django.contrib.humanize", "django_tasks", "django_tasks_db", "generator.web"):
        if app not in apps:
            apps.append(app)
    middleware = reglages["MIDDLEWARE"]
    if "django.contrib.auth.middleware.LoginRequiredMiddleware" not in middleware:
        middleware.insert(middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                          "django.contrib.auth.middleware.LoginRequiredMiddleware")
    reglages["TEMPLATES"][0]["OPTIONS"]["context_processors"].append("generator.web.contexte.espace")
    reglages.update({
        "ROOT_URLCONF": "generator.web.urls",
        "WSGI_APPLICATION": "generator.web.wsgi.application",
        "LOGIN_URL": "web:connexion",
        "LOGIN_REDIRECT_URL": "web:accueil",
        "LOGOUT_REDIRECT_URL": "web:connexion",
        "STATIC_URL": "/static/",
        "STATIC_ROOT": os.environ.get("CONTINUUM_STATIQUES") or None,
        "TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
        "FILE_UPLOAD_MAX_MEMORY_SIZE": TAILLE_MAX_TELEVERSEMENT,
        "DATA_UPLOAD_MAX_MEMORY_SIZE": TAILLE_MAX_TELEVERSEMENT + 1024 * 1024,
        "DATA_UPLOAD_MAX_NUMBER_FIELDS": 2000,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "CSRF_COOKIE_SECURE": secure,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "SAMEORIGIN",  # the PDF preview is framed by our own pages
        "CONTINUUM_THEME": theme_demande(),
    })
    if secure:
        reglages.update({
            "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
            "SECURE_SSL_REDIRECT": drapeau("CONTINUUM_REDIRECTION_HTTPS"),
            "SECURE_HSTS_SECONDS": 31536000,
            "CSRF_TRUSTED_ORIGINS": [f"https://{h}" for h in os.environ.get("CONTINUUM_HOTES", "").split()],
        })
    hosts = reglages.setdefault("ALLOWED_HOSTS", [])
    for host in os.environ.get("CONTINUUM_HOTES", "").split():
        if host not in hosts:
            hosts.append(host)


def dossier_statiques() -> Path:
    return Path(__file__).parent / "static"
