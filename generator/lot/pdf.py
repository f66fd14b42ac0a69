"""PDF conversion with LibreOffice headless: one soffice process per worker.

The files are split into one chunk per worker; each chunk is converted by a
single ``soffice --convert-to pdf`` call with its own profile, so a batch of
N documents starts ``jobs`` LibreOffice processes, not N. PDFs are written
in a temporary folder and moved into place, so a PDF is never half-written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from generator.erreurs import LibreOfficeIntrouvable

_DELAI_FIXE, _DELAI_PAR_DOCUMENT = 60, 20


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        raise LibreOfficeIntrouvable(
            "LibreOffice (soffice) est introuvable : installez le paquet libreoffice-writer-nogui pour --pdf et --dossier")
    return path


def _convertir_paquet(fichiers: list[Path], dossier: Path) -> dict[Path, Path | str]:
    results: dict[Path, Path | str] = {}
    with tempfile.TemporaryDirectory(prefix=".pdf-", dir=dossier) as work:
        work_path = Path(work)
        profile = work_path / "profil"
        command = [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(work_path), *map(str, fichiers)]
        try:
            done = subprocess.run(command, capture_output=True, text=True,
                                  timeout=_DELAI_FIXE + _DELAI_PAR_DOCUMENT * len(fichiers))
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]
        except subprocess.TimeoutExpired:
            detail = ["délai dépassé"]
        for fichier in fichiers:
            produced = work_path / f"{fichier.stem}.pdf"
            if produced.exists():
                target = dossier / produced.name
                os.replace(produced, target)
                results[fichier] = target
            else:
                results[fichier] = f"LibreOffice n'a pas converti {fichier.name} en PDF ({detail[0]})"
    return results


def convertir(fichiers: list[Path], dossier: Path, travailleurs: int) -> dict[Path, Path | str]:
    """PDF path (or error message) of each file; at most ``travailleurs`` soffice processes."""
    if not fichiers:
        return {}
    soffice()
    count = max(1, min(travailleurs, len(fichiers)))
    chunks = [fichiers[i::count] for i in range(count)]
    results: dict[Path, Path | str] = {}
    with ThreadPoolExecutor(max_workers=count) as pool:
        for partial in pool.map(lambda chunk: _convertir_paquet(chunk, dossier), chunks):
            results.update(partial)
    return results
