"""`continuum lot` facing a real office: files saved meanwhile, two runs at once, Ctrl-C, crashes,
spreadsheets as Excel and users really make them, and the PDF conversion as the README shows it."""

import csv
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook, load_workbook

from generator.erreurs import Interrompu
from generator.lot import execution, pdf, production, verrou
from tests.conftest import lancer_cli
from tests.hostile.borne import lancer
from tests.lot.test_lot import COLONNES, ROWS, _base, _manifest, _write_csv

BONNES = [ROWS[0], ROWS[2], ROWS[3]]  # three good rows


def _texte(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def _options(tmp_path, table, **extra):
    return execution.Options("clcs", table, tmp_path / "sortie", _base(tmp_path), 1, **extra)


def test_the_table_is_read_once_a_file_saved_meanwhile_changes_nothing(tmp_path):
    table = _write_csv(tmp_path / "zones.csv", BONNES)

    def save_meanwhile(_total):  # called between validation and generation: Ctrl-S in Excel, a row on top
        _write_csv(table, [ROWS[4]] + BONNES)
        return None

    bilan = execution.executer(_options(tmp_path, table), save_meanwhile)
    rows = {e.ligne: e for e in bilan.entrees}
    assert [rows[n].libelle for n in (2, 3, 4)] == ["parc d'activités de la Vatine", "Zone artisanale des Vennes",
                                                     "Foire d'Ajaccio"]
    assert "Vatine" in _texte(tmp_path / "sortie" / rows[2].fichier)
    assert "Ajaccio" in _texte(tmp_path / "sortie" / rows[4].fichier)
    header = json.loads((tmp_path / "sortie" / "manifeste.json").read_text(encoding="utf-8"))
    assert header["tableau_sha256"] == hashlib.sha256(_write_csv(tmp_path / "t.csv", BONNES).read_bytes()).hexdigest()


def test_a_second_run_into_the_same_folder_is_refused(tmp_path):
    table = _write_csv(tmp_path / "zones.csv", [ROWS[0]])
    out = tmp_path / "sortie"
    out.mkdir()
    with verrou.verrouiller(out):
        done = lancer_cli("lot", "clcs", str(table), "-o", str(out), "-b", str(_base(tmp_path)), "--sans-registre")
    assert done.returncode == 5
    assert "ce dossier est déjà utilisé par une autre exécution de continuum lot" in done.stderr
    assert f"processus {os.getpid()}" in done.stderr
    assert not list(out.glob("*.docx")) and not (out / "manifeste.csv").exists()
    done = lancer_cli("lot", "clcs", str(table), "-o", str(out), "-b", str(_base(tmp_path)), "--sans-registre")
    assert done.returncode == 0, done.stderr  # the lock dies with its holder


def test_ctrl_c_says_what_was_written_and_the_manifest_stays_true(tmp_path, monkeypatch):
    table = _write_csv(tmp_path / "zones.csv", BONNES)
    real = production._generer
    calls = []

    def interrupted(task):
        calls.append(task[0])
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(task)

    monkeypatch.setattr(production, "_generer", interrupted)
    with pytest.raises(Interrompu) as caught:
        execution.executer(_options(tmp_path, table))
    assert "interrompu : 2 documents écrits avant l'interruption" in str(caught.value)
    assert "rien n'a été écrit" not in str(caught.value)
    rows = _manifest(tmp_path / "sortie")
    assert [rows[n]["statut"] for n in (2, 3, 4)] == ["généré", "généré", "interrompu"]
    for number in (2, 3):
        path = tmp_path / "sortie" / rows[number]["fichier"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == rows[number]["sha256"]
    assert rows[4]["sha256"] == ""


def test_a_ctrl_c_just_after_a_document_is_renamed_into_place_still_reports_it(tmp_path, monkeypatch):
    """The real signal, at the worst moment: the second document is on disk, its row not yet recorded. The row
    is recorded first, then the batch stops; nothing on disk is unknown to the manifest."""
    table = _write_csv(tmp_path / "zones.csv", BONNES)
    real = production.ecrire_atomique
    written = []

    def write_then_ctrl_c(path, data, **options):
        real(path, data, **options)
        written.append(path)
        if len(written) == 2:
            os.kill(os.getpid(), signal.SIGINT)  # delivered now, before the row is handed back

    monkeypatch.setattr(production, "ecrire_atomique", write_then_ctrl_c)
    with pytest.raises(Interrompu) as caught:
        execution.executer(_options(tmp_path, table))
    assert "interrompu : 2 documents écrits avant l'interruption" in str(caught.value)
    assert str(caught.value).endswith("relancez la même commande pour produire la ligne restante")
    rows = _manifest(tmp_path / "sortie")
    assert [rows[n]["statut"] for n in (2, 3)] == ["généré", "généré"]
    assert 4 not in rows or rows[4]["statut"] == "interrompu"  # stopped before its turn
    on_disk = sorted(p.name for p in (tmp_path / "sortie").glob("*.docx"))
    assert on_disk == sorted(rows[n]["fichier"] for n in (2, 3))
    for number in (2, 3):
        path = tmp_path / "sortie" / rows[number]["fichier"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == rows[number]["sha256"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Ctrl-C is Python's again


def test_after_a_sigkill_every_hash_in_the_manifest_matches_and_leftovers_are_cleaned(tmp_path):
    names = [f"Zone {i}" for i in range(14)]
    rows = [[name] + ROWS[0][1:] for name in names]
    table = _write_csv(tmp_path / "zones.csv", rows)
    out = tmp_path / "sortie"
    command = [sys.executable, "-m", "generator", "lot", "clcs", str(table), "-o", str(out), "-b", str(_base(tmp_path)),
               "-j", "1", "--sans-registre"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        if (out / "manifeste.json").exists() and len(list(out.glob("*.docx"))) >= 3:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    manifest = _manifest(out)
    assert manifest, "le manifeste est écrit dès la validation"
    for row in manifest.values():
        assert row["statut"] in ("généré", "en attente")
        if row["statut"] == "généré":
            assert hashlib.sha256((out / row["fichier"]).read_bytes()).hexdigest() == row["sha256"]
        else:
            assert row["sha256"] == ""
    (out / ".clcs-zone-1.docx.abcd1234.tmp").write_bytes(b"reste")
    (out / ".pdf-reste").mkdir()
    done = lancer_cli(*command[3:])
    assert done.returncode == 0, done.stderr
    assert not (out / ".clcs-zone-1.docx.abcd1234.tmp").exists() and not (out / ".pdf-reste").exists()
    final = _manifest(out)
    assert {r["statut"] for r in final.values()} <= {"généré", "inchangé"} and len(final) == len(names)


def test_a_hand_edited_document_is_not_replaced_without_ecraser(tmp_path):
    table = _write_csv(tmp_path / "zones.csv", [ROWS[0]])
    out = tmp_path / "sortie"
    base = str(_base(tmp_path))
    assert lancer_cli("lot", "clcs", str(table), "-o", str(out), "-b", base, "--sans-registre").returncode == 0
    target = out / "clcs-parc-d-activites-de-la-vatine.docx"
    word = docx.Document(str(target))
    word.add_paragraph("Ajout du juriste.")
    word.save(str(target))
    precious = target.read_bytes()
    done = lancer_cli("lot", "clcs", str(table), "-o", str(out), "-b", base, "--force", "--sans-registre")
    assert done.returncode == 3
    assert "n'a pas été écrit tel quel par le lot précédent" in done.stderr and "--ecraser" in done.stderr
    assert target.read_bytes() == precious
    done = lancer_cli("lot", "clcs", str(table), "-o", str(out), "-b", base, "--force", "--ecraser", "--sans-registre")
    assert done.returncode == 0 and "Ajout du juriste" not in _texte(target)


def test_an_unwritable_output_folder_is_a_french_error(tmp_path):
    table = _write_csv(tmp_path / "zones.csv", [ROWS[0]])
    locked = tmp_path / "verrouille"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        for out in (locked / "sortie", locked):
            done = lancer_cli("lot", "clcs", str(table), "-o", str(out), "-b", str(_base(tmp_path)), "--sans-registre")
            if os.geteuid() == 0:  # root writes anywhere: the check is the absence of a traceback
                assert "Traceback" not in done.stderr
                continue
            assert done.returncode == 5 and "Traceback" not in done.stderr
            assert "permission refusée" in done.stderr
    finally:
        locked.chmod(0o700)
    a_file = tmp_path / "fichier"
    a_file.write_text("x")
    done = lancer_cli("lot", "clcs", str(table), "-o", str(a_file), "-b", str(_base(tmp_path)), "--sans-registre")
    assert done.returncode in (2, 5) and "Traceback" not in done.stderr


# -- spreadsheets as they come ---------------------------------------------------------------------
def test_a_windows_1252_line_in_a_utf8_csv_is_decoded_and_named(tmp_path):
    table = tmp_path / "mixte.csv"
    good = _write_csv(tmp_path / "ok.csv", [ROWS[0]], encoding="utf-8").read_bytes()
    pasted = ";".join(["Zone artisanale des Vennes éèà", *ROWS[2][1:]]).encode("cp1252") + b"\r\n"
    table.write_bytes(good + pasted)
    done = lancer_cli("lot", "clcs", str(table), "-o", str(tmp_path / "sortie"), "-b", str(_base(tmp_path)),
                      "--sans-registre")
    assert done.returncode == 0, done.stderr
    assert "ligne 3 du fichier en Windows-1252 alors que le reste est en UTF-8" in done.stderr
    rows = _manifest(tmp_path / "sortie")
    assert rows[3]["libelle"] == "Zone artisanale des Vennes éèà"
    assert "Windows-1252" in " ".join(rows[3]["avertissements"])
    with (tmp_path / "sortie" / "manifeste.csv").open(encoding="utf-8-sig") as handle:
        manifest = list(csv.DictReader(handle, delimiter=";"))
    assert "Windows-1252" in manifest[1]["avertissements"]


def test_a_csv_cell_over_128_kio_is_a_french_error(tmp_path):
    table = _write_csv(tmp_path / "gros.csv", [[ROWS[0][0], ROWS[0][1], ROWS[0][2], "x" * 140_000] + ROWS[0][4:]],
                       encoding="utf-8")
    done = lancer("lot", "clcs", str(table), "-o", str(tmp_path / "sortie"), "--sans-registre")
    assert done.returncode == 5 and "Traceback" not in done.stderr
    assert f"{table}, ligne 2 : cellule de plus de 128 Kio" in done.stderr


def _classeur(path: Path, rows, *, hidden_first=False, title="Zones"):
    book = Workbook()
    sheet = book.active
    if hidden_first:
        sheet.title = "Ancienne"
        sheet.append(["zone.nom"])
        sheet.append(["Ligne cachée"])
        sheet.sheet_state = "hidden"
        sheet = book.create_sheet(title)
        book.active = 1
    else:
        sheet.title = title
    sheet.append(COLONNES)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_the_active_sheet_is_read_or_the_one_named(tmp_path):
    table = _classeur(tmp_path / "zones.xlsx", [ROWS[0]], hidden_first=True)
    base = str(_base(tmp_path))
    done = lancer_cli("lot", "clcs", str(table), "-o", str(tmp_path / "a"), "-b", base, "--sans-registre")
    assert done.returncode == 0, done.stderr
    assert _manifest(tmp_path / "a")[2]["libelle"] == "parc d'activités de la Vatine"
    done = lancer_cli("lot", "clcs", str(table), "-o", str(tmp_path / "b"), "-b", base, "--feuille", "Absente",
                      "--sans-registre")
    assert done.returncode == 5 and "pas de feuille « Absente » ; feuilles : Ancienne, Zones" in done.stderr


def test_error_cells_formulas_without_value_and_merged_cells_are_reported(tmp_path):
    table = _classeur(tmp_path / "zones.xlsx", [ROWS[0], ROWS[2], ROWS[3], ROWS[0]])
    book = load_workbook(table)
    sheet = book.active
    sheet["D3"] = "=1/0"  # a formula: no cached value, openpyxl does not compute
    sheet.merge_cells("E4:E5")
    book.save(table)
    # an error value as Excel caches it, in the row of the Vatine copy
    import zipfile
    with zipfile.ZipFile(table) as old:
        items = {i.filename: old.read(i.filename) for i in old.infolist()}
    sheet_xml = items["xl/worksheets/sheet1.xml"].decode()
    sheet_xml = sheet_xml.replace('<c r="H5" t="inlineStr"><is><t>Logistique Normande | Centre commercial des Coquets</t></is></c>',
                                  '<c r="H5" t="e"><v>#REF!</v></c>')
    assert 't="e"' in sheet_xml
    items["xl/worksheets/sheet1.xml"] = sheet_xml.encode()
    with zipfile.ZipFile(table, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in items.items():
            new.writestr(name, data)
    done = lancer_cli("lot", "clcs", str(table), "-o", str(tmp_path / "sortie"), "-b", str(_base(tmp_path)),
                      "--sans-registre")
    assert done.returncode == 3
    rows = _manifest(tmp_path / "sortie")
    assert "cellule D3 : formule sans valeur calculée" in " ".join(rows[3]["erreurs"])
    assert "cellules fusionnées E4:E5" in " ".join(rows[4]["erreurs"])
    assert "cellule H5 : valeur d'erreur #REF!" in " ".join(rows[5]["erreurs"])
    assert rows[2]["statut"] == "généré"


def test_a_stale_dimension_does_not_drop_rows(tmp_path):
    import zipfile

    table = _classeur(tmp_path / "zones.xlsx", BONNES)
    with zipfile.ZipFile(table) as old:
        items = {i.filename: old.read(i.filename) for i in old.infolist()}
    sheet_xml = items["xl/worksheets/sheet1.xml"].decode()
    import re
    sheet_xml = re.sub(r'<dimension ref="[^"]+"/>', '<dimension ref="A1:K2"/>', sheet_xml)
    assert '<dimension ref="A1:K2"/>' in sheet_xml
    items["xl/worksheets/sheet1.xml"] = sheet_xml.encode()
    with zipfile.ZipFile(table, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in items.items():
            new.writestr(name, data)
    done = lancer_cli("lot", "clcs", str(table), "-o", str(tmp_path / "sortie"), "-b", str(_base(tmp_path)),
                      "--sans-registre")
    assert done.returncode == 0, done.stderr
    assert sorted(_manifest(tmp_path / "sortie")) == [2, 3, 4]


def test_an_amplified_or_malformed_xlsx_is_refused_in_french(tmp_path):
    import zipfile

    bomb = tmp_path / "bombe.xlsx"
    _classeur(tmp_path / "ok.xlsx", [ROWS[0]])
    with zipfile.ZipFile(tmp_path / "ok.xlsx") as old, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, old.read(item.filename))
        with new.open("xl/media/gros.bin", "w") as part:
            for _ in range(80):
                part.write(b"\0" * (1 << 20))
    done = lancer("lot", "clcs", str(bomb), "-o", str(tmp_path / "a"), "--sans-registre", memoire_mo=700)
    assert done.returncode == 5 and "au plus 50 Mo acceptés" in done.stderr and "Traceback" not in done.stderr
    broken = tmp_path / "casse.xlsx"
    broken.write_bytes((tmp_path / "ok.xlsx").read_bytes()[:2000])
    done = lancer("lot", "clcs", str(broken), "-o", str(tmp_path / "b"), "--sans-registre")
    assert done.returncode == 5 and "Traceback" not in done.stderr and "classeur Excel" in done.stderr


# -- the template written by `lot modele` ------------------------------------------------------------
@pytest.mark.parametrize("type_document", ["clcs", "cls", "csi", "padrsq", "ems-arrete", "ems-bilan",
                                           "ems-ordre-du-jour", "ems-releve"])
def test_lot_modele_works_for_every_type_and_its_example_row_is_skipped(tmp_path, type_document):
    from generator.plan import types_disponibles

    if type_document not in types_disponibles():
        pytest.skip(f"type {type_document} absent de cette bibliothèque")
    for suffix in (".xlsx", ".csv"):
        model = tmp_path / f"modele{suffix}"
        done = lancer_cli("lot", "modele", type_document, "-o", str(model))
        assert done.returncode == 0, done.stderr
        done = lancer_cli("lot", type_document, str(model), "-o", str(tmp_path / f"sortie{suffix}"), "-j", "1",
                          "--sans-registre")
        assert done.returncode == 0, done.stderr
        assert "0 document généré, 0 inchangé, 0 ligne en erreur" in done.stdout


def test_the_excel_template_speaks_french_and_guides_the_input(tmp_path):
    model = tmp_path / "zones.xlsx"
    assert lancer_cli("lot", "modele", "clcs", "-o", str(model)).returncode == 0
    book = load_workbook(model)
    assert book.sheetnames[:2] == ["Lignes", "Colonnes"]
    sheet = book["Lignes"]
    labels = [c.value for c in sheet[1]]
    keys = [c.value for c in sheet[2]]
    assert keys[0] == "exemple" and "zone.nom" in keys and "signataires.prefet.civilite" in keys
    assert sheet["A3"].value.startswith("EXEMPLE")
    assert len(set(labels)) == len(labels), "libellés distincts"
    civilites = [labels[i] for i, k in enumerate(keys) if k and k.endswith(".civilite")]
    assert len(civilites) >= 2 and all(": civilité" in label for label in civilites)
    assert all(c.comment is not None for c in sheet[1][1:])
    ranges = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    nature = keys.index("zone.nature") + 1
    from openpyxl.utils import get_column_letter
    letter = get_column_letter(nature)
    assert any(r.startswith(f"{letter}4") and "Listes" in f for r, f in ranges.items())
    date_column = get_column_letter(keys.index("signature.date") + 1)
    assert sheet[f"{date_column}4"].number_format == "DD/MM/YYYY"
    notes = book["Colonnes"]
    assert notes.column_dimensions["E"].width >= 60 and notes["E2"].alignment.wrap_text
    # filled by a user: the example row stays ignored, a real row is produced; labels alone are accepted too
    for column in range(2, len(keys) + 1):  # row 4, as a user types under the example
        sheet.cell(row=4, column=column, value=sheet.cell(row=3, column=column).value)
    book.save(model)
    done = lancer_cli("lot", "clcs", str(model), "-o", str(tmp_path / "sortie"), "-b", str(_base(tmp_path)),
                      "-j", "1", "--sans-registre")
    assert done.returncode == 0, done.stderr
    assert "1 document généré" in done.stdout and list(_manifest(tmp_path / "sortie")) == [4]
    sheet.delete_rows(2)
    book.save(model)
    done = lancer_cli("lot", "clcs", str(model), "-o", str(tmp_path / "libelles"), "-b", str(_base(tmp_path)),
                      "-j", "1", "--sans-registre")
    assert done.returncode == 0, done.stderr
    assert "1 document généré" in done.stdout


def test_summary_is_truthful_warnings_are_grouped_and_kept_on_reruns(tmp_path):
    rows = [[f"Zone {i}"] + ROWS[0][1:] for i in range(4)] + [ROWS[1]]
    table = _write_csv(tmp_path / "zones.csv", rows)
    base = _base(tmp_path)
    text = base.read_text(encoding="utf-8") + "conventions_existantes:\n  coordination: 2022-02-04\n"
    base.write_text(text, encoding="utf-8")
    out = tmp_path / "sortie"
    done = lancer_cli("lot", "clcs", str(table), "-o", str(out), "-b", str(base), "--sans-registre")
    assert done.returncode == 3
    assert "4 documents générés, 0 inchangé, 1 ligne en erreur — 5 lignes" in done.stdout
    grouped = [line for line in done.stderr.splitlines() if line.startswith("Avertissement (4 lignes : 2, 3, 4, 5)")]
    assert len(grouped) == 1, done.stderr
    again = lancer_cli("lot", "clcs", str(table), "-o", str(out), "-b", str(base), "--sans-registre")
    assert "0 document généré, 4 inchangés, 1 ligne en erreur — 5 lignes" in again.stdout
    assert any(line.startswith("Avertissement (4 lignes") for line in again.stderr.splitlines())
    with (out / "manifeste.csv").open(encoding="utf-8-sig") as handle:
        manifest = list(csv.DictReader(handle, delimiter=";"))
    assert all(row["avertissements"] for row in manifest[:4])


# -- PDF and dossier ---------------------------------------------------------------------------------
def test_the_readme_command_works_from_another_folder_with_a_relative_output(tmp_path):
    """`continuum lot clcs zones.xlsx -o conventions/ -b communs.yaml --dossier`, exactly as the README writes it."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    command = "continuum lot clcs zones.xlsx -o conventions/ -b communs.yaml --dossier"
    assert command in readme
    _classeur(tmp_path / "zones.xlsx", [ROWS[0], ROWS[2]])
    assert _base(tmp_path) == tmp_path / "communs.yaml"
    executable = shutil.which("continuum")
    argv = ([executable] if executable else [sys.executable, "-m", "generator"]) + command.split()[1:] + ["--sans-registre"]
    done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=400,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    assert done.returncode == 0, done.stderr
    out = tmp_path / "conventions"
    rows = _manifest(out)
    assert all((out / r["pdf"]).exists() for r in rows.values())
    from pypdf import PdfReader
    dossier = PdfReader(str(out / "dossier-clcs.pdf"))
    cover = " ".join((dossier.pages[0].extract_text() or "").split()).upper()  # the title style is in capitals
    assert "DOSSIER DES CONVENTIONS LOCALES DE COOPÉRATION DE SÉCURITÉ" in cover
    assert not list(out.glob(".pdf-*"))
    # a PDF reused by name only would hide a damaged file: it is checked by its hash
    damaged = out / rows[2]["pdf"]
    damaged.write_bytes(b"%PDF-1.4 abime")
    done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=400,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    assert done.returncode == 0, done.stderr
    assert damaged.read_bytes() != b"%PDF-1.4 abime" and len(PdfReader(str(damaged)).pages) >= 1
    assert _manifest(out)[2]["pdf_sha256"] == hashlib.sha256(damaged.read_bytes()).hexdigest()


def test_libreoffice_is_required_before_anything_is_generated(tmp_path):
    table = _write_csv(tmp_path / "zones.csv", [ROWS[0]])
    path = ":".join(p for p in os.environ["PATH"].split(":") if not (Path(p) / "soffice").exists()
                    and not (Path(p) / "libreoffice").exists())
    folder = Path(sys.executable).parent
    done = subprocess.run([sys.executable, "-m", "generator", "lot", "clcs", str(table), "-o", str(tmp_path / "sortie"),
                           "-b", str(_base(tmp_path)), "--pdf", "--sans-registre"], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PATH": f"{folder}:{path}"})
    if shutil.which("soffice", path=f"{folder}:{path}"):
        pytest.skip("soffice à côté de l'interpréteur")
    assert done.returncode == 5 and "LibreOffice (soffice) est introuvable" in done.stderr
    assert not list((tmp_path / "sortie").glob("*.docx")) if (tmp_path / "sortie").exists() else True


def test_pdf_conversion_runs_in_bounded_chunks(tmp_path, monkeypatch):
    from generator.generation import generer
    from tests.conftest import EXEMPLE_CSI
    from generator.lecture import lire_yaml

    content = generer("csi", lire_yaml(EXEMPLE_CSI), brouillon=False).contenu
    files = []
    for index in range(3):
        files.append(tmp_path / f"doc{index}.docx")
        files[-1].write_bytes(content)
    commands = []
    real = pdf._lancer

    def spy(command, delai):
        commands.append([a for a in command if a.endswith(".docx")])
        return real(command, delai)

    monkeypatch.setattr(pdf, "PAQUET", 2)
    monkeypatch.setattr(pdf, "_lancer", spy)
    monkeypatch.setattr(pdf, "interpreteur_uno", lambda: None)  # the path without python3-uno
    results = pdf.convertir(files, tmp_path, 1)
    assert [len(c) for c in commands] == [2, 1]
    assert all(isinstance(r, Path) and r.exists() for r in results.values())


def test_a_timeout_kills_the_whole_process_group(tmp_path):
    marker = tmp_path / "enfant.pid"
    detail = pdf._lancer(["sh", "-c", f"sleep 300 & echo $! > {marker}; wait"], 2)
    assert detail == "délai dépassé, LibreOffice arrêté"
    child = int(marker.read_text())
    time.sleep(0.2)
    status = Path(f"/proc/{child}/status")
    state = status.read_text().split("State:")[1].split()[0] if status.exists() else "absent"
    assert state in ("absent", "Z", "X"), f"le processus enfant tourne encore ({state})"  # zombie = killed
