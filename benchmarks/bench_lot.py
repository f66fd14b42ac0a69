"""Benchmark: `continuum lot` against a naive docxtpl loop and a floor, in the same run.

    python benchmarks/bench_lot.py                       # 300 and 1 000 rows, medians of 3
    python benchmarks/bench_lot.py --lignes 300 1000 5000 --repetitions 3
    python benchmarks/bench_lot.py --france              # + the 34 969 communes, one convention each
    python benchmarks/bench_lot.py --pdf --unitaire      # + PDF throughput, warm single document, startup
    python benchmarks/bench_lot.py --lignes --pdf        # only the PDF measure (no row count)

For each row count it writes a CLCS table (one zone per row: name, commune,
perimeter, mayor, council deliberation, clients), then measures, each
``--repetitions`` times (the median is printed):

- ``continuum lot produire clcs`` with ``-j 1`` and ``-j 2``, as a whole process
  (imports, library load, validation and writing included, registry off):
  documents per second and peak RSS (VmHWM) of the main process and of each
  worker, read from /proc while the process runs;
- a naive docxtpl loop on the same rows: ``DocxTemplate(path)`` → ``render`` →
  ``save`` for every row, with a docxtpl template of the same convention (a
  Continuum output of the same answers whose row-specific texts are Jinja tags);
- the floor: the same template's parts read once and its ``document.xml``
  compiled once as a Jinja template; per row only the Jinja render and one zip
  write (all parts deflated, as a .docx is) remain.

``--france``: the 34 969 communes of the COG extract (data/referentiel), one
CLCS-size convention per commune with ``-j 2``: total time, time to the first
document, peak RSS per process and RSS growth per 1 000 rows.

``--pdf``: documents per second of the batch's PDF stage with one LibreOffice
worker: what ``--pdf`` adds to a whole ``lot -j 1`` run (N rows ÷ the extra
seconds; LibreOffice starts with the batch, during the generation), and the
conversion alone (generator.lot.pdf.convertir, LibreOffice's start included),
against one ``soffice --convert-to pdf`` call on the same files. ``--unitaire``: the example CSI generated in-process,
warm (median of 20), and the wall time of ``continuum --aide``.

Run on demand; the README reports the figures. Never part of the test suite.
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

COMMUNES = ["76351", "76540", "76451", "76108", "76498", "76217", "76322", "76681"]
MARQUEURS = {"zone.nom": "QQZONEQQ", "zone.perimetre": "QQPERIMETREQQ-QQPERIMETREQQ", "signataires.maires": "QQMAIREQQ"}
COLONNES = ["zone.nom", "zone.communes", "zone.perimetre", "signataires.maires", "signataires.deliberations",
            "donneurs_ordre"]
MAIRES = ["Mme Hélène Duval", "M. Marc Leroy", "Mme Anne Martin", "M. Paul Bernard"]


# -- inputs -------------------------------------------------------------------------
def _ligne(index: int, commune: str) -> list[str]:
    return [f"zone d'activités n° {index + 1}", commune,
            f"Le périmètre n° {index + 1} comprend les voies internes de la zone, ses parcs de stationnement "
            "et les abords immédiats des établissements qui y sont implantés.",
            MAIRES[index % len(MAIRES)], "24/11/2026",
            "Association des entreprises du parc de la Vatine | Logistique Normande"]


def _table(path: Path, communes: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLONNES)
        for index, commune in enumerate(communes):
            writer.writerow(_ligne(index, commune))


def _communes_de_lignes(rows: int) -> list[str]:
    return [COMMUNES[i % len(COMMUNES)] for i in range(rows)]


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _base(folder: Path) -> Path:
    """The example's answers without the row's columns: the batch's shared answers (-b)."""
    import yaml

    example = yaml.safe_load((RACINE / "data" / "exemples" / "clcs-vatine.yaml").read_text(encoding="utf-8"))
    example["zone"] = {k: v for k, v in example["zone"].items() if k not in ("nom", "communes", "perimetre")}
    for key in ("maires", "deliberations"):
        example["signataires"].pop(key, None)
    example.pop("donneurs_ordre", None)
    path = folder / "communs.yaml"
    path.write_text(yaml.safe_dump(example, allow_unicode=True), encoding="utf-8")
    return path


def _docxtpl_template(folder: Path, base: Path) -> Path:
    """A docxtpl template of the same convention: a Continuum output with Jinja tags for the row's texts."""
    import yaml

    from generator.generation import generer

    answers = yaml.safe_load(base.read_text(encoding="utf-8"))
    answers["zone"].update(nom=MARQUEURS["zone.nom"], communes=[COMMUNES[0]], perimetre=MARQUEURS["zone.perimetre"])
    answers["signataires"].update(maires=[{"civilite": "Mme", "prenom": "Hélène", "nom": MARQUEURS["signataires.maires"]}],
                                  deliberations=["24/11/2026"])
    answers["donneurs_ordre"] = ["Association des entreprises du parc de la Vatine", "Logistique Normande"]
    content = generer("clcs", answers, brouillon=True).contenu
    template = folder / "clcs-docxtpl.docx"
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                for column, marker in MARQUEURS.items():
                    text = text.replace(marker, "{{ r['%s'] }}" % column)
                data = text.encode("utf-8")
            target.writestr(item, data)
    return template


# -- measures -----------------------------------------------------------------------
def _naive(template: Path, rows: list[dict], out: Path) -> float:
    from docxtpl import DocxTemplate

    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for index, row in enumerate(rows):
        document = DocxTemplate(str(template))
        document.render({"r": row})
        document.save(str(out / f"naif-{index}.docx"))
    return time.perf_counter() - start


def _floor(template: Path, rows: list[dict], out: Path) -> float:
    """Pre-rendered XML (the template's document.xml compiled once) + one zip write per row."""
    import jinja2

    with zipfile.ZipFile(template) as source:
        parts = [(item.filename, source.read(item.filename)) for item in source.infolist()]
    body = jinja2.Environment(autoescape=True).from_string(dict(parts)["word/document.xml"].decode("utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for index, row in enumerate(rows):
        document = body.render(r=row).encode("utf-8")
        with zipfile.ZipFile(out / f"plancher-{index}.docx", "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in parts:
                target.writestr(name, document if name == "word/document.xml" else data)
    return time.perf_counter() - start


class _Sonde(threading.Thread):
    """Polls /proc for a process tree: peak RSS (VmHWM) of each process, RSS samples, first document."""

    def __init__(self, pid: int, dossier: Path | None = None, periode: float = 0.1, compter: bool = False):
        super().__init__(daemon=True)
        self.pid, self.dossier, self.periode, self.compter = pid, dossier, periode, compter
        self.pics: dict[int, int] = {}  # pid -> VmHWM kB
        self.echantillons: list[tuple[int, dict[int, int]]] = []  # (documents, pid -> VmRSS kB)
        self.premier: float | None = None
        self.debut = time.perf_counter()
        self.fini = threading.Event()

    def _descendants(self) -> list[int]:
        found, todo = [], [self.pid]
        try:  # /proc/PID/task/PID/children: cheap (a scan of /proc would cost the measure a few %)
            while todo:
                pid = todo.pop()
                found.append(pid)
                with open(f"/proc/{pid}/task/{pid}/children") as handle:
                    todo.extend(int(child) for child in handle.read().split())
            return found
        except FileNotFoundError:
            if len(found) > 1 or not os.path.exists(f"/proc/{self.pid}/task/{self.pid}"):
                return found  # a process that just ended
        children: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    ppid = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    @staticmethod
    def _status(pid: int) -> dict[str, int]:
        values = {}
        try:
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith(("VmHWM", "VmRSS")):
                        values[line.split(":")[0]] = int(line.split()[1])
        except OSError:
            pass
        return values

    def _documents(self) -> int:
        try:
            return sum(1 for e in os.scandir(self.dossier) if e.name.endswith(".docx") and not e.name.startswith("."))
        except OSError:
            return 0

    def run(self) -> None:
        last_count = 0.0
        while not self.fini.is_set():
            rss = {}
            for pid in self._descendants():
                status = self._status(pid)
                if "VmHWM" in status:
                    self.pics[pid] = max(self.pics.get(pid, 0), status["VmHWM"])
                    rss[pid] = status["VmRSS"]
            now = time.perf_counter()
            if self.dossier is not None and (self.premier is None or (self.compter and now - last_count > 1.0)):
                count = self._documents()
                if count and self.premier is None:
                    self.premier = now - self.debut
                if self.compter:
                    last_count = now
                    self.echantillons.append((count, rss))
            self.fini.wait(self.periode)


def _lot(table: Path, base: Path, out: Path, workers: int, extra: tuple[str, ...] = (), compter: bool = False
         ) -> tuple[float, _Sonde, str]:
    """(seconds, probe, stderr tail) of `continuum lot produire clcs` run as a whole process."""
    command = [sys.executable, "-m", "generator", "lot", "produire", "clcs", str(table), "-o", str(out),
               "-b", str(base), "-j", str(workers), "--sans-registre", *extra]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=RACINE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    probe = _Sonde(process.pid, out, compter=compter)
    probe.start()
    stdout, stderr = process.communicate()
    elapsed = time.perf_counter() - start
    probe.fini.set()
    probe.join()
    if process.returncode not in (0, 3):
        raise SystemExit(f"échec de continuum lot ({process.returncode}) :\n{stderr[-2000:]}")
    return elapsed, probe, (stdout + stderr).strip().splitlines()[-3:] if (stdout + stderr).strip() else []


def _pics(probe: _Sonde) -> str:
    """ "principal 98 / travailleurs 80, 81" in MiB."""
    if not probe.pics:
        return "?"
    main, *workers = [probe.pics[pid] for pid in sorted(probe.pics)]
    text = f"{main / 1024:.0f}"
    if workers:
        text += " / " + ", ".join(f"{w / 1024:.0f}" for w in workers)
    return text


def _median_run(repetitions: int, run) -> tuple[float, object]:
    return _medianes_entrelacees(repetitions, [run])[0]


def _medianes_entrelacees(repetitions: int, runs: list) -> list[tuple[float, object]]:
    """The median (seconds, probe) of each measure, the measures taken in turn at each repetition (naive,
    floor, -j1, -j2, then again): a load that comes and goes on a shared machine weighs on all alike."""
    results: list[list] = [[] for _ in runs]
    for _ in range(repetitions):
        for index, run in enumerate(runs):
            os.sync()  # the files the previous measure left unwritten are not flushed by this one's final sync
            results[index].append(run())
    return [sorted(found, key=lambda item: item[0])[len(found) // 2] for found in results]


def _fmt(value: float) -> str:
    return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")


# -- sections -----------------------------------------------------------------------
def mesurer_lignes(folder: Path, base: Path, template: Path, counts: list[int], repetitions: int) -> None:
    print(f"\n## Débit (documents par seconde, médiane de {repetitions}, mesures alternées) ; mémoire max en Mio "
          "(principal / travailleurs)\n")
    print("| lignes | lot -j 1 | lot -j 2 | docxtpl naïf | plancher | -j1 ÷ naïf | -j1 ÷ plancher | -j2 ÷ -j1 "
          "| mémoire -j 1 | mémoire -j 2 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for rows in counts:
        table = folder / f"zones-{rows}.csv"
        _table(table, _communes_de_lignes(rows))
        data = _rows(table)

        # Each measure writes into a folder of its own, all removed once the row count is measured: on
        # this VM's disk, creating files just after thousands were deleted costs 0.3 to 0.9 ms more per
        # file, which a deletion between two measures made the next one pay.
        outputs = itertools.count()

        def naive():
            seconds = _naive(template, data, folder / f"naif-{next(outputs)}")
            return seconds, None

        def floor():
            seconds = _floor(template, data, folder / f"plancher-{next(outputs)}")
            return seconds, None

        def lot(workers: int):
            def run():
                out = folder / f"lot-{workers}-{next(outputs)}"
                seconds, probe, _ = _lot(table, base, out, workers)
                produced = sum(1 for p in out.glob("*.docx"))
                if produced != rows:
                    raise SystemExit(f"continuum lot n'a produit que {produced} documents sur {rows}")
                return seconds, probe
            return run

        (naive_s, _), (floor_s, _), (one_s, one), (two_s, two) = _medianes_entrelacees(
            repetitions, [naive, floor, lot(1), lot(2)])
        naive_r, floor_r, one_r, two_r = (rows / s for s in (naive_s, floor_s, one_s, two_s))
        print(f"| {rows} | {_fmt(one_r)} | {_fmt(two_r)} | {_fmt(naive_r)} | {_fmt(floor_r)} | {_fmt(one_r / naive_r)} "
              f"| {one_r / floor_r:.2f} | {two_r / one_r:.2f} | {_pics(one)} | {_pics(two)} |".replace(".", ","),
              flush=True)
        for measured in [*folder.glob("naif-*"), *folder.glob("plancher-*"), *folder.glob("lot-[12]-*")]:
            shutil.rmtree(measured)


def mesurer_france(folder: Path, base: Path, workers: int) -> None:
    from generator import referentiel

    codes = sorted(referentiel.charger()._communes)
    table = folder / "france.csv"
    _table(table, codes)
    out = folder / "france"
    seconds, probe, tail = _lot(table, base, out, workers, compter=True)
    produced = sum(1 for p in out.glob("*.docx"))
    print(f"\n## France entière : {len(codes)} communes, -j {workers}\n")
    print(f"- durée totale : {_fmt(seconds)} s ({_fmt(produced / seconds)} documents/s), {produced} documents écrits")
    print(f"- premier document écrit après {_fmt(probe.premier or float('nan'))} s")
    print(f"- mémoire max (Mio, principal / travailleurs) : {_pics(probe)}")
    widest = max((len(rss) for _n, rss in probe.echantillons), default=0)  # while every worker runs
    samples = [(n, rss) for n, rss in probe.echantillons if n >= produced * 0.1 and len(rss) == widest]
    if len(samples) >= 2:
        (n0, r0), (n1, r1) = samples[0], samples[-1]
        growth = " / ".join(f"{(r1[pid] - r0[pid]) / 1024 / max(1, n1 - n0) * 1000:+.2f}"
                            for pid in sorted(set(r0) & set(r1)))
        print(f"- croissance de la mémoire résidente par 1 000 lignes (Mio, principal / travailleurs, entre {n0} "
              f"et {n1} documents) : {growth}")
    manifest = out / "manifeste.json"
    if manifest.exists():
        print(f"- manifeste : {manifest.stat().st_size / 1e6:.1f} Mo")
    for line in tail:
        print(f"  > {line}")
    shutil.rmtree(out)


def mesurer_pdf(folder: Path, base: Path, rows: int, repetitions: int = 3) -> None:
    from generator.lot import pdf

    table = folder / f"zones-pdf-{rows}.csv"
    _table(table, _communes_de_lignes(rows))
    out = folder / "pdf-source"
    _lot(table, base, out, 1)
    sources = sorted(out.glob("*.docx"))
    rates: dict[str, list[float]] = {"lot": [], "soffice": [], "soffice-reglages": [], "ajout": []}
    for repetition in range(repetitions):  # interleaved, so that the machine's load weighs on each alike
        # what --pdf adds to a whole `lot -j 1` run: LibreOffice starts with the batch, during the generation
        without, _, _ = _lot(table, base, folder / f"lot-sans-pdf-{repetition}", 1)
        with_pdf, _, _ = _lot(table, base, folder / f"lot-avec-pdf-{repetition}", 1, ("--pdf",))
        if len(list((folder / f"lot-avec-pdf-{repetition}").glob("*.pdf"))) != len(sources):
            raise SystemExit("continuum lot --pdf n'a pas produit tous les PDF")
        rates["ajout"].append(len(sources) / (with_pdf - without))
        target = folder / f"pdf-lot-{repetition}"
        target.mkdir()
        start = time.perf_counter()
        results = pdf.convertir(sources, target, 1)
        rates["lot"].append(sum(1 for r in results.values() if not isinstance(r, str)) / (time.perf_counter() - start))
        for name, profile, env in (("soffice", folder / f"profil-soffice-{repetition}", None),
                                   ("soffice-reglages", pdf.preparer_profil(folder / f"profil-reglages-{repetition}"),
                                    pdf.environnement())):
            single = folder / f"pdf-{name}-{repetition}"
            single.mkdir()
            start = time.perf_counter()
            subprocess.run([pdf.soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                            "--norestore", "--convert-to", "pdf", "--outdir", str(single), *map(str, sources)],
                           capture_output=True, check=False, env=env)
            rates[name].append(len(list(single.glob("*.pdf"))) / (time.perf_counter() - start))
    start_s, first_ms, stages = _etapes_pdf(pdf, sources, folder / "pdf-etapes")

    def rate(name: str) -> str:
        values = rates[name]
        return (f"{_fmt(statistics.median(values))} documents/s (médiane de {len(values)} ; "
                f"{_fmt(min(values))} à {_fmt(max(values))})")

    print(f"\n## PDF : {len(sources)} conventions, un travailleur LibreOffice\n")
    print(f"- ce que --pdf ajoute à `lot -j 1` (LibreOffice démarré avec le lot) : {rate('ajout')}")
    print(f"- conversion seule (generator.lot.pdf.convertir, démarrage compris) : {rate('lot')}")
    print(f"- un seul appel soffice --convert-to pdf, profil neuf : {rate('soffice')}")
    print(f"- le même appel avec les réglages du lot (profil préparé, jemalloc) : {rate('soffice-reglages')}")
    print(f"- un LibreOffice du lot : démarrage {_fmt(start_s)} s, premier document {_fmt(first_ms)} ms ; "
          f"puis par document (médianes) : ouverture {_fmt(stages[0])} ms, export PDF {_fmt(stages[1])} ms, "
          f"fermeture {_fmt(stages[2])} ms (la mise en page, faite en tâche de fond, se partage entre les deux)")


def _etapes_pdf(pdf, sources: list[Path], folder: Path) -> tuple[float, float, list[float]]:
    """(start in s, first document in ms, median ms of load, export, close) of one LibreOffice of the batch."""
    folder.mkdir()
    start = time.perf_counter()
    office = pdf._Office(pdf.interpreteur_uno(), folder / "profil")
    try:
        if office.reponse(120) != "pret":
            raise SystemExit("le LibreOffice du lot n'a pas démarré")
        start_s = time.perf_counter() - start
        steps = []
        for source in sources:
            office.process.stdin.write(f"{source.resolve()}\t{folder / source.with_suffix('.pdf').name}\n")
            office.process.stdin.flush()
            status, _, detail = (office.reponse(120) or "").partition("\t")
            if status != "ok":
                raise SystemExit(f"échec de la conversion de {source.name} : {detail}")
            steps.append([float(value) for value in detail.split("\t")[1].split()])
    finally:
        office.fermer()
    first_ms = sum(steps[0])
    return start_s, first_ms, [statistics.median(step[i] for step in steps[1:]) for i in range(3)]


def mesurer_unitaire() -> None:
    import yaml

    from generator.generation import generer

    answers = yaml.safe_load((RACINE / "data" / "exemples" / "csi-le-havre.yaml").read_text(encoding="utf-8"))
    for _ in range(3):
        generer("csi", answers)
    times, cpu = [], []
    for _ in range(20):
        start, start_cpu = time.perf_counter(), time.process_time()
        generer("csi", answers)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    startup = []
    script = Path(sys.executable).parent / "continuum"  # the installed entry point, without a pyenv shim
    entry = [str(script)] if os.access(script, os.X_OK) else [sys.executable, "-m", "generator"]
    for _ in range(7):
        before = os.times()
        start = time.perf_counter()
        subprocess.run([*entry, "--aide"], capture_output=True, check=True)
        startup.append((time.perf_counter() - start,
                        (os.times().children_user - before.children_user) + (os.times().children_system - before.children_system)))
    print("\n## Document seul et démarrage\n")
    print(f"- CSI d'exemple, à chaud, en processus : {_fmt(statistics.median(times) * 1000)} ms "
          f"(temps processeur {_fmt(statistics.median(cpu) * 1000)} ms ; médiane de 20)")
    wall = statistics.median(s for s, _ in startup)
    cpu = statistics.median(c for _, c in startup)
    print(f"- `{' '.join(Path(e).name for e in entry)} --aide` : {_fmt(wall * 1000)} ms "
          f"(temps processeur {_fmt(cpu * 1000)} ms ; médiane de 7)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lignes", type=int, nargs="*", default=[300, 1000],
                        help="nombres de lignes mesurés (défaut : 300 1000 ; aucun pour sauter cette partie)")
    parser.add_argument("--repetitions", type=int, default=3, help="mesures par point, la médiane est retenue")
    parser.add_argument("--france", action="store_true", help="ajoute les 34 969 communes (une convention chacune)")
    parser.add_argument("--france-travailleurs", type=int, default=2)
    parser.add_argument("--pdf", type=int, nargs="?", const=40, default=0, metavar="N",
                        help="ajoute le débit PDF sur N conventions (défaut 40)")
    parser.add_argument("--unitaire", action="store_true", help="ajoute le CSI seul à chaud et le démarrage")
    args = parser.parse_args()
    # Continuum's modules compiled first, as an installed package has them (pip compiles at install): an
    # editable checkout run with PYTHONDONTWRITEBYTECODE would otherwise compile them in every process measured.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(RACINE / "generator")], check=False,
                   stdout=subprocess.DEVNULL)
    load = os.getloadavg()
    print(f"# bench_lot — {time.strftime('%Y-%m-%d %H:%M')} — {os.cpu_count()} cœurs, "
          f"charge {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")
    with tempfile.TemporaryDirectory(prefix="continuum-bench-") as work:
        folder = Path(work)
        base = _base(folder)
        if args.lignes:
            template = _docxtpl_template(folder, base)
            mesurer_lignes(folder, base, template, args.lignes, args.repetitions)
        if args.unitaire:
            mesurer_unitaire()
        if args.pdf:
            mesurer_pdf(folder, base, args.pdf, args.repetitions)
        if args.france:
            mesurer_france(folder, base, args.france_travailleurs)
    load = os.getloadavg()
    print(f"\n(charge en fin de mesure : {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f})")


if __name__ == "__main__":
    main()
