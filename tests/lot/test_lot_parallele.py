"""``-j 2``: the main process and one forked worker both generate, and the documents are those of ``-j 1``."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from generator.lot import execution, production
from tests.conftest import EXEMPLES

_VARIABLE = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ|[0-9a-f]{32}")  # dates and generation uuid


def _table(path: Path, rows: int) -> Path:
    path.write_text("zone.nom\n" + "".join(f"Zone d'activités n° {i}\n" for i in range(1, rows + 1)),
                    encoding="utf-8")
    return path


def _parties(document: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(document.read_bytes())) as archive:
        return {name: _VARIABLE.sub(b"X", archive.read(name)) for name in archive.namelist()}


def test_two_processes_share_the_rows_and_write_the_documents_one_process_writes(tmp_path, monkeypatch):
    table = _table(tmp_path / "zones.csv", 60)
    journal = tmp_path / "pids.txt"
    generate = production._generer

    def noted(task):  # inherited by the forked worker: each process notes the rows it generates
        with open(journal, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {task[0]}\n")
        return generate(task)

    monkeypatch.setattr(production, "_generer", noted)
    bilans = {}
    for workers in (1, 2):
        journal.write_text("", encoding="utf-8")
        bilans[workers] = execution.executer(execution.Options(
            "clcs", table, tmp_path / f"j{workers}", base=EXEMPLES / "clcs-vatine.yaml", travailleurs=workers))
        rows_by_process: dict[str, list[int]] = {}
        for pid, row in (line.split() for line in journal.read_text(encoding="utf-8").splitlines()):
            rows_by_process.setdefault(pid, []).append(int(row))
        assert sorted(r for rows in rows_by_process.values() for r in rows) == list(range(2, 62))  # each row once
        assert len(rows_by_process) == workers
        if workers == 2:
            assert str(os.getpid()) in rows_by_process  # the main process generated rows too
    assert bilans[1].compter("généré") == bilans[2].compter("généré") == 60
    names = sorted(p.name for p in (tmp_path / "j1").glob("*.docx"))
    assert names == sorted(p.name for p in (tmp_path / "j2").glob("*.docx")) and len(names) == 60
    for name in names:
        assert _parties(tmp_path / "j1" / name) == _parties(tmp_path / "j2" / name), name


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_during_a_batch_stops_every_process_and_the_manifest_stays_true(tmp_path, workers):
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it): the worker ignores it and finishes the
    chunks it was sent, the main process reports what was written (exit code 130) and waits for its worker.
    Every document on disk is in the manifest, even one renamed into place just as Ctrl-C came."""
    table = _table(tmp_path / "zones.csv", 600)
    out = tmp_path / "sortie"
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "lot", "clcs", str(table), "-o", str(out), "-b",
         str(EXEMPLES / "clcs-vatine.yaml"), "-j", workers, "--sans-registre"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("*.docx"))) < 40 and process.poll() is None:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)
    _stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "interrompu :" in stderr and "relancez la même commande" in stderr
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # no worker left behind
    rows = json.loads((out / "manifeste.json").read_text(encoding="utf-8"))["lignes"]
    written = [row for row in rows if row["statut"] == "généré"]
    assert written and all(row["statut"] in ("généré", "interrompu") for row in rows)
    for row in written:
        assert hashlib.sha256((out / row["fichier"]).read_bytes()).hexdigest() == row["sha256"]
    assert sorted(p.name for p in out.glob("*.docx")) == sorted(row["fichier"] for row in written)
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_ctrl_c_while_a_row_is_recorded_still_reports_every_document_the_worker_wrote(tmp_path, monkeypatch):
    """A Ctrl-C that lands while the main process records a row (not while it generates) is passed on to the
    production: the chunks already sent to the worker finish, and each document written is in the manifest."""
    from generator.erreurs import Interrompu
    from generator.lot import manifeste

    table = _table(tmp_path / "zones.csv", 200)
    real = manifeste.Journal.ecrire
    calls = []

    def interrupted_once(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 12:
            raise KeyboardInterrupt
        return real(self, *args, **kwargs)

    monkeypatch.setattr(manifeste.Journal, "ecrire", interrupted_once)
    out = tmp_path / "sortie"
    with pytest.raises(Interrompu):
        execution.executer(execution.Options("clcs", table, out, base=EXEMPLES / "clcs-vatine.yaml", travailleurs=2))
    rows = json.loads((out / "manifeste.json").read_text(encoding="utf-8"))["lignes"]
    written = {row["fichier"]: row["sha256"] for row in rows if row["statut"] == "généré"}
    on_disk = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.glob("*.docx")}
    assert len(written) > 12 and on_disk == written  # more than the rows recorded before the Ctrl-C: the worker's
