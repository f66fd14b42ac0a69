"""`continuum lot`: read → dispatch → validate and generate in workers → PDF → dossier → manifest.

The table is read once: its bytes are kept, and every pass over the rows parses
those bytes, so a file saved again meanwhile (Excel open, Ctrl-S) can never
shift one row's content under another row's name.

The main process only reads the rows, names their files and sends them, in
chunks, to a pool of workers started once; each worker validates its rows
(once), writes their documents and sends back names and hashes. Generation thus
starts with the first rows, while the rest of the table is still being read.
A bad row is recorded with its errors (row, column, value) and never stops the
others; every bad row is listed before the final count. Rows whose answers,
library and mode did not change since the last run are skipped. The output
folder is locked for the run; documents are written atomically (a rename each,
the folder synchronised once at the end); the manifest is streamed to disk as
rows are decided (generator/lot/manifeste.py) and stays true after an
interruption or a crash. An existing document that the previous run did not
write (or that was edited since) is never replaced without ``--ecraser``.

Below ``SEUIL_PARALLELE`` rows, one process does everything when the number of
workers was not chosen: starting a pool would cost more than it brings.

``verifier`` validates every row without writing anything (the web workspace's
check before production).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import gc
import hashlib
import json
import multiprocessing
import os
import re
import signal
import stat as stat_module
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__, arbre, chemins, generation
from generator.ecriture import ecrire_atomique, synchroniser_dossier
from generator.erreurs import (ContinuumError, EcritureErreur, FichierIllisible, Interrompu, ReponsesInvalides,
                               TableauInvalide, raison_systeme)
from generator.lecture import lire_yaml
from generator.lot import colonnes as cols
from generator.lot import manifeste, pdf, resume, verrou
from generator.lot.nommage import Nommeur
from generator.plan import Plan, charger_plan
from generator.registre.enregistrement import apres_ecriture_lot, fermer_connexions
from generator.questionnaire.definition import charger_questionnaire
from generator.tableur import Ligne, lignes_brutes, lignes_nommees, lire_octets
from generator.accords import nombre

Progression = Callable[[int], None]


@dataclass
class Options:
    type_document: str
    tableau: Path
    sortie: Path
    base: Path | None = None
    travailleurs: int | None = 1  # None: as many as cores, one below SEUIL_PARALLELE rows
    forcer: bool = False
    pdf: bool = False
    dossier: bool = False
    brouillon: bool = True
    feuille: str | None = None  # the sheet of an .xlsx (default: the active one)
    ecraser: bool = False  # replace existing documents this batch did not write


@dataclass
class Bilan:
    """What the run did, counted as rows are decided (no row is kept: see ``entrees``)."""

    sortie: Path | None = None
    dossier: Path | None = None
    pages_dossier: int = 0
    erreur_dossier: str = ""
    exemples: int = 0  # rows marked as the template's example, skipped
    compteurs: dict[str, int] = field(default_factory=lambda: {s: 0 for s in manifeste.STATUTS})
    erreurs: list[tuple[int, str]] = field(default_factory=list)  # (row, message) of every error
    avertissements: dict[str, list[int]] = field(default_factory=dict)  # warning -> its first rows
    avertissements_total: dict[str, int] = field(default_factory=dict)  # warning -> number of rows
    travailleurs: int = 1
    note_travailleurs: str = ""  # said to the user when one process was chosen for a small table

    def compter(self, statut: str) -> int:
        return self.compteurs.get(statut, 0)

    @property
    def lignes(self) -> int:
        return sum(self.compteurs.values())

    @property
    def en_erreur(self) -> bool:
        return bool(self.compteurs.get(manifeste.ERREUR)) or bool(self.erreur_dossier)

    @property
    def entrees(self) -> list[manifeste.Entree]:
        """Every row, read back from manifeste.json (for a caller that wants them all; the run keeps none)."""
        try:
            rows = json.loads((self.sortie / "manifeste.json").read_text(encoding="utf-8"))["lignes"]
        except (OSError, ValueError, KeyError, TypeError):
            return []
        return [manifeste.Entree(**row) for row in rows]

    def noter(self, entry: manifeste.Entree) -> None:
        """Count a row in its final state."""
        self.compteurs[entry.statut] = self.compteurs.get(entry.statut, 0) + 1
        self.erreurs.extend((entry.ligne, error) for error in entry.erreurs)
        for warning in entry.avertissements:
            text = _sans_ligne(warning)
            self.avertissements_total[text] = self.avertissements_total.get(text, 0) + 1
            rows = self.avertissements.setdefault(text, [])  # the first rows of the table, whatever the
            bisect.insort(rows, entry.ligne)  # order workers finish them in
            if len(rows) > resume.LIGNES_CITEES:
                rows.pop()


SEUIL_PARALLELE = 100  # rows below which one process beats a pool (benchmarks/bench_lot.py)
PAQUET = 32  # rows per task sent to a worker, at most


def _sans_ligne(text: str) -> str:
    return re.sub(r"^ligne \d+ : ", "", text)


def empreinte_bibliotheque(plan: Plan) -> str:
    """Fingerprint of everything a document depends on besides its answers."""
    digest = hashlib.sha256(__version__.encode())
    files = sorted(chemins.clauses().rglob("*.yaml")) + sorted((chemins.data()).rglob("*.yaml")) + [plan.modele]
    local = chemins.bibliotheque_locale()
    if local is not None:  # the local library's variants, templates and questionnaires count too
        files += sorted(p for p in local.rglob("*") if p.is_file() and p != plan.modele)
    for path in files:
        base, prefix = (local, "locale/") if local is not None and chemins.est_local(path) else (chemins.racine(), "")
        digest.update((prefix + str(path.resolve().relative_to(base.resolve()))).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _empreinte(reponses: dict, bibliotheque: str, brouillon: bool, champs_fichiers: tuple[str, ...] = ()) -> str:
    payload = json.dumps(reponses, sort_keys=True, default=str, ensure_ascii=False)
    payload += _donnees(reponses, champs_fichiers)
    return hashlib.sha256(f"{bibliotheque}|{brouillon}|{payload}".encode()).hexdigest()


def _donnees(reponses: dict, champs_fichiers: tuple[str, ...]) -> str:
    """Contents of the data files the answers name (questions ``…_fichier``): a CSV edited since the last run
    regenerates. Only the questionnaire's own fields, and only regular files, are read."""
    if not champs_fichiers:
        return ""
    named = sorted(v for k, v in reponses.items() if k in champs_fichiers and isinstance(v, str) and v)
    return "".join(f"|{v}:{_sha256_donnees(chemins.fichier_de_donnees(v))}" for v in named)


def _sha256_donnees(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return "absent"
    if not stat_module.S_ISREG(stat.st_mode):  # a device or a pipe is never read
        return "illisible"
    return _sha256_en_cache(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _sha256_en_cache(path: str, _mtime_ns: int, _size: int) -> str:
    try:
        return _sha256(Path(path))
    except OSError:
        return "illisible"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class _Lecteur:
    """Turns the table's rows into answers, from the bytes read once, as many times as needed."""

    def __init__(self, options: Options, plan: Plan):
        self.options = options
        self.contenu = lire_octets(options.tableau)
        self.sha256 = hashlib.sha256(self.contenu).hexdigest()
        self.questionnaire = charger_questionnaire(plan.questionnaire)
        self.colonnes = {c.nom: c for c in cols.colonnes(self.questionnaire)}
        self.champs_fichiers = tuple(q.id for q in self.questionnaire.parcourir() if q.id.endswith("_fichier"))
        self.base = self._base()
        rows = self._brutes()
        try:
            first = next(rows)
        except StopIteration:
            raise FichierIllisible(f"{options.tableau} : fichier vide, la première ligne doit nommer les colonnes") from None
        second = next(rows, None)
        header, self.deux_entetes = cols.resoudre_entetes(first.valeurs, second.valeurs if second else None,
                                                          self.questionnaire)
        while header and not header[-1]:
            header.pop()
        problems = cols.verifier_entetes(header, self.questionnaire, str(options.tableau))
        if problems:
            raise TableauInvalide(str(options.tableau), problems)
        self.entete = header
        self.entetes = [h for h in header if h]

    def _brutes(self):
        return lignes_brutes(self.options.tableau, self.options.feuille, self.contenu)

    def _base(self) -> dict:
        if self.options.base is None:
            return {}
        raw = lire_yaml(self.options.base)
        if raw is not None and not isinstance(raw, dict):
            raise FichierIllisible(f"{self.options.base} : un fichier de réponses (clés YAML) est attendu")
        return raw or {}

    def compter(self) -> int:
        """The rows to process (the template's example row aside), without building their answers."""
        self.exemples = 0
        count = 0
        for row in self._nommees():
            if row.cellules.get(cols.EXEMPLE):
                self.exemples += 1
            else:
                count += 1
        return count

    def _nommees(self) -> Iterator[Ligne]:
        rows = self._brutes()
        next(rows, None)
        if self.deux_entetes:
            next(rows, None)
        return lignes_nommees(rows, self.entete)

    def lignes(self) -> Iterator[tuple[int, dict, dict[str, str], Ligne]]:
        self.exemples = 0
        for row in self._nommees():
            if row.cellules.get(cols.EXEMPLE):
                self.exemples += 1
                continue  # the template's example row
            yield row.numero, cols.reponses_de_la_ligne(row.cellules, self.colonnes, self.base), row.cellules, row


def _ecrit_par_le_lot(precedent: dict | None, sha256: str) -> bool:
    """The file was written by the previous run (same hash), or was being written when it stopped."""
    if not precedent:
        return False
    return precedent.get("statut") in (manifeste.EN_ATTENTE, manifeste.INTERROMPU) or precedent.get("sha256") == sha256


def _messages(exc: ContinuumError, numero: int, cellules: dict[str, str], noms: list[str]) -> list[str]:
    if not isinstance(exc, ReponsesInvalides):
        return [f"ligne {numero} : {exc}"]
    out = []
    for problem in exc.problemes:
        column = cols.colonne_du_champ(problem.champ, noms)
        value = problem.valeur if problem.valeur is not None else cellules.get(column, "")
        where = f"colonne « {column} »" if column in cellules else f"réponse « {problem.champ} » (fichier de base)"
        shown = str(value)
        shown = f" (valeur : « {shown if len(shown) <= 120 else shown[:120] + '…'} »)" if value not in ("", None) else ""
        out.append(f"ligne {numero}, {where}{shown} : {problem.message}")
    return out


def _libelle(plan: Plan, reponses: dict, numero: int) -> str:
    value = arbre.lire(reponses, plan.lot_libelle) if plan.lot_libelle else None
    return str(value).strip()[:200] if value else f"ligne {numero}"


# -- worker side ---------------------------------------------------------------
def _generer(task: tuple) -> tuple[int, str | None, list[str], list[str]]:
    """Validate and generate one row: (row, sha256 or None, errors, warnings). Runs in a worker.

    The document is renamed into place without an fsync of its own: the folder is synchronised once,
    at the end of the batch (``ecriture.synchroniser_dossier``).
    """
    numero, type_document, reponses, destination, brouillon, fichier, cellules, entetes = task
    try:
        result = generation.generer(type_document, reponses, f"{fichier}, ligne {numero}", brouillon)
        ecrire_atomique(Path(destination), result.contenu, synchroniser=False)
        apres_ecriture_lot(type_document, reponses, result, Path(destination))  # registry; never raises
    except ContinuumError as exc:
        return numero, None, _messages(exc, numero, cellules, entetes), []
    return numero, hashlib.sha256(result.contenu).hexdigest(), [], result.avertissements


def _generer_paquet(tasks: list[tuple]) -> list[tuple[int, str | None, list[str], list[str]]]:
    """A chunk of rows, generated in a row by one worker: only names and hashes go back."""
    return [_generer(task) for task in tasks]


def _ignorer_interruption() -> None:
    """Workers leave Ctrl-C to the main process, which stops the batch cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def taille_du_paquet(restantes: int, travailleurs: int) -> int:
    """Rows of the next chunk: large while many rows remain (fewer exchanges), smaller towards the end so
    that the workers finish together (guided scheduling): about a third of each worker's share, at most
    PAQUET, at least 2."""
    return max(2, min(PAQUET, restantes // (3 * travailleurs)))


def _produire(items: Iterator[tuple[manifeste.Entree, tuple | None]], travailleurs: int, total: int):
    """(entry, result or None) for each row, as rows are decided: at once for the rows the main process
    settles (errors of the table, unchanged documents), on completion for the rows sent to a worker.

    In parallel, chunks of rows (:func:`taille_du_paquet` of the ``total`` rows not yet sent) go to a
    pool started once, with a bounded number in flight (flat memory). On Ctrl-C, chunks not started are
    cancelled, those running finish and are reported.
    """
    if travailleurs <= 1:
        for entry, task in items:
            yield entry, (_generer(task) if task is not None else None)
        return
    for entry, task in items:  # the first row to generate is done here: the workers are forked warm
        yield entry, (_generer(task) if task is not None else None)  # (templates compiled, Word template split)
        if task is not None:
            break
    fermer_connexions()  # the first row may have opened the registry: each worker opens its own
    context = multiprocessing.get_context("fork")  # workers inherit the loaded library and references
    waiting: dict[int, manifeste.Entree] = {}  # the rows in flight only
    with ProcessPoolExecutor(max_workers=travailleurs, mp_context=context, initializer=_ignorer_interruption) as pool:
        pending: set = set()
        chunk: list[tuple] = []
        sent = 1  # the first row, generated here

        def collect(block: bool):
            nonlocal pending
            done, pending = wait(pending, return_when=FIRST_COMPLETED, timeout=None if block else 0)
            for future in done:
                for result in future.result():
                    yield waiting.pop(result[0]), result

        try:
            for entry, task in items:
                if task is None:
                    yield entry, None
                    continue
                waiting[entry.ligne] = entry
                chunk.append(task)
                if len(chunk) >= taille_du_paquet(total - sent, travailleurs):
                    pending.add(pool.submit(_generer_paquet, chunk))
                    sent += len(chunk)
                    chunk = []
                    if len(pending) >= 2 * travailleurs:
                        yield from collect(True)
                    else:
                        yield from collect(False)
            if chunk:
                pending.add(pool.submit(_generer_paquet, chunk))
            while pending:
                yield from collect(True)
        except KeyboardInterrupt:
            for future in pending:
                future.cancel()
            done, _ = wait(pending)
            for future in done:
                if not future.cancelled():
                    for result in future.result():
                        yield waiting.pop(result[0]), result
            raise


# -- the run -------------------------------------------------------------------------
def _preparer_dossier(sortie: Path) -> None:
    if sortie.exists() and not sortie.is_dir():
        raise EcritureErreur(f"{sortie} : c'est un fichier ; indiquez un dossier de sortie")
    try:
        sortie.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EcritureErreur(f"{sortie} : dossier de sortie impossible à créer ({raison_systeme(exc)})") from None
    if not os.access(sortie, os.W_OK | os.X_OK):
        raise EcritureErreur(f"{sortie} : dossier de sortie en lecture seule (permission refusée)")


def executer(options: Options, progression_debut: Callable[[int], Progression | None] | None = None) -> Bilan:
    """Run the batch. ``progression_debut(total)`` is called once the table is read (``total``: its rows)
    and returns the progress callback, advanced by one for each row decided."""
    plan = charger_plan(options.type_document)
    reader = _Lecteur(options, plan)
    if options.pdf or options.dossier:
        pdf.soffice()  # LibreOffice must be there before anything is generated
    _preparer_dossier(options.sortie)
    # data files named in answers: from the shared answers' folder, then the table's (forked workers inherit it)
    with verrou.verrouiller(options.sortie), chemins.reponses_dans(options.base, options.tableau):
        verrou.nettoyer_restes(options.sortie)
        return _executer(options, plan, reader, progression_debut)


def _travailleurs(options: Options, total: int, bilan: Bilan) -> int:
    if options.travailleurs is not None:
        return max(1, options.travailleurs)
    if total < SEUIL_PARALLELE:
        bilan.note_travailleurs = (f"{nombre(total, 'ligne')} : un seul processus (le travail en parallèle ne paie "
                                   f"qu'à partir d'environ {SEUIL_PARALLELE} lignes)")
        return 1
    return travailleurs_par_defaut()


class _Repartiteur:
    """Decides each row in the main process: error of the table, unchanged, refused, or sent to a worker."""

    def __init__(self, options: Options, plan: Plan, reader: _Lecteur, library: str, previous: dict[int, dict]):
        self.options, self.plan, self.reader, self.library, self.previous = options, plan, reader, library, previous
        self.written_before = {row.get("fichier"): row for row in previous.values() if row.get("fichier")}
        self.namer = Nommeur(options.sortie, plan.type_document)

    def lignes(self) -> Iterator[tuple[manifeste.Entree, tuple | None]]:
        options = self.options
        for numero, reponses, cellules, ligne in self.reader.lignes():
            entry = manifeste.Entree(numero, _libelle(self.plan, reponses, numero))
            entry.avertissements = list(ligne.avertissements)
            entry.fichier = self.namer.nom(entry.libelle, numero)
            try:
                if ligne.erreurs:
                    raise TableauInvalide(str(options.tableau), [])
                target = self.namer.chemin(entry.fichier)
            except ContinuumError as exc:
                entry.statut, entry.fichier = manifeste.ERREUR, ""
                entry.erreurs = ([f"ligne {numero}, {e}" for e in ligne.erreurs] if ligne.erreurs
                                 else _messages(exc, numero, cellules, self.reader.entetes))
                yield entry, None
                continue
            entry.empreinte = _empreinte(reponses, self.library, options.brouillon, self.reader.champs_fichiers)
            before = self.previous.get(numero, {})
            current = _sha256(target) if target.exists() else None
            unchanged = (not options.forcer and before.get("empreinte") == entry.empreinte
                         and before.get("fichier") == entry.fichier and current is not None
                         and before.get("sha256") == current)
            if unchanged:
                entry.statut, entry.sha256 = manifeste.INCHANGE, before["sha256"]
                entry.pdf, entry.pdf_sha256 = before.get("pdf", ""), before.get("pdf_sha256", "")
                entry.avertissements = entry.avertissements + [
                    w for w in before.get("avertissements", []) if w not in entry.avertissements]
                yield entry, None
            elif (current is not None and not options.ecraser
                  and not _ecrit_par_le_lot(self.written_before.get(entry.fichier), current)):
                entry.statut, entry.fichier = manifeste.ERREUR, ""
                entry.erreurs = [f"ligne {numero} : {target.name} existe déjà et n'a pas été écrit tel quel par "
                                 "le lot précédent (modifié à la main ?) : il n'est pas remplacé ; "
                                 "renommez-le ou ajoutez --ecraser"]
                yield entry, None
            else:
                entry.statut = manifeste.EN_ATTENTE
                yield entry, (numero, options.type_document, reponses, str(target), options.brouillon,
                              str(options.tableau), cellules, self.reader.entetes)


def _executer(options: Options, plan: Plan, reader: _Lecteur,
              progression_debut: Callable[[int], Progression | None] | None) -> Bilan:
    library = empreinte_bibliotheque(plan)
    previous = manifeste.lire_precedent(options.sortie)
    bilan = Bilan(sortie=options.sortie)
    total = reader.compter()  # rows only read, not validated: the progress bar's length
    bilan.exemples = reader.exemples
    bilan.travailleurs = _travailleurs(options, total, bilan)
    journal = manifeste.Journal(options.sortie, {
        "type": options.type_document,
        "tableau": str(options.tableau),
        "tableau_sha256": reader.sha256,
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "version": __version__,
        "bibliotheque": library,
        "mode": "projet" if options.brouillon else "définitif",
        "synchronisation": "documents renommés en place sans fsync individuel ; dossier synchronisé à la fin du lot",
    })
    dispatcher = _Repartiteur(options, plan, reader, library, previous)
    tick = progression_debut(total) if progression_debut else None
    pdf_wanted = options.pdf or options.dossier
    finished = False
    gc.collect()
    gc.freeze()  # the library, references and templates loaded so far are never scanned again
    try:
        for entry, result in _produire(_annoncees(dispatcher.lignes(), journal), bilan.travailleurs, total):
            if result is not None:
                _numero, digest, errors, warnings = result
                entry.avertissements = entry.avertissements + warnings
                if digest is None:
                    entry.statut, entry.erreurs, entry.fichier = manifeste.ERREUR, errors, ""
                else:
                    entry.statut, entry.sha256, entry.pdf, entry.pdf_sha256 = manifeste.GENERE, digest, "", ""
            journal.noter(entry)
            if not pdf_wanted:
                bilan.noter(entry)
            if tick:
                tick(1)
            journal.ecrire()
        synchroniser_dossier(options.sortie)

        # PDF, one LibreOffice per worker; the merged dossier.
        if pdf_wanted:
            _pdf(options, journal, bilan)
        journal.ecrire(immediatement=True)
        if options.dossier:
            _dossier(options, plan, journal, bilan)
        finished = True
    except KeyboardInterrupt:
        counts = journal.ecrire(immediatement=True, attente=manifeste.INTERROMPU) or {}
        raise Interrompu(
            f"interrompu : {nombre(counts.get(manifeste.GENERE, 0), 'document écrit')} avant l'interruption, recensés "
            f"dans {options.sortie / 'manifeste.csv'} ; relancez la même commande pour produire les "
            f"{nombre(counts.get(manifeste.INTERROMPU, 0) + max(0, total - sum(counts.values())), 'ligne restante')}"
        ) from None
    finally:
        gc.unfreeze()
        if not finished:
            journal.ecrire(immediatement=True, attente=manifeste.INTERROMPU)
        journal.fermer(terminer=True)
    return bilan


def _annoncees(items, journal: manifeste.Journal):
    """Rows sent to a worker are first recorded « en attente », with their file name: after a crash, the
    next run knows every file this one may have written."""
    for entry, task in items:
        if task is not None:
            journal.noter(entry)
        yield entry, task


def verifier(options: Options) -> list[manifeste.Entree]:
    """Every row validated, nothing written: the rows with their errors (the web workspace's check)."""
    with chemins.reponses_dans(options.base, options.tableau):  # data files named in the answers: as ``executer``
        return _verifier(options)


def _verifier(options: Options) -> list[manifeste.Entree]:
    plan = charger_plan(options.type_document)
    reader = _Lecteur(options, plan)
    namer = Nommeur(options.sortie, plan.type_document)
    out = []
    for numero, reponses, cellules, ligne in reader.lignes():
        entry = manifeste.Entree(numero, _libelle(plan, reponses, numero), manifeste.EN_ATTENTE)
        entry.avertissements = list(ligne.avertissements)
        entry.fichier = namer.nom(entry.libelle, numero)
        try:
            if ligne.erreurs:
                raise TableauInvalide(str(options.tableau), [])
            namer.chemin(entry.fichier)
            generation.preparer(plan, reponses, f"{options.tableau}, ligne {numero}")
        except ContinuumError as exc:
            entry.statut, entry.fichier = manifeste.ERREUR, ""
            entry.erreurs = ([f"ligne {numero}, {e}" for e in ligne.erreurs] if ligne.erreurs
                             else _messages(exc, numero, cellules, reader.entetes))
        out.append(entry)
    return out


def _pdf(options: Options, journal: manifeste.Journal, bilan: Bilan) -> None:
    """Convert what needs it; an unchanged row keeps its PDF only if the PDF's hash is the recorded one."""
    namer = Nommeur(options.sortie, options.type_document)
    wanted: dict[Path, manifeste.Entree] = {}
    for row in journal.lignes():
        entry = manifeste.Entree(**row)
        if entry.statut not in (manifeste.GENERE, manifeste.INCHANGE):
            bilan.noter(entry)
            continue
        pdf_path = namer.chemin(Path(entry.fichier).with_suffix(".pdf").name)
        reusable = (entry.statut == manifeste.INCHANGE and entry.pdf == pdf_path.name and entry.pdf_sha256
                    and pdf_path.exists() and _sha256(pdf_path) == entry.pdf_sha256)
        if reusable:
            bilan.noter(entry)
        else:
            entry.pdf, entry.pdf_sha256 = "", ""
            wanted[namer.chemin(entry.fichier)] = entry
    for source, result in pdf.convertir(list(wanted), options.sortie, bilan.travailleurs).items():
        entry = wanted[source]
        if isinstance(result, str):
            entry.statut = manifeste.ERREUR
            entry.erreurs.append(f"ligne {entry.ligne} : {result}")
        else:
            entry.pdf, entry.pdf_sha256 = result.name, _sha256(result)
        journal.noter(entry)
        bilan.noter(entry)
    synchroniser_dossier(options.sortie)


def _dossier(options: Options, plan: Plan, journal: manifeste.Journal, bilan: Bilan) -> None:
    from generator.lot import dossier as dossier_pdf  # pypdf: loaded only for --dossier

    namer = Nommeur(options.sortie, options.type_document)
    pieces = [dossier_pdf.Piece(row["libelle"], f"ligne {row['ligne']}", namer.chemin(row["pdf"]))
              for row in journal.lignes() if row["pdf"] and row["statut"] != manifeste.ERREUR]
    if not pieces:
        bilan.erreur_dossier = "aucun PDF à réunir"
        return
    destination = options.sortie / f"dossier-{plan.type_document}.pdf"
    try:
        bilan.pages_dossier = dossier_pdf.assembler(
            pieces, destination, plan.modele, plan.intitule, options.brouillon,
            {"Title": f"Dossier – {plan.intitule}", "Author": "Continuum", "Subject": nombre(len(pieces), "document"),
             "Keywords": f"continuum; {plan.type_document}; {'projet' if options.brouillon else 'définitif'}",
             "Creator": f"Continuum {__version__}"},
        )
    except ContinuumError as exc:
        bilan.erreur_dossier = str(exc)
        return
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on a damaged PDF
        bilan.erreur_dossier = f"assemblage des PDF impossible ({type(exc).__name__})"
        return
    bilan.dossier = destination


def travailleurs_par_defaut() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
