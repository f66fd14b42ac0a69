"""`continuum comparer`: native tracked changes, checked by LibreOffice accepting and rejecting them."""

import copy
import json
import re
import subprocess
import zipfile
from collections import Counter

import pytest
import yaml
from lxml import etree

from generator.generation import generer
from generator.lecture import lire_yaml
from tests.conftest import EXEMPLE_CSI, RACINE, lancer_cli
from tests.libreoffice import exiger_libreoffice

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _libreoffice(path, action):
    """LibreOffice's view of the document; the table of contents (navigation, left out of redlines) removed."""
    exiger_libreoffice()
    done = subprocess.run(["/usr/bin/python3", str(RACINE / "tests" / "lo" / "suivi.py"), str(path), action],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    lines = seen["texte"].split("\n")
    if "Sommaire" in lines:
        start = lines.index("Sommaire")
        end = start + 1
        while end < len(lines) and re.search(r"\t\d+$", lines[end]):
            end += 1
        lines = lines[:start] + lines[end:]
    seen["texte"] = "\n".join(lines)
    return seen


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    folder = tmp_path_factory.mktemp("redline")
    old = lire_yaml(EXEMPLE_CSI)
    new = copy.deepcopy(old)
    new["engagements"]["commune"]["policiers_municipaux_cible"] = 100  # a word inside a paragraph and a table cell
    new["mesures_retenues"].remove("csi_transports_securisation")  # a clause removed: articles renumbered
    new["mesures_ecartees"] = []
    new["mesures_retenues"].append("csi_etat_si_zones_competence")  # a clause added
    new["epci"] = None  # the EPCI leaves: subtitle, parties, signatures and a whole article change
    new["signataires"].pop("president_epci")
    paths = {}
    for name, answers in (("ancien", old), ("nouveau", new)):
        paths[name] = folder / f"{name}.yaml"
        paths[name].write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
        (folder / f"{name}.docx").write_bytes(generer("csi", answers, brouillon=False).contenu)
    out = folder / "redline.docx"
    done = lancer_cli("comparer", str(paths["ancien"]), str(paths["nouveau"]), "-o", str(out), "--auteur", "Préfecture")
    assert done.returncode == 0, done.stderr
    return folder, out


def test_accepting_every_change_gives_the_new_document(versions):
    folder, out = versions
    accepted = _libreoffice(out, "accepter")
    assert accepted["avant"] > 10 and accepted["apres"] == 0
    assert accepted["texte"] == _libreoffice(folder / "nouveau.docx", "lire")["texte"]


def test_rejecting_every_change_gives_the_old_document(versions):
    folder, out = versions
    rejected = _libreoffice(out, "rejeter")
    assert rejected["apres"] == 0
    assert rejected["texte"] == _libreoffice(folder / "ancien.docx", "lire")["texte"]


def test_revisions_are_well_formed_for_word(versions):
    _, out = versions
    with zipfile.ZipFile(out) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    revisions = list(body.iter(f"{W}ins", f"{W}del"))
    assert revisions and all(r.get(f"{W}author") == "Préfecture" and r.get(f"{W}date") for r in revisions)
    ids = [e.get(f"{W}id") for e in body.iter(f"{W}ins", f"{W}del", f"{W}bookmarkStart")]
    assert not [i for i, n in Counter(ids).items() if n > 1], "identifiants en double"
    for deletion in body.iter(f"{W}del"):
        assert not list(deletion.iter(f"{W}t")), "w:t dans une suppression"
    deleted_text = "".join(t.text for t in body.iter(f"{W}delText"))
    inserted_text = "".join(t.text or "" for i in body.iter(f"{W}ins") for t in i.iter(f"{W}t"))
    assert "90" in deleted_text and "100" in inserted_text
    assert any(e.getparent().tag == f"{W}rPr" for e in body.iter(f"{W}ins")), "marque de paragraphe insérée"
    assert any(e.getparent().tag == f"{W}trPr" for e in body.iter(f"{W}ins", f"{W}del")), "ligne de tableau suivie"


def test_mixing_an_answers_file_and_a_word_file_is_refused(tmp_path):
    done = lancer_cli("comparer", "a.yaml", "b.docx", "-o", str(tmp_path / "r.docx"))
    assert done.returncode == 1
    assert "deux fichiers de réponses (.yaml) ou deux documents Word (.docx)" in done.stderr


def test_two_word_files_are_compared_too(versions):
    folder, _ = versions
    out = folder / "redline-docx.docx"
    done = lancer_cli("comparer", str(folder / "ancien.docx"), str(folder / "nouveau.docx"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    accepted = _libreoffice(out, "accepter")
    assert accepted["avant"] > 10
    assert accepted["texte"] == _libreoffice(folder / "nouveau.docx", "lire")["texte"]
    assert _libreoffice(out, "rejeter")["texte"] == _libreoffice(folder / "ancien.docx", "lire")["texte"]
