"""Two `continuum lot` processes writing to the same registry at the same time lose no record."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path


from tests.lot.test_lot import COLONNES, PERIMETRE, _base

ZONES_A = ["Zone des Hauts-Grigneux", "Parc du Mont-Gaillard", "Zone de la Brèque", "Centre commercial Océane",
           "Zone portuaire Est"]
ZONES_B = ["Zone de la Vallée", "Parc d'activités du Grand Quevilly", "Zone du Madrillet", "Centre Saint-Sever",
           "Zone portuaire Est"]  # the same zone in both tables: one agreement, two versions


def _tableau(path: Path, zones: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLONNES)
        for zone in zones:
            writer.writerow([zone, "zone_commerciale", "76351", PERIMETRE, "vols à l'étalage", "police", "oui",
                             "Centre commercial des Coquets", "", "", "15/12/2026"])
    return path


def test_two_batches_at_once_lose_no_record(registre, tmp_path):
    from generator.registre import models as m

    base = _base(tmp_path)
    processes = []
    for name, zones in (("a", ZONES_A), ("b", ZONES_B)):
        table = _tableau(tmp_path / f"{name}.csv", zones)
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "generator", "lot", "clcs", str(table), "-o", str(tmp_path / f"sortie-{name}"),
             "-b", str(base), "-j", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    outputs = [p.communicate(timeout=600) for p in processes]
    for process, (out, err) in zip(processes, outputs):
        assert process.returncode == 0, err
        assert "non enregistré au registre" not in err

    written = []
    for name in ("a", "b"):
        manifest = json.loads((tmp_path / f"sortie-{name}" / "manifeste.json").read_text(encoding="utf-8"))
        written += [row["sha256"] for row in manifest["lignes"] if row["statut"] == "généré"]
    assert len(written) == 10
    assert sorted(m.Version.objects.filter(origine="lot").values_list("sha256", flat=True)) == sorted(written)
    assert m.Accord.objects.count() == 9
    assert len(set(m.Accord.objects.values_list("reference", flat=True))) == 9
    shared = m.Accord.objects.get(zone="Zone portuaire Est")
    assert sorted(shared.versions.values_list("numero", flat=True)) == [1, 2]
    assert m.Journal.objects.filter(action="version").count() == 10
