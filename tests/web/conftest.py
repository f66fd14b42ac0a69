"""The web workspace under test: an SQLite registry in a temporary folder, the WSGI application
served on 127.0.0.1 by a thread of the test process, one background worker thread, three
services with their users, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.web.navigateur import lancer, script_axe

MOT_DE_PASSE = "Continuum-2026!"
# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between two browser steps are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@dataclass
class Espace:
    url: str
    dossier: Path


def _utilisateur(nom: str, service, role: str = "redacteur"):
    from django.contrib.auth.models import User

    from generator.registre import models as m

    user = User.objects.create_user(nom, password=MOT_DE_PASSE, first_name=nom.split(".")[-1].capitalize())
    m.Profil.objects.create(utilisateur=user, service=service, role=role)
    return user


@pytest.fixture(scope="session")
def espace(tmp_path_factory):
    folder = tmp_path_factory.mktemp("espace-web")
    saved = {k: os.environ.get(k) for k in ("CONTINUUM_REGISTRE", "CONTINUUM_STOCKAGE", "CONTINUUM_AUTEUR")}
    os.environ["CONTINUUM_REGISTRE"] = url = f"sqlite:///{folder / 'registre.sqlite3'}"
    os.environ["CONTINUUM_STOCKAGE"] = str(folder / "stockage")
    os.environ.pop("CONTINUUM_AUTEUR", None)
    from generator.registre import configuration

    configuration.rebrancher(url)
    from django.conf import settings
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    from generator.cli_web import demarrer_travailleur
    from generator.registre import models as m

    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    havre = m.Service.objects.create(nom="Ville du Havre", nature="commune", code="76351")
    rouen = m.Service.objects.create(nom="Ville de Rouen", nature="commune", code="76540")
    prefecture = m.Service.objects.create(nom="Préfecture de la Seine-Maritime", nature="prefecture", code="76")
    _utilisateur("juriste.havre", havre)
    _utilisateur("juriste.rouen", rouen)
    _utilisateur("juriste.prefecture", prefecture)

    class Silencieux(WSGIRequestHandler):
        def log_message(self, *args):  # no request log in the test output
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Silencieux, allow_reuse_address=False)
    server.set_app(StaticFilesHandler(WSGIHandler()))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    worker = demarrer_travailleur(intervalle=0.2)
    yield Espace(f"http://127.0.0.1:{server.server_address[1]}", folder)
    worker.running = False
    server.shutdown()
    server.server_close()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def axe() -> str:
    return script_axe()


@pytest.fixture(scope="session")
def navigateur():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = lancer(playwright)
        yield browser
        browser.close()


@pytest.fixture
def contexte(navigateur, tmp_path):
    context = navigateur.new_context(accept_downloads=True, locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20000)
    yield context
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rapport_appel = report


@pytest.fixture
def page(contexte, request):
    current = contexte.new_page()
    yield current
    report = getattr(request.node, "rapport_appel", None)
    if report is not None and report.failed:  # what the browser showed, for the failure report
        folder = Path(__file__).resolve().parents[2] / "build" / "echecs-web"
        folder.mkdir(parents=True, exist_ok=True)
        current.screenshot(path=str(folder / f"{request.node.name}.png"), full_page=True)
        (folder / f"{request.node.name}.html").write_text(current.content(), encoding="utf-8")


def connecter(page, espace: Espace, identifiant: str, mot_de_passe: str = MOT_DE_PASSE) -> None:
    page.goto(f"{espace.url}/connexion/")
    page.get_by_label("Identifiant").fill(identifiant)
    page.get_by_label("Mot de passe").fill(mot_de_passe)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{espace.url}/")
