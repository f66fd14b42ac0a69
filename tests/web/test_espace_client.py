"""Workspace rules checked with Django's test client: the unit of work is the agreement (two
agreements edited at once keep their own answers), uploads are bounded and checked, the DSFR
theme is for préfecture users only and never the default."""

from __future__ import annotations

import html

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from tests.web.conftest import MOT_DE_PASSE


def _client(nom: str) -> Client:
    client = Client()
    assert client.login(username=nom, password=MOT_DE_PASSE)
    return client


def _nouvel_accord(client: Client) -> int:
    response = client.post("/accords/nouveau/", {"type_document": "csi"})
    assert response.status_code == 302
    return int(response["Location"].split("/")[2])


def test_deux_accords_ouverts_en_meme_temps_gardent_chacun_leurs_reponses(espace):
    from generator.registre import models as m

    client = _client("juriste.havre")
    first, second = _nouvel_accord(client), _nouvel_accord(client)
    client.post(f"/accords/{first}/questionnaire/commune/", {"commune": "76351"})
    client.post(f"/accords/{second}/questionnaire/commune/", {"commune": "Rouen"})
    client.post(f"/accords/{first}/questionnaire/signature/", {"signature.date": "2026-12-01"})
    assert m.Accord.objects.get(pk=first).reponses == {"type": "csi", "commune": "76351",
                                                        "signature": {"date": "2026-12-01"}}
    assert m.Accord.objects.get(pk=second).reponses == {"type": "csi", "commune": "Rouen"}
    # the same answers come back in a new session (after logging out)
    page = _client("juriste.havre").get(f"/accords/{second}/questionnaire/commune/").content.decode()
    assert 'value="Rouen"' in page


def test_erreur_de_page_enregistre_quand_meme_et_lie_l_erreur_au_champ(espace):
    from generator.registre import models as m

    client = _client("juriste.havre")
    accord = _nouvel_accord(client)
    response = client.post(f"/accords/{accord}/questionnaire/signature/", {"signature.date": "demain"})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert 'aria-describedby="aide-champ-signature-date erreur-champ-signature-date"' in page
    assert "date invalide, attendu AAAA-MM-JJ ou JJ/MM/AAAA (valeur : « demain »)" in page
    assert m.Accord.objects.get(pk=accord).reponses["signature"] == {"date": "demain"}  # nothing typed is lost


def test_televersements_verifies(espace):
    from generator.registre import models as m
    from generator.web import reglages

    client = _client("juriste.havre")
    accord = _nouvel_accord(client)
    fake = SimpleUploadedFile("relu.docx", b"ceci n'est pas un document Word")
    response = client.post(f"/accords/{accord}/relire/", {"fichier": fake}, follow=True)
    assert "« relu.docx » : le contenu n'est pas un fichier .docx valide" in html.unescape(response.content.decode())
    wrong = SimpleUploadedFile("signe.exe", b"MZ")
    response = client.post(f"/accords/{accord}/joindre/", {"fichier": wrong}, follow=True)
    assert "format non accepté ; attendu : .pdf, .docx, .odt" in html.unescape(response.content.decode())
    big = SimpleUploadedFile("signe.pdf", b"%PDF-" + b"0" * (reglages.TAILLE_MAX_TELEVERSEMENT + 1))
    response = client.post(f"/accords/{accord}/joindre/", {"fichier": big}, follow=True)
    assert "fichier trop volumineux (au plus 20 Mo)" in html.unescape(response.content.decode())
    assert m.Accord.objects.get(pk=accord).versions.count() == 0


def test_theme_dsfr_reserve_aux_prefectures_et_jamais_par_defaut(espace):
    dsfr = "vendor/dsfr/dsfr.min.css"
    assert dsfr not in _client("juriste.prefecture").get("/").content.decode()
    with override_settings(CONTINUUM_THEME="dsfr"):
        assert dsfr in _client("juriste.prefecture").get("/").content.decode()
        assert dsfr not in _client("juriste.havre").get("/").content.decode()


def test_tableau_de_bord_recensement_et_exports(espace):
    import io
    import json as json_module

    import yaml
    from openpyxl import load_workbook

    from generator import chemins
    from generator.registre import models as m
    from generator.registre.services.statuts import changer_statut
    from generator.web import travail
    from generator.registre.services import creer_accord

    rouen = m.Service.objects.get(nature="commune", code="76540")
    accord = creer_accord("csi", service=rouen, auteur="Juriste de Rouen")
    answers = yaml.safe_load((chemins.data() / "exemples" / "csi-le-havre.yaml").read_text(encoding="utf-8"))
    answers["commune"], answers["epci"] = "76540", None
    answers["signataires"].pop("president_epci", None)
    accord.reponses = json_module.loads(json_module.dumps(answers, default=str))
    accord.save()
    travail.generer(accord, brouillon=False, auteur="Juriste de Rouen", service=rouen)
    for statut in ("signe", "en_vigueur"):
        changer_statut(m.Accord.objects.get(pk=accord.pk), statut, auteur="Juriste de Rouen")
    accord.refresh_from_db()

    client = _client("juriste.rouen")
    page = html.unescape(client.get("/tableau-de-bord/").content.decode())
    assert "Seine-Maritime (76)" in page and "Couverture par type" in page
    assert 'alt="Graphique de la part de la population couverte' in page
    census = load_workbook(io.BytesIO(client.get("/tableau-de-bord/recensement.xlsx").content))
    assert census.sheetnames
    export = load_workbook(io.BytesIO(client.get("/tableau-de-bord/registre.xlsx").content)).active
    references = [row[0] for row in export.iter_rows(min_row=2, values_only=True)]
    assert accord.reference in references
    assert all(ref.startswith("CSI-76540-") for ref in references)  # only what this service may see


def test_recensement_aux_statuts_d_une_date_passee(espace):
    """The census counts each agreement with the status it had on the chosen date (audit trail), as
    ``continuum registre recensement --au`` does; statuses are shown by their French labels."""
    import datetime as dt
    import io

    from openpyxl import load_workbook

    from generator.registre import models as m
    from generator.registre.services import creer_accord
    from generator.registre.services.statuts import changer_statut

    rouen = m.Service.objects.get(nature="commune", code="76540")
    accord = creer_accord("clcs", service=rouen, auteur="Juriste de Rouen")
    m.Accord.objects.filter(pk=accord.pk).update(departement="76")
    for statut, jour in (("signe", dt.date(2026, 2, 2)), ("en_vigueur", dt.date(2026, 3, 1)),
                         ("denonce", dt.date(2026, 10, 1))):
        changer_statut(m.Accord.objects.get(pk=accord.pk), statut, auteur="Juriste de Rouen", date=jour,
                       motif="dénonciation par la commune" if statut == "denonce" else "")
    client = _client("juriste.rouen")

    current = html.unescape(client.get("/tableau-de-bord/?annee=2026").content.decode())
    assert "dénoncé : 1" in current and "en_vigueur" not in current
    dated = html.unescape(client.get("/tableau-de-bord/?annee=2026&au=2026-06-30").content.decode())
    assert "Recensement 2026, statuts au 30 juin 2026" in dated
    assert "en vigueur : 1" in dated and "dénoncé : 1" not in dated
    assert 'value="2026-06-30"' in dated and "recensement.xlsx?annee=2026&au=2026-06-30" in dated
    typed = html.unescape(client.get("/tableau-de-bord/?annee=2026&au=30/06/2026").content.decode())
    assert "en vigueur : 1" in typed  # as typed where the browser has no date picker

    wrong = html.unescape(client.get("/tableau-de-bord/?annee=2026&au=hier").content.decode())
    assert ("Date des statuts illisible : « hier » ; attendu une date du calendrier, JJ/MM/AAAA ou AAAA-MM-JJ "
            "(statuts actuels affichés)") in wrong
    assert 'aria-invalid="true"' in wrong and "dénoncé : 1" in wrong

    response = client.get("/tableau-de-bord/recensement.xlsx?annee=2026&au=2026-06-30")
    assert 'filename="recensement-76-2026-au-2026-06-30.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content))["Par type et statut"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "Statut au 30/06/2026" and ("76", "clcs", "en vigueur", 1) in rows
