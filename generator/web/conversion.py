"""LibreOffice conversions for previews and downloads: DOCX → PDF, ODT; PDF → page images.

Runs in the background worker (never in a request). Each call uses its own
LibreOffice profile in a temporary folder, prepared like the batch's
(generator/lot/pdf.py); the file names inside it are fixed, never derived from
user input.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from generator.erreurs import LibreOfficeIntrouvable
from generator.lot.pdf import environnement, preparer_profil, soffice
from generator.sortie_formats import filtre

DELAI_S = 180
RESOLUTION_APERCU = 60  # dpi: a readable page about 500 px wide
PAGES_MAX = 60


def convertir(contenu_docx: bytes, formats: tuple[str, ...] = ("pdf", "odt")) -> dict[str, bytes]:
    """The document converted by LibreOffice headless, one soffice run per format (PDFs tagged, as ``generer``'s)."""
    program = soffice()
    out: dict[str, bytes] = {}
    environment = environnement()
    with tempfile.TemporaryDirectory(prefix="continuum-apercu-") as work:
        folder = Path(work).resolve()
        source = folder / "document.docx"
        source.write_bytes(contenu_docx)
        profile = preparer_profil(folder / "profil").as_uri()
        for fmt in formats:
            command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                       "--convert-to", filtre(fmt), "--outdir", str(folder / fmt), str(source)]
            done = subprocess.run(command, capture_output=True, text=True, timeout=DELAI_S, env=environment)
            produced = folder / fmt / f"document.{fmt}"
            if not produced.exists():
                detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]
                raise LibreOfficeIntrouvable(f"LibreOffice n'a pas converti le document en {fmt.upper()} ({detail[0]})")
            out[fmt] = produced.read_bytes()
    return out


def pages_png(contenu_pdf: bytes) -> list[bytes]:
    """Each page of a PDF as a PNG image (pdftoppm from poppler-utils); empty when pdftoppm is missing."""
    program = shutil.which("pdftoppm")
    if program is None:
        return []
    with tempfile.TemporaryDirectory(prefix="continuum-pages-") as work:
        folder = Path(work)
        (folder / "document.pdf").write_bytes(contenu_pdf)
        subprocess.run([program, "-png", "-r", str(RESOLUTION_APERCU), "-l", str(PAGES_MAX),
                        str(folder / "document.pdf"), str(folder / "page")],
                       capture_output=True, timeout=DELAI_S, check=False)
        return [path.read_bytes() for path in sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))]
