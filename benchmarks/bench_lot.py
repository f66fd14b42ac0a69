"""Benchmark: `continuum lot` against a naive docxtpl loop, in the same run.

    python benchmarks/bench_lot.py [--lignes 100 2000] [--travailleurs 1 2]

For each row count it writes a CLCS table, then measures:
- `continuum lot clcs` (draft mode, no PDF) with 1 and 2 workers: documents
  per second and peak memory (RSS of the batch process and its workers);
- a naive docxtpl loop on the same rows: ``DocxTemplate(path)`` → ``render``
  → ``save`` for every row, with a docxtpl template of the same convention
  (made from a Continuum output whose row-specific texts are replaced by
  Jinja tags).

Run on demand; the README reports the figures. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

COMMUNES = ["76351", "76540", "76451", "76108", "76498", "76217", "76322", "76681"]
MARQUEURS = {"nom": "QQZONEQQ", "perimetre": "QQPERIMETREQQ-QQPERIMETREQQ", "donneur": "QQDONNEURQQ"}


def _table(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["zone.nom", "zone.communes", "zone.perimetre", "donneurs_ordre"])
        for index in range(rows):
            writer.writerow([f"zone d'activités n° {index + 1}", COMMUNES[index % len(COMMUNES)],
                             f"Le périmètre n° {index + 1} comprend les voies internes et les parcs de stationnement.",
                             f"Entreprise {index + 1} | Association des commerçants {index + 1}"])


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _base(folder: Path) -> Path:
    import yaml

    example = yaml.safe_load((RACINE / "data" / "exemples" / "clcs-vatine.yaml").read_text(encoding="utf-8"))
    for key in ("zone",):
        example[key] = {k: v for k, v in example[key].items() if k not in ("nom", "communes", "perimetre")}
    example["signataires"].pop("maires")
    example.pop("donneurs_ordre")
    path = folder / "communs.yaml"
    path.write_text(yaml.safe_dump(example, allow_unicode=True), encoding="utf-8")
    return path


def _docxtpl_template(folder: Path, base: Path) -> Path:
    """A docxtpl template of the same convention: a Continuum output with Jinja tags for the row's texts."""
    import yaml

    from generator.generation import generer

    answers = yaml.safe_load(base.read_text(encoding="utf-8"))
    answers["zone"].update(nom=MARQUEURS["nom"], communes=["76351"], perimetre=MARQUEURS["perimetre"])
    answers["donneurs_ordre"] = [MARQUEURS["donneur"]]
    content = generer("clcs", answers, brouillon=True).contenu
    template = folder / "clcs-docxtpl.docx"
    with zipfile.ZipFile(__import__("io").BytesIO(content)) as source, zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                text = text.replace(MARQUEURS["nom"], "{{ r['zone.nom'] }}").replace(
                    MARQUEURS["perimetre"], "{{ r['zone.perimetre'] }}").replace(MARQUEURS["donneur"], "{{ r['donneurs_ordre'] }}")
                data = text.encode("utf-8")
            target.writestr(item, data)
    return template


def _naive(template: Path, rows: list[dict], out: Path) -> float:
    from docxtpl import DocxTemplate

    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for index, row in enumerate(rows):
        document = DocxTemplate(str(template))
        document.render({"r": row})
        document.save(str(out / f"naif-{index}.docx"))
    return time.perf_counter() - start


def _continuum(table: Path, base: Path, out: Path, workers: int) -> tuple[float, float]:
    """(seconds, peak RSS in MiB of the batch process or its largest worker) of `continuum lot` in a child process."""
    script = (
        "import resource, sys, time, json\n"
        "from pathlib import Path\n"
        "from generator.lot import execution\n"
        f"options = execution.Options('clcs', Path({str(table)!r}), Path({str(out)!r}), Path({str(base)!r}), {workers}, True)\n"
        "start = time.perf_counter(); execution.executer(options); elapsed = time.perf_counter() - start\n"
        # VmHWM is this process's own peak (ru_maxrss would keep the parent's size from before exec);
        # workers are forked from it, so their ru_maxrss is theirs.
        "own = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps([elapsed, max(own, kids) / 1024]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=RACINE, check=True)
    elapsed, peak = json.loads(done.stdout.strip().splitlines()[-1])
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lignes", type=int, nargs="+", default=[100, 2000])
    parser.add_argument("--travailleurs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="continuum-bench-") as work:
        folder = Path(work)
        base = _base(folder)
        template = _docxtpl_template(folder, base)
        print("| lignes | travailleurs | continuum lot (doc/s) | docxtpl naïf (doc/s) | rapport | mémoire max (Mio) |")
        print("|---|---|---|---|---|---|")
        for rows in args.lignes:
            table = folder / f"zones-{rows}.csv"
            _table(table, rows)
            naive_seconds = _naive(template, _rows(table), folder / f"naif-{rows}")
            shutil.rmtree(folder / f"naif-{rows}")
            naive_rate = rows / naive_seconds
            for workers in args.travailleurs:
                out = folder / f"lot-{rows}-{workers}"
                seconds, peak = _continuum(table, base, out, workers)
                shutil.rmtree(out)
                rate = rows / seconds
                print(f"| {rows} | {workers} | {rate:.1f} | {naive_rate:.1f} | {rate / naive_rate:.2f} | {peak:.0f} |",
                      flush=True)


if __name__ == "__main__":
    main()
