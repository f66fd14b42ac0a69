"""A command line a jurist can survive: French help and messages, communes, paths relative to the answers file."""

from __future__ import annotations

import re
import shutil

import yaml

from tests.conftest import RACINE, lancer_cli


def test_help_and_clicks_own_messages_are_french():
    for option in ("--aide", "--help", "-h"):
        done = lancer_cli("generer", option)
        assert done.returncode == 0
        assert done.stdout.startswith("Utilisation : continuum generer [OPTIONS] TYPE")
    text = lancer_cli("generer", "--help").stdout
    assert "Show this message" not in text and "Affiche cette aide et quitte." in text
    assert "Types de documents (TYPE)" in text and re.search(r"^\s+csi\s+Contrat de sécurité intégrée$", text, re.M)
    assert "--pdfa" in text and "--odt" in text
    top = lancer_cli("--help").stdout
    assert "Utilisation : continuum [OPTIONS] COMMANDE [ARGUMENTS]..." in top and "Commandes:" in top
    avenant = lancer_cli("avenant", "--aide").stdout
    assert "JJ/MM/AAAA" in avenant and "%Y" not in avenant and "INTEGER" not in avenant

    done = lancer_cli("generer", "csi", "-o")
    assert done.returncode == 2 and done.stderr.strip() == "Erreur : Option « -o » : argument attendu"
    done = lancer_cli("avenant", "a.yaml", "b.yaml", "-o", "x.docx", "--effet", "demain")
    assert "« demain » n'est pas une date valide, attendu JJ/MM/AAAA" in done.stderr
    done = lancer_cli("lot", "produire", "csi", "t.csv", "-o", "d", "-j", "0")
    assert "valeur invalide pour « -j » / « --jobs » : 0 n'est pas dans l'intervalle" in done.stderr
    done = lancer_cli("generer", "csi", "-r", "x.yaml", "-o", "x.docx", "en-trop")
    assert "argument en trop : en-trop" in done.stderr
    assert "Error" not in done.stderr and "Usage" not in done.stderr


def test_communes_finds_partial_names_with_their_epci():
    done = lancer_cli("communes", "Havre")
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert re.fullmatch(r"76351  Le Havre \(Seine-Maritime\) — \d{3}\u00a0\d{3}\u00a0hab\. — "
                        r"EPCI : CU Le Havre Seine Métropole \(SIREN 200084952\)", first), first
    saint_denis = lancer_cli("communes", "Saint-Denis").stdout
    assert "93066  Saint-Denis (Seine-Saint-Denis) — " in saint_denis
    assert "\u00a0hab. — EPCI : Métropole du Grand Paris (SIREN 200054781)" in saint_denis
    missing = lancer_cli("communes", "Xyzzyville")
    assert missing.returncode == 3 and "aucune commune dont le nom contient 'Xyzzyville'" in missing.stderr


def test_relative_paths_in_answers_start_from_the_answers_folder(tmp_path):
    dossier = tmp_path / "dossier-padrsq"
    dossier.mkdir()
    shutil.copy(RACINE / "data" / "exemples" / "padrsq-indicateurs.csv", dossier / "indicateurs.csv")
    answers = yaml.safe_load((RACINE / "data" / "exemples" / "padrsq-seine-maritime.yaml").read_text(encoding="utf-8"))
    answers["indicateurs_fichier"] = "indicateurs.csv"
    (dossier / "reponses.yaml").write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    done = lancer_cli("generer", "padrsq", "-r", str(dossier / "reponses.yaml"), "-o", "plan.docx",
                      "--sans-registre", cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "plan.docx").exists()

    answers["indicateurs_fichier"] = "sous-dossier/absent.csv"
    (dossier / "reponses.yaml").write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    done = lancer_cli("generer", "padrsq", "-r", str(dossier / "reponses.yaml"), "-o", "plan2.docx",
                      "--sans-registre", cwd=elsewhere)
    assert done.returncode != 0
    assert "sous-dossier/absent.csv : fichier introuvable" in done.stderr  # the path as the user wrote it
