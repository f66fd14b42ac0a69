"""An avenant drafted from the agreement's page, in a real browser (Debian's Chromium, Playwright):
create a CSI, generate its final version, mark it signed, change one answer (the municipal police
target), generate the new version, then « Rédiger l'avenant » with an effective date. The browser
shows the avenant and its effective date; the downloaded avenant, opened by LibreOffice, amends
exactly the articles that carry that answer. axe-core checks every page on the way."""

from __future__ import annotations

import json
import re

from generator.lecture import lire_yaml
from tests.conftest import EXEMPLE_CSI
from tests.libreoffice import vue
from tests.web.conftest import connecter
from tests.web.navigateur import verifier_accessibilite


def _accord_id(page) -> int:
    return int(re.search(r"/accords/(\d+)/", page.url).group(1))


def _generer_version_definitive(page, espace, accord_id: int, numero: int, axe) -> None:
    page.goto(f"{espace.url}/accords/{accord_id}/revue/")
    page.get_by_role("heading", name="Relecture des réponses", level=1).wait_for()
    assert page.locator("#resume-erreurs").count() == 0, page.locator("#resume-erreurs").inner_text()
    page.get_by_role("button", name="Générer la version définitive").click()
    page.get_by_role("heading", name=f"Version {numero} (version définitive)").wait_for()
    verifier_accessibilite(page, axe)


def test_avenant_depuis_la_page_de_l_accord(espace, page, axe, tmp_path):
    from generator.registre import models as m
    from generator.web import travail

    connecter(page, espace, "juriste.havre")
    page.get_by_role("link", name="Commencer un accord").click()
    page.get_by_role("region", name="Contrat de sécurité intégrée").get_by_role(
        "button", name=re.compile("^Commencer")).click()
    accord_id = _accord_id(page)
    accord = m.Accord.objects.get(pk=accord_id)
    assert accord.service.code == "76351" and accord.statut == "projet"
    # The questionnaire itself is covered by test_parcours_csi: the example's answers are saved on the
    # agreement as the pages would save them (JSON), then the review screen and generation are used.
    answers = json.loads(json.dumps(lire_yaml(EXEMPLE_CSI), default=str))
    assert answers["engagements"]["commune"]["policiers_municipaux_cible"] == 90
    travail.enregistrer_reponses(accord, answers, "juriste.havre", page="test")

    _generer_version_definitive(page, espace, accord_id, 1, axe)

    # Signed, from the agreement's page (« Autres étapes » skips the intermediate steps).
    page.get_by_role("link", name="Page de l'accord").click()
    page.get_by_text("Autres étapes").click()
    page.locator("#date-signe").fill("2026-12-01")
    page.get_by_role("button", name="Passer à « signé »").click()
    assert "statut : signé" in page.locator("main").inner_text()
    assert "relu → signé" not in page.get_by_role("table", name="Historique").inner_text()
    assert "projet → signé" in page.get_by_role("table", name="Historique").inner_text()
    verifier_accessibilite(page, axe)

    # One answer changes after signature, through the questionnaire page, then a new final version.
    page.goto(f"{espace.url}/accords/{accord_id}/revue/")
    page.get_by_role("link", name=re.compile("^Modifier : Engagements chiffrés")).click()
    target = page.get_by_label(re.compile("^Effectif cible de la police municipale"))
    assert target.input_value() == "90"
    target.fill("120")
    verifier_accessibilite(page, axe)
    page.get_by_role("button", name="Enregistrer et revenir à la relecture").click()
    page.get_by_role("heading", name="Relecture des réponses", level=1).wait_for()
    _generer_version_definitive(page, espace, accord_id, 2, axe)

    # The avenant, from the signed version 1 to version 2, with its effective date.
    page.get_by_role("link", name="Page de l'accord").click()
    versions = page.get_by_role("table", name="Versions").inner_text()
    assert "Version 2" in versions and "Version 1" in versions
    assert page.get_by_label("Version signée").input_value() == "1"
    assert page.get_by_label("Version modifiée").input_value() == "2"
    page.locator("#av-effet").fill("2027-07-01")
    page.get_by_role("button", name="Rédiger l'avenant").click()

    reference = accord.reference
    page.get_by_role("heading", name="Version 1 (version définitive)").wait_for()
    main = page.locator("main").inner_text()
    assert f"Avenant rédigé : {reference}-AV1." in page.locator("body").inner_text()
    assert f"{reference}-AV1" in main and "Avenant n° 1" in main
    verifier_accessibilite(page, axe)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Télécharger \\(Word")).click()
    path = tmp_path / "avenant.docx"
    download.value.save_as(path)
    text = "\n".join(vue(path, tmp_path / "lo")["paragraphes"])
    assert "Avenant n° 1" in text
    assert re.search(r"le nombre : « 90 » est remplacé par le nombre : « 120 »", text), text
    assert "« 120 agents au terme du contrat »" in text
    assert "Le présent avenant prend effet le 1er juillet 2027." in text

    # The avenant's own page: its effective date and the link back to the contract it amends.
    page.get_by_role("link", name="Page de l'accord").click()
    summary = page.locator("dl.revue").inner_text()
    assert "Prise d'effet" in summary and "1er juillet 2027" in summary
    assert "Version 1" in page.get_by_role("table", name="Versions").inner_text()
    verifier_accessibilite(page, axe)
    page.get_by_role("link", name=reference, exact=True).click()
    avenants = page.locator("main li", has_text=f"{reference}-AV1").inner_text()
    assert "avenant n° 1" in avenants and "prend effet le 1er juillet 2027" in avenants
    verifier_accessibilite(page, axe)

    avenant = m.Accord.objects.get(reference=f"{reference}-AV1")
    assert avenant.accord_initial_id == accord_id and avenant.service == accord.service
    assert avenant.date_entree_vigueur.isoformat() == "2027-07-01"
    assert avenant.versions.get().origine == "avenant"
