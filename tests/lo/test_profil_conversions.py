"""The single-document conversions (`continuum generer -o contrat.pdf`, the web workspace's previews) start
LibreOffice on a profile that carries Continuum's settings and with jemalloc when the system has it.

The settings are read back from the profile after LibreOffice ran and wrote it back on exit: LibreOffice
kept them (no word collection for autocompletion, no graphics self-test at start).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import docx
import pytest
from pypdf import PdfReader

from generator import sortie_formats
from generator.lot import pdf
from generator.web import conversion
from tests.libreoffice import exiger_libreoffice

TEXTE = "Convention communale de sécurité et de prévention de la délinquance"


@pytest.fixture
def lancements(monkeypatch):
    """Every LibreOffice run: its profile's settings once it has exited, and its LD_PRELOAD."""
    exiger_libreoffice()
    seen: list[dict[str, str]] = []
    real_run = subprocess.run

    def spy(command, *args, **kwargs):
        done = real_run(command, *args, **kwargs)
        url = next(arg.split("=", 1)[1] for arg in command if arg.startswith("-env:UserInstallation="))
        settings = Path(unquote(urlparse(url).path)) / "user" / "registrymodifications.xcu"
        seen.append({"reglages": settings.read_text(encoding="utf-8"),
                     "preload": (kwargs.get("env") or {}).get("LD_PRELOAD", "")})
        return done

    monkeypatch.setattr(subprocess, "run", spy)
    return seen


def _document(dossier: Path) -> Path:
    document = docx.Document()
    document.add_paragraph(TEXTE)
    path = dossier / "convention.docx"
    document.save(path)
    return path


def _verifier(lancements: list[dict[str, str]], count: int) -> None:
    assert len(lancements) == count
    jemalloc = next((path for path in pdf.JEMALLOC if Path(path).exists()), None)
    for launch in lancements:
        assert re.search(r'CollectWords" oor:op="fuse"><value>false<', launch["reglages"]), launch["reglages"]
        assert re.search(r'ooSetupLastVersion" oor:op="fuse"><value>99\.9<', launch["reglages"])
        if jemalloc is not None:
            assert jemalloc in launch["preload"]


def test_the_single_document_pdf_and_odt_use_the_prepared_profile(tmp_path, lancements):
    source = _document(tmp_path)
    target_pdf, target_odt = tmp_path / "contrat.pdf", tmp_path / "contrat.odt"
    sortie_formats.convertir(source, [(sortie_formats.PDF, target_pdf), (sortie_formats.ODT, target_odt)])
    assert TEXTE in PdfReader(target_pdf).pages[0].extract_text()
    assert target_odt.read_bytes().startswith(b"PK")
    _verifier(lancements, 2)


def test_the_web_preview_uses_the_prepared_profile(tmp_path, lancements):
    converted = conversion.convertir(_document(tmp_path).read_bytes(), ("pdf",))
    pdf_path = tmp_path / "apercu.pdf"
    pdf_path.write_bytes(converted["pdf"])
    assert TEXTE in PdfReader(pdf_path).pages[0].extract_text()
    _verifier(lancements, 1)
