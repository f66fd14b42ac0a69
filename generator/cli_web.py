"""`continuum serveur` and `continuum travailleur`: the web workspace and its background workers."""

from __future__ import annotations

import os
import re
import threading

import click

from generator.erreurs import ContinuumError

ENV_ADMIN = "CONTINUUM_ADMIN_IDENTIFIANT"
ENV_MOT_DE_PASSE = "CONTINUUM_ADMIN_MOT_DE_PASSE"


class AdresseInvalide(ContinuumError):
    exit_code = 2


def _adresse(texte: str) -> tuple[str, int]:
    found = re.fullmatch(r"(\[[0-9a-fA-F:]+\]|[\w.-]+):(\d{1,5})", texte.strip())
    if not found or not 0 < int(found.group(2)) < 65536:
        raise AdresseInvalide(f"adresse invalide : {texte!r} ; attendu HÔTE:PORT, par exemple 127.0.0.1:8000")
    return found.group(1).strip("[]"), int(found.group(2))


def premier_administrateur(demander=click.prompt) -> str | None:
    """Create the first administrator when there is none; returns its login, or None when one exists."""
    from django.contrib.auth import get_user_model

    users = get_user_model()
    if users.objects.filter(is_superuser=True).exists():
        return None
    login = os.environ.get(ENV_ADMIN, "").strip() or "admin"
    password = os.environ.get(ENV_MOT_DE_PASSE, "")
    if not password:
        password = demander(f"Mot de passe du premier administrateur « {login} »", hide_input=True,
                            confirmation_prompt="Confirmez le mot de passe")
    if len(password) < 8:
        raise AdresseInvalide("le mot de passe de l'administrateur doit compter au moins 8 caractères")
    users.objects.create_superuser(username=login, email="", password=password)
    return login


def demarrer_travailleur(intervalle: float = 1.0):
    """A django-tasks database worker running in a thread of this process; returns it (``running=False`` stops it)."""
    from django.utils.crypto import get_random_string
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(queue_names=["default"], interval=intervalle, batch=False, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id=f"serveur-{get_random_string(12)}",
                    excluded_queue_names=[])
    thread = threading.Thread(target=worker.run, name="continuum-travailleur", daemon=True)
    thread.start()
    return worker


@click.command("serveur")
@click.option("--adresse", default="127.0.0.1:8000", show_default=True, metavar="HÔTE:PORT",
              help="Adresse d'écoute de l'espace de travail.")
@click.option("--registre", metavar="URL", default=None,
              help="Base du registre (sqlite:///… ou postgresql://…) ; défaut : CONTINUUM_REGISTRE ou le fichier local.")
@click.option("--debug", is_flag=True, help="Pages d'erreur détaillées (jamais en production).")
def serveur(adresse: str, registre: str | None, debug: bool) -> None:
    """Démarre l'espace de travail web (registre SQLite intégré, un travailleur de tâches).

    Applique les migrations, crée le premier administrateur s'il n'y en a pas
    (identifiant « admin » ou CONTINUUM_ADMIN_IDENTIFIANT ; mot de passe demandé
    ou lu dans CONTINUUM_ADMIN_MOT_DE_PASSE), puis sert l'espace à l'adresse donnée.
    """
    host, port = _adresse(adresse)
    from generator.registre.configuration import configurer, description

    configurer(registre, web=True, debug=debug)
    created = premier_administrateur()
    if created:
        click.echo(f"Administrateur « {created} » créé.", err=True)
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import WSGIServer, run
    from django.core.wsgi import get_wsgi_application

    worker = demarrer_travailleur()
    click.echo(f"Registre : {description()}", err=True)
    click.echo(f"Espace de travail : http://{adresse}/ (Ctrl-C pour arrêter)", err=True)
    try:
        run(host, port, StaticFilesHandler(get_wsgi_application()), ipv6=":" in host, threading=True,
            server_cls=WSGIServer)
    except OSError as exc:
        raise AdresseInvalide(f"impossible d'écouter sur {adresse} ({exc.strerror or exc})") from None
    except KeyboardInterrupt:
        click.echo("Arrêt de l'espace de travail.", err=True)
    finally:
        worker.running = False


@click.command("travailleur")
@click.option("--registre", metavar="URL", default=None, help="Base du registre (comme pour « serveur »).")
@click.option("--intervalle", type=click.FloatRange(0.1, 60), default=1.0, show_default=True,
              help="Secondes entre deux recherches de tâche.")
@click.option("--une-fois", is_flag=True, help="Traite les tâches en attente puis s'arrête.")
def travailleur(registre: str | None, intervalle: float, une_fois: bool) -> None:
    """Exécute les tâches de fond de l'espace web (lots, aperçus PDF) ; plusieurs machines peuvent
    partager la file sur PostgreSQL."""
    from generator.registre.configuration import configurer

    configurer(registre, web=True)
    from django.core.management import call_command

    click.echo("Travailleur démarré (Ctrl-C pour arrêter).", err=True)
    call_command("db_worker", queue_name="default", interval=intervalle, batch=une_fois, verbosity=0)
