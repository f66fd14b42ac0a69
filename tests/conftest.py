from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import chemins
from generator.lecture import lire_yaml

RACINE = Path(__file__).resolve().parent.parent
EXEMPLE_CSI = RACINE / "data" / "exemples" / "csi-le-havre.yaml"
SYSTEM_PYTHON = "/usr/bin/python3"


@pytest.fixture
def reponses_csi() -> dict:
    """A fresh copy of the shipped example answers."""
    return copy.deepcopy(lire_yaml(EXEMPLE_CSI))


def lancer_cli(*args: str, cwd: Path | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          cwd=cwd, input=input, timeout=300)


def exiger_libreoffice() -> None:
    """LibreOffice is part of the test set-up (.ci/run installs it): its absence is a failure, not a skip."""
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice (soffice) est introuvable : lancez scripts/preparer-tests.sh")


def inspecter_avec_libreoffice(docx: Path, aller_retour: Path | None = None) -> dict:
    """What LibreOffice sees in a .docx, through UNO (tests/lo/inspecter.py)."""
    exiger_libreoffice()
    command = [SYSTEM_PYTHON, str(RACINE / "tests" / "lo" / "inspecter.py"), str(docx)]
    if aller_retour is not None:
        command += ["--aller-retour", str(aller_retour)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def convertir_en_pdf(docx: Path, dossier: Path) -> Path:
    exiger_libreoffice()
    profile = dossier / "profil-lo"
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(dossier), str(docx)],
        capture_output=True, text=True, timeout=300,
    )
    pdf = dossier / (docx.stem + ".pdf")
    assert pdf.exists(), f"conversion PDF échouée : {done.stdout} {done.stderr}"
    return pdf


@pytest.fixture(scope="session")
def racine_ressources() -> Path:
    return chemins.racine()
