"""Drive LibreOffice headless (soffice --convert-to) and read what it made of a document.

LibreOffice's own import is the client view: a .docx is converted to flat
ODF (.fodt) by LibreOffice, and that XML tells which paragraphs, bookmarks,
comments (annotations), tracked changes and tables LibreOffice loaded.

(Loading a document that carries comments through UNO with ``Hidden`` makes
LibreOffice 7.4 headless abort after load, so conversions are used instead.)
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def exiger_libreoffice() -> None:
    """LibreOffice is part of the test set-up (.ci/run installs it): its absence is a failure, not a skip."""
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice (soffice) est introuvable : lancez scripts/preparer-tests.sh")


def convertir(document: Path, format_: str, dossier: Path) -> Path:
    """Convert with LibreOffice headless; ``format_`` is e.g. "pdf", "fodt", "docx:MS Word 2007 XML"."""
    exiger_libreoffice()
    dossier.mkdir(parents=True, exist_ok=True)
    profile = dossier / ".profil-libreoffice"
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", format_, "--outdir", str(dossier), str(document)],
        capture_output=True, text=True, timeout=300,
    )
    extension = format_.split(":")[0]
    produced = dossier / f"{document.stem}.{extension}"
    assert produced.exists(), f"LibreOffice n'a pas converti {document} en {extension} : {done.stdout} {done.stderr}"
    return produced


def espaces_simples(texte: str) -> str:
    """No-break spaces (U+00A0, U+202F) read as plain spaces, to compare prose."""
    return texte.replace("\u00a0", " ").replace("\u202f", " ")


def vue(document: Path, dossier: Path) -> dict:
    """What LibreOffice loaded from ``document``."""
    flat = convertir(document, "fodt", dossier)
    tree = etree.parse(str(flat))
    body = tree.find(".//office:body/office:text", NS)
    paragraphs = ["".join(node.itertext()) for node in body.iter(f"{{{NS['text']}}}p", f"{{{NS['text']}}}h")
                  if node.xpath("count(ancestor::office:annotation)", namespaces=NS) == 0]
    bookmarks = [node.get(f"{{{NS['text']}}}name")
                 for node in body.iter(f"{{{NS['text']}}}bookmark-start", f"{{{NS['text']}}}bookmark")]
    title = tree.find(".//office:meta/dc:title", NS)
    return {
        # prose compared with plain spaces: the documents use French no-break spaces (typographie.composer)
        "paragraphes": [espaces_simples(p) for p in paragraphs],
        "paragraphes_bruts": paragraphs,
        "signets": bookmarks,
        "commentaires": len(body.findall(".//office:annotation", NS)),
        "modifications": len(body.findall(".//text:tracked-changes/text:changed-region", NS)),
        "tableaux": len(body.findall(".//table:table", NS)),
        "titre": title.text if title is not None else None,
    }
