"""Speed levers that must never change a document (timings live in benchmarks/, never here).

- clause renders reused across documents (generator/rendus_reutilises.py): the same text as a
  fresh render, for every shipped example and every clause sample;
- `continuum --aide` loads neither the generator nor its heavy libraries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from generator import bibliotheque, chemins, rendu_texte, rendus_reutilises
from generator.lot import pdf
from generator.document import Paragraphe
from generator.generation import generer
from generator.lecture import lire_yaml

RACINE = Path(__file__).resolve().parent.parent
EXEMPLES = sorted((RACINE / "data" / "exemples").glob("*.yaml"))
_VARIABLE = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ|[0-9a-f]{32}")  # dates and the generation's uuid


def _types(exemple: Path) -> list[str]:
    kind = lire_yaml(exemple)["type"]
    return ["ems-ordre-du-jour", "ems-releve"] if kind == "ems-reunion" else [kind]


def _parties(exemple: Path, type_document: str, brouillon: bool) -> dict[str, bytes]:
    with chemins.reponses_dans(exemple):
        content = generer(type_document, lire_yaml(exemple), str(exemple), brouillon).contenu
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: _VARIABLE.sub(b"#", archive.read(name)) for name in archive.namelist()}


@pytest.fixture
def sans_reutilisation(monkeypatch):
    rendus_reutilises.vider()
    monkeypatch.setattr(rendus_reutilises, "ESSAIS", 0)
    yield
    rendus_reutilises.vider()


@pytest.mark.parametrize("exemple", EXEMPLES, ids=lambda p: p.stem)
def test_reused_renders_give_the_same_document(exemple, monkeypatch):
    for type_document in _types(exemple):
        for brouillon in (True, False):
            rendus_reutilises.vider()
            monkeypatch.setattr(rendus_reutilises, "ESSAIS", 0)
            fresh = _parties(exemple, type_document, brouillon)
            monkeypatch.setattr(rendus_reutilises, "ESSAIS", 16)
            _parties(exemple, type_document, brouillon)  # fills the store
            reused = _parties(exemple, type_document, brouillon)
            assert any(v == -1 for v in rendus_reutilises._reserve.misses.values())  # renders were reused
            assert reused.keys() == fresh.keys()
            for name in fresh:
                assert reused[name] == fresh[name], f"{exemple.name} {type_document} : {name} diffère"
    rendus_reutilises.vider()


def test_every_clause_sample_renders_its_expected_text_from_the_store(sans_reutilisation, monkeypatch):
    """Each sample rendered fresh, then again from the store: both are the recorded text."""
    monkeypatch.setattr(rendus_reutilises, "ESSAIS", 16)
    checked = 0
    for clause in bibliotheque.charger().clauses.values():
        for sample in clause.exemples:
            numeros = dict(sample.numeros)
            renders = [rendu_texte.rendre(clause, sample.reponses, numeros, set(numeros) | set(sample.retenues))
                       for _ in range(2)]
            assert renders == [rendu_texte.normaliser(sample.attendu)] * 2, clause.id
            checked += 1
    assert checked > 50
    assert any(v == -1 for v in rendus_reutilises._reserve.misses.values())


def test_a_changed_answer_is_never_served_from_the_store(sans_reutilisation, monkeypatch):
    monkeypatch.setattr(rendus_reutilises, "ESSAIS", 16)
    clause = dataclasses.replace(next(iter(bibliotheque.charger().clauses.values())),
                                 id="essai_reutilisation", texte="Zone : {{ zone.nom }} ; {{ n }}.")
    texts = [rendu_texte.rendre(clause, {"zone": {"nom": name}, "n": n}) for name in ("A", "B", "A")
             for n in (1, 1.0, True)]
    assert texts == ["Zone : A ; 1.", "Zone : A ; 1.0.", "Zone : A ; True.",
                     "Zone : B ; 1.", "Zone : B ; 1.0.", "Zone : B ; True.",
                     "Zone : A ; 1.", "Zone : A ; 1.0.", "Zone : A ; True."]
    assert rendus_reutilises._reserve.misses[(clause.id, clause.version, clause.texte)] == -1  # the last three reused


def test_values_a_key_cannot_capture_turn_reuse_off(sans_reutilisation, monkeypatch):
    class Opaque:  # a local class: its objects cannot be pickled, so they cannot be part of a key
        def __init__(self, value):
            self.value = value

        def __str__(self):
            return self.value

    with pytest.raises(rendus_reutilises._NonFigeable):
        rendus_reutilises.figer({"x": Opaque("a")})
    with pytest.raises(rendus_reutilises._NonFigeable):
        rendus_reutilises.figer([lambda: "a"])
    figer = rendus_reutilises.figer
    assert figer(Paragraphe("Rouen")) != figer(Paragraphe("Caen"))
    assert figer([dt.date(2026, 1, 1)]) == figer([dt.date(2026, 1, 1)])
    assert len({figer(v) for v in (1, 1.0, True, "1", -0.0, 0.0)}) == 6
    monkeypatch.setattr(rendus_reutilises, "ESSAIS", 16)
    clause = dataclasses.replace(next(iter(bibliotheque.charger().clauses.values())),
                                 id="essai_opaque", texte="Valeur : {{ x }}.")
    assert [rendu_texte.rendre(clause, {"x": Opaque(v)}) for v in "aba"] == ["Valeur : a.", "Valeur : b.", "Valeur : a."]
    assert not [key for key in rendus_reutilises._reserve.rendus if key[0][0] == "essai_opaque"]


def test_a_clause_that_depends_on_the_row_stops_being_stored(sans_reutilisation, monkeypatch):
    monkeypatch.setattr(rendus_reutilises, "ESSAIS", 4)
    clause = dataclasses.replace(next(iter(bibliotheque.charger().clauses.values())),
                                 id="essai_ligne", texte="Ligne {{ n }}.")
    for n in range(20):
        assert rendu_texte.rendre(clause, {"n": n}) == f"Ligne {n}."
    stored = [key for key in rendus_reutilises._reserve.rendus if key[0][0] == "essai_ligne"]
    assert len(stored) == 4


def test_help_loads_neither_the_generator_nor_heavy_libraries():
    code = ("import sys, generator.cli; heavy = [m for m in ('docx', 'lxml', 'openpyxl', 'matplotlib', 'django', "
            "'jinja2', 'babel', 'num2words', 'generator.generation', 'generator.rendu_docx') if m in sys.modules]; "
            "print(','.join(heavy))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=RACINE, check=True)
    assert done.stdout.strip() == ""
    shown = subprocess.run([sys.executable, "-m", "generator", "--aide"], capture_output=True, text=True, cwd=RACINE,
                           check=True)
    assert "generer" in shown.stdout and "lot" in shown.stdout


def _conventions(dossier: Path, nombre: int) -> list[Path]:
    exemple = RACINE / "data" / "exemples" / "clcs-vatine.yaml"
    files = []
    for index in range(nombre):
        with chemins.reponses_dans(exemple):
            content = generer("clcs", lire_yaml(exemple), str(exemple), brouillon=index % 2 == 0).contenu
        files.append(dossier / f"convention-{index}.docx")
        files[-1].write_bytes(content)
    return files


@pytest.mark.skipif(pdf.interpreteur_uno() is None, reason="python3-uno absent")
def test_pdf_goes_through_one_persistent_libreoffice_per_worker(tmp_path, monkeypatch):
    """Drafts (with comments) and finals converted by one LibreOffice started once, none left running."""
    from pypdf import PdfReader

    starts = []
    real = pdf._Office.__init__

    def counted(self, *args):
        starts.append(args)
        real(self, *args)

    monkeypatch.setattr(pdf._Office, "__init__", counted)
    monkeypatch.setattr(pdf, "_lancer", lambda *a: pytest.fail("conversion par paquets au lieu du LibreOffice persistant"))
    files = _conventions(tmp_path, 3)
    results = pdf.convertir(files, tmp_path, 1)
    assert len(starts) == 1
    for source in files:
        text = " ".join(page.extract_text() for page in PdfReader(results[source]).pages)
        assert "Convention locale de coopération de sécurité" in text and "Vatine" in text
    assert not list(tmp_path.glob(".pdf-*"))


@pytest.mark.skipif(pdf.interpreteur_uno() is None, reason="python3-uno absent")
def test_a_document_libreoffice_chokes_on_is_reported_and_the_next_ones_converted(tmp_path, monkeypatch):
    files = _conventions(tmp_path, 2)
    broken = tmp_path / "abime.docx"
    broken.write_bytes(b"PK\x03\x04 pas un document")
    monkeypatch.setattr(pdf, "_DELAI_PAR_DOCUMENT", 10)
    results = pdf.convertir([files[0], broken, files[1]], tmp_path, 1)
    assert isinstance(results[broken], str) and "abime.docx" in results[broken]
    assert all(isinstance(results[f], Path) and results[f].stat().st_size > 0 for f in files)
    time.sleep(0.5)
    mine = subprocess.run(["pgrep", "-f", f"UserInstallation=file://{tmp_path}"], capture_output=True, text=True)
    assert mine.stdout.strip() == "", "un LibreOffice du lot tourne encore"


def _lot(tmp_path: Path, lignes: int, **options):
    from generator.lot import execution
    from tests.lot.test_lot import ROWS, _base, _write_csv

    rows = [[f"Zone {index}"] + ROWS[0][1:] for index in range(lignes)]
    tmp_path.mkdir(parents=True, exist_ok=True)
    table = _write_csv(tmp_path / "zones.csv", rows)
    return execution.Options("clcs", table, tmp_path / "sortie", _base(tmp_path), **options)


def test_a_small_table_is_produced_by_one_process_and_the_user_is_told(tmp_path, monkeypatch):
    from generator.lot import execution, resume

    monkeypatch.setattr(execution, "SEUIL_PARALLELE", 4)
    small = execution.executer(_lot(tmp_path / "petit", 3, travailleurs=None))
    assert small.travailleurs == 1 and small.compter("généré") == 3
    texts = [m.texte for m in resume.messages(small, tmp_path / "petit" / "sortie")]
    assert any("un seul processus" in t for t in texts)
    monkeypatch.setattr(execution, "travailleurs_par_defaut", lambda: 2)
    big = execution.executer(_lot(tmp_path / "grand", 5, travailleurs=None))
    assert big.travailleurs == 2 and big.compter("généré") == 5
    assert not any("un seul processus" in m.texte for m in resume.messages(big, tmp_path / "grand" / "sortie"))


def test_a_batch_syncs_the_folder_once_instead_of_every_file(tmp_path, monkeypatch):
    from generator.lot import execution

    calls = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append(fd) or real(fd))
    bilan = execution.executer(_lot(tmp_path, 6, travailleurs=1))
    assert bilan.compter("généré") == 6
    assert len(calls) == 1  # the folder, at the end
    manifest = json.loads((tmp_path / "sortie" / "manifeste.json").read_text(encoding="utf-8"))
    assert "dossier synchronisé à la fin du lot" in manifest["synchronisation"]
    assert not (tmp_path / "sortie" / ".manifeste.journal").exists()
