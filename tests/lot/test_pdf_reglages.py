"""The settings that make the persistent LibreOffice faster change nothing in the PDFs (timings: benchmarks/).

- the worker's profile is written before LibreOffice first starts and LibreOffice keeps it;
- LibreOffice runs with jemalloc when the system has it;
- a draft's comments are still not printed, and a document that is not a .docx (no forced import
  filter) is still converted.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from generator import chemins
from generator.generation import generer
from generator.lecture import lire_yaml
from generator.lot import pdf

RACINE = Path(__file__).resolve().parents[2]
EXEMPLE_CLCS = RACINE / "data" / "exemples" / "clcs-vatine.yaml"

uno_requis = pytest.mark.skipif(pdf.interpreteur_uno() is None, reason="python3-uno absent")


def _convention(dossier: Path, nom: str, brouillon: bool) -> Path:
    with chemins.reponses_dans(EXEMPLE_CLCS):
        content = generer("clcs", lire_yaml(EXEMPLE_CLCS), str(EXEMPLE_CLCS), brouillon=brouillon).contenu
    path = dossier / nom
    path.write_bytes(content)
    return path


def _texte_pdf(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def test_a_new_profile_gets_the_settings_and_an_existing_one_is_left_alone(tmp_path):
    profile = pdf.preparer_profil(tmp_path / "profil")
    settings = (profile / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    assert 'oor:name="CollectWords"' in settings and "<value>false</value>" in settings
    assert 'oor:name="ooSetupLastVersion"' in settings
    own = tmp_path / "autre" / "user" / "registrymodifications.xcu"
    own.parent.mkdir(parents=True)
    own.write_text("<oor:items/>", encoding="utf-8")
    pdf.preparer_profil(tmp_path / "autre")
    assert own.read_text(encoding="utf-8") == "<oor:items/>"


def test_jemalloc_is_preloaded_only_when_present_and_keeps_an_existing_preload(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "JEMALLOC", (str(tmp_path / "absent.so"),))
    monkeypatch.setenv("LD_PRELOAD", "/lib/autre.so")
    assert pdf.environnement()["LD_PRELOAD"] == "/lib/autre.so"
    library = tmp_path / "libjemalloc.so.2"
    library.write_bytes(b"")
    monkeypatch.setattr(pdf, "JEMALLOC", (str(library),))
    assert pdf.environnement()["LD_PRELOAD"] == f"{library} /lib/autre.so"
    monkeypatch.delenv("LD_PRELOAD")
    assert pdf.environnement()["LD_PRELOAD"] == str(library)


def _processus_du_groupe(groupe: int, nom: str) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            command, fields = stat.read_text().rsplit(")", 1)
        except OSError:
            continue
        if command.split("(", 1)[1] == nom and int(fields.split()[2]) == groupe:
            found.append(int(stat.parent.name))
    return found


@uno_requis
@pytest.mark.skipif(not any(Path(p).exists() for p in pdf.JEMALLOC), reason="libjemalloc2 absent")
def test_the_persistent_libreoffice_runs_with_jemalloc(tmp_path):
    office = pdf._Office(pdf.interpreteur_uno(), tmp_path / "profil")
    try:
        assert office.reponse(90) == "pret"
        workers = _processus_du_groupe(office.process.pid, "soffice.bin")
        assert workers, "aucun soffice.bin dans le groupe du LibreOffice du lot"
        assert all("libjemalloc" in Path(f"/proc/{pid}/maps").read_text() for pid in workers)
    finally:
        office.fermer()


@uno_requis
def test_libreoffice_keeps_the_profile_settings_across_restarts(tmp_path):
    source = _convention(tmp_path, "convention.docx", brouillon=False)
    profile = tmp_path / "profil"
    for _ in range(2):  # the second start reuses the profile the first one wrote back
        results = pdf._convertir_persistant(pdf.interpreteur_uno(), [source], tmp_path, profile)
        assert isinstance(results[source], Path), results[source]
    settings = (profile / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    assert re.search(r'CollectWords" oor:op="fuse"><value>false<', settings)
    assert re.search(r'ooSetupLastVersion" oor:op="fuse"><value>99\.9<', settings)


@uno_requis
def test_a_drafts_comments_stay_out_of_the_pdf_and_an_odt_is_still_converted(tmp_path):
    draft = _convention(tmp_path, "projet.docx", brouillon=True)
    with zipfile.ZipFile(draft) as archive:
        comments = archive.read("word/comments.xml").decode("utf-8")
    comment_texts = [t for t in re.findall(r"<w:t(?: [^>]*)?>([^<]{25,})</w:t>", comments)]
    assert comment_texts, "le projet devrait porter des commentaires"
    odt_folder = tmp_path / "odt"
    odt_folder.mkdir()
    subprocess.run([pdf.soffice(), f"-env:UserInstallation={(tmp_path / 'profil-odt').as_uri()}", "--headless",
                    "--convert-to", "odt", "--outdir", str(odt_folder),
                    str(_convention(tmp_path, "definitive.docx", brouillon=False))],
                   capture_output=True, check=True, timeout=120)
    odt = odt_folder / "definitive.odt"
    results = pdf.convertir([draft, odt], tmp_path, 1)
    draft_text = _texte_pdf(results[draft])
    assert "Convention locale de coopération de sécurité" in draft_text
    assert not any(text[:25] in draft_text for text in comment_texts)
    assert isinstance(results[odt], Path), results[odt]
    assert "Convention locale de coopération de sécurité" in _texte_pdf(results[odt])
