"""Data files named in an answers file (indicators, meetings) are found next to that file, whatever the
working directory: for `generer` and for each version given to `comparer`."""

import shutil

import yaml

from generator.lecture import lire_yaml
from tests.conftest import RACINE, lancer_cli


def _version(folder, name, signature_date):
    folder.mkdir()
    shutil.copy(RACINE / "data" / "exemples" / "padrsq-indicateurs.csv", folder / "mes-indicateurs.csv")
    answers = lire_yaml(RACINE / "data" / "exemples" / "padrsq-seine-maritime.yaml")
    answers["indicateurs_fichier"] = "mes-indicateurs.csv"
    if "signature" in answers:
        answers["signature"]["date"] = signature_date
    path = folder / name
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    return path


def test_each_version_of_a_comparison_reads_its_data_next_to_itself(tmp_path):
    old = _version(tmp_path / "v1", "plan.yaml", "2026-12-01")
    new = _version(tmp_path / "v2", "plan.yaml", "2027-01-15")
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    done = lancer_cli("comparer", str(old), str(new), "-o", str(tmp_path / "redline.docx"), "--sans-registre",
                      cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "redline.docx").read_bytes().startswith(b"PK")
    produced = lancer_cli("generer", "padrsq", "-r", str(new), "-o", str(tmp_path / "plan.docx"), "--sans-registre",
                          cwd=elsewhere)
    assert produced.returncode == 0, produced.stderr
