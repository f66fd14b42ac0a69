"""`continuum serveur` from a fresh registry: migrations applied, first administrator created
from the environment, the login page served in French, its worker running background tasks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from tests.web.navigateur import RACINE


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _sql(base, requete: str) -> list:
    import sqlite3

    with sqlite3.connect(base) as connection:
        return connection.execute(requete).fetchall()


def test_serveur_migre_cree_l_administrateur_et_sert_la_connexion(tmp_path):
    base = tmp_path / "registre.sqlite3"
    env = dict(os.environ, CONTINUUM_REGISTRE=f"sqlite:///{base}", CONTINUUM_STOCKAGE=str(tmp_path / "stockage"),
               CONTINUUM_ADMIN_IDENTIFIANT="greffe", CONTINUUM_ADMIN_MOT_DE_PASSE="Mot-de-passe-2026")
    port = _port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "serveur", "--adresse", f"127.0.0.1:{port}"],
                              env=env, cwd=RACINE, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        page = None
        for _ in range(120):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/connexion/", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.25)
        assert page is not None, server.stderr.read() if server.poll() is not None else "pas de réponse"
        assert "Connexion à l'espace de travail" in page and 'lang="fr"' in page
        css = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/vendor/htmx/htmx.min.js", timeout=5)
        assert css.status == 200  # htmx served locally, with no CDN
        assert _sql(base, "select username, is_superuser from auth_user") == [("greffe", 1)]
        assert _sql(base, "select count(*) from django_migrations where app = 'web'")[0][0] >= 1
        # the in-process worker runs queued tasks

        enqueue = subprocess.run([sys.executable, "-c", (
            "from generator.registre.configuration import configurer; configurer(web=True);"
            "from generator.web.taches import produire_apercu; print(produire_apercu.enqueue(0).id)")],
            env=env, cwd=RACINE, capture_output=True, text=True, timeout=120)
        task_id = enqueue.stdout.strip().replace("-", "")  # UUIDs are stored as 32 hex digits
        for _ in range(80):
            status = _sql(base, f"select status from django_tasks_database_dbtaskresult where id = '{task_id}'")
            if status and status[0][0] in ("SUCCESSFUL", "FAILED"):
                break
            time.sleep(0.25)
        assert status[0][0] == "FAILED"  # version 0 does not exist: the task ran and failed, as it should
    finally:
        server.terminate()
        server.wait(timeout=30)
    banner = server.stderr.read()
    assert "Administrateur « greffe » créé." in banner and f"http://127.0.0.1:{port}/" in banner


def test_adresse_invalide(tmp_path):
    env = dict(os.environ, CONTINUUM_REGISTRE=f"sqlite:///{tmp_path / 'r.sqlite3'}")
    done = subprocess.run([sys.executable, "-m", "generator", "serveur", "--adresse", "nulle-part"], env=env,
                          cwd=RACINE, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "Erreur : adresse invalide : 'nulle-part' ; attendu HÔTE:PORT" in done.stderr
