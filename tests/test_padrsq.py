"""The plan d'action départemental de restauration de la sécurité quotidienne, built from indicators."""

import copy
import io

import docx
import pytest
from lxml import etree

from generator.erreurs import ReponsesInvalides
from generator.generation import generer
from generator.indicateurs import lire, repartition
from generator.lecture import lire_yaml
from tests.conftest import RACINE, lancer_cli
from tests.libreoffice import convertir

EXEMPLE = lire_yaml(RACINE / "data" / "exemples" / "padrsq-seine-maritime.yaml")


@pytest.fixture(scope="module")
def plan():
    return generer("padrsq", copy.deepcopy(EXEMPLE))


def test_indicators_are_aggregated_by_offence_place_and_time_slot():
    rows, problems = lire("exemples/padrsq-indicateurs.csv", "indicateurs_fichier")
    assert problems == [] and len(rows) == 15
    by_offence = repartition(rows, "infraction")
    assert by_offence[0]["libelle"] == "cambriolages de logements"
    assert by_offence[0]["valeur"] == 388
    assert sum(line["valeur"] for line in by_offence) == 1203


def test_the_plan_has_the_five_components_and_reports_on_the_circulars_instructions(plan):
    text = plan.document.texte()
    for heading in ("DIAGNOSTIC TERRITORIAL", "RÉSULTATS CONCRETS", "MODES D'ACTION", "MOBILISATION DU CONTINUUM",
                    "DIALOGUE CONSTANT", "MISE EN ŒUVRE DES INSTRUCTIONS DE LA CIRCULAIRE", "SUIVI ET AJUSTEMENTS"):
        assert heading in text
    assert "1\u202f203" in text or "1 203" in text.replace("\xa0", " ")
    assert "uartiers sud du Havre" in text  # zone table (first letter capitalised)
    # the five components P1-P5 of the circular, and nothing else, in the summary table
    assert [line.code for line in plan.document.annexe if line.code != "—"] == ["P1", "P2", "P3", "P4", "P5"]
    assert {line.statut for line in plan.document.annexe} == {"Composante traitée"}
    # a plan is not a contract: no socle label
    assert not [b.cle for b in plan.document.blocs() if b.socle]
    # the bimonthly meeting is the national follow-up; the departmental relay sits in an existing body
    suivi = "\n".join(p.texte for p in next(b for b in plan.document.blocs() if b.cle == "padrsq_suivi").paragraphes)
    assert "réunion bimestrielle prévue par la circulaire" in suivi and "y rend compte" in suivi
    assert "au sein de l'état-major de sécurité" in suivi
    assert "présidée par" not in suivi


def test_charts_are_embedded_as_images(plan):
    word = docx.Document(io.BytesIO(plan.contenu))
    assert len(word.inline_shapes) == 3


def test_libreoffice_renders_the_charts(plan, tmp_path):
    path = tmp_path / "padrsq.docx"
    path.write_bytes(plan.contenu)
    flat = convertir(path, "fodt", tmp_path)
    frames = etree.parse(str(flat)).findall(".//{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}image")
    assert len(frames) == 3
    assert convertir(path, "pdf", tmp_path).stat().st_size > 20_000


def test_a_malformed_indicator_row_is_named(tmp_path):
    bad = tmp_path / "indicateurs.csv"
    bad.write_text("infraction;lieu;periode;tranche_horaire;nombre\nvols;Rouen;2025-T1;nuit;12\nvols;Rouen;2025-T2;nuit;douze\n"
                   "vols;;2025-T2;nuit;3\n", encoding="utf-8")
    answers = copy.deepcopy(EXEMPLE)
    answers["indicateurs_fichier"] = str(bad)
    with pytest.raises(ReponsesInvalides) as err:
        generer("padrsq", answers)
    message = str(err.value)
    assert f"{bad}, ligne 3 : « nombre » doit être un entier positif (valeur : 'douze')" in message
    assert f"{bad}, ligne 4 : valeur manquante (lieu)" in message


def test_example_generates_from_any_folder(tmp_path):
    assert lancer_cli("exemple", "padrsq", "-o", "p.yaml", cwd=tmp_path).returncode == 0
    done = lancer_cli("generer", "padrsq", "-r", "p.yaml", "-o", "p.docx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
