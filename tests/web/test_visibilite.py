"""Who sees what (Django test client): a user sees their service's agreements and those their
service is a party to; anything else — the agreement, its versions, files, reviews, batches —
is a 404. Login is required everywhere but the login page; every form carries a CSRF token."""

from __future__ import annotations

import json

import pytest
import yaml

from generator import chemins
from tests.web.conftest import MOT_DE_PASSE


def _client(nom: str | None = None, csrf: bool = False):
    from django.test import Client

    client = Client(enforce_csrf_checks=csrf)
    if nom:
        assert client.login(username=nom, password=MOT_DE_PASSE)
    return client


@pytest.fixture(scope="module")
def accord_du_havre(espace):
    """A CSI of the Havre service, generated once (a version with its file)."""
    from django.contrib.auth.models import User

    from generator.registre import models as m
    from generator.web import fichiers, travail
    from generator.registre.services import creer_accord
    from generator.web.models import Lot

    havre = m.Service.objects.get(nature="commune", code="76351")
    accord = creer_accord("csi", service=havre, auteur="Juriste du Havre")
    answers = yaml.safe_load((chemins.data() / "exemples" / "csi-le-havre.yaml").read_text(encoding="utf-8"))
    accord.reponses = json.loads(json.dumps(answers, default=str))
    accord.save()
    version = travail.generer(accord, brouillon=True, auteur="Juriste du Havre", service=havre)
    review = m.Relecture.objects.create(accord=accord, version=version, auteur="test", rapport={}, alertes_socle=0)
    lot = Lot.objects.create(service=havre, auteur=User.objects.get(username="juriste.havre"), type_document="clcs",
                             nom_tableau="zones.xlsx", tableau=fichiers.stocker(b"PK\x03\x04 tableau", "xlsx"),
                             extension="xlsx", etat=Lot.TERMINE, archive=fichiers.stocker(b"PK\x03\x04 zip", "zip"))
    return accord, version, review, lot


def _adresses(accord, version, review, lot) -> list[str]:
    pk = accord.pk
    return [f"/accords/{pk}/", f"/accords/{pk}/questionnaire/commune/", f"/accords/{pk}/revue/",
            f"/accords/{pk}/versions/{version.numero}/", f"/accords/{pk}/versions/{version.numero}/document.docx",
            f"/accords/{pk}/versions/{version.numero}/apercu/", f"/accords/{pk}/versions/{version.numero}/pages/1.png",
            f"/accords/{pk}/comparer/?ancienne=1&nouvelle=1", f"/accords/{pk}/relectures/{review.pk}/",
            f"/accords/{pk}/relectures/{review.pk}/observations.xlsx", f"/lots/{lot.pk}/", f"/lots/{lot.pk}/zip/"]


def test_un_autre_service_recoit_une_404_partout(accord_du_havre):
    accord, version, review, lot = accord_du_havre
    rouen = _client("juriste.rouen")
    for url in _adresses(*accord_du_havre):
        assert rouen.get(url).status_code == 404, url
    for url in (f"/accords/{accord.pk}/generer/", f"/accords/{accord.pk}/statut/", f"/accords/{accord.pk}/relire/",
                f"/accords/{accord.pk}/joindre/", f"/accords/{accord.pk}/avenant/", f"/lots/{lot.pk}/lancer/",
                f"/accords/{accord.pk}/questionnaire/commune/conditions/"):
        assert rouen.post(url, {"nouveau": "en_concertation", "mode": "projet"}).status_code == 404, url
    accord.refresh_from_db()
    assert accord.statut == "projet" and accord.versions.count() == 1
    assert accord.reference not in rouen.get("/").content.decode()
    assert accord.reference not in rouen.get("/tableau-de-bord/").content.decode()


def test_le_service_proprietaire_voit_tout(accord_du_havre):
    accord, version, review, lot = accord_du_havre
    havre = _client("juriste.havre")
    for url in _adresses(*accord_du_havre):
        if url.endswith(("pages/1.png", "comparer/?ancienne=1&nouvelle=1")):
            continue  # the preview may still be in preparation; comparing a version with itself is refused
        assert havre.get(url).status_code == 200, url
    assert accord.reference in havre.get("/").content.decode()
    download = havre.get(f"/accords/{accord.pk}/versions/1/document.docx")
    assert download.content.startswith(b"PK\x03\x04") and download["Content-Disposition"].startswith("attachment;")


def test_un_service_partie_voit_l_accord(accord_du_havre):
    from generator.registre import models as m

    accord = accord_du_havre[0]
    prefecture = _client("juriste.prefecture")
    assert prefecture.get(f"/accords/{accord.pk}/").status_code == 404
    party = m.AccordPartie.objects.create(accord=accord, service=m.Service.objects.get(nature="prefecture", code="76"))
    try:
        assert prefecture.get(f"/accords/{accord.pk}/").status_code == 200
        assert prefecture.get(f"/accords/{accord.pk}/versions/1/document.docx").status_code == 200
        assert prefecture.get(f"/lots/{accord_du_havre[3].pk}/").status_code == 404  # batches stay the service's
    finally:
        party.delete()


def test_connexion_exigee_partout_sauf_la_page_de_connexion(accord_du_havre):
    anonymous = _client()
    for url in _adresses(*accord_du_havre) + ["/", "/lots/", "/bibliotheque/", "/tableau-de-bord/",
                                               "/communes/suggestions/?champ=champ-commune&commune=Le"]:
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/connexion/"), url
    page = anonymous.get("/connexion/")
    assert page.status_code == 200 and "Connexion à l'espace de travail" in page.content.decode()


def test_csrf_sur_chaque_formulaire(accord_du_havre):
    accord = accord_du_havre[0]
    client = _client("juriste.havre", csrf=True)
    assert client.post(f"/accords/{accord.pk}/statut/", {"nouveau": "en_concertation"}).status_code == 403
    accord.refresh_from_db()
    assert accord.statut == "projet"
    form = client.get(f"/accords/{accord.pk}/").content.decode()
    assert form.count('name="csrfmiddlewaretoken"') >= form.count('method="post"') > 3


def test_messages_et_dates_de_django_en_francais(espace):
    from django.test import Client

    wrong = Client().post("/connexion/", {"username": "juriste.havre", "password": "faux"})
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in wrong.content.decode()
    page = _client("juriste.havre").get("/").content.decode()
    assert '<html lang="fr">' in page
