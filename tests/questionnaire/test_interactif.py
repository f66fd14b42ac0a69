"""The interactive questionnaire driven through a pseudo-terminal (pexpect), as a person would type.

Answers are given by question label, not by position, so that a question added to the
questionnaire does not shift every answer; unknown questions get « Entrée » (default or skip).
"""

from __future__ import annotations

import re

import pexpect
import pytest
import yaml

from generator.questionnaire.interactif import serialisable
from tests.conftest import EXEMPLE_CSI
from tests.questionnaire.terminal import ANSI, GAUCHE, Repondeur, dialoguer, lancer

def _mesure_facultative():
    from generator.bibliotheque import charger
    from generator.selection import est_retenable

    return sorted((c for c in charger().pour_type("csi") if est_retenable(c)), key=lambda c: c.id)[0]


MESURE = _mesure_facultative().id


def regles_csi(**extra) -> list:
    rules = [
        ("Code INSEE ou nom", "Les Murex" + GAUCHE + "au", 1),  # a typo fixed with the arrow keys (readline)
        ("Force de sécurité intérieure", "GENDARMERIE", None),  # a choice by its label, any case
        ("Synthèse du diagnostic", ["Hausse des violences urbaines et des rodéos motorisés.",
                                    "Les moyens de la police municipale sont insuffisants la nuit.", ""], None),
        ("Préfet ou préfète", ["madame", "Claire", "Vasseur"], None),
        ("Maire de la commune", ["2", "Anne", "Martin"], None),
        ("Procureur ou procureure", ["M.", "Luc", "Bernard"], None),
        ("Siège du tribunal judiciaire", "Versailles", None),
        ("Date de signature", "1er décembre 2026", 1),
        ("Lieu de signature", "<", 1),  # back one question: the date is asked again
        ("Date de signature", "12 octobre 2026", None),
        ("Mesures facultatives retenues", [f"voir {MESURE}", MESURE], None),
        ("et écartées", [MESURE, ""], None),
    ]
    return extra.get("avant", []) + rules


def test_questionnaire_with_going_back_french_dates_choices_and_measures(tmp_path):
    child = lancer("questionnaire", "csi", "-o", "reponses.yaml", cwd=tmp_path)
    transcript = dialoguer(child, Repondeur(regles_csi()))
    child.close()
    assert child.exitstatus == 0, transcript[-3000:]
    assert re.search(r"Question \d+ sur \d+ : Signataires", transcript)
    assert "Question 1 sur " in transcript
    assert transcript.count("Date de signature") >= 2  # asked again after « < »
    assert f"{_mesure_facultative().titre} — Mesure" in transcript  # « voir »: its status and text
    assert "est déjà retenue ; une mesure ne peut pas être à la fois retenue et écartée" in transcript
    assert "Récapitulatif de vos réponses" in transcript
    assert not (tmp_path / "reponses.partiel.yaml").exists()
    answers = yaml.safe_load((tmp_path / "reponses.yaml").read_text(encoding="utf-8"))
    assert answers["commune"] == "78440"  # « Les Mureux » corrected with the arrow keys
    assert answers["territoire"]["forces"] == "gendarmerie"
    assert answers["territoire"]["diagnostic"] == ("Hausse des violences urbaines et des rodéos motorisés.\n"
                                                   "Les moyens de la police municipale sont insuffisants la nuit.")
    assert answers["signataires"]["prefet"] == {"civilite": "Mme", "prenom": "Claire", "nom": "Vasseur"}
    assert answers["signataires"]["maire"]["civilite"] == "Mme"
    assert answers["signature"]["date"] == "2026-10-12"
    assert answers["mesures_retenues"] == [MESURE]
    assert answers["mesures_ecartees"] == []
    assert "president_epci" not in answers["signataires"]  # no EPCI: the question does not apply


def test_a_socle_measure_set_aside_with_its_reason_and_a_measure_added_in_free_text(tmp_path):
    """« 1 » is the first socle measure: set aside only with the reason asked next; then a measure the annex
    does not list, with its committing party chosen by number and a text of two paragraphs."""
    from generator.questionnaire.saisie_mesures import mesures_listees
    from generator.bibliotheque import charger

    first = mesures_listees(charger(), "csi")[0]
    assert first.obligatoire
    rules = regles_csi(avant=[
        ("et écartées", ["1", "Un dispositif équivalent fonctionne déjà dans le cadre du CLSPD."], 1),
        ("Ajouter une mesure supplémentaire", ["oui", "Brigade verte", "7", "2",
                                                "La commune crée une brigade verte.", "Elle patrouille les parcs.",
                                                "", "non"], 1),
    ])
    child = lancer("questionnaire", "csi", "-o", "reponses.yaml", cwd=tmp_path)
    transcript = dialoguer(child, Repondeur(rules))
    child.close()
    assert child.exitstatus == 0, transcript[-3000:]
    assert f"Motif pour écarter « {first.titre} »" in transcript
    answers = yaml.safe_load((tmp_path / "reponses.yaml").read_text(encoding="utf-8"))
    assert answers["mesures_ecartees"] == [
        {"id": first.id, "motif": "Un dispositif équivalent fonctionne déjà dans le cadre du CLSPD."}]
    assert answers["mesures_supplementaires"] == [{
        "titre": "Brigade verte", "partie": "collectivite",
        "texte": "La commune crée une brigade verte.\nElle patrouille les parcs."}]


def test_interrupted_questionnaire_resumes_where_it_stopped(tmp_path):
    child = lancer("questionnaire", "csi", "-o", "reponses.yaml", cwd=tmp_path)
    dialoguer(child, Repondeur(regles_csi()), arret="Préfet ou préfète")
    child.sendintr()  # Ctrl-C
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130 or child.signalstatus is not None
    assert "vos réponses sont gardées dans reponses.partiel.yaml" in ANSI.sub("", child.before)
    partial = yaml.safe_load((tmp_path / "reponses.partiel.yaml").read_text(encoding="utf-8"))
    assert partial["commune"] == "78440"
    assert "territoire.diagnostic" in partial["_reprise"]["questions_posees"]
    assert not (tmp_path / "reponses.yaml").exists()

    refused = lancer("questionnaire", "csi", "-o", "reponses.yaml", cwd=tmp_path)
    refused.expect(pexpect.EOF)
    refused.close()
    assert refused.exitstatus != 0 and "reprenez-le avec --reprendre" in refused.before

    child = lancer("questionnaire", "csi", "-o", "reponses.yaml", "--reprendre", cwd=tmp_path)
    transcript = dialoguer(child, Repondeur(regles_csi()))
    child.close()
    assert child.exitstatus == 0, transcript[-3000:]
    assert "Reprise de reponses.partiel.yaml" in transcript
    assert "Code INSEE ou nom" not in transcript.split("Récapitulatif")[0]  # not asked again
    answers = yaml.safe_load((tmp_path / "reponses.yaml").read_text(encoding="utf-8"))
    assert answers["commune"] == "78440"
    assert answers["signataires"]["prefet"]["nom"] == "Vasseur"
    assert not (tmp_path / "reponses.partiel.yaml").exists()


def test_editing_an_existing_answers_file_through_the_numbered_recap(tmp_path):
    source = tmp_path / "exemple.yaml"
    source.write_text(EXEMPLE_CSI.read_text(encoding="utf-8"), encoding="utf-8")
    child = lancer("questionnaire", "csi", "-r", "exemple.yaml", "-o", "modifie.yaml", cwd=tmp_path)
    index = child.expect([re.compile(r" : \Z"), pexpect.EOF])
    recap = ANSI.sub("", child.before)
    assert index == 0 and "Récapitulatif de vos réponses" in recap
    number = re.search(r"^\s*(\d+)\. Lieu de signature : Le Havre", recap, re.MULTILINE).group(1)
    assert re.search(r"^\s*\d+\. Commune signataire : Le Havre \(76351\)", recap, re.MULTILINE)
    child.sendline(number)
    child.expect(re.compile(r" : \Z"))
    assert "Lieu de signature" in ANSI.sub("", child.before)
    child.sendline("Fécamp")
    child.expect(re.compile(r" : \Z"))
    assert re.search(rf"^\s*{number}\. Lieu de signature : Fécamp", ANSI.sub("", child.before), re.MULTILINE)
    child.sendline("")  # save
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    edited = yaml.safe_load((tmp_path / "modifie.yaml").read_text(encoding="utf-8"))
    original = yaml.safe_load(source.read_text(encoding="utf-8"))
    assert edited["signature"]["lieu"] == "Fécamp"
    assert edited["commune"] == "76351" and edited["signataires"] == serialisable(original["signataires"])
    assert edited["mesures_retenues"] == original["mesures_retenues"]
    assert source.read_text(encoding="utf-8") == EXEMPLE_CSI.read_text(encoding="utf-8")  # -o: the source is kept


@pytest.mark.parametrize("saisie, attendu", [("1er décembre 2026", "2026-12-01"), ("12 octobre 2026", "2026-10-12"),
                                             ("le 3 MARS 2027", "2027-03-03"), ("31 février 2027", None)])
def test_french_dates(saisie, attendu):
    from generator.questionnaire.saisie import date_francaise

    parsed = date_francaise(saisie)
    assert (parsed.isoformat() if parsed else None) == attendu


def test_choices_by_number_code_or_label_ignoring_case_and_accents():
    from generator.questionnaire.saisie import choisir

    choix = {"recteur": "Recteur ou rectrice d'académie", "dasen": "Directeur académique des services"}
    assert choisir(choix, "2") == "dasen"
    assert choisir(choix, "DASEN") == "dasen"
    assert choisir(choix, "recteur ou rectrice d'academie") == "recteur"
    assert choisir(choix, "3") is None and choisir(choix, "préfet") is None
