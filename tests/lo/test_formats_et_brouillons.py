"""Output formats through LibreOffice (PDF, PDF/A-2b, OpenDocument) and drafts with comments opened through UNO.

The full libreoffice-writer package, run --headless, loads documents carrying comments
through UNO: drafts are checked as LibreOffice sees them, comments included.
"""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pypdf
from lxml import etree
import pytest

from generator.rendu_docx import PROPRIETE_VARIANTES
from tests.conftest import EXEMPLE_CSI, lancer_cli
from tests.libreoffice import exiger_libreoffice

LIRE_UNO = Path(__file__).with_name("lire_uno.py")


def uno(document: Path) -> dict:
    """What LibreOffice loaded, through UNO (Debian's python3 has python3-uno)."""
    exiger_libreoffice()
    done = subprocess.run(["/usr/bin/python3", str(LIRE_UNO), str(document)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def generer(tmp_path: Path, *args: str):
    return lancer_cli("generer", "csi", "-r", str(EXEMPLE_CSI), "--sans-registre", *args, cwd=tmp_path)


def _balise_en_francais(reader: pypdf.PdfReader) -> None:
    """A tagged PDF (structure tree: headings, paragraphs, tables for screen readers, RGAA) in French, titled."""
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "fr-FR" and reader.metadata.title.startswith("Contrat de sécurité intégrée")
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_o_pdf_writes_a_pdf_never_a_word_file(tmp_path):
    done = generer(tmp_path, "-o", "contrat.pdf")
    assert done.returncode == 0, done.stderr
    data = (tmp_path / "contrat.pdf").read_bytes()
    assert data.startswith(b"%PDF") and not zipfile.is_zipfile(tmp_path / "contrat.pdf")
    reader = pypdf.PdfReader(str(tmp_path / "contrat.pdf"))
    text = "\n".join(page.extract_text() for page in reader.pages[:2])
    assert "CONTRAT DE SÉCURITÉ INTÉGRÉE" in text
    _balise_en_francais(reader)
    assert not list(tmp_path.glob("*.docx"))  # no Word file left behind
    done = lancer_cli("generer", "csi", "-r", str(EXEMPLE_CSI), "-o", "contrat.txt", cwd=tmp_path)
    assert done.returncode != 0 and "attendu .docx (Word), .pdf ou .odt" in done.stderr


def test_pdfa_and_odt_next_to_the_word_file(tmp_path):
    done = generer(tmp_path, "-o", "contrat.docx", "--pdfa", "--odt", "--final")
    assert done.returncode == 0, done.stderr
    assert "PDF/A-2b écrit : contrat.pdf" in done.stdout and "OpenDocument écrit : contrat.odt" in done.stdout
    assert zipfile.is_zipfile(tmp_path / "contrat.docx")
    reader = pypdf.PdfReader(str(tmp_path / "contrat.pdf"))
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfaid:part(?:>|=\")2", metadata) and re.search(r"pdfaid:conformance(?:>|=\")B", metadata)
    _balise_en_francais(reader)
    with zipfile.ZipFile(tmp_path / "contrat.odt") as archive:
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        content = "".join(etree.fromstring(archive.read("content.xml")).itertext())
    assert "Le Havre" in content and "Article\u00a01er" in content
    again = generer(tmp_path, "-o", "contrat.docx", "--pdf")
    assert again.returncode == 5 and "existe déjà" in again.stderr


def test_draft_with_comments_is_loaded_through_uno(tmp_path):
    done = generer(tmp_path, "-o", "projet.docx")
    assert done.returncode == 0, done.stderr
    seen = uno(tmp_path / "projet.docx")
    socle = int(re.search(r"(\d+) mesures du socle", done.stdout).group(1))
    assert len(seen["commentaires"]) >= socle > 10
    assert all(c["auteur"] == "Continuum" and "Source : " in c["texte"] for c in seen["commentaires"])
    assert any("Circulaire n° 6258/SG du 16 avril 2021" in c["texte"] and c["ancre"].startswith("Article")
               for c in seen["commentaires"])
    assert "csi_objet" in seen["signets"] and "csi_resiliation" in seen["signets"]
    assert "Le Havre" in seen["texte"] and seen["titre"].startswith("Contrat de sécurité intégrée")


def test_draft_with_a_local_variant_says_so_in_libreoffice(tmp_path):
    local = tmp_path / "locale"
    assert lancer_cli("bibliotheque", "variante", "csi_resiliation", str(local)).returncode == 0
    variant = next(local.rglob("csi_resiliation.yaml"))
    variant.write_text(variant.read_text(encoding="utf-8").replace(
        "délai de préavis de trois mois courant", "délai de préavis de quatre mois courant", 1), encoding="utf-8")
    assert lancer_cli("--bibliotheque", str(local), "clauses", "accepter", "csi_resiliation", "--oui").returncode == 0
    done = lancer_cli("--bibliotheque", str(local), "generer", "csi", "-r", str(EXEMPLE_CSI), "-o", "projet.docx",
                      "--sans-registre", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    seen = uno(tmp_path / "projet.docx")
    assert "délai de préavis de quatre mois" in seen["texte"]
    comment = next(c for c in seen["commentaires"] if "Variante locale" in c["texte"])
    assert "csi_resiliation.yaml" in comment["texte"] and comment["ancre"].startswith("Article")
    assert "csi_resiliation : variante locale (remplace la version" in seen["proprietes"][PROPRIETE_VARIANTES]


@pytest.fixture(autouse=True)
def _libreoffice():
    exiger_libreoffice()
