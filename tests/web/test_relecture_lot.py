"""In the browser: a reviewed Word document with a tracked change inside a socle clause raises
the alert, by article, with the table of observations; two versions are compared; a batch of
five rows, one bad, gives four documents and names the bad row and column; another service's
user gets a 404 page; axe-core checks each page."""

from __future__ import annotations

import io
import json
import re
import zipfile

import docx
import pytest
import yaml
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from generator import chemins
from tests.web.conftest import connecter
from tests.web.navigateur import verifier_accessibilite

EXEMPLE_CSI = chemins.data() / "exemples" / "csi-le-havre.yaml"
EXEMPLE_CLCS = yaml.safe_load((chemins.data() / "exemples" / "clcs-vatine.yaml").read_text(encoding="utf-8"))
COLONNES = ["zone.nom", "zone.nature", "zone.communes", "zone.perimetre", "zone.risques", "forces",
            "police_municipale", "donneurs_ordre", "signature.date"]
PERIMETRE = "Le périmètre comprend les voies internes de la zone et ses parcs de stationnement."


def _reponses_exemple() -> dict:
    return json.loads(json.dumps(yaml.safe_load(EXEMPLE_CSI.read_text(encoding="utf-8")), default=str))


def _socle_modifie(contenu: bytes) -> bytes:
    """The generated draft as a partner returns it: a tracked deletion in the video-protection clause (socle)."""
    word = docx.Document(io.BytesIO(contenu))
    start = next(b for b in word.element.body.iter(qn("w:bookmarkStart"))
                 if b.get(qn("w:name")) == "csi_coll_sec_videoprotection")
    paragraph = start.getparent().getnext()
    run = paragraph.find(qn("w:r"))
    run.find(qn("w:t")).tag = qn("w:delText")
    wrapper = parse_xml(f'<w:del {nsdecls("w")} w:id="9001" w:author="Mairie du Havre" '
                        'w:date="2027-01-05T10:00:00Z"/>')
    run.addprevious(wrapper)
    wrapper.append(run)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def accord_genere(espace):
    from generator.registre import models as m
    from generator.web import travail
    from generator.registre.services import creer_accord

    havre = m.Service.objects.get(nature="commune", code="76351")
    accord = creer_accord("csi", service=havre, auteur="Juriste du Havre")
    accord.reponses = _reponses_exemple()
    accord.save()
    travail.generer(accord, brouillon=True, auteur="Juriste du Havre", service=havre)
    accord.refresh_from_db()
    return accord


def test_relecture_alerte_socle_par_article_et_tableau_des_observations(espace, page, axe, accord_genere, tmp_path):
    from openpyxl import load_workbook

    from generator.registre.services.versions import lire_fichier

    accord = accord_genere
    reviewed = tmp_path / "contrat-relu.docx"
    reviewed.write_bytes(_socle_modifie(lire_fichier(accord.versions.get(numero=1))))
    connecter(page, espace, "juriste.havre")
    page.goto(f"{espace.url}/accords/{accord.pk}/")
    verifier_accessibilite(page, axe)
    page.get_by_label("Document relu (.docx)").set_input_files(str(reviewed))
    page.get_by_role("button", name="Analyser la relecture").click()

    alert = page.get_by_role("alert")
    assert "1 alerte : clause du socle modifiée" in alert.inner_text()
    assert "Extension de la vidéoprotection" in alert.inner_text()
    first = page.locator("main section.carte").first
    heading = first.get_by_role("heading").inner_text()
    assert re.match(r"^Article \d+ – Extension de la vidéoprotection", heading) and "Socle" in heading
    assert "suppression (Mairie du Havre)" in first.inner_text()
    verifier_accessibilite(page, axe)

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le tableau des observations (Excel)").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0] == ["Article", "Observation", "Auteur", "Réponse proposée"]
    assert rows[1][0].startswith("Article") and rows[1][0].endswith("(socle)") and rows[1][2] == "Mairie du Havre"
    assert rows[1][1].startswith("suppression : ")

    page.goto(f"{espace.url}/accords/{accord.pk}/")
    assert "statut : relu" in page.locator("main").inner_text()  # a review read back moves the agreement on


def test_comparer_deux_versions_donne_des_modifications_suivies(espace, page, accord_genere):
    from generator.web import travail

    accord = accord_genere
    accord.reponses["engagements"]["etat"]["effectifs_supplementaires"] = 40
    accord.save()
    travail.generer(accord, brouillon=False, auteur="Juriste du Havre", service=accord.service)
    connecter(page, espace, "juriste.havre")
    page.goto(f"{espace.url}/accords/{accord.pk}/")
    count = accord.versions.count()
    page.get_by_label("Ancienne version").select_option(str(count - 1))
    page.get_by_label("Nouvelle version").select_option(str(count))
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("^Télécharger la comparaison")).click()
    with zipfile.ZipFile(download.value.path()) as archive:
        body = archive.read("word/document.xml").decode()
    assert "<w:ins " in body and "<w:del " in body and ">40<" in body.replace(" ", "")


def test_lot_de_cinq_lignes_dont_une_fautive(espace, page, axe, tmp_path):
    from openpyxl import Workbook

    rows = [[f"Zone d'activités n° {i}", "zone_mixte", "76351", PERIMETRE, "vols de fret", "police", "oui",
             "Logistique Normande", "15/12/2026"] for i in range(1, 6)]
    rows[2][2] = "99999"  # row 4 of the sheet: unknown commune
    book = Workbook()
    book.active.append(COLONNES)
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "zones.xlsx")
    shared = {k: EXEMPLE_CLCS[k] for k in ("prestataires", "duree", "organismes") if k in EXEMPLE_CLCS}
    shared["signataires"] = {k: v for k, v in EXEMPLE_CLCS["signataires"].items() if k not in ("maires", "deliberations")}
    (tmp_path / "communs.yaml").write_text(yaml.safe_dump(shared, allow_unicode=True), encoding="utf-8")

    connecter(page, espace, "juriste.prefecture")
    page.get_by_role("link", name="Production en lot").click()
    verifier_accessibilite(page, axe)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Modèle Excel — Convention locale")).click()
    assert download.value.path().read_bytes().startswith(b"PK")
    page.get_by_label("Type de document").select_option("clcs")
    page.get_by_label("Tableau rempli (.xlsx ou .csv)").set_input_files(str(tmp_path / "zones.xlsx"))
    page.get_by_label(re.compile("^Réponses communes")).set_input_files(str(tmp_path / "communs.yaml"))
    page.get_by_role("button", name="Vérifier le tableau").click()

    page.get_by_text("5 lignes vérifiées : 4 valides, 1 en erreur.").wait_for(timeout=60000)
    errors = page.get_by_role("table").inner_text()
    assert re.search(r"ligne 4, colonne « zone\.communes » \(valeur : « 99999 »\)", errors), errors
    verifier_accessibilite(page, axe)
    page.get_by_role("button", name="Lancer la production des 4 lignes valides").click()
    page.get_by_role("heading", name="Production en cours").or_(page.get_by_role("heading", name="Résultat")).wait_for()
    page.get_by_role("heading", name="Résultat").wait_for(timeout=180000)
    verifier_accessibilite(page, axe)

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger les documents (ZIP)").click()
    with zipfile.ZipFile(download.value.path()) as archive:
        names = archive.namelist()
    assert len([n for n in names if n.endswith(".docx")]) == 4 and len([n for n in names if n.endswith(".pdf")]) == 4
    assert "manifeste.csv" in names
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le dossier PDF").click()
    assert download.value.path().read_bytes().startswith(b"%PDF-")
    manifest = page.get_by_role("table", name="Manifeste du lot").inner_text()
    assert manifest.count("généré") == 4 and "erreur" in manifest
    # Each document of the batch is a version in the registry, owned by the service that launched it.
    from generator.registre import models as m
    versions = m.Version.objects.filter(origine="lot")
    assert versions.count() == 4
    assert {v.accord.service.code for v in versions} == {"76"}
    assert {v.accord.zone for v in versions} == {f"Zone d'activités n° {i}" for i in (1, 2, 4, 5)}

    # Another service's user: the batch and its files are a 404 page.
    lot_url = page.url
    page.get_by_role("button", name="Se déconnecter").click()
    connecter(page, espace, "juriste.havre")
    response = page.goto(lot_url)
    assert response.status == 404
    assert page.goto(lot_url + "zip/").status == 404


def test_pages_de_consultation_accessibles(espace, page, axe, accord_genere):
    connecter(page, espace, "juriste.havre")
    for path in ("/", "/bibliotheque/", "/bibliotheque/csi/", "/bibliotheque/clause/csi_coll_sec_videoprotection/",
                 "/tableau-de-bord/", f"/accords/{accord_genere.pk}/revue/",
                 f"/accords/{accord_genere.pk}/questionnaire/mesures/"):
        response = page.goto(espace.url + path)
        assert response.status == 200, path
        verifier_accessibilite(page, axe)
    # another service's user sees a 404 page for this agreement
    page.get_by_role("button", name="Se déconnecter").click()
    connecter(page, espace, "juriste.rouen")
    assert page.goto(f"{espace.url}/accords/{accord_genere.pk}/").status == 404
