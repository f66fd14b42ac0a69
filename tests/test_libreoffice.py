"""The example CSI, opened by a real client: LibreOffice headless."""

import docx
import pytest
from pypdf import PdfReader

from generator.generation import generer_fichier
from generator.oxml import noms_signets
from tests.conftest import EXEMPLE_CSI
from tests.libreoffice import convertir, vue


@pytest.fixture(scope="module")
def contrat(tmp_path_factory):
    folder = tmp_path_factory.mktemp("csi")
    output = folder / "contrat-csi.docx"
    result = generer_fichier("csi", EXEMPLE_CSI, output)
    return folder, output, result


@pytest.fixture(scope="module")
def texte_pdf(contrat):
    folder, output, _ = contrat
    reader = PdfReader(convertir(output, "pdf", folder / "pdf"))
    assert len(reader.pages) > 5
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_pdf_names_the_parties_and_the_date(texte_pdf):
    assert "RÉPUBLIQUE FRANÇAISE" in texte_pdf
    assert "Préfecture de la Seine-Maritime" in texte_pdf
    assert "La commune du Havre, représentée par son maire, M. Étienne Lemaire" in texte_pdf
    assert "L'État, représenté par la préfète de la région Normandie, préfète de la Seine-Maritime, Mme Claire Vasseur" in texte_pdf
    assert "procureur de la République près le tribunal judiciaire du Havre" in texte_pdf
    assert "La communauté urbaine Le Havre Seine Métropole" in texte_pdf
    assert "Il est convenu ce qui suit" in texte_pdf
    assert "Fait au Havre, le 1er décembre 2026" in texte_pdf


def test_pdf_contains_every_socle_measure(contrat, texte_pdf):
    _, _, result = contrat
    socle = [b for b in result.document.blocs() if b.socle]
    assert len(socle) >= 24
    for bloc in socle:
        heading = " ".join(bloc.intitule.split())
        assert heading in texte_pdf, heading


def test_libreoffice_loads_bookmarks_comments_tables_and_no_tracked_change(contrat, tmp_path):
    _, output, result = contrat
    seen = vue(output, tmp_path)
    assert [n for n in seen["signets"] if n != "annexe_recapitulatif"] == [b.cle for b in result.document.blocs()]
    assert seen["commentaires"] == sum(1 for b in result.document.blocs() if b.socle)
    assert seen["modifications"] == 0
    assert seen["tableaux"] >= 3  # evaluation indicators, signatures, annex summary
    assert seen["titre"] == "Contrat de sécurité intégrée – Le Havre"
    assert "Il est convenu ce qui suit :" in seen["paragraphes"]


def test_bookmarks_survive_a_libreoffice_round_trip(contrat, tmp_path):
    _, output, result = contrat
    again = convertir(output, "docx:MS Word 2007 XML", tmp_path / "aller-retour")
    # LibreOffice 7.4 writes each bookmark twice on export (a collapsed copy): compare unique names in order.
    names = list(dict.fromkeys(noms_signets(docx.Document(str(again)).element.body)))
    assert [n for n in names if n != "annexe_recapitulatif"] == [b.cle for b in result.document.blocs()]


def test_final_version_has_no_comment_for_libreoffice(tmp_path):
    output = tmp_path / "final.docx"
    generer_fichier("csi", EXEMPLE_CSI, output, brouillon=False)
    seen = vue(output, tmp_path)
    assert seen["commentaires"] == 0
    assert not any("mesure du socle obligatoire" in p for p in seen["paragraphes"])
    assert any("Récapitulatif des mesures" in p for p in seen["paragraphes"])
