"""The contrat local de sécurité, generated as a user would."""

import copy
import io

import docx
import pytest

from generator.bibliotheque import charger
from generator.erreurs import ReponsesInvalides
from generator.generation import generer
from generator.lecture import lire_yaml
from generator.oxml import noms_signets
from tests.conftest import RACINE, blocs_par_cle, lancer_cli, texte_du_bloc
from tests.libreoffice import vue

EXEMPLE = lire_yaml(RACINE / "data" / "exemples" / "cls-le-havre.yaml")


@pytest.fixture(scope="module")
def contrat():
    return generer("cls", copy.deepcopy(EXEMPLE))


def test_every_requirement_of_the_circular_maps_to_a_socle_clause():
    clauses = charger().pour_type("cls")
    assert sorted(c.mesure for c in clauses if c.mesure) == [f"R{i}" for i in range(1, 10)]
    assert all(c.obligatoire for c in clauses if c.mesure)


def test_one_article_per_fiche_action_with_pilot_partners_timetable_and_indicators(contrat):
    blocs = blocs_par_cle(contrat)
    fiches = [blocs[f"cls_fiche_action_{i}"] for i in (1, 2, 3)]
    assert fiches[0].titre == "Fiche-action n° 1 – Prévention des conduites addictives chez les jeunes"
    first = texte_du_bloc(fiches[0])
    assert "Ville du Havre, direction de la prévention" in first
    assert "Agence régionale de santé" in first
    assert "de janvier 2027 à décembre 2029" in first
    assert "nombre de jeunes sensibilisés" in first
    numbers = [b.numero for b in fiches]
    assert numbers == list(range(numbers[0], numbers[0] + 3))


def test_actions_are_broken_down_by_sector(contrat):
    table = [p for p in blocs_par_cle(contrat)["cls_declinaison_secteurs"].paragraphes if p.style == "tableau"]
    rows = {row.cellules[0]: row.cellules[1] for row in table[1:]}
    assert set(rows) == {"Centre-ville", "Quartiers sud", "Caucriauville"}
    assert "Tranquillité du centre-ville en soirée" in rows["Centre-ville"]
    assert "Prévention des conduites addictives" not in rows["Centre-ville"]
    assert all("Accompagnement des mineurs" in cell for cell in rows.values())  # no sector = every sector


def test_steering_committee_chaired_by_the_delegated_sous_prefet(contrat):
    text = texte_du_bloc(blocs_par_cle(contrat)["cls_comite_pilotage"])
    assert "le sous-préfet du Havre, par délégation de la préfète de la région Normandie, préfète de la Seine-Maritime" in text
    assert "chaque trimestre" in text


def test_the_whole_circonscription_is_covered(contrat):
    text = texte_du_bloc(blocs_par_cle(contrat)["cls_perimetre"])
    assert "circonscription de police nationale du Havre" in text
    assert "contrat local de sécurité de Montivilliers et d'Harfleur du 3 mars 2025" in text


def test_socle_clauses_are_marked_and_bookmarked(contrat):
    socle = {b.cle for b in contrat.document.blocs() if b.socle}
    assert {"cls_comite_pilotage", "cls_diagnostic", "cls_plan_action", "cls_tableaux_de_bord", "cls_communication",
            "cls_reunions_bilan", "cls_declinaison_secteurs", "cls_perimetre", "cls_bilan_annuel"} == socle
    word = docx.Document(io.BytesIO(contrat.contenu))
    assert len(list(word.comments)) == len(socle)
    assert {b.cle for b in contrat.document.blocs()} <= set(noms_signets(word.element.body))


def test_a_fiche_naming_an_unknown_sector_is_refused():
    answers = copy.deepcopy(EXEMPLE)
    answers["fiches"][0]["secteurs"] = ["Quartier inconnu"]
    with pytest.raises(ReponsesInvalides) as err:
        generer("cls", answers)
    assert "fiches[1].secteurs[1]" in str(err.value)
    answers = copy.deepcopy(EXEMPLE)
    del answers["fiches"][1]["pilote"]
    with pytest.raises(ReponsesInvalides) as err:
        generer("cls", answers)
    assert "fiches[2].pilote : réponse obligatoire" in str(err.value)


def test_libreoffice_opens_the_example_cls(tmp_path):
    done = lancer_cli("exemple", "cls", "-o", str(tmp_path / "r.yaml"))
    assert done.returncode == 0
    done = lancer_cli("generer", "cls", "-r", str(tmp_path / "r.yaml"), "-o", str(tmp_path / "cls.docx"))
    assert done.returncode == 0, done.stderr
    seen = vue(tmp_path / "cls.docx", tmp_path)
    assert "cls_fiche_action_3" in seen["signets"]
    assert any("Fiche-action n° 2 – Accompagnement des mineurs en voie de déscolarisation" in p for p in seen["paragraphes"])
    assert seen["commentaires"] == 9


def test_questionnaire_asks_communes_and_fiches_one_by_one_in_french(tmp_path):
    from tests.questionnaire.terminal import Repondeur, dialoguer, lancer

    rules = [
        ("Communes couvertes", ["Le Havre", "76341", ""], None),  # one by one (name or INSEE code), empty to end
        ("Nom de la circonscription", "circonscription de sécurité publique du Havre", None),
        ("Synthèse du diagnostic", ["Le diagnostic montre une hausse des atteintes aux biens dans le centre-ville en soirée.", ""], None),
        ("Secteurs ou quartiers du contrat", ["Centre-ville", "Quartiers sud", ""], None),
        ("Maires des communes", "non", None),
        ("Fiches-actions", "oui", 1),
        ("Intitulé de l'action", "Tranquillité du centre", None),
        ("Thème", "tranquillite", None),
        ("Objectif de l'action", ["Réduire les nuisances nocturnes.", ""], None),
        ("Pilote de l'action", "Police nationale", None),
        ("Partenaires", ["Police municipale", ""], None),
        ("Secteurs concernés", ["Centre-ville", ""], None),
        ("Calendrier", "de 2027 à 2029", None),
        ("Indicateurs de suivi", ["faits constatés en soirée", ""], None),
        ("Ajouter un élément (1 déjà", "non", None),  # no other fiche
        ("Préfet ou préfète", ["Mme", "Claire", "Vasseur"], None),
        ("Procureur ou procureure", ["M.", "Antoine", "Delorme"], None),
        ("Siège du tribunal judiciaire", "Le Havre", None),
        ("Date de signature", "2027-01-15", None),
    ]
    child = lancer("questionnaire", "cls", "-o", "r.yaml", cwd=tmp_path)
    transcript = dialoguer(child, Repondeur(rules))
    child.close()
    assert child.exitstatus == 0, transcript[-3000:]
    out = tmp_path / "r.yaml"
    import yaml

    answers = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert answers["communes"] == ["76351", "76341"]
    assert answers["fiches"][0]["secteurs"] == ["Centre-ville"]
    assert answers["fiches"][0]["indicateurs"] == ["faits constatés en soirée"]
    done = lancer_cli("generer", "cls", "-r", str(out), "-o", str(tmp_path / "cls.docx"))
    assert done.returncode == 0, done.stderr
