"""The worker side of a batch: each row sent by the main process validated and its document written.

With ``-j N``, N processes generate: the main process and N - 1 workers forked once from it (they
inherit the loaded library, references and templates, the folder of data files
``chemins.reponses_dans`` set, and the batch's shared answers with what their validation made: a
chunk refers to those answers instead of carrying copies). Rows go to the workers in chunks; each
worker validates its rows (once), writes their documents and sends back only names, hashes, errors and
warnings, while the main process generates the chunks the workers have no room for. The workers and
their pipes: generator/lot/travailleurs.py. With one worker, everything runs in the main process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from generator import generation
from generator.ecriture import ecrire_atomique
from generator.erreurs import ContinuumError
from generator.lot import manifeste, ramassage
from generator.lot.interruption import InterruptionDifferee
from generator.lot.lecteur import messages
from generator.lot.travailleurs import Travailleurs
from generator.questionnaire import reponses_partagees
from generator.registre.configuration import fermer_connexions
from generator.registre.enregistrement import apres_ecriture_lot

PAQUET = 32  # rows per task sent to a worker, at most
PREMIER_PAQUET = 4  # rows of the first task: the forked worker starts without waiting for a whole chunk
EN_ATTENTE = 2  # chunks sent to a worker and not yet back, at most: it never waits for the next one


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
        return numero, None, messages(exc, numero, cellules, entetes), []
    finally:
        ramassage.apres_un_document()
    return numero, hashlib.sha256(result.contenu).hexdigest(), [], result.avertissements


def _generer_paquet(paquet: bytes) -> list[tuple[int, str | None, list[str], list[str]]]:
    """A chunk of rows (:func:`reponses_partagees.emballer`: the shared answers are those the worker inherited,
    validated once), generated in a row by one worker: only names and hashes go back."""
    return [_generer(task) for task in reponses_partagees.deballer(paquet)]


def taille_du_paquet(restantes: int, travailleurs: int) -> int:
    """Rows of the next chunk: large while many rows remain (fewer exchanges), smaller towards the end so
    that the workers finish together (guided scheduling): about a third of each worker's share, at most
    PAQUET, at least 2."""
    return max(2, min(PAQUET, restantes // (3 * travailleurs)))


def produire(items: Iterator[tuple[manifeste.Entree, tuple | None]], travailleurs: int, total: int):
    """(entry, result or None) for each row, as rows are decided: at once for the rows the main process
    settles (errors of the table, unchanged documents), on completion for the rows generated.

    The first row to generate is done here, before anything else: the library, references and templates
    are then loaded, and the Word template split, for every process that follows. With more than one
    worker, see :func:`_en_parallele`.
    """
    with InterruptionDifferee() as interruption:  # a Ctrl-C is raised between rows, each reported first
        for entry, task in items:
            yield entry, (_generer(task) if task is not None else None)
            interruption.relever()
            if task is not None:
                break
        ramassage.figer()  # what the first row loaded is never walked again by the collector (nor copied in workers)
        if travailleurs <= 1:
            for entry, task in items:
                yield entry, (_generer(task) if task is not None else None)
                interruption.relever()
            return
        yield from _en_parallele(items, travailleurs, total, interruption)


def _en_parallele(items: Iterator[tuple[manifeste.Entree, tuple | None]], travailleurs: int, total: int,
                  interruption: InterruptionDifferee):
    """The other rows with ``travailleurs`` workers: this process and ``travailleurs - 1`` forked from it.

    Chunks of rows (:func:`taille_du_paquet` of the ``total`` rows not yet handed out) go to the forked
    workers while one has fewer than two waiting; otherwise this process, already warm, generates the chunk
    itself between two distributions. So ``-j 2`` runs two processes on two cores (not a third one that
    only distributes), and memory stays flat (a bounded number of chunks in flight). On Ctrl-C, no chunk is
    sent any more; those already sent finish and are reported (a second Ctrl-C does not cut that short).
    """
    fermer_connexions()  # the first row may have opened the registry: each process opens its own
    waiting: dict[int, manifeste.Entree] = {}  # the rows in flight only
    with Travailleurs(travailleurs - 1, _generer_paquet) as workers:  # closed and waited for in every case

        def collect(block: bool):
            for results in workers.recevoir(block):
                for result in results:
                    yield waiting.pop(result[0]), result

        def here(chunk: list[tuple]):
            for task in chunk:
                result = _generer(task)
                yield waiting.pop(result[0]), result

        def then_check(rows):
            for row in rows:
                yield row
                interruption.relever()

        try:
            chunk: list[tuple] = []
            sent = 1  # the first row, generated before
            for entry, task in items:
                if task is None:
                    yield entry, None
                    interruption.relever()
                    continue
                waiting[entry.ligne] = entry
                chunk.append(task)
                size = taille_du_paquet(total - sent, travailleurs)
                if len(chunk) >= (min(size, PREMIER_PAQUET) if sent == 1 else size):  # a worker starts at once
                    sent += len(chunk)
                    worker = workers.libre(EN_ATTENTE)
                    if worker is not None:
                        workers.envoyer(worker, reponses_partagees.emballer(chunk))
                    else:
                        yield from then_check(here(chunk))
                    chunk = []
                    yield from then_check(collect(False))
            yield from then_check(here(chunk))  # the last rows, here
            while workers.en_cours():
                yield from then_check(collect(True))
        except KeyboardInterrupt:
            while workers.en_cours():  # the chunks sent finish (at most EN_ATTENTE each): their rows are reported
                yield from collect(True)
            raise
