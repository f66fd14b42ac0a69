"""The one place that configures Django, for the command line and the web alike.

The registry lives in an SQLite file in the user's data folder (WAL mode) unless
``--registre`` or ``CONTINUUM_REGISTRE`` names another database
(``sqlite:///chemin/registre.sqlite3`` or ``postgresql://utilisateur@hote:5432/base``).
Migrations are applied on first use; nothing here is imported by ``generator.cli``
until a command needs the registry.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import sys
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from generator.erreurs import RegistreErreur

ENV_URL = "CONTINUUM_REGISTRE"
ENV_STOCKAGE = "CONTINUUM_STOCKAGE"
ENV_SECRET = "CONTINUUM_SECRET"
NOM_BASE = "registre.sqlite3"
DOSSIER_FICHIERS = "fichiers"
SQLITE_ATTENTE_S = 60

_etat: dict = {"url": None, "migre": False}


def dossier_donnees() -> Path:
    """The user's data folder (``platformdirs``), where the default database lives."""
    import platformdirs

    return Path(platformdirs.user_data_dir("continuum", appauthor=False))


def url_par_defaut() -> str:
    return f"sqlite:///{dossier_donnees() / NOM_BASE}"


def url_choisie(url: str | None = None) -> str:
    """The registry URL: explicit argument, then ``CONTINUUM_REGISTRE``, then the default file."""
    return url or os.environ.get(ENV_URL) or url_par_defaut()


def _sqlite(chemin: str) -> dict:
    if not chemin:
        raise RegistreErreur("registre : l'adresse sqlite:/// doit indiquer un fichier (ex. sqlite:///registre.sqlite3)")
    path = Path(chemin).expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RegistreErreur(f"{path.parent} : dossier du registre impossible à créer ({exc.strerror or exc})") from None
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "timeout": SQLITE_ATTENTE_S,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
        },
    }


def _postgresql(parts) -> dict:
    options = dict(parse_qsl(parts.query))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "continuum",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 0,
    }


def base_de_donnees(url: str) -> dict:
    """Django's DATABASES["default"] for a registry URL."""
    if url.startswith("sqlite:///"):
        return _sqlite(unquote(url[len("sqlite:///"):]))
    parts = urlsplit(url)
    if parts.scheme in {"postgresql", "postgres"}:
        return _postgresql(parts)
    raise RegistreErreur(f"registre : adresse non reconnue ({url!r}) ; attendu sqlite:///chemin/registre.sqlite3 "
                         "ou postgresql://utilisateur@hote:5432/base")


def est_sqlite() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def dossier_stockage() -> Path:
    """Where stored files live: ``CONTINUUM_STOCKAGE``, else a folder next to the SQLite file."""
    if os.environ.get(ENV_STOCKAGE):
        return Path(os.environ[ENV_STOCKAGE]).expanduser()
    url = url_choisie(_etat["url"])
    if url.startswith("sqlite:///"):
        return Path(unquote(url[len("sqlite:///"):])).expanduser().parent / DOSSIER_FICHIERS
    return dossier_donnees() / DOSSIER_FICHIERS


def _secret() -> str:
    if os.environ.get(ENV_SECRET):
        return os.environ[ENV_SECRET]
    fichier = dossier_donnees() / "secret"
    with contextlib.suppress(OSError):
        return fichier.read_text(encoding="ascii").strip()
    key = secrets.token_urlsafe(50)
    with contextlib.suppress(OSError):
        fichier.parent.mkdir(parents=True, exist_ok=True)
        fichier.write_text(key, encoding="ascii")
        fichier.chmod(0o600)
    return key


def _applications() -> list[str]:
    apps = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions",
            "django.contrib.messages", "django.contrib.admin", "django.contrib.staticfiles"]
    optional = ["django_tasks", "django_tasks.backends.database", "django_tasks_db", "generator.web"]
    apps += [name for name in optional[:3] if _present(name)]
    apps.append("generator.registre")
    return apps + [name for name in optional[3:] if _present(name)]


def _present(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _reglages(url: str, web: bool, debug: bool) -> dict:
    return {
        "DEBUG": debug,
        "SECRET_KEY": _secret() if web else "continuum-ligne-de-commande",
        "ALLOWED_HOSTS": ["localhost", "127.0.0.1", "[::1]"] + os.environ.get("CONTINUUM_HOTES", "").split(),
        "INSTALLED_APPS": _applications(),
        "DATABASES": {"default": base_de_donnees(url)},
        "DEFAULT_AUTO_FIELD": "django.db.models.BigAutoField",
        "LANGUAGE_CODE": "fr-fr",
        "TIME_ZONE": "Europe/Paris",
        "USE_I18N": True,
        "USE_TZ": True,
        "MIDDLEWARE": [
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.locale.LocaleMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
        ],
        "TEMPLATES": [{
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [],
            "APP_DIRS": True,
            "OPTIONS": {"context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]},
        }],
        "STATIC_URL": "/static/",
        "LOGGING_CONFIG": None if not web else "logging.config.dictConfig",
    }


def configurer(url: str | None = None, *, web: bool = False, debug: bool | None = None,
               migrer_auto: bool = True) -> None:
    """Configure Django once for this process (idempotent) and apply pending migrations."""
    from django.conf import settings

    chosen = url_choisie(url)
    if settings.configured:
        if _etat["url"] is not None and chosen != _etat["url"] and url is not None:
            raise RegistreErreur(f"registre : déjà ouvert sur {_etat['url']!r}, impossible de passer à {chosen!r}")
    else:
        import django

        reglages = _reglages(chosen, web, bool(debug))
        if web or _present("generator.web"):  # the workspace's settings (URLs, login, tasks, cookies):
            from generator.web.reglages import completer  # one configuration serves CLI, web and tests alike

            completer(reglages, bool(debug))
        settings.configure(**reglages)
        django.setup()
        atexit.register(fermer_connexions)  # the process ends without teardown (fin_de_processus): say goodbye
        _etat["url"] = chosen
    if migrer_auto and not _etat["migre"]:
        migrer(seulement_si_necessaire=True)


def fermer_connexions() -> None:
    """Close the registry's database connections of this process: at exit (a PostgreSQL server sees each
    session end cleanly), and before a batch forks its workers, which must each open their own (a connection
    shared across processes corrupts)."""
    if "django.db" in sys.modules:
        from django.conf import settings

        if not settings.configured:  # Django imported, the registry never opened: nothing to close
            return
        from django.db import connections

        connections.close_all()


@contextlib.contextmanager
def _verrou_migration():
    """One process migrates at a time: a lock file (SQLite) or an advisory lock (PostgreSQL)."""
    from django.db import connection

    if est_sqlite():
        import fcntl

        lock_path = Path(connection.settings_dict["NAME"] + ".verrou")
        with open(lock_path, "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(7154021)")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(7154021)")


def _migrations_en_attente() -> list:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def migrer(seulement_si_necessaire: bool = False) -> list[str]:
    """Apply pending migrations; returns the names applied."""
    from django.core.management import call_command
    from django.db import OperationalError

    try:
        if seulement_si_necessaire and not _migrations_en_attente():
            _etat["migre"] = True
            return []
        with _verrou_migration():
            pending = [f"{m.app_label}.{m.name}" for m, _ in _migrations_en_attente()]
            if pending:
                call_command("migrate", interactive=False, verbosity=0)
    except OperationalError as exc:
        raise RegistreErreur(f"registre : base de données inaccessible ({exc})") from None
    _etat["migre"] = True
    return pending


def description() -> str:
    """Where the registry is, for messages (password hidden)."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return db["NAME"]
    return f"PostgreSQL {db['USER'] + '@' if db['USER'] else ''}{db['HOST'] or 'socket local'}:{db['PORT'] or 5432}/{db['NAME']}"


def rebrancher(url: str) -> None:
    """Point an already configured process at another registry (tests, web test runner); migrates it."""
    from asgiref.local import Local
    from django.conf import settings
    from django.db import connections

    if not settings.configured:
        configurer(url)
        return
    connections.close_all()
    settings.DATABASES["default"] = base_de_donnees(url)
    connections.__dict__.pop("settings", None)
    connections._connections = Local(connections.thread_critical)
    _etat.update(url=url, migre=False)
    migrer(seulement_si_necessaire=True)
