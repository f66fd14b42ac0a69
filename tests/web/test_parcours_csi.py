"""A legal officer's whole path in a real browser (Debian's Chromium, Playwright):
log in, fill a CSI (commune autocompletion with the EPCI suggested, a validation error,
a conditional question shown by htmx), edit one answer from the review screen, generate,
preview, download the DOCX and open it with LibreOffice, resume after logging out.
axe-core checks every page on the way (WCAG 2.1 A and AA)."""

from __future__ import annotations

import io
import re

import pypdf

from tests.libreoffice import vue
from tests.web.conftest import connecter
from tests.web.navigateur import verifier_accessibilite

DIAGNOSTIC = ("Les atteintes aux biens restent concentrées dans l'hyper-centre et les quartiers sud.\n"
              "Les trafics de stupéfiants se structurent autour de quatre points de deal identifiés.")


def _continuer(page):
    page.get_by_role("button", name=re.compile("^Enregistrer et (continuer|relire)")).click()


def _personne(page, fieldset: str, civilite: str, prenom: str, nom: str):
    group = page.get_by_role("group", name=re.compile("^" + re.escape(fieldset)))
    group.get_by_label(civilite, exact=True).check()
    group.get_by_label(re.compile(r"^Prénom")).fill(prenom)
    group.get_by_label(re.compile(r"^Nom(\s|$)")).fill(nom)
    return group


def _accord_id(page) -> int:
    return int(re.search(r"/accords/(\d+)/", page.url).group(1))


def test_csi_du_questionnaire_au_document(espace, page, axe, tmp_path):
    from generator.registre import models as m

    page.goto(f"{espace.url}/connexion/")
    verifier_accessibilite(page, axe)
    connecter(page, espace, "juriste.havre")
    verifier_accessibilite(page, axe)

    # Start a CSI: each type has its description and its source circular.
    page.get_by_role("link", name="Commencer un accord").click()
    card = page.get_by_role("region", name="Contrat de sécurité intégrée")
    assert "6258/SG du 16 avril 2021" in card.inner_text()
    verifier_accessibilite(page, axe)
    card.get_by_role("button", name=re.compile("^Commencer")).click()
    accord_id = _accord_id(page)

    # Page 1: commune by autocompletion, EPCI suggested from the COG data.
    page.get_by_label(re.compile("^Commune signataire")).press_sequentially("Le Hav", delay=30)
    page.get_by_role("button", name=re.compile(r"^Le Havre — 76351")).click()
    page.get_by_role("button", name="Associer cet EPCI au contrat").click()
    assert page.get_by_label("EPCI associé (contrat intercommunal)").input_value() == "200084952"
    assert page.get_by_label(re.compile("^Commune signataire")).input_value() == "76351"
    verifier_accessibilite(page, axe)
    _continuer(page)

    # Page 2: a diagnostic too short is refused, next to its field and in the summary.
    page.get_by_role("heading", name="Territoire et diagnostic partagé", level=1).wait_for()
    page.get_by_label(re.compile("^Synthèse du diagnostic partagé")).fill("Trop court.")
    _continuer(page)
    summary = page.locator("#resume-erreurs")
    assert "1 problème à corriger" in summary.inner_text()
    field = page.get_by_label(re.compile("^Synthèse du diagnostic partagé"))
    assert field.get_attribute("aria-invalid") == "true"
    described = field.get_attribute("aria-describedby").split()
    error_text = page.locator(f"#{[d for d in described if d.startswith('erreur-')][0]}").inner_text()
    assert "diagnostic partagé est le fondement du contrat" in error_text
    verifier_accessibilite(page, axe)
    field.fill(DIAGNOSTIC)
    _continuer(page)

    # Signatories: the EPCI president is asked because an EPCI is associated (rule requis_si).
    page.get_by_role("heading", name="Signataires", level=1).wait_for()
    _personne(page, "Préfet ou préfète du département", "Madame", "Claire", "Vasseur")
    _personne(page, "Maire de la commune", "Monsieur", "Étienne", "Lemaire")
    _personne(page, "Procureur ou procureure de la République", "Monsieur", "Antoine", "Delorme") \
        .get_by_label(re.compile("^Siège du tribunal judiciaire")).fill("Le Havre")
    _personne(page, "Président ou présidente de l'EPCI", "Monsieur", "Paul", "Girard")
    verifier_accessibilite(page, axe)
    _continuer(page)

    page.get_by_label(re.compile("^Date de signature")).fill("2026-12-01")
    _continuer(page)

    # Duration: choosing « à une date » makes the end date appear (htmx), without reloading.
    page.get_by_role("heading", name="Durée du contrat", level=1).wait_for()
    assert page.get_by_label("Date de fin du contrat").count() == 0
    page.get_by_label("À une date choisie").check()
    page.get_by_label("Date de fin du contrat").wait_for()
    assert "est maintenant affichée" in page.locator("#annonce").inner_text()
    page.get_by_label("Date de fin du contrat").fill("2030-12-31")
    verifier_accessibilite(page, axe)
    _continuer(page)

    # The remaining pages keep their defaults, up to the measures.
    while page.get_by_role("heading", name="Mesures", level=1).count() == 0:
        _continuer(page)
        page.wait_for_load_state()
    socle = page.locator(".mesure.socle").first
    assert socle.locator(".etiquette.socle").inner_text() == "Socle"
    assert socle.get_by_label("Retenue (socle)").is_checked()
    socle.get_by_text("Voir le texte").click()
    assert socle.locator(".texte-clause").inner_text().strip()
    verifier_accessibilite(page, axe)
    _continuer(page)

    # Review screen: every answer by group, « modifier » keeps the others.
    page.get_by_role("heading", name="Relecture des réponses", level=1).wait_for()
    assert page.locator("#resume-erreurs").count() == 0, page.locator("#resume-erreurs").inner_text()
    verifier_accessibilite(page, axe)
    page.get_by_role("link", name="Modifier : Signature").click()
    page.get_by_label("Lieu de signature").fill("Le Havre (hôtel de ville)")
    page.get_by_role("button", name="Enregistrer et revenir à la relecture").click()
    page.get_by_role("heading", name="Relecture des réponses", level=1).wait_for()
    review = page.locator("main").inner_text()
    assert "Le Havre (hôtel de ville)" in review and "Vasseur" in review and "30 décembre 2030" not in review
    answers = m.Accord.objects.get(pk=accord_id).reponses
    assert answers["signature"] == {"date": "2026-12-01", "lieu": "Le Havre (hôtel de ville)"}
    assert answers["territoire"]["diagnostic"] == DIAGNOSTIC and answers["epci"] == "200084952"

    # Generate the draft: a version in the registry, a preview of the pages by LibreOffice.
    page.get_by_role("button", name="Générer le projet").click()
    page.get_by_role("heading", name=re.compile("^Version 1 \\(projet\\)")).wait_for()
    page.get_by_role("heading", name="Aperçu des pages").wait_for(timeout=120000)
    pages_shown = page.locator(".apercu-pages img")
    assert pages_shown.count() >= 3
    page.wait_for_function("() => [...document.querySelectorAll('.apercu-pages img')].slice(0, 2)"
                           ".every(i => i.complete && i.naturalWidth > 100)")
    verifier_accessibilite(page, axe)
    version = m.Version.objects.get(accord_id=accord_id, numero=1)
    assert version.origine == "web" and version.brouillon and version.reponses["commune"] == "76351"

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Télécharger \\(Word")).click()
    docx_path = tmp_path / "contrat.docx"
    download.value.save_as(docx_path)
    seen = vue(docx_path, tmp_path / "lo")
    text = "\n".join(seen["paragraphes"])
    assert "Contrat de sécurité intégrée" in text and "Mme Claire Vasseur" in text
    assert "Fait au Havre (hôtel de ville), le 1er décembre 2026" in text
    assert "csi_duree" in seen["signets"] and seen["commentaires"] > 0  # socle marked in the draft

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger en PDF").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF-")
    catalog = pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/Lang"] == "fr-FR"  # tagged for screen readers, in French

    # The agreement's page, then log out and resume the same agreement.
    page.get_by_role("link", name="Page de l'accord").click()
    assert "Version 1" in page.locator("main").inner_text()
    verifier_accessibilite(page, axe)
    page.get_by_role("button", name="Passer à « en concertation »").click()
    assert "statut : en concertation" in page.locator("main").inner_text()
    history = page.get_by_role("table", name="Historique").inner_text()
    assert "projet → en concertation" in history and "Havre" in history
    assert m.Accord.objects.get(pk=accord_id).statut == "en_concertation"
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile("/connexion/"))
    connecter(page, espace, "juriste.havre")
    page.get_by_role("link", name=re.compile("^CSI-76351-")).first.click()
    page.get_by_role("link", name="Reprendre le questionnaire").click()
    assert page.get_by_label(re.compile("^Commune signataire")).input_value() == "76351"
    page.goto(f"{espace.url}/accords/{accord_id}/questionnaire/duree/")
    assert page.get_by_label("Date de fin du contrat").input_value() == "2030-12-31"
