"""The example CSI, opened by a real client: LibreOffice headless."""

import pytest
from pypdf import PdfReader

from generator.bibliotheque import charger
from generator.generation import generer_fichier
from tests.conftest import EXEMPLE_CSI, convertir_en_pdf, inspecter_avec_libreoffice


@pytest.fixture(scope="module")
def contrat(tmp_path_factory):
    folder = tmp_path_factory.mktemp("csi")
    output = folder / "contrat-csi.docx"
    result = generer_fichier("csi", EXEMPLE_CSI, output)
    return folder, output, result


@pytest.fixture(scope="module")
def texte_pdf(contrat):
    folder, output, _ = contrat
    pdf = convertir_en_pdf(output, folder)
    reader = PdfReader(pdf)
    assert len(reader.pages) > 5
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_pdf_names_the_parties_and_the_date(texte_pdf):
    assert "RÉPUBLIQUE FRANÇAISE" in texte_pdf
    assert "Préfecture de la Seine-Maritime" in texte_pdf
    assert "la commune du Havre" in texte_pdf.replace("La commune du Havre", "la commune du Havre")
    assert "Mme Claire Vasseur" in texte_pdf
    assert "M. Étienne Lemaire" in texte_pdf
    assert "procureur de la République près le tribunal judiciaire du Havre" in texte_pdf
    assert "Il est convenu ce qui suit" in texte_pdf
    assert "Fait au Havre, le 1er décembre 2026" in texte_pdf


def test_pdf_contains_every_socle_measure(contrat, texte_pdf):
    _, _, result = contrat
    socle = [b for b in result.document.blocs() if b.socle]
    assert socle
    for bloc in socle:
        heading = " ".join(bloc.intitule.split())
        assert heading in texte_pdf, heading


def test_libreoffice_sees_bookmarks_comments_and_no_tracked_change(contrat):
    _, output, result = contrat
    seen = inspecter_avec_libreoffice(output)
    expected = {b.cle for b in result.document.blocs()}
    assert expected <= set(seen["signets"])
    assert seen["commentaires"] == sum(1 for b in result.document.blocs() if b.socle)
    assert seen["modifications"] == 0
    assert seen["tableaux"] >= 2  # signatures and annex summary
    assert seen["titre"] == "Contrat de sécurité intégrée – Le Havre"


def test_bookmarks_survive_a_libreoffice_round_trip(contrat, tmp_path):
    _, output, result = contrat
    again = tmp_path / "aller-retour.docx"
    inspecter_avec_libreoffice(output, aller_retour=again)
    import docx

    from generator.oxml import noms_signets

    names = set(noms_signets(docx.Document(str(again)).element.body))
    assert {b.cle for b in result.document.blocs()} <= names
    assert set(charger().clauses) & names
