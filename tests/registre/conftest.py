"""Registry fixtures: every registry test runs on SQLite and on a throwaway PostgreSQL cluster."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.registre.postgres import Grappe


@pytest.fixture(scope="session")
def grappe_postgres():
    grappe = Grappe().demarrer()
    yield grappe
    grappe.arreter()


@pytest.fixture(scope="session")
def modele_postgres(grappe_postgres) -> str:
    """A migrated database used as template (CREATE DATABASE … TEMPLATE is much faster than migrating)."""
    name = grappe_postgres.nouvelle_base()
    env = dict(os.environ, CONTINUUM_REGISTRE=grappe_postgres.url(name))
    done = subprocess.run([sys.executable, "-m", "generator", "registre", "migrer"], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return name


@dataclass
class Registre:
    url: str
    moteur: str
    dossier: Path


@pytest.fixture(params=["sqlite", "postgresql"])
def registre(request, tmp_path, monkeypatch) -> Registre:
    """A fresh, migrated registry (in this process and for the CLI processes the test starts)."""
    from generator.registre import configuration

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'registre' / 'registre.sqlite3'}"
    else:
        grappe = request.getfixturevalue("grappe_postgres")
        url = grappe.url(grappe.nouvelle_base(request.getfixturevalue("modele_postgres")))
    monkeypatch.setenv("CONTINUUM_REGISTRE", url)
    monkeypatch.setenv("CONTINUUM_STOCKAGE", str(tmp_path / "stockage"))
    monkeypatch.setenv("CONTINUUM_AUTEUR", "Agent de test")
    configuration.rebrancher(url)
    yield Registre(url, request.param, tmp_path)
    from django.db import connections

    connections.close_all()
