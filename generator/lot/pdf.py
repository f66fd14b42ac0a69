"""PDF conversion with LibreOffice headless: at most one LibreOffice per worker.

Each worker keeps one LibreOffice running for all its files: a helper run by the
interpreter that has python3-uno (generator/lot/uno_pdf.py) loads each document
and exports it, without paying LibreOffice's start for every few documents. A
document that takes longer than its time has the whole process group killed (no
``soffice.bin`` outlives the batch), is reported, and the worker starts a new
LibreOffice for the rest. Without python3-uno, each worker converts its files
in chunks of at most ``PAQUET`` documents, one ``soffice --convert-to pdf`` call
per chunk. Either way each worker reuses its own profile (an absolute
``file://`` URL: a relative one makes LibreOffice wait forever), and PDFs are
written in a temporary folder and moved into place, so a PDF is never
half-written.

Speed (benchmarks/bench_lot.py --lignes --pdf): the profile is created with
Writer's word collection for autocompletion turned off (an idle job that walks
every paragraph of every document loaded, about a tenth of LibreOffice's time
here, and that changes nothing in a PDF) and without the graphics self-test that
LibreOffice otherwise runs at every start on a new profile (0.7 s each time);
LibreOffice runs with jemalloc when the system has it (package libjemalloc2):
its many small allocations cost about 15 % less than with the C library's.
"""

from __future__ import annotations

import os
import selectors
import shutil
import signal
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Self

from generator.erreurs import LibreOfficeIntrouvable

PAQUET = 20  # documents per soffice call: a bounded command line and a bounded loss on a crash
_DELAI_FIXE, _DELAI_PAR_DOCUMENT = 90, 20

# User settings of a new profile, written before LibreOffice first starts on it:
# - no word collection for autocompletion (an idle job that walks every paragraph of every document);
# - the profile "already ran" a version above any installed one, so LibreOffice skips the graphics
#   self-test it runs at each start until then (0.7 s of CPU per start, meaningless headless).
_REGLAGES_PROFIL = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Writer/AutoFunction/Completion"><prop oor:name="CollectWords" \
oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" \
oor:op="fuse"><value>99.9</value></prop></item>
</oor:items>
"""
JEMALLOC = ("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2",
            "/usr/lib64/libjemalloc.so.2", "/usr/lib/libjemalloc.so.2")


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        raise LibreOfficeIntrouvable(
            "LibreOffice (soffice) est introuvable : installez le paquet libreoffice-writer pour --pdf et --dossier")
    return path


def preparer_profil(profil: Path) -> Path:
    """The worker's profile folder, with Continuum's settings when LibreOffice has not created it yet."""
    settings = profil / "user" / "registrymodifications.xcu"
    if not settings.exists():
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(_REGLAGES_PROFIL, encoding="utf-8")
    return profil


def environnement() -> dict[str, str]:
    """The environment LibreOffice runs in: jemalloc preloaded when the system has it."""
    env = dict(os.environ)
    allocator = next((path for path in JEMALLOC if os.path.exists(path)), None)
    if allocator is not None and allocator not in env.get("LD_PRELOAD", ""):
        env["LD_PRELOAD"] = f"{allocator} {env['LD_PRELOAD']}".strip() if env.get("LD_PRELOAD") else allocator
    return env


def _lancer(command: list[str], delai: float) -> str:
    """Run soffice in its own process group; on timeout kill the whole group. Return a detail line."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True, env=environnement())
    try:
        out, err = process.communicate(timeout=delai)
    except subprocess.TimeoutExpired:
        _tuer_groupe(process.pid, signal.SIGKILL)
        process.communicate()
        return "délai dépassé, LibreOffice arrêté"
    finally:
        _tuer_groupe(process.pid, signal.SIGKILL)  # a soffice.bin left behind by the launcher
    return ((err or out or "").strip().splitlines() or [""])[-1]


def _tuer_groupe(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError, OSError):
        pass


def _convertir_paquet(fichiers: list[Path], dossier: Path, profil: Path) -> dict[Path, Path | str]:
    results: dict[Path, Path | str] = {}
    with tempfile.TemporaryDirectory(prefix=".pdf-", dir=dossier) as work:
        work_path = Path(work).resolve()
        profile = preparer_profil(profil).resolve().as_uri()
        command = [soffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(work_path), *(str(f.resolve()) for f in fichiers)]
        detail = _lancer(command, _DELAI_FIXE + _DELAI_PAR_DOCUMENT * len(fichiers))
        for fichier in fichiers:
            produced = work_path / f"{fichier.stem}.pdf"
            if produced.exists() and produced.stat().st_size > 0:
                target = dossier / produced.name
                os.replace(produced, target)
                results[fichier] = target
            else:
                results[fichier] = f"LibreOffice n'a pas converti {fichier.name} en PDF ({detail or 'sans détail'})"
    return results


INTERPRETES_UNO = ("/usr/bin/python3",)  # Debian's interpreter, where python3-uno installs
_AIDE_UNO = Path(__file__).with_name("uno_pdf.py")


@lru_cache(maxsize=1)
def interpreteur_uno() -> str | None:
    """An interpreter that imports uno (CONTINUUM_PYTHON_UNO, else Debian's), or None."""
    candidates = [os.environ["CONTINUUM_PYTHON_UNO"]] if os.environ.get("CONTINUUM_PYTHON_UNO") else []
    for python in candidates + list(INTERPRETES_UNO):
        try:
            done = subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return python
    return None


class _Office:
    """One persistent LibreOffice (through generator/lot/uno_pdf.py), in its own process group.

    Started here, it gets ready on its own (``reponse`` reads its « pret » when the documents are
    there): a batch starts it before generating, so that LibreOffice's start and warm-up on
    ``echauffement`` (the Word template) overlap the generation."""

    def __init__(self, python: str, profil: Path, echauffement: Path | None = None):
        command = [python, str(_AIDE_UNO), preparer_profil(profil).resolve().as_uri(),
                   f"continuum{os.getpid()}_{id(self)}"]
        if echauffement is not None:
            command.append(str(Path(echauffement).resolve()))
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True, bufsize=1, start_new_session=True,
                                        env=environnement())
        self.lecteur = selectors.DefaultSelector()
        self.lecteur.register(self.process.stdout, selectors.EVENT_READ)
        self.pret = False

    def reponse(self, delai: float) -> str | None:
        """The helper's next line, or None when it did not answer in time (or died)."""
        if not self.lecteur.select(timeout=delai):
            return None
        line = self.process.stdout.readline()
        return line.rstrip("\n") if line else None

    def attendre(self) -> bool:
        """True once LibreOffice is ready (at once when it already said so); otherwise it is stopped."""
        if not self.pret:
            self.pret = self.reponse(_DELAI_FIXE) == "pret"
            if not self.pret:
                self.arreter()
        return self.pret

    def convertir(self, source: Path, cible: Path) -> str:
        """« ok » or the reason of the failure; after a timeout the office is gone (``vivant`` is False)."""
        try:
            self.process.stdin.write(f"{source}\t{cible}\n")
            self.process.stdin.flush()
        except OSError:
            return "LibreOffice s'est arrêté"
        answer = self.reponse(_DELAI_PAR_DOCUMENT * 3)
        if answer is None:
            self.arreter()
            return "délai dépassé, LibreOffice arrêté"
        status, _, detail = answer.partition("\t")
        return "ok" if status == "ok" else (detail or "sans détail")

    @property
    def vivant(self) -> bool:
        return self.process.poll() is None

    def fermer(self) -> None:
        """LibreOffice asked to quit, then stopped all the same after a minute."""
        try:
            self.process.stdin.close()
            self.process.wait(timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.arreter()

    def arreter(self) -> None:
        """The whole process group killed at once: used once every PDF is written and moved (nothing of
        LibreOffice's is kept: its profile is the batch's, thrown away), or after a timeout."""
        _tuer_groupe(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.lecteur.close()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass


def _convertir_persistant(python: str, fichiers: list[Path], dossier: Path, profil: Path,
                          office: _Office | None = None) -> dict[Path, Path | str]:
    """Every file through one LibreOffice kept running (``office`` when already started, a new one after
    a timeout); if LibreOffice does not start that way, the rest in chunks of ``soffice --convert-to``.
    LibreOffice is stopped at the end."""
    results: dict[Path, Path | str] = {}
    with tempfile.TemporaryDirectory(prefix=".pdf-", dir=dossier) as work:
        work_path = Path(work).resolve()
        try:
            for position, fichier in enumerate(fichiers):
                if office is None or not office.vivant:
                    office = _Office(python, profil)
                if not office.attendre():
                    office = None
                    rest = fichiers[position:]
                    for start in range(0, len(rest), PAQUET):
                        results.update(_convertir_paquet(rest[start:start + PAQUET], dossier, profil))
                    break
                produced = work_path / f"{fichier.stem}.pdf"
                detail = office.convertir(fichier.resolve(), produced)
                if detail == "ok" and produced.exists() and produced.stat().st_size > 0:
                    target = dossier / produced.name
                    os.replace(produced, target)
                    results[fichier] = target
                else:
                    results[fichier] = f"LibreOffice n'a pas converti {fichier.name} en PDF ({detail})"
        finally:
            if office is not None and office.vivant:
                office.arreter()  # every answer is in: nothing is left to wait for
    return results


class Convertisseur:
    """The LibreOffices of a batch, at most ``travailleurs``, started at once (before the documents are
    generated, so that their start and warm-up overlap the generation), used by :meth:`convertir`.

    Each has its own profile in a temporary folder of ``dossier``, removed by :meth:`fermer`; an office
    left unused is stopped there. Without python3-uno nothing is started ahead: the files go in chunks
    of ``soffice --convert-to``."""

    def __init__(self, dossier: Path, travailleurs: int, echauffement: Path | None = None):
        soffice()
        self.dossier = Path(dossier).resolve()
        self.travailleurs = max(1, travailleurs)
        self._profils = tempfile.TemporaryDirectory(prefix=".pdf-profils-", dir=self.dossier)
        self.python = interpreteur_uno()
        self._offices: list[_Office] = []
        try:
            if self.python is not None:
                self._offices = [_Office(self.python, self._profil(index), echauffement)
                                 for index in range(self.travailleurs)]
        except OSError:
            self.fermer()
            raise

    def _profil(self, index: int) -> Path:
        return Path(self._profils.name) / f"profil-{index}"

    def convertir(self, fichiers: list[Path]) -> dict[Path, Path | str]:
        """PDF path (or error message) of each file, split among the LibreOffices."""
        if not fichiers:
            return {}
        count = max(1, min(self.travailleurs, len(fichiers)))
        shares = [fichiers[i::count] for i in range(count)]

        def worker(index: int) -> dict[Path, Path | str]:
            share, profile = shares[index], self._profil(index)
            if self.python is not None:
                office = self._offices[index] if index < len(self._offices) else None
                return _convertir_persistant(self.python, share, self.dossier, profile, office)
            done: dict[Path, Path | str] = {}
            for start in range(0, len(share), PAQUET):
                done.update(_convertir_paquet(share[start:start + PAQUET], self.dossier, profile))
            return done

        results: dict[Path, Path | str] = {}
        with ThreadPoolExecutor(max_workers=count) as pool:
            for partial in pool.map(worker, range(count)):
                results.update(partial)
        return results

    def fermer(self) -> None:
        for office in self._offices:
            if office.vivant:
                office.arreter()
        self._offices = []
        self._profils.cleanup()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc) -> None:
        self.fermer()


def convertir(fichiers: list[Path], dossier: Path, travailleurs: int) -> dict[Path, Path | str]:
    """PDF path (or error message) of each file; at most ``travailleurs`` LibreOffices at a time."""
    if not fichiers:
        return {}
    with Convertisseur(dossier, min(travailleurs, len(fichiers))) as converter:
        return converter.convertir(fichiers)
