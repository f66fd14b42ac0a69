"""`lot --pdf` starts its LibreOffice with the batch, so that its start overlaps the generation.

- the helper is started before the first row is generated, warmed up on the batch's Word template;
- a warm-up document LibreOffice cannot read changes nothing: the helper still answers and converts;
- an office left unused (every row unchanged on a second run) is stopped, none outlives the batch;
- every LibreOffice of the batch is stopped at the end, its profile removed.
(Timings: benchmarks/bench_lot.py --pdf.)
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from generator import generation
from generator.lot import execution, manifeste, pdf
from generator.plan import charger_plan
from tests.lot.test_lot import ROWS, _base, _write_csv
from tests.lot.test_pdf_reglages import _convention, _texte_pdf

uno_requis = pytest.mark.skipif(pdf.interpreteur_uno() is None, reason="python3-uno absent")


def _options(tmp_path: Path, lignes: int) -> execution.Options:
    rows = [[f"Zone {index}"] + ROWS[0][1:] for index in range(lignes)]
    table = _write_csv(tmp_path / "zones.csv", rows)
    return execution.Options("clcs", table, tmp_path / "sortie", _base(tmp_path), travailleurs=1, pdf=True)


def _libreoffices_de(dossier: Path) -> str:
    time.sleep(0.3)
    found = subprocess.run(["pgrep", "-f", f"UserInstallation=file://{dossier.resolve()}"], capture_output=True,
                           text=True, check=False)
    return found.stdout.strip()


@uno_requis
def test_libreoffice_starts_with_the_batch_warmed_up_on_the_template(tmp_path, monkeypatch):
    events: list[tuple[str, object]] = []
    real_office, real_generate = pdf._Office.__init__, generation.generer

    def office(self, python, profil, echauffement=None):
        events.append(("libreoffice", echauffement))
        real_office(self, python, profil, echauffement)

    def generate(*args, **kwargs):
        events.append(("document", None))
        return real_generate(*args, **kwargs)

    monkeypatch.setattr(pdf._Office, "__init__", office)
    monkeypatch.setattr(generation, "generer", generate)
    options = _options(tmp_path, 3)
    bilan = execution.executer(options)

    assert events[0] == ("libreoffice", charger_plan("clcs").modele), events
    assert [kind for kind, _ in events].count("libreoffice") == 1
    assert [kind for kind, _ in events].count("document") == 3
    rows = manifeste.lire_precedent(options.sortie)
    pdfs = sorted(options.sortie.glob("*.pdf"))
    assert len(pdfs) == 3 and all(path.stat().st_size > 1000 for path in pdfs), bilan
    assert all(row["pdf"] and row["pdf_sha256"] for row in rows.values())
    assert not list(options.sortie.glob(".pdf-*")), "profil ou dossier de travail laissé dans la sortie"
    assert _libreoffices_de(options.sortie) == "", "un LibreOffice du lot tourne encore"


@uno_requis
def test_an_office_left_unused_is_stopped(tmp_path):
    options = _options(tmp_path, 2)
    execution.executer(options)
    before = {path.name: path.stat().st_mtime_ns for path in options.sortie.glob("*.pdf")}
    second = execution.executer(options)  # nothing changed: every PDF is kept, the office started is not used
    assert {path.name: path.stat().st_mtime_ns for path in options.sortie.glob("*.pdf")} == before
    assert second.compter(manifeste.INCHANGE) == 2 and second.compter(manifeste.GENERE) == 0
    assert not list(options.sortie.glob(".pdf-*"))
    assert _libreoffices_de(options.sortie) == "", "un LibreOffice inutilisé tourne encore"


@uno_requis
def test_a_warm_up_document_libreoffice_cannot_read_changes_nothing(tmp_path):
    broken = tmp_path / "abime.docx"
    broken.write_bytes(b"PK\x03\x04 pas un document")
    source = _convention(tmp_path, "convention.docx", brouillon=False)
    with pdf.Convertisseur(tmp_path, 1, echauffement=broken) as converter:
        results = converter.convertir([source])
    assert isinstance(results[source], Path), results[source]
    assert "Convention locale de coopération de sécurité" in _texte_pdf(results[source])
    assert _libreoffices_de(tmp_path) == ""
