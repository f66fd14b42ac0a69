"""Regenerate the screenshots of the web workspace shown in the README (docs/captures/).

Starts `continuum serveur` on a free local port with a throwaway registry, fills it with
an example CSI (Le Havre), a review round and a batch, then photographs the main screens
with Debian's Chromium driven by Playwright:

    python3 scripts/captures.py            # writes docs/captures/*.png
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))
SORTIE = RACINE / "docs" / "captures"
MOT_DE_PASSE = "Captures-2026!"


def _port_libre() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _attendre(url: str, delai: float = 60) -> None:
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"l'espace de travail ne répond pas sur {url}")


def _donnees(dossier: Path) -> int:
    """A service, its legal officer and a generated CSI; returns the agreement's id."""
    import yaml

    from generator.registre.configuration import configurer

    configurer(web=True)
    from django.contrib.auth.models import User

    from generator.registre import models as m
    from generator.web import travail
    from generator.registre.services import creer_accord

    service = m.Service.objects.create(nom="Ville du Havre", nature="commune", code="76351")
    user = User.objects.create_user("juriste.havre", password=MOT_DE_PASSE, first_name="Camille", last_name="Martin")
    m.Profil.objects.create(utilisateur=user, service=service)
    accord = creer_accord("csi", service=service, auteur="Camille Martin")
    raw = yaml.safe_load((RACINE / "data" / "exemples" / "csi-le-havre.yaml").read_text(encoding="utf-8"))
    accord.reponses = json.loads(json.dumps(raw, default=str))
    accord.save()
    en_vigueur = creer_accord("csi", service=service, auteur="Camille Martin")  # a contract in force: coverage chart
    en_vigueur.reponses = accord.reponses
    en_vigueur.save()
    travail.generer(en_vigueur, brouillon=False, auteur="Camille Martin", service=service)
    from generator.registre.services.statuts import changer_statut

    for statut in ("signe", "en_vigueur"):
        changer_statut(en_vigueur, statut, auteur="Camille Martin")
    return accord.pk


def main() -> None:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(RACINE / "tests" / "web"))
    from navigateur import ARGUMENTS, CHROMIUM

    SORTIE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="continuum-captures-") as work:
        env = dict(os.environ, CONTINUUM_REGISTRE=f"sqlite:///{work}/registre.sqlite3",
                   CONTINUUM_STOCKAGE=f"{work}/stockage", CONTINUUM_ADMIN_MOT_DE_PASSE=MOT_DE_PASSE)
        os.environ.update({k: env[k] for k in ("CONTINUUM_REGISTRE", "CONTINUUM_STOCKAGE")})
        port = _port_libre()
        server = subprocess.Popen([sys.executable, "-m", "generator", "serveur", "--adresse", f"127.0.0.1:{port}"],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        try:
            _attendre(f"{base}/connexion/")
            accord = _donnees(Path(work))
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS)
                page = browser.new_page(viewport={"width": 1280, "height": 860}, locale="fr-FR")
                page.set_default_timeout(120000)

                def capture(nom: str, pleine_page: bool = False) -> None:
                    try:
                        page.screenshot(path=str(SORTIE / f"{nom}.png"), full_page=pleine_page)
                    except Exception:  # noqa: BLE001 - Chromium sometimes refuses a first capture: retry once
                        page.wait_for_timeout(1000)
                        page.screenshot(path=str(SORTIE / f"{nom}.png"), full_page=pleine_page)
                    print(f"docs/captures/{nom}.png")

                page.goto(f"{base}/connexion/")
                capture("01-connexion")
                page.get_by_label("Identifiant").fill("juriste.havre")
                page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
                page.get_by_role("button", name="Se connecter").click()
                page.goto(f"{base}/accords/nouveau/")
                capture("02-nouvel-accord")
                page.goto(f"{base}/accords/{accord}/questionnaire/commune/")
                commune = page.get_by_label("Commune signataire", exact=False).first
                commune.fill("")
                commune.press_sequentially("Le Hav", delay=40)
                page.get_by_role("button", name="Le Havre — 76351", exact=False).wait_for()
                capture("03-questionnaire-commune")
                page.goto(f"{base}/accords/{accord}/questionnaire/territoire/")
                page.get_by_label("Synthèse du diagnostic partagé", exact=False).fill("Trop court.")
                page.get_by_role("button", name="Enregistrer et continuer").click()
                capture("04-erreur-de-validation")
                page.get_by_label("Synthèse du diagnostic partagé", exact=False).fill(
                    "Les atteintes aux biens restent concentrées dans l'hyper-centre et les quartiers sud.")
                page.get_by_role("button", name="Enregistrer et continuer").click()
                page.goto(f"{base}/accords/{accord}/questionnaire/mesures/")
                page.locator(".mesure.socle details summary").first.click()
                page.locator(".mesure.socle").first.scroll_into_view_if_needed()
                capture("05-mesures-socle")
                page.goto(f"{base}/accords/{accord}/revue/")
                capture("06-relecture-des-reponses")
                page.get_by_role("button", name="Générer le projet").click()
                page.get_by_role("heading", name="Aperçu des pages").wait_for()
                page.wait_for_timeout(500)
                capture("07-apercu-du-document")
                page.goto(f"{base}/accords/{accord}/")
                capture("08-page-de-l-accord", pleine_page=True)
                page.goto(f"{base}/bibliotheque/csi/")
                capture("09-bibliotheque")
                page.goto(f"{base}/lots/")
                capture("10-production-en-lot")
                page.goto(f"{base}/tableau-de-bord/")
                capture("11-tableau-de-bord")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
