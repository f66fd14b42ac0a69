"""Output formats of `continuum generer`: Word, PDF, PDF/A-2b and OpenDocument, the last three through LibreOffice.

The format follows the output's extension (``-o contrat.pdf`` is a PDF, never a Word file under a
.pdf name); ``--pdf``, ``--pdfa`` and ``--odt`` add a converted copy next to a Word output.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from generator.ecriture import ecrire_atomique
from generator.erreurs import ContinuumError, EcritureErreur

DOCX, PDF, PDFA, ODT = "docx", "pdf", "pdfa", "odt"
EXTENSIONS = {DOCX: ".docx", PDF: ".pdf", PDFA: ".pdf", ODT: ".odt"}
_BALISE = '"UseTaggedPDF":{"type":"boolean","value":"true"}'  # structure tags: read by screen readers (RGAA)
_FILTRES = {
    PDF: f"pdf:writer_pdf_Export:{{{_BALISE}}}",
    PDFA: f'pdf:writer_pdf_Export:{{"SelectPdfVersion":{{"type":"long","value":"2"}},{_BALISE}}}',  # PDF/A-2b
    ODT: "odt:writer8",
}
_DELAI = 180


def filtre(format_: str) -> str:
    """LibreOffice's ``--convert-to`` argument for ``format_`` (pdf, pdfa, odt): PDFs are tagged, in every output."""
    return _FILTRES[format_]


def sorties(sortie: Path, pdf: bool = False, pdfa: bool = False, odt: bool = False) -> list[tuple[str, Path]]:
    """(format, path) of every file to write, the one named by ``-o`` first."""
    suffix = sortie.suffix.lower()
    if suffix == ".pdf":
        if odt:
            raise ContinuumError(f"{sortie} : --odt demande un document OpenDocument, pas un PDF ; "
                                 "indiquez -o FICHIER.odt ou FICHIER.docx")
        return [(PDFA if pdfa else PDF, sortie)]
    if suffix == ".odt":
        extra = [(PDFA if pdfa else PDF, sortie.with_suffix(".pdf"))] if pdf or pdfa else []
        return [(ODT, sortie), *extra]
    if suffix != ".docx":
        raise ContinuumError(f"{sortie} : extension « {sortie.suffix or '(aucune)'} » inattendue ; "
                             "attendu .docx (Word), .pdf ou .odt")
    out = [(DOCX, sortie)]
    if pdf or pdfa:
        out.append((PDFA if pdfa else PDF, sortie.with_suffix(".pdf")))
    if odt:
        out.append((ODT, sortie.with_suffix(".odt")))
    return out


def libelle(format_: str) -> str:
    return {DOCX: "Word", PDF: "PDF", PDFA: "PDF/A-2b", ODT: "OpenDocument"}[format_]


def convertir(docx: Path, conversions: list[tuple[str, Path]]) -> None:
    """Convert a Word file with LibreOffice headless; each target is written whole (atomically) or not at all.

    LibreOffice starts on a profile prepared like the batch's (generator/lot/pdf.py: no graphics self-test,
    no word collection) and with jemalloc when installed: about 0.7 s less per document.
    """
    if not conversions:
        return
    from generator.lot import pdf

    program = pdf.soffice()
    environment = pdf.environnement()
    with tempfile.TemporaryDirectory(prefix="continuum-conversion-") as work:
        work_path = Path(work).resolve()
        source = work_path / f"document{docx.suffix}"
        source.write_bytes(docx.read_bytes())
        profile = pdf.preparer_profil(work_path / "profil").as_uri()
        for format_, target in conversions:
            outdir = work_path / format_
            command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                       "--convert-to", filtre(format_), "--outdir", str(outdir), str(source)]
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=_DELAI, env=environment)
                detail = (done.stderr or done.stdout).strip()
            except subprocess.TimeoutExpired:
                detail = f"délai de {_DELAI} s dépassé"
            produced = outdir / f"document{EXTENSIONS[format_]}"
            if not produced.exists():
                raise EcritureErreur(f"{target} : LibreOffice n'a pas produit le {libelle(format_)} ({detail[-300:]})")
            ecrire_atomique(target, produced.read_bytes())
