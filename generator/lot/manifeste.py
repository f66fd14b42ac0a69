"""The batch manifest: manifeste.csv (for Excel) and manifeste.json (for tools), streamed.

The manifest is always true. The run keeps no row in memory: each row is
appended to a journal (one line per change of state, flushed) as soon as it is
decided, « en attente » before its document is written, « généré » with its
SHA-256 once its file is on disk. manifeste.csv and manifeste.json are rebuilt
from the journal (the last line of each row wins) from time to time — more
rarely as the batch grows, since each rebuild reads the whole journal — and at
the end or on interruption, each through a temporary file and a rename. A run
that was killed leaves its journal: the next run folds it into the manifest
before reading it, so every file the killed run wrote is known as its own.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path

GENERE, INCHANGE, ERREUR = "généré", "inchangé", "erreur"
EN_ATTENTE, INTERROMPU = "en attente", "interrompu"
STATUTS = (GENERE, INCHANGE, ERREUR, EN_ATTENTE, INTERROMPU)
COLONNES = ("ligne", "libelle", "statut", "fichier", "sha256", "pdf", "erreurs", "avertissements")
JOURNAL = ".manifeste.journal"  # the run in progress, one line per change of a row (not a leftover: see above)
_INTERVALLE = 1.0  # seconds between two rebuilds, at least
_LIGNES_PAR_SECONDE = 2000  # ... and one more second per this many rows (a rebuild reads the whole journal)


@dataclass
class Entree:
    """One row of a batch as the manifest records it: status, files, fingerprint, errors and warnings."""

    ligne: int
    libelle: str
    statut: str = ""
    fichier: str = ""
    sha256: str = ""
    pdf: str = ""
    erreurs: list[str] = field(default_factory=list)
    empreinte: str = ""
    avertissements: list[str] = field(default_factory=list)
    pdf_sha256: str = ""


_CHAMPS = tuple(f.name for f in fields(Entree))


def _ecrire_flux(destination: Path, morceaux: Iterable[bytes]) -> None:
    """Write ``morceaux`` through a temporary file (a leftover verrou.nettoyer_restes removes) and a rename."""
    handle, temporary = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            for chunk in morceaux:
                stream.write(chunk)
        os.chmod(temporary, 0o644)
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _ligne_csv(row: dict) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(
        [row["ligne"], row["libelle"], row["statut"], row["fichier"], row["sha256"], row["pdf"],
         " ; ".join(row["erreurs"]), " ; ".join(row["avertissements"])])
    return buffer.getvalue().encode("utf-8")


def _ecrire(dossier: Path, lignes: dict[int, str], entete: dict) -> dict[str, int]:
    """manifeste.csv and manifeste.json from each row's JSON, in row order; the count of each status."""
    order = sorted(lignes)
    counts = {s: 0 for s in STATUTS}
    for numero in order:
        counts[json.loads(lignes[numero])["statut"]] += 1

    def csv_rows() -> Iterator[bytes]:
        yield "\ufeff".encode() + ";".join(COLONNES).encode() + b"\r\n"
        for numero in order:
            yield _ligne_csv(json.loads(lignes[numero]))

    def json_rows() -> Iterator[bytes]:
        head = json.dumps({**entete, "resume": counts}, ensure_ascii=False, indent=2)
        yield (head[:-2] + ',\n  "lignes": [').encode("utf-8")
        for index, numero in enumerate(order):
            yield (("," if index else "") + "\n    " + lignes[numero]).encode("utf-8")
        yield b"\n  ]\n}\n"

    _ecrire_flux(dossier / "manifeste.csv", csv_rows())
    _ecrire_flux(dossier / "manifeste.json", json_rows())
    return counts


def _lire_journal(chemin: Path, lignes: dict[int, str]) -> None:
    try:
        with open(chemin, encoding="utf-8") as stream:
            for line in stream:
                number, _, payload = line.rstrip("\n").partition("\t")
                if payload.endswith("}"):  # a line cut by a crash is left out
                    lignes[int(number)] = payload
    except (OSError, ValueError):
        return


class Journal:
    """The manifest of a run in progress: rows appended as they are decided, files rebuilt now and then."""

    def __init__(self, dossier: Path, entete: dict):
        self.dossier = dossier
        self.entete = entete
        self.chemin = dossier / JOURNAL
        self._flux = open(self.chemin, "w", encoding="utf-8")  # noqa: SIM115 - closed by fermer()
        self._lignes = 0
        self._dernier = 0.0

    def noter(self, entree: Entree) -> None:
        """Record a row's current state (the journal is flushed: a crash loses at most a cut line)."""
        row = {name: getattr(entree, name) for name in _CHAMPS}  # flat: no deep copy (dataclasses.asdict)
        self._flux.write(f"{entree.ligne}\t{json.dumps(row, ensure_ascii=False)}\n")
        self._flux.flush()
        self._lignes += 1

    def ecrire(self, immediatement: bool = False, attente: str = EN_ATTENTE) -> dict[str, int] | None:
        """Rebuild manifeste.csv/json when it is time (or ``immediatement``); rows still « en attente »
        are written with the status ``attente`` (``INTERROMPU`` after an interruption)."""
        now = time.monotonic()
        if not immediatement and now - self._dernier < _INTERVALLE + self._lignes / _LIGNES_PAR_SECONDE:
            return None
        self._flux.flush()
        rows: dict[int, str] = {}
        _lire_journal(self.chemin, rows)
        if attente != EN_ATTENTE:
            for number, payload in rows.items():
                row = json.loads(payload)
                if row["statut"] == EN_ATTENTE:
                    row["statut"] = attente
                    rows[number] = json.dumps(row, ensure_ascii=False)
        counts = _ecrire(self.dossier, rows, self.entete)
        self._dernier = time.monotonic()
        return counts

    def lignes(self) -> Iterator[dict]:
        """Every row's last state, in row order (read back from the journal)."""
        self._flux.flush()
        rows: dict[int, str] = {}
        _lire_journal(self.chemin, rows)
        for number in sorted(rows):
            yield json.loads(rows[number])

    def fermer(self, terminer: bool) -> None:
        """Close the journal; once the manifest is written for good (``terminer``), remove it."""
        self._flux.close()
        if terminer:
            self.chemin.unlink(missing_ok=True)


def consolider(dossier: Path) -> None:
    """Fold the journal a killed run left into its manifest (rows it did not reach stay « en attente »)."""
    journal = dossier / JOURNAL
    if not journal.exists():
        return
    rows: dict[int, str] = {}
    header: dict = {}
    try:
        document = json.loads((dossier / "manifeste.json").read_text(encoding="utf-8"))
        header = {k: v for k, v in document.items() if k not in ("lignes", "resume")}
        rows = {row["ligne"]: json.dumps(row, ensure_ascii=False) for row in document["lignes"]}
    except (OSError, ValueError, KeyError, TypeError):
        pass
    _lire_journal(journal, rows)
    _ecrire(dossier, rows, header)
    journal.unlink(missing_ok=True)


def lire_precedent(dossier: Path) -> dict[int, dict]:
    """The previous run's rows by row number; empty when there is none or it is unreadable."""
    consolider(dossier)
    path = dossier / "manifeste.json"
    try:
        return {row["ligne"]: row for row in json.loads(path.read_text(encoding="utf-8"))["lignes"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
