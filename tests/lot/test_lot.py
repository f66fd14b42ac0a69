"""`continuum lot`: one convention per row, as legal officers run it."""

import csv
import json
from pathlib import Path

import docx
import pytest
import yaml
from pypdf import PdfReader

from tests.conftest import lancer_cli
from tests.libreoffice import vue

RACINE = Path(__file__).resolve().parents[2]
EXEMPLE = yaml.safe_load((RACINE / "data" / "exemples" / "clcs-vatine.yaml").read_text(encoding="utf-8"))
COLONNES = ["zone.nom", "zone.nature", "zone.communes", "zone.perimetre", "zone.risques", "forces",
            "police_municipale", "donneurs_ordre", "evenement.debut", "evenement.fin", "signature.date"]
PERIMETRE = "Le périmètre comprend les voies internes de la zone et ses parcs de stationnement."


def _base(tmp_path: Path) -> Path:
    """Answers shared by every row: signatories, providers, signature place."""
    shared = {k: EXEMPLE[k] for k in ("signataires", "prestataires", "duree", "organismes") if k in EXEMPLE}
    shared["signataires"] = {k: v for k, v in EXEMPLE["signataires"].items() if k not in ("maires", "deliberations")}
    shared["signature"] = {"date": "2026-12-15"}
    path = tmp_path / "communs.yaml"
    path.write_text(yaml.safe_dump(shared, allow_unicode=True), encoding="utf-8")
    return path


ROWS = [
    # good: two communes, surrounding blanks, French date
    ["  parc d'activités de la Vatine ", "zone_mixte", "76451 | 76108", PERIMETRE, "vols de fret | intrusions nocturnes",
     "police", "oui", "Logistique Normande | Centre commercial des Coquets", "", "", "15/12/2026"],
    # bad: unknown commune, unknown nature, event without dates
    ["Zone portuaire", "zone_portuaire", "99999", PERIMETRE, "vols", "police", "non", "Port du Havre", "", "", ""],
    # good: INSEE code that lost its leading zero (Ain), gendarmerie
    ["Zone artisanale des Vennes", "zone_artisanale", "1053", PERIMETRE, "cambriolages", "gendarmerie", "non",
     "Logistique Normande", "", "", ""],
    # good: Corsica, temporary event with its own dates
    ["Foire d'Ajaccio", "evenement", "2A004", PERIMETRE, "vols à la tire | mouvements de foule", "police", "oui",
     "Centre commercial des Coquets", "05/06/2027", "07/06/2027", ""],
    # hostile zone name: must stay inside the output folder
    ["../../etc/passwd", "zone_commerciale", "76351", PERIMETRE, "vols à l'étalage", "police", "oui",
     "Centre commercial des Coquets", "", "", ""],
    # bad: event whose last day precedes the first
    ["Fête de la mer", "evenement", "76351", PERIMETRE, "noyades | rixes", "police", "oui", "Ville en fête", "10/07/2027", "08/07/2027", ""],
]


def _write_csv(path: Path, rows, encoding="cp1252", delimiter=";"):
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(COLONNES)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def lot(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lot")
    table = _write_csv(folder / "zones.csv", ROWS)
    out = folder / "sortie"
    done = lancer_cli("lot", "clcs", str(table), "-o", str(out), "-b", str(_base(folder)), "-j", "2")
    return folder, table, out, done


def _manifest(out: Path) -> dict:
    return {row["ligne"]: row for row in json.loads((out / "manifeste.json").read_text(encoding="utf-8"))["lignes"]}


def test_bad_rows_do_not_stop_the_good_ones_and_the_exit_code_says_so(lot):
    _, _, out, done = lot
    assert done.returncode == 3, done.stderr
    rows = _manifest(out)
    assert {n: r["statut"] for n, r in rows.items()} == {
        2: "généré", 3: "erreur", 4: "généré", 5: "généré", 6: "généré", 7: "erreur"}
    assert "4 documents générés, 0 inchangé, 2 lignes en erreur" in done.stdout


def test_errors_name_the_row_the_column_and_the_value_in_french(lot):
    _, _, out, done = lot
    errors = " ".join(_manifest(out)[3]["erreurs"])
    assert "ligne 3, colonne « zone.communes » (valeur : « 99999 ») : aucune commune n'a le code INSEE '99999'" in errors
    assert "ligne 3, colonne « zone.nature » (valeur : « zone_portuaire ») : choix inconnu" in errors
    assert "ligne 7, colonne « evenement.fin »" in " ".join(_manifest(out)[7]["erreurs"])
    assert "Erreur : ligne 3, colonne « zone.communes »" in done.stderr


def test_good_documents_exist_with_their_hash_and_libreoffice_opens_them(lot, tmp_path):
    import hashlib

    _, _, out, _ = lot
    rows = _manifest(out)
    for number in (2, 4, 5, 6):
        path = out / rows[number]["fichier"]
        assert path.exists()
        assert hashlib.sha256(path.read_bytes()).hexdigest() == rows[number]["sha256"]
    seen = vue(out / rows[5]["fichier"], tmp_path)
    text = "\n".join(seen["paragraphes"]).replace("\xa0", " ").replace("\u202f", " ")
    assert "Foire d'Ajaccio" in text and "du 5 au 7 juin 2027" in text
    assert "clcs_axe_echange_informations" in seen["signets"]
    ain = "\n".join(p.text for p in docx.Document(str(out / rows[4]["fichier"])).paragraphs)
    assert "Bourg-en-Bresse" in ain and "gendarmerie" in ain


def test_manifest_csv_lists_every_row(lot):
    _, _, out, _ = lot
    with (out / "manifeste.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert [r["ligne"] for r in rows] == ["2", "3", "4", "5", "6", "7"]
    assert rows[0]["fichier"] == "clcs-parc-d-activites-de-la-vatine.docx"
    assert rows[1]["statut"] == "erreur" and rows[1]["fichier"] == "" and "99999" in rows[1]["erreurs"]


def test_a_hostile_zone_name_stays_inside_the_output_folder(lot):
    folder, _, out, _ = lot
    name = _manifest(out)[6]["fichier"]
    assert name == "clcs-etc-passwd.docx"
    assert (out / name).resolve().parent == out.resolve()
    assert not (folder / "etc").exists()


def test_rerun_skips_unchanged_rows_and_force_regenerates(lot):
    folder, table, out, _ = lot
    base = folder / "communs.yaml"
    again = lancer_cli("lot", "clcs", str(table), "-o", str(out), "-b", str(base), "-j", "1")
    assert "0 document généré, 4 inchangés, 2 lignes en erreur" in again.stdout
    rows = list(ROWS)
    rows[2] = rows[2][:6] + ["oui"] + rows[2][7:]  # one changed answer
    changed = _write_csv(folder / "zones-modifiees.csv", rows)
    partly = lancer_cli("lot", "clcs", str(changed), "-o", str(out), "-b", str(base), "-j", "1")
    assert "1 document généré, 3 inchangés" in partly.stdout
    forced = lancer_cli("lot", "clcs", str(changed), "-o", str(out), "-b", str(base), "-j", "1", "--force")
    assert "4 documents générés, 0 inchangé" in forced.stdout


def test_comma_separated_utf8_with_bom_and_xlsx_inputs(tmp_path):
    from openpyxl import Workbook

    base = _base(tmp_path)
    table = _write_csv(tmp_path / "virgules.csv", [ROWS[0]], encoding="utf-8-sig", delimiter=",")
    done = lancer_cli("lot", "clcs", str(table), "-o", str(tmp_path / "a"), "-b", str(base), "-j", "1")
    assert done.returncode == 0, done.stderr
    book = Workbook()
    book.active.append(COLONNES)
    book.active.append(ROWS[2][:2] + [1053] + ROWS[2][3:])  # Excel turned the code into a number
    book.save(tmp_path / "zones.xlsx")
    done = lancer_cli("lot", "clcs", str(tmp_path / "zones.xlsx"), "-o", str(tmp_path / "b"), "-b", str(base))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "b" / "clcs-zone-artisanale-des-vennes.docx").exists()


def test_unknown_columns_are_refused_before_anything_is_written(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("zone.nom;zone.comunes\nA;76351\n", encoding="utf-8")
    done = lancer_cli("lot", "clcs", str(table), "-o", str(tmp_path / "out"))
    assert done.returncode == 3
    assert "colonne inconnue du questionnaire ; vouliez-vous dire « zone.communes » ?" in done.stderr
    assert not (tmp_path / "out" / "manifeste.csv").exists()


def test_lot_modele_writes_a_documented_table_whose_example_row_generates(tmp_path):
    done = lancer_cli("lot", "modele", "clcs", "-o", str(tmp_path / "zones.xlsx"))
    assert done.returncode == 0
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "zones.xlsx")
    assert book.sheetnames[:2] == ["Lignes", "Colonnes"]
    assert book["Lignes"]["B1"].comment is not None
    assert book["Lignes"]["A3"].value.startswith("EXEMPLE")  # skipped while marked
    book["Lignes"]["A3"] = None  # the user keeps the example row as a real one
    book.save(tmp_path / "zones.xlsx")
    base = tmp_path / "communs.yaml"  # the organisations the example row names are described in the shared answers
    base.write_text(yaml.safe_dump({"organismes": EXEMPLE["organismes"]}, allow_unicode=True), encoding="utf-8")
    done = lancer_cli("lot", "clcs", str(tmp_path / "zones.xlsx"), "-o", str(tmp_path / "out"), "-j", "1", "-b", str(base))
    assert done.returncode == 0, done.stderr
    assert "1 document généré" in done.stdout


def test_pdf_dossier_has_a_bookmark_per_convention_and_the_expected_pages(tmp_path):
    table = _write_csv(tmp_path / "zones.csv", [ROWS[0], ROWS[2], ROWS[3]])
    out = tmp_path / "sortie"
    done = lancer_cli("lot", "clcs", str(table), "-o", str(out), "-b", str(_base(tmp_path)), "-j", "2", "--dossier")
    assert done.returncode == 0, done.stderr
    rows = _manifest(out)
    pdfs = [out / rows[n]["pdf"] for n in (2, 3, 4)]
    assert all(p.exists() for p in pdfs)
    dossier = PdfReader(str(out / "dossier-clcs.pdf"))
    outline = [item.title for item in dossier.outline if not isinstance(item, list)]  # lists: each one's headings
    assert outline == ["parc d'activités de la Vatine", "Zone artisanale des Vennes", "Foire d'Ajaccio"]
    pages = sum(len(PdfReader(str(p)).pages) for p in pdfs)
    cover = len(dossier.pages) - pages
    assert cover >= 1
    assert dossier.get_destination_page_number(dossier.outline[0]) == cover
    assert all("PROJET" in (page.extract_text() or "") for page in dossier.pages)
    assert dossier.metadata.title == "Dossier – Convention locale de coopération de sécurité"
    assert "Foire d'Ajaccio" in (dossier.pages[0].extract_text() or "")
    assert f"({len(dossier.pages)} pages)" in done.stdout
