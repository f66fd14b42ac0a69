"""The command line, as a user runs it."""

import json

import docx
import yaml

from tests.conftest import EXEMPLE_CSI, lancer_cli


def test_exemple_prints_a_complete_answers_file_that_generates(tmp_path):
    done = lancer_cli("exemple", "csi")
    assert done.returncode == 0
    answers = yaml.safe_load(done.stdout)
    assert answers["type"] == "csi" and answers["commune"] == "76351"
    (tmp_path / "r.yaml").write_text(done.stdout, encoding="utf-8")
    done = lancer_cli("generer", "csi", "-r", "r.yaml", "-o", "sortie/contrat.docx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Document écrit : sortie/contrat.docx" in done.stdout
    assert docx.Document(str(tmp_path / "sortie" / "contrat.docx")).paragraphs


def test_invalid_answers_are_all_listed_in_french_with_exit_code_3(tmp_path):
    answers = yaml.safe_load(EXEMPLE_CSI.read_text(encoding="utf-8"))
    answers["commune"] = "Saint-Denis"
    answers["signature"]["date"] = "demain"
    del answers["signataires"]["maire"]
    path = tmp_path / "reponses.yaml"
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    done = lancer_cli("generer", "csi", "-r", str(path), "-o", str(tmp_path / "x.docx"))
    assert done.returncode == 3
    assert done.stderr.startswith(f"Erreur : {path} : ")
    assert "commune : 'Saint-Denis' désigne plusieurs communes" in done.stderr
    assert "signature.date : date invalide" in done.stderr
    assert "signataires.maire.nom : réponse obligatoire" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.docx").exists()


def test_malformed_yaml_names_the_line(tmp_path):
    path = tmp_path / "casse.yaml"
    path.write_text("type: csi\ncommune: [76351\n", encoding="utf-8")
    done = lancer_cli("generer", "csi", "-r", str(path), "-o", str(tmp_path / "x.docx"))
    assert done.returncode == 5
    assert f"Erreur : {path}, ligne" in done.stderr
    assert "YAML invalide" in done.stderr


def test_missing_file_and_unknown_type(tmp_path):
    done = lancer_cli("generer", "csi", "-r", str(tmp_path / "absent.yaml"), "-o", "x.docx")
    assert done.returncode == 5 and "fichier introuvable" in done.stderr
    done = lancer_cli("exemple", "cls-inexistant")
    assert done.returncode == 2 and "type de document inconnu : 'cls-inexistant'" in done.stderr


def test_clauses_lister_json_and_obligatoires():
    done = lancer_cli("clauses", "lister", "--type", "csi", "--format", "json")
    assert done.returncode == 0
    items = json.loads(done.stdout)
    assert {"id", "types", "titre", "obligatoire", "source", "texte"} <= set(items[0])
    done = lancer_cli("clauses", "lister", "--type", "csi", "--obligatoires", "--format", "json")
    socle = json.loads(done.stdout)
    assert socle and all(c["obligatoire"] or c["obligatoire_si"] for c in socle)
    assert len(socle) < len(items)


def test_clauses_verifier_passes():
    done = lancer_cli("clauses", "verifier")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Bibliothèque valide")


def _regles_mureaux(forces="police", signature="2027-01-15", duree=None, ecartees=None) -> list:
    """Answers by question label for the CSI questionnaire: Les Mureaux, no EPCI, no optional signatory."""
    rules = [
        ("Code INSEE ou nom", "Les Mureaux", 1),
        ("Force de sécurité intérieure", forces, None),
        ("Quartiers prioritaires", ["Cinq Quartiers", ""], None),
        ("Synthèse du diagnostic", ["Hausse des violences urbaines et des rodéos motorisés dans les quartiers prioritaires.", ""], None),
        ("Préfet ou préfète", ["M.", "Jean", "Dupont"], None),
        ("Maire de la commune", ["Mme", "Anne", "Martin"], None),
        ("Procureur ou procureure", ["M.", "Luc", "Bernard"], None),
        ("Siège du tribunal judiciaire", "Versailles", None),
        ("Date de signature", signature, None),
        ("Renfort d'effectifs", "10", None),
        ("Effectif actuel de la police municipale", "20", None),
        ("Effectif cible de la police municipale", "30", None),
    ]
    if duree:
        rules += [("Terme du contrat", duree[0], None), ("Date de fin du contrat", duree[1], None)]
    if ecartees:
        rules.append(("et écartées", ecartees, None))
    return rules


def test_questionnaire_runs_interactively_and_saves(tmp_path):
    from tests.questionnaire.terminal import Repondeur, dialoguer, lancer

    child = lancer("questionnaire", "csi", "-o", "reponses.yaml", cwd=tmp_path)
    transcript = dialoguer(child, Repondeur(_regles_mureaux()))
    child.close()
    assert child.exitstatus == 0, transcript[-3000:]
    out = tmp_path / "reponses.yaml"
    answers = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert answers["commune"] == "78440"
    assert answers["signataires"]["maire"]["nom"] == "Martin"
    assert answers["engagements"]["commune"]["policiers_municipaux_actuels"] == 20
    assert answers["signature"]["date"] == "2027-01-15"
    done = lancer_cli("generer", "csi", "-r", str(out), "-o", str(tmp_path / "c.docx"))
    assert done.returncode == 0, done.stderr


def test_dropping_a_socle_measure_interactively_is_refused_with_the_reason(tmp_path):
    # "1" picks the first listed measure, a socle one: without a reason it is refused, then nothing is dropped.
    from tests.questionnaire.terminal import Repondeur, dialoguer, lancer

    rules = _regles_mureaux("gendarmerie", "15/01/2027", ("date", "2031-12-31"), ["1", ""])
    child = lancer("questionnaire", "csi", "-o", "reponses.yaml", cwd=tmp_path)
    transcript = dialoguer(child, Repondeur(rules))
    child.close()
    assert child.exitstatus == 0, transcript[-3000:]
    assert "Impossible : « " in transcript
    assert "mesure du socle à étudier" in transcript and "ne peut être écartée qu'avec un motif" in transcript
    answers = yaml.safe_load((tmp_path / "reponses.yaml").read_text(encoding="utf-8"))
    assert answers["mesures_ecartees"] == []
    assert answers["duree"] == {"fin": "date", "date_fin": "2031-12-31"}


def test_usage_errors_are_in_french():
    done = lancer_cli("generer", "csi")
    assert done.returncode == 2
    assert done.stderr.strip() == "Erreur : option obligatoire manquante : -o / --sortie"
    done = lancer_cli("clauses", "lister", "--format", "xml")
    assert "attendu l'une de : 'texte', 'json'" in done.stderr
    done = lancer_cli("generr")
    assert "commande inconnue : generr" in done.stderr
    help_text = lancer_cli("generer", "--aide").stdout
    assert help_text.startswith("Utilisation : continuum generer")
    assert "[obligatoire]" in help_text


def test_generer_without_answers_asks_the_questionnaire_first(tmp_path):
    from tests.questionnaire.terminal import Repondeur, dialoguer, lancer

    child = lancer("generer", "csi", "-o", "contrat.docx", "--sans-registre", cwd=tmp_path)
    transcript = dialoguer(child, Repondeur(_regles_mureaux()))
    child.close()
    assert child.exitstatus == 0, transcript[-3000:]
    assert (tmp_path / "contrat.reponses.yaml").exists()
    assert (tmp_path / "contrat.docx").exists()


def test_output_is_written_atomically_with_usual_permissions(tmp_path):
    import os
    import stat

    from generator.ecriture import ecrire_atomique

    target = tmp_path / "sous-dossier" / "doc.docx"
    ecrire_atomique(target, b"contenu")
    assert target.read_bytes() == b"contenu"
    assert stat.S_IMODE(os.stat(target).st_mode) & 0o044  # readable by group/others under a usual umask
    assert [p.name for p in target.parent.iterdir()] == ["doc.docx"]
