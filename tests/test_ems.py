"""The état-major de sécurité documents: arrêté, meeting record, semestrial report."""

import io

import docx
import pytest

from generator.erreurs import ReponsesInvalides
from generator.generation import generer
from tests.conftest import blocs_par_cle, lancer_cli, reponses_exemple, texte_du_bloc
from tests.libreoffice import convertir


def test_the_arrete_is_in_french_administrative_form():
    result = generer("ems-arrete", reponses_exemple("ems-arrete-seine-maritime.yaml"))
    text = result.document.texte()
    assert "PRÉFÈTE DE LA SEINE-MARITIME" in text and text.count("LA PRÉFÈTE") >= 1
    assert "ARRÊTE :" in text
    assert "Article 1er – " in text
    assert "TITRE" not in text
    blocs = blocs_par_cle(result)
    assert "procureur de la République près le tribunal judiciaire de Rouen" in texte_du_bloc(blocs["ems_arrete_presidence"])
    members = texte_du_bloc(blocs["ems_arrete_membres"])
    for member in ("police nationale", "gendarmerie", "éducation nationale", "finances publiques", "douanes"):
        assert member in members
    assert "chaque mois" in texte_du_bloc(blocs["ems_arrete_reunions"])
    assert "« stupéfiants »" in texte_du_bloc(blocs["ems_arrete_formations"])
    assert result.document.annexe == []  # an arrêté has no summary table
    [signataire] = result.document.signataires
    assert signataire.qualite.startswith("La préfète") and "Seine-Maritime" in signataire.qualite


def test_gendarmerie_only_departement_has_no_police_member():
    answers = reponses_exemple("ems-arrete-seine-maritime.yaml")
    answers["forces"] = "gendarmerie"
    members = texte_du_bloc(blocs_par_cle(generer("ems-arrete", answers))["ems_arrete_membres"])
    assert "police nationale" not in members and "gendarmerie" in members


def test_meeting_record_has_one_section_per_item_with_its_decisions():
    result = generer("ems-releve", reponses_exemple("ems-reunion-seine-maritime.yaml"))
    blocs = blocs_par_cle(result)
    assert blocs["ems_releve_point_1"].intitule == "I. – Bilan de la délinquance de l'année 2026"
    first = texte_du_bloc(blocs["ems_releve_point_1"])
    assert "violences intrafamiliales" in first and "4 février 2027" in first
    assert not blocs["ems_releve_entete"].socle
    assert "s'est réuni le 7 janvier 2027" in texte_du_bloc(blocs["ems_releve_entete"])


def test_semestrial_report_counts_the_meetings_of_the_half_year():
    result = generer("ems-bilan", reponses_exemple("ems-bilan-seine-maritime.yaml"))
    blocs = blocs_par_cle(result)
    count = texte_du_bloc(blocs["ems_bilan_nombre"])
    assert "6" in count or "six" in count  # 6 meetings between January and June, the July one excluded
    table = [p.cellules for p in blocs["ems_bilan_reunions"].paragraphes if p.style == "tableau"]
    assert len(table) == 1 + 6
    assert "mai" in texte_du_bloc(blocs["ems_bilan_ecarts"])


def test_second_half_year_and_a_malformed_meetings_file(tmp_path):
    answers = reponses_exemple("ems-bilan-seine-maritime.yaml")
    answers["semestre"]["numero"] = "2"
    blocs = blocs_par_cle(generer("ems-bilan", answers))
    table = [p.cellules for p in blocs["ems_bilan_reunions"].paragraphes if p.style == "tableau"]
    assert len(table) == 1 + 1
    bad = tmp_path / "reunions.csv"
    bad.write_text("date;formation;objet\n08/01/2026;plénière;ok\n31/13/2026;plénière;mauvaise date\n", encoding="utf-8")
    answers["reunions_fichier"] = str(bad)
    with pytest.raises(ReponsesInvalides) as err:
        generer("ems-bilan", answers)
    assert f"{bad}, ligne 3 : date invalide" in str(err.value)


@pytest.mark.parametrize("type_document", ["ems-arrete", "ems-ordre-du-jour", "ems-releve", "ems-bilan"])
def test_every_example_generates_from_any_folder_and_libreoffice_opens_it(type_document, tmp_path):
    done = lancer_cli("exemple", type_document, "-o", "r.yaml", cwd=tmp_path)
    assert done.returncode == 0
    done = lancer_cli("generer", type_document, "-r", "r.yaml", "-o", "d.docx", "--final", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    word = docx.Document(io.BytesIO((tmp_path / "d.docx").read_bytes()))
    assert len(list(word.comments)) == 0
    assert convertir(tmp_path / "d.docx", "pdf", tmp_path).stat().st_size > 1000


def test_modeles_lists_every_document_type():
    done = lancer_cli("modeles")
    for name in ("csi", "clcs", "cls", "ems-arrete", "ems-ordre-du-jour", "ems-releve", "ems-bilan", "padrsq"):
        assert name in done.stdout
