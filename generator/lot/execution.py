"""`continuum lot`: read → validate every row → generate (in parallel) → PDF → dossier → manifest.

Every row is validated before anything is written. A bad row is recorded
with its errors (row, column, value) and never stops the others. Rows whose
answers, library and mode did not change since the last run are skipped.
Documents are written atomically; the manifest is written even when the run
is interrupted.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__, arbre, chemins, generation
from generator.ecriture import ecrire_atomique
from generator.erreurs import ContinuumError, FichierIllisible, ReponsesInvalides, TableauInvalide
from generator.lecture import lire_yaml
from generator.lot import colonnes as cols
from generator.lot import dossier as dossier_pdf
from generator.lot import manifeste, pdf
from generator.lot.nommage import Nommeur
from generator.tableur import entetes_et_lignes
from generator.plan import Plan, charger_plan
from generator.questionnaire.definition import charger_questionnaire

Progression = Callable[[int], None]


@dataclass
class Options:
    type_document: str
    tableau: Path
    sortie: Path
    base: Path | None = None
    travailleurs: int = 1
    forcer: bool = False
    pdf: bool = False
    dossier: bool = False
    brouillon: bool = True


@dataclass
class Bilan:
    entrees: list[manifeste.Entree] = field(default_factory=list)
    dossier: Path | None = None
    pages_dossier: int = 0

    def compter(self, statut: str) -> int:
        return sum(1 for e in self.entrees if e.statut == statut)

    @property
    def en_erreur(self) -> bool:
        return any(e.statut == manifeste.ERREUR or e.erreurs for e in self.entrees)


def empreinte_bibliotheque(plan: Plan) -> str:
    """Fingerprint of everything a document depends on besides its answers."""
    digest = hashlib.sha256(__version__.encode())
    files = sorted(chemins.clauses().rglob("*.yaml")) + sorted((chemins.data()).rglob("*.yaml")) + [plan.modele]
    for path in files:
        digest.update(str(path.relative_to(chemins.racine())).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _empreinte(reponses: dict, bibliotheque: str, brouillon: bool) -> str:
    payload = json.dumps(reponses, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(f"{bibliotheque}|{brouillon}|{payload}".encode()).hexdigest()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class _Lecteur:
    """Turns the table's rows into answers, lazily, as many times as needed."""

    def __init__(self, options: Options, plan: Plan):
        self.options = options
        self.questionnaire = charger_questionnaire(plan.questionnaire)
        self.colonnes = {c.nom: c for c in cols.colonnes(self.questionnaire)}
        self.base = self._base()
        header, _rows = entetes_et_lignes(options.tableau)
        problems = cols.verifier_entetes(header, self.questionnaire, str(options.tableau))
        if problems:
            raise TableauInvalide(str(options.tableau), problems)
        self.entetes = [h for h in header if h]

    def _base(self) -> dict:
        if self.options.base is None:
            return {}
        raw = lire_yaml(self.options.base)
        if raw is not None and not isinstance(raw, dict):
            raise FichierIllisible(f"{self.options.base} : un fichier de réponses (clés YAML) est attendu")
        return raw or {}

    def lignes(self) -> Iterator[tuple[int, dict, dict[str, str]]]:
        _header, rows = entetes_et_lignes(self.options.tableau)
        for row in rows:
            yield row.numero, cols.reponses_de_la_ligne(row.cellules, self.colonnes, self.base), row.cellules


def _messages(exc: ContinuumError, numero: int, cellules: dict[str, str], noms: list[str]) -> list[str]:
    if not isinstance(exc, ReponsesInvalides):
        return [f"ligne {numero} : {exc}"]
    out = []
    for problem in exc.problemes:
        column = cols.colonne_du_champ(problem.champ, noms)
        value = problem.valeur if problem.valeur is not None else cellules.get(column, "")
        where = f"colonne « {column} »" if column in cellules else f"réponse « {problem.champ} » (fichier de base)"
        shown = f" (valeur : « {value} »)" if value not in ("", None) else ""
        out.append(f"ligne {numero}, {where}{shown} : {problem.message}")
    return out


def _libelle(plan: Plan, reponses: dict, numero: int) -> str:
    value = arbre.lire(reponses, plan.lot_libelle) if plan.lot_libelle else None
    return str(value).strip() if value else f"ligne {numero}"


# -- worker side ---------------------------------------------------------------
# python-docx's object graph holds reference cycles: each document's XML trees are
# freed by the cycle collector only. Collecting every few documents keeps memory
# flat whatever the number of rows (the loaded library is frozen out of the scan).
_COLLECTE_TOUS_LES = 20
_produits = 0


def _generer(task: tuple) -> tuple[int, str | None, list[str], list[str]]:
    """Generate one document: (row, sha256 or None, errors, warnings). Runs in a worker."""
    global _produits
    numero, type_document, reponses, destination, brouillon, fichier = task
    try:
        result = generation.generer(type_document, reponses, f"{fichier}, ligne {numero}", brouillon)
        ecrire_atomique(Path(destination), result.contenu)
    except ContinuumError as exc:
        return numero, None, [f"ligne {numero} : {exc}"], []
    finally:
        _produits += 1
        if _produits % _COLLECTE_TOUS_LES == 0:
            gc.collect()
    return numero, hashlib.sha256(result.contenu).hexdigest(), [], result.avertissements


def _executer_taches(tasks: Iterator[tuple], travailleurs: int, progression: Progression | None):
    """Each task's result as it completes, advancing the progress bar."""
    for result in _produire(tasks, travailleurs):
        yield result
        if progression:
            progression(1)


def _produire(tasks: Iterator[tuple], travailleurs: int):
    """Run tasks in worker processes with a bounded number in flight (flat memory)."""
    if travailleurs <= 1:
        yield from map(_generer, tasks)
        return
    context = multiprocessing.get_context("fork")  # workers inherit the loaded library and references
    with ProcessPoolExecutor(max_workers=travailleurs, mp_context=context) as pool:
        pending = set()
        for task in tasks:
            pending.add(pool.submit(_generer, task))
            if len(pending) >= 2 * travailleurs:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in done)
        yield from (future.result() for future in pending)


# -- the run -------------------------------------------------------------------------
def executer(options: Options, progression_debut: Callable[[int], Progression | None] | None = None) -> Bilan:
    plan = charger_plan(options.type_document)
    reader = _Lecteur(options, plan)
    options.sortie.mkdir(parents=True, exist_ok=True)
    library = empreinte_bibliotheque(plan)
    previous = manifeste.lire_precedent(options.sortie)
    namer = Nommeur(options.sortie, plan.type_document)
    bilan = Bilan()
    entries: dict[int, manifeste.Entree] = {}
    try:
        # 1. Validate every row before writing anything.
        to_generate: dict[int, tuple[str, str]] = {}
        for numero, reponses, cellules in reader.lignes():
            entry = manifeste.Entree(numero, _libelle(plan, reponses, numero))
            entries[numero] = entry
            entry.fichier = namer.nom(entry.libelle, numero)
            try:
                namer.chemin(entry.fichier)
                generation.preparer(plan, reponses, f"{options.tableau}, ligne {numero}")
            except ContinuumError as exc:
                entry.statut = manifeste.ERREUR
                entry.erreurs = _messages(exc, numero, cellules, reader.entetes)
                entry.fichier = ""
                continue
            entry.empreinte = _empreinte(reponses, library, options.brouillon)
            before = previous.get(numero, {})
            target = namer.chemin(entry.fichier)
            unchanged = (not options.forcer and before.get("empreinte") == entry.empreinte
                         and before.get("fichier") == entry.fichier and target.exists()
                         and before.get("sha256") == _sha256(target))
            if unchanged:
                entry.statut, entry.sha256, entry.pdf = manifeste.INCHANGE, before["sha256"], before.get("pdf", "")
            else:
                to_generate[numero] = (entry.fichier, entry.empreinte)

        # 2. Generate the rows that need it, re-reading the table (memory stays flat).
        def tasks() -> Iterator[tuple]:
            for numero, reponses, _cells in reader.lignes():
                if numero in to_generate:
                    yield (numero, options.type_document, reponses, str(namer.chemin(to_generate[numero][0])),
                           options.brouillon, str(options.tableau))

        gc.collect()
        gc.freeze()  # the library, references and templates loaded so far are never scanned again
        tick = progression_debut(len(to_generate)) if progression_debut else None
        for numero, digest, errors, warnings in _executer_taches(tasks(), options.travailleurs, tick):
            entry = entries[numero]
            entry.avertissements = warnings
            if digest is None:
                entry.statut, entry.erreurs, entry.fichier = manifeste.ERREUR, errors, ""
            else:
                entry.statut, entry.sha256, entry.pdf = manifeste.GENERE, digest, ""

        # 3. PDF, one soffice per worker; 4. the merged dossier.
        if options.pdf or options.dossier:
            _pdf(options, entries, namer)
        if options.dossier:
            _dossier(options, plan, entries, namer, bilan)
    finally:
        gc.unfreeze()
        bilan.entrees = sorted(entries.values(), key=lambda e: e.ligne)
        manifeste.ecrire(options.sortie, bilan.entrees, {
            "type": options.type_document,
            "tableau": str(options.tableau),
            "date": dt.datetime.now().isoformat(timespec="seconds"),
            "version": __version__,
            "bibliotheque": library,
            "mode": "projet" if options.brouillon else "définitif",
            "resume": {s: sum(1 for e in entries.values() if e.statut == s)
                       for s in (manifeste.GENERE, manifeste.INCHANGE, manifeste.ERREUR)},
        })
    return bilan


def _pdf(options: Options, entries: dict[int, manifeste.Entree], namer: Nommeur) -> None:
    wanted = []
    for entry in entries.values():
        if entry.statut == manifeste.ERREUR:
            continue
        pdf_path = namer.chemin(Path(entry.fichier).with_suffix(".pdf").name)
        if entry.statut == manifeste.GENERE or not pdf_path.exists() or entry.pdf != pdf_path.name:
            wanted.append(namer.chemin(entry.fichier))
        else:
            entry.pdf = pdf_path.name
    by_file = {e.fichier: e for e in entries.values() if e.fichier}
    for source, result in pdf.convertir(wanted, options.sortie, options.travailleurs).items():
        entry = by_file[source.name]
        if isinstance(result, str):
            entry.erreurs.append(f"ligne {entry.ligne} : {result}")
        else:
            entry.pdf = result.name


def _dossier(options: Options, plan: Plan, entries: dict[int, manifeste.Entree], namer: Nommeur, bilan: Bilan) -> None:
    pieces = [
        dossier_pdf.Piece(e.libelle, f"ligne {e.ligne}", namer.chemin(e.pdf))
        for e in sorted(entries.values(), key=lambda e: e.ligne) if e.pdf
    ]
    if not pieces:
        return
    destination = options.sortie / f"dossier-{plan.type_document}.pdf"
    bilan.pages_dossier = dossier_pdf.assembler(
        pieces, destination, plan.modele, plan.intitule, options.brouillon,
        {"Title": f"Dossier – {plan.intitule}", "Author": "Continuum", "Subject": f"{len(pieces)} document(s)",
         "Keywords": f"continuum; {plan.type_document}; {'projet' if options.brouillon else 'définitif'}",
         "Creator": f"Continuum {__version__}"},
    )
    bilan.dossier = destination


def travailleurs_par_defaut() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
