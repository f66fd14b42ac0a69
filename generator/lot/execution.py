"""`continuum lot`: read → dispatch → validate and generate in workers → PDF → dossier → manifest.

The pipeline, module by module (this module runs it: :func:`executer`, :func:`verifier`):

- generator/lot/lecteur.py: the table read once (its bytes kept: every pass over the rows parses
  those bytes, so a file saved again meanwhile can never shift one row's content under another
  row's name), each row turned into answers; errors named by row, column and value;
- generator/lot/repartition.py: the main process decides each row: error of the table, unchanged
  since the last run (generator/lot/empreintes_lot.py), refused, or sent to a worker;
- generator/lot/production.py: the workers, forked once (generator/lot/travailleurs.py: chunks and
  results through pipes), validate their rows (once), write their documents and send back names and
  hashes, chunk by chunk; generation thus starts with the first rows, while the rest of the table is
  still being read;
- generator/lot/etapes_pdf.py: the PDFs, one LibreOffice per worker (started with the batch, so that
  its start overlaps the generation: generator/lot/pdf.py), and the merged dossier;
- generator/lot/manifeste.py: the manifest, streamed to disk as rows are decided, true after an
  interruption or a crash; generator/lot/bilan.py counts the run for the final summary.

A bad row is recorded with its errors (row, column, value) and never stops the
others; every bad row is listed before the final count. Rows whose answers,
library and mode did not change since the last run are skipped. The output
folder is locked for the run; documents are written atomically (a rename each,
the folder synchronised once at the end). An existing document that the
previous run did not write (or that was edited since) is never replaced without
``--ecraser``.

Below ``SEUIL_PARALLELE`` rows, one process does everything when the number of
workers was not chosen: starting a pool would cost more than it brings.

``verifier`` validates every row without writing anything (the web workspace's
check before production).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from generator import __version__, chemins, generation
from generator.accords import nombre
from generator.ecriture import synchroniser_dossier
from generator.erreurs import ContinuumError, EcritureErreur, Interrompu, TableauInvalide, raison_systeme
from generator.lot import manifeste, ramassage, verrou
from generator.lot.bilan import Bilan
from generator.lot.empreintes_lot import empreinte_bibliotheque
from generator.lot.lecteur import Lecteur, erreurs_de_la_ligne, libelle
from generator.lot.nommage import Nommeur
from generator.lot.options import Options
from generator.lot.production import PAQUET, produire, taille_du_paquet
from generator.lot.repartition import Repartiteur
from generator.plan import Plan, charger_plan
from generator.questionnaire import reponses_partagees

__all__ = ["PAQUET", "SEUIL_PARALLELE", "Bilan", "Options", "empreinte_bibliotheque", "executer", "taille_du_paquet",
           "travailleurs_par_defaut", "verifier"]

Progression = Callable[[int], None]

SEUIL_PARALLELE = 25  # rows below which one process does about as well as two (whole processes, 29 Nov, 19 h 50,
#                        medians of 9 to 11: -j2 ÷ -j1 = 1.04 at 10 rows, 1.02 at 15, 1.10 at 25, 1.17 at 50)


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
    reader = Lecteur(options, plan)
    if options.pdf or options.dossier:
        from generator.lot import pdf  # LibreOffice's modules are loaded for --pdf and --dossier only

        pdf.soffice()  # LibreOffice must be there before anything is generated
    _preparer_dossier(options.sortie)
    # data files named in answers: from the shared answers' folder, then the table's (forked workers inherit it)
    with (verrou.verrouiller(options.sortie), chemins.reponses_dans(options.base, options.tableau),
          reponses_partagees.partager(reader.base)):  # the base answers, the same in every row: validated once
        verrou.nettoyer_restes(options.sortie)
        try:
            return _executer(options, plan, reader, progression_debut)
        except (Interrompu, KeyboardInterrupt):  # a Ctrl-C can cut a write between its temporary file and
            verrou.nettoyer_restes(options.sortie)  # its rename: the folder is left as the next run expects it
            raise


def _travailleurs(options: Options, total: int, bilan: Bilan) -> int:
    if options.travailleurs is not None:
        return max(1, options.travailleurs)
    if total < SEUIL_PARALLELE:
        bilan.note_travailleurs = (f"{nombre(total, 'ligne')} : un seul processus (le travail en parallèle ne paie "
                                   f"qu'à partir d'environ {SEUIL_PARALLELE} lignes)")
        return 1
    return travailleurs_par_defaut()


def _executer(options: Options, plan: Plan, reader: Lecteur,
              progression_debut: Callable[[int], Progression | None] | None) -> Bilan:
    library = empreinte_bibliotheque(plan)
    previous = manifeste.lire_precedent(options.sortie)
    bilan = Bilan(sortie=options.sortie)
    total = reader.compter()  # rows only read, not validated: the progress bar's length
    bilan.exemples = reader.exemples
    bilan.travailleurs = _travailleurs(options, total, bilan)
    journal = _ouvrir_journal(options, reader, library)
    dispatcher = Repartiteur(options, plan, reader, library, previous)
    tick = progression_debut(total) if progression_debut else None
    pdf_wanted = options.pdf or options.dossier
    converter = None
    finished = False
    try:
        if pdf_wanted and total:  # LibreOffice starts now: its start overlaps the generation
            converter = _convertisseur(options, plan, min(bilan.travailleurs, total))
        record = _enregistreur(journal, bilan, tick, compter_au_bilan=not pdf_wanted)
        with ramassage.pendant_le_lot():  # the cyclic collector off while generating (generator/lot/ramassage.py)
            _consommer(produire(_annoncees(dispatcher.lignes(), journal), bilan.travailleurs, total), record)
        synchroniser_dossier(options.sortie)

        # PDF, one LibreOffice per worker; the merged dossier.
        if pdf_wanted:
            from generator.lot.etapes_pdf import convertir_en_pdf, reunir_le_dossier

            if converter is not None:  # none for an empty table: nothing to convert
                convertir_en_pdf(options, journal, bilan, converter)
        journal.ecrire(immediatement=True)
        if options.dossier:
            reunir_le_dossier(options, plan, journal, bilan)
        finished = True
    except KeyboardInterrupt:
        raise _interruption(options, journal, total) from None
    finally:
        if converter is not None:
            converter.fermer()
        if not finished:
            journal.ecrire(immediatement=True, attente=manifeste.INTERROMPU)
        journal.fermer(terminer=True)
    return bilan


def _ouvrir_journal(options: Options, reader: Lecteur, library: str) -> manifeste.Journal:
    """The manifest journal, headed with what identifies the batch: table, library, version, mode."""
    return manifeste.Journal(options.sortie, {
        "type": options.type_document,
        "tableau": str(options.tableau),
        "tableau_sha256": reader.sha256,
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "version": __version__,
        "bibliotheque": library,
        "mode": "projet" if options.brouillon else "définitif",
        "synchronisation": "documents renommés en place sans fsync individuel ; dossier synchronisé à la fin du lot",
    })


def _enregistreur(journal: manifeste.Journal, bilan: Bilan, tick: Progression | None,
                  compter_au_bilan: bool) -> Callable[[manifeste.Entree, tuple | None], None]:
    """What is done with each row's result: its manifest entry, the summary (unless PDF follow), the progress."""
    def record(entry: manifeste.Entree, result: tuple | None) -> None:
        if result is not None:
            _numero, digest, errors, warnings = result
            entry.avertissements = entry.avertissements + warnings
            if digest is None:
                entry.statut, entry.erreurs, entry.fichier = manifeste.ERREUR, errors, ""
            else:
                entry.statut, entry.sha256, entry.pdf, entry.pdf_sha256 = manifeste.GENERE, digest, "", ""
        journal.noter(entry)
        if compter_au_bilan:
            bilan.noter(entry)
        if tick:
            tick(1)
        journal.ecrire()

    return record


def _interruption(options: Options, journal: manifeste.Journal, total: int) -> Interrompu:
    """Ctrl-C: the rows left are marked in the manifest, and the message says how to go on."""
    counts = journal.ecrire(immediatement=True, attente=manifeste.INTERROMPU) or {}
    written = counts.get(manifeste.GENERE, 0)
    left = counts.get(manifeste.INTERROMPU, 0) + max(0, total - sum(counts.values()))
    manifest = options.sortie / "manifeste.csv"
    done = (f"aucun document écrit avant l'interruption (manifeste : {manifest})" if written == 0 else
            f"{nombre(written, 'document écrit')} avant l'interruption, "
            f"{'recensé' if written == 1 else 'recensés'} dans {manifest}")
    then = ("toutes les lignes avaient été traitées" if left == 0 else
            "relancez la même commande pour produire la ligne restante" if left == 1 else
            f"relancez la même commande pour produire les {nombre(left, 'ligne restante')}")
    return Interrompu(f"interrompu : {done} ; {then}")


def _consommer(rows: Iterator[tuple[manifeste.Entree, tuple | None]],
               record: Callable[[manifeste.Entree, tuple | None], None]) -> None:
    """``record`` each row as ``rows`` decides it. A real Ctrl-C never lands in ``record``: the production defers
    it to its next row (generator/lot/interruption.py). A KeyboardInterrupt raised there all the same (by a
    Ctrl-C handler of the calling program's own) is passed on to ``rows``, as if it had landed there: the rows
    already sent to workers are still reported before the interruption goes on."""
    interrupted = False
    while True:
        try:
            entry, result = rows.throw(KeyboardInterrupt) if interrupted else next(rows)
        except StopIteration:
            return
        interrupted = False
        try:
            record(entry, result)
        except KeyboardInterrupt:
            interrupted = True


def _convertisseur(options: Options, plan: Plan, travailleurs: int):
    """The batch's LibreOffices, started now and warmed up on the Word template while rows are generated."""
    from generator.lot import pdf

    return pdf.Convertisseur(options.sortie, travailleurs, echauffement=plan.modele)


def _annoncees(items, journal: manifeste.Journal):
    """Rows sent to a worker are first recorded « en attente », with their file name: after a crash, the
    next run knows every file this one may have written."""
    for entry, task in items:
        if task is not None:
            journal.noter(entry)
        yield entry, task


def verifier(options: Options) -> list[manifeste.Entree]:
    """Every row validated, nothing written: the rows with their errors (the web workspace's check)."""
    plan = charger_plan(options.type_document)
    reader = Lecteur(options, plan)
    with chemins.reponses_dans(options.base, options.tableau), reponses_partagees.partager(reader.base):  # as ``executer``
        return _verifier(options, plan, reader)


def _verifier(options: Options, plan: Plan, reader: Lecteur) -> list[manifeste.Entree]:
    namer = Nommeur(options.sortie, plan.type_document)
    out = []
    for numero, reponses, _cellules, ligne in reader.lignes():
        entry = manifeste.Entree(numero, libelle(plan, reponses, numero), manifeste.EN_ATTENTE)
        entry.avertissements = list(ligne.avertissements)
        entry.fichier = namer.nom(entry.libelle, numero)
        try:
            if ligne.erreurs:
                raise TableauInvalide(str(options.tableau), [])
            namer.chemin(entry.fichier)
            generation.preparer(plan, reponses, f"{options.tableau}, ligne {numero}")
        except ContinuumError as exc:
            entry.statut, entry.fichier = manifeste.ERREUR, ""
            entry.erreurs = erreurs_de_la_ligne(exc, ligne, reader.entetes)
        out.append(entry)
    return out


def travailleurs_par_defaut() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
