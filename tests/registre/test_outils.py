"""Listing, export, backup, comparisons, configuration of the registry."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
import tarfile
import zipfile

from openpyxl import load_workbook

from tests.conftest import EXEMPLE_CSI, RACINE, lancer_cli

CLCS = RACINE / "data" / "exemples" / "clcs-vatine.yaml"


def _ok(*args: str):
    done = lancer_cli(*args)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def _deux_accords(tmp_path):
    _ok("generer", "csi", "-r", str(EXEMPLE_CSI), "-o", str(tmp_path / "csi.docx"))
    _ok("generer", "clcs", "-r", str(CLCS), "-o", str(tmp_path / "clcs.docx"))
    from generator.registre import models as m

    return {a.type_document: a.reference for a in m.Accord.objects.all()}


def test_lister_filters_and_formats(registre, tmp_path):
    refs = _deux_accords(tmp_path)
    _ok("registre", "statut", refs["clcs"], "signé", "--date", "15/12/2026")
    by_name = json.loads(_ok("registre", "lister", "--commune", "Bois-Guillaume", "--format", "json").stdout)
    assert [row["reference"] for row in by_name] == [refs["clcs"]] and by_name[0]["statut"] == "signé"
    assert [r["reference"] for r in json.loads(_ok("registre", "lister", "--statut", "projet", "--format",
                                                   "json").stdout)] == [refs["csi"]]
    rows = list(csv.reader(io.StringIO(_ok("registre", "lister", "--departement", "76", "--format", "csv").stdout),
                           delimiter=";"))
    assert rows[0][:4] == ["Référence", "Type", "Intitulé", "Statut"] and len(rows) == 3
    text = _ok("registre", "lister", "--type", "csi").stdout
    assert refs["csi"] in text and refs["clcs"] not in text and "1 accord." in text
    unknown = lancer_cli("registre", "statut", refs["csi"], "archivé")
    assert unknown.returncode == 7 and "statut inconnu" in unknown.stderr


def test_exporter_xlsx_and_csv(registre, tmp_path):
    refs = _deux_accords(tmp_path)
    _ok("registre", "exporter", "-o", str(tmp_path / "registre.xlsx"))
    sheet = load_workbook(tmp_path / "registre.xlsx")["Registre"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Référence" and {v[0] for v in values[1:]} == set(refs.values())
    _ok("registre", "exporter", "-o", str(tmp_path / "registre.csv"))
    raw = (tmp_path / "registre.csv").read_bytes()
    assert raw.startswith("\ufeff".encode()) and refs["clcs"].encode() in raw


def test_sauvegarder(registre, tmp_path):
    from generator.registre import models as m

    _deux_accords(tmp_path)
    archive = tmp_path / "sauvegarde.zip"
    done = _ok("registre", "sauvegarder", "-o", str(archive))
    hashes = set(m.Version.objects.values_list("sha256", flat=True))
    with zipfile.ZipFile(archive) as handle:
        names = handle.namelist()
        stored = {n.rsplit("/", 1)[-1].split(".")[0] for n in names if n.startswith("fichiers/")}
        assert hashes <= stored
        if registre.moteur == "sqlite":
            copy = tmp_path / "copie.sqlite3"
            copy.write_bytes(handle.read("registre.sqlite3"))
            with sqlite3.connect(copy) as db:
                assert db.execute("SELECT count(*) FROM registre_accord").fetchone()[0] == 2
        else:
            assert "registre.sqlite3" not in names
            assert "pg_dump --format=custom" in done.stdout
    _ok("registre", "sauvegarder", "-o", str(tmp_path / "sauvegarde.tar.gz"))
    with tarfile.open(tmp_path / "sauvegarde.tar.gz") as handle:
        assert any(name.startswith("fichiers/") for name in handle.getnames())
    again = lancer_cli("registre", "sauvegarder", "-o", str(archive))
    assert again.returncode != 0 and "existe déjà" in again.stderr


def test_comparer_records_a_version_of_the_agreement(registre, tmp_path):
    from generator.registre import models as m

    new = tmp_path / "nouveau.yaml"
    new.write_text(EXEMPLE_CSI.read_text(encoding="utf-8").replace("policiers_municipaux_cible: 90",
                                                                   "policiers_municipaux_cible: 95"), encoding="utf-8")
    _ok("generer", "csi", "-r", str(EXEMPLE_CSI), "-o", str(tmp_path / "v1.docx"))
    _ok("comparer", str(EXEMPLE_CSI), str(new), "-o", str(tmp_path / "redline.docx"))
    accord = m.Accord.objects.get()
    assert list(accord.versions.values_list("origine", flat=True)) == ["generer", "comparer"]


def test_joindre_a_signed_pdf_to_a_new_agreement(registre, tmp_path):
    from generator.registre import models as m

    pdf = tmp_path / "signe.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%fin\n")
    _ok("registre", "joindre", str(pdf), "--type", "cls", "--commune", "Dieppe", "--intitule",
        "Contrat local de sécurité de Dieppe (2019)", "--definitif")
    accord = m.Accord.objects.get()
    assert accord.departement == "76" and list(accord.communes.values_list("code_insee", flat=True)) == ["76217"]
    version = accord.versions.get()
    assert (version.format, version.brouillon, version.origine) == ("pdf", False, "joindre")
    assert version.fichier == f"{version.sha256[:2]}/{version.sha256}.pdf"
    fake = tmp_path / "faux.pdf"
    fake.write_bytes(b"pas un pdf")
    refused = lancer_cli("registre", "joindre", str(fake), "--accord", accord.reference)
    assert refused.returncode == 7 and "n'est pas un fichier .pdf valide" in refused.stderr


def test_the_cli_starts_without_django_and_the_default_registry_is_in_the_user_data_folder(tmp_path):
    code = ("import sys, generator.cli; assert 'django' not in sys.modules, 'django importé'; "
            "from generator.registre import configuration as c; print(c.url_par_defaut())")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "donnees")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=RACINE)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"sqlite:///{tmp_path / 'donnees' / 'continuum' / 'registre.sqlite3'}"
    migrated = subprocess.run([sys.executable, "-m", "generator", "registre", "migrer"], capture_output=True,
                              text=True, env=env, cwd=RACINE)
    assert migrated.returncode == 0, migrated.stderr
    database = tmp_path / "donnees" / "continuum" / "registre.sqlite3"
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
