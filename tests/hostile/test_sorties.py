"""Files that belong to the user: an input is never an output, an existing file is never replaced without --ecraser."""

import shutil

import pytest

from tests.conftest import EXEMPLE_CSI
from tests.hostile.borne import lancer, sans_trace


@pytest.fixture
def reponses(tmp_path):
    path = tmp_path / "a.yaml"
    shutil.copy(EXEMPLE_CSI, path)
    return path


def _refuse(done, *expected):
    sans_trace(done)
    assert done.returncode == 5, done.stderr
    for text in expected:
        assert text in done.stderr, done.stderr


def test_generer_never_writes_over_its_answers_or_an_existing_document(reponses, tmp_path):
    before = reponses.read_bytes()
    _refuse(lancer("generer", "csi", "-r", str(reponses), "-o", str(reponses), "--sans-registre"),
            "le fichier de sortie est aussi un fichier d'entrée")
    assert reponses.read_bytes() == before
    out = tmp_path / "contrat.docx"
    out.write_bytes(b"document retouche a la main")
    _refuse(lancer("generer", "csi", "-r", str(reponses), "-o", str(out), "--sans-registre"),
            "le fichier existe déjà", "--ecraser")
    assert out.read_bytes() == b"document retouche a la main"
    done = lancer("generer", "csi", "-r", str(reponses), "-o", str(out), "--ecraser", "--sans-registre")
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"PK")


def test_comparer_never_writes_over_the_old_version(reponses, tmp_path):
    old = tmp_path / "ancien.docx"
    assert lancer("generer", "csi", "-r", str(reponses), "-o", str(old), "--final", "--sans-registre").returncode == 0
    before = old.read_bytes()
    _refuse(lancer("comparer", str(old), str(old), "-o", str(old), "--sans-registre"),
            "le fichier de sortie est aussi un fichier d'entrée")
    assert old.read_bytes() == before
    _refuse(lancer("comparer", str(reponses), str(reponses), "-o", str(tmp_path / "r.pdf"), "--sans-registre"),
            "extension « .pdf » inattendue")


def test_exemple_and_lot_modele_never_write_over_a_filled_file(tmp_path):
    filled = tmp_path / "rempli.yaml"
    filled.write_text("type: csi\ncommune: '76351'\n", encoding="utf-8")
    _refuse(lancer("exemple", "csi", "-o", str(filled)), "le fichier existe déjà")
    assert "76351" in filled.read_text(encoding="utf-8")
    _refuse(lancer("exemple", "csi", "-o", str(tmp_path / "exemple.docx")), "extension « .docx » inattendue")
    assert lancer("exemple", "csi", "-o", str(filled), "--ecraser").returncode == 0
    table = tmp_path / "zones.xlsx"
    table.write_bytes(b"classeur rempli")
    _refuse(lancer("lot", "modele", "clcs", "-o", str(table)), "le fichier existe déjà")
    assert table.read_bytes() == b"classeur rempli"
    _refuse(lancer("lot", "modele", "clcs", "-o", str(tmp_path / "zones.txt")), "extension « .txt » inattendue")
    columns = tmp_path / "z.colonnes.csv"
    columns.write_text("documentation retouchée", encoding="utf-8")
    _refuse(lancer("lot", "modele", "clcs", "-o", str(tmp_path / "z.csv")), "z.colonnes.csv : le fichier existe déjà")
    assert not (tmp_path / "z.csv").exists()
