"""Worker processes forked once from this one, each fed chunks through its own pipes.

A batch's ``-j N`` (generator/lot/production.py) needs little of a process pool: N - 1 copies of the main process, each running one
function on the chunks it is sent, in order, and sending back what it returned. Here each worker has
a pipe for its chunks and one for its results (frames: 8-byte length, then the bytes); the main
process writes and reads them without blocking, in :meth:`Travailleurs.recevoir`, so that a full pipe
never stalls it. There is no helper thread: ``concurrent.futures`` ran two in the main process
(dispatch and results), which took the interpreter lock from the generation at every exchange, and
importing it with ``multiprocessing`` delayed the first worker (about 10 ms).

A worker ignores Ctrl-C (the main process stops the batch), ends when its chunk pipe is closed, and
never runs the main process's code after the fork (``os._exit``). An exception in a worker is raised
again in the main process with the worker's traceback as a note; a worker that dies (killed, out of
memory) raises :class:`TravailleurPerdu`.
"""

from __future__ import annotations

import os
import pickle
import selectors
import signal
import sys
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Self

_ENTETE = 8  # bytes of a frame's length
_LECTURE = 1 << 20  # bytes read at once from a result pipe
_TAILLE_TUYAU = 1 << 20  # a pipe's buffer where the system allows it (Linux: F_SETPIPE_SZ)


class TravailleurPerdu(RuntimeError):
    """A worker process ended while it still had chunks to do."""


@dataclass(eq=False)
class _Travailleur:
    """One forked worker: its pid, the ends of its two pipes, and the frames not yet exchanged."""

    pid: int
    envoi: int  # the chunk pipe's end written here (non-blocking)
    retour: int  # the result pipe's end read here (non-blocking)
    a_ecrire: deque = field(default_factory=deque)  # frames (memoryviews) not yet written to ``envoi``
    recu: bytearray = field(default_factory=bytearray)
    en_cours: int = 0  # chunks sent whose result has not come back


def _perdu(travailleur: _Travailleur) -> str:
    return (f"le processus de travail {travailleur.pid} s'est arrêté avant d'avoir fini ses lignes (mémoire "
            "épuisée ou processus tué ?) ; relancez la commande : les documents déjà écrits sont gardés")


def _trame(donnees: bytes) -> bytes:
    return len(donnees).to_bytes(_ENTETE, "little") + donnees


def _agrandir(descripteur: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(descripteur, getattr(fcntl, "F_SETPIPE_SZ", 1031), _TAILLE_TUYAU)
    except (ImportError, OSError):  # another system, or a lower limit: smaller pipes only mean more exchanges
        pass


def _lire_exactement(descripteur: int, taille: int) -> bytes | None:
    morceaux = []
    while taille:
        lu = os.read(descripteur, min(taille, _LECTURE))
        if not lu:
            return None
        morceaux.append(lu)
        taille -= len(lu)
    return b"".join(morceaux)


def _ecrire_tout(descripteur: int, donnees: bytes) -> None:
    vue = memoryview(donnees)
    while vue:
        vue = vue[os.write(descripteur, vue):]


def _servir(entree: int, sortie: int, fonction: Callable[[bytes], object]) -> None:
    """The worker's loop: each chunk read, ``fonction`` run on it, its result (or exception) sent back."""
    while True:
        entete = _lire_exactement(entree, _ENTETE)
        if entete is None:
            return
        donnees = _lire_exactement(entree, int.from_bytes(entete, "little"))
        if donnees is None:
            return
        try:
            reponse = pickle.dumps((True, fonction(donnees)), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - whatever it is, the main process raises it again, with this trace
            reponse = _erreur(exc, traceback.format_exc())
        _ecrire_tout(sortie, _trame(reponse))


def _erreur(exc: Exception, trace: str) -> bytes:
    """The frame of a worker's exception: the exception itself when it travels both ways, else its text."""
    try:
        encoded = pickle.dumps((False, exc, trace), protocol=pickle.HIGHEST_PROTOCOL)
        pickle.loads(encoded)  # some pickle but do not unpickle (an __init__ that wants other arguments)
    except Exception:  # noqa: BLE001 - such an exception travels as its text
        return pickle.dumps((False, RuntimeError(repr(exc)), trace), protocol=pickle.HIGHEST_PROTOCOL)
    return encoded


class Travailleurs:
    """``nombre`` processes forked now, each running ``fonction`` on the chunks :meth:`envoyer` gives it.

    What comes back is parsed as soon as it is read and kept here: results first, then the first error (a
    worker's exception, a lost worker), raised by the next :meth:`recevoir` once the results before it are
    handed out. So a failure never swallows the results that came with it.
    """

    def __init__(self, nombre: int, fonction: Callable[[bytes], object]):
        self._travailleurs: list[_Travailleur] = []
        self._selecteur = selectors.DefaultSelector()
        self._prets: list[object] = []  # results read, not yet handed out
        self._erreur: BaseException | None = None  # the first failure, raised once the results before it are out
        try:
            for _ in range(nombre):
                self._forker(fonction)
        except BaseException:
            self.fermer()
            raise

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc) -> None:
        self.fermer()

    def _forker(self, fonction: Callable[[bytes], object]) -> None:
        envoi_lu, envoi = os.pipe()
        retour, retour_ecrit = os.pipe()
        for descripteur in (envoi, retour_ecrit):
            _agrandir(descripteur)
        sys.stdout.flush()
        sys.stderr.flush()
        masque = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # no Ctrl-C until the worker is known
        try:
            try:
                pid = os.fork()
            except BaseException:
                for descripteur in (envoi_lu, envoi, retour, retour_ecrit):
                    os.close(descripteur)
                raise
            if pid == 0:  # the worker: never returns into the main process's code
                code = 1
                try:
                    signal.signal(signal.SIGINT, signal.SIG_IGN)
                    signal.pthread_sigmask(signal.SIG_SETMASK, masque)
                    for autre in self._travailleurs:  # else an earlier worker would never see its pipe closed
                        os.close(autre.envoi)
                        os.close(autre.retour)
                    os.close(envoi)
                    os.close(retour)
                    _servir(envoi_lu, retour_ecrit, fonction)
                    code = 0
                finally:
                    os._exit(code)
            os.close(envoi_lu)
            os.close(retour_ecrit)
            os.set_blocking(envoi, False)
            os.set_blocking(retour, False)
            travailleur = _Travailleur(pid, envoi, retour)
            self._travailleurs.append(travailleur)  # before Ctrl-C may come: fermer() then knows it
            self._selecteur.register(retour, selectors.EVENT_READ, travailleur)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, masque)

    def libre(self, en_attente: int) -> _Travailleur | None:
        """The worker with the fewest chunks in flight, if it has fewer than ``en_attente``."""
        travailleur = min(self._travailleurs, key=lambda t: t.en_cours, default=None)
        return travailleur if travailleur is not None and travailleur.en_cours < en_attente else None

    def en_cours(self) -> int:
        """Chunks sent whose result is neither back nor lost with its worker."""
        return sum(t.en_cours for t in self._travailleurs)

    def envoyer(self, travailleur: _Travailleur, donnees: bytes) -> None:
        """Queue a chunk for ``travailleur``; what its pipe takes now is written at once, the rest later."""
        travailleur.a_ecrire.append(memoryview(_trame(donnees)))
        travailleur.en_cours += 1
        self._ecrire(travailleur)

    def _ecrire(self, travailleur: _Travailleur) -> None:
        while travailleur.a_ecrire:
            vue = travailleur.a_ecrire[0]
            try:
                ecrit = os.write(travailleur.envoi, vue)
            except BlockingIOError:
                break
            except BrokenPipeError:  # the worker is gone: the end of its result pipe says so, after its last results
                travailleur.a_ecrire.clear()
                break
            if ecrit < len(vue):
                travailleur.a_ecrire[0] = vue[ecrit:]
                break
            travailleur.a_ecrire.popleft()
        inscrit = travailleur.envoi in self._selecteur.get_map()
        if travailleur.a_ecrire and not inscrit:  # the rest is written when the pipe has room (recevoir)
            self._selecteur.register(travailleur.envoi, selectors.EVENT_WRITE, travailleur)
        elif inscrit and not travailleur.a_ecrire:
            self._selecteur.unregister(travailleur.envoi)

    def recevoir(self, bloquer: bool) -> list[object]:
        """The results that came back (with ``bloquer``, at least one while a chunk is in flight); once they are
        all handed out, the first failure is raised."""
        for travailleur in self._travailleurs:
            self._analyser(travailleur)  # frames read just before an interruption
        while not self._prets and self._erreur is None and self.en_cours() and self._selecteur.get_map():
            for cle, _evenements in self._selecteur.select(None if bloquer else 0):
                travailleur = cle.data
                if cle.fd == travailleur.envoi:
                    self._ecrire(travailleur)
                else:
                    self._lire(travailleur)
            if not bloquer:
                break
        if self._prets:
            resultats, self._prets = self._prets, []
            return resultats
        if self._erreur is not None:
            erreur, self._erreur = self._erreur, None
            raise erreur
        return []

    def _lire(self, travailleur: _Travailleur) -> None:
        try:
            lu = os.read(travailleur.retour, _LECTURE)
        except BlockingIOError:
            return
        if not lu:
            self._perdre(travailleur)
            return
        travailleur.recu += lu
        self._analyser(travailleur)

    def _analyser(self, travailleur: _Travailleur) -> None:
        """Every whole frame received from ``travailleur``: a result kept, or a failure noted."""
        while len(travailleur.recu) >= _ENTETE:
            taille = int.from_bytes(travailleur.recu[:_ENTETE], "little")
            if len(travailleur.recu) < _ENTETE + taille:
                return
            reponse = pickle.loads(travailleur.recu[_ENTETE:_ENTETE + taille])
            del travailleur.recu[:_ENTETE + taille]
            travailleur.en_cours -= 1
            if reponse[0]:
                self._prets.append(reponse[1])
            else:
                _ok, exc, trace = reponse
                exc.add_note(f"dans le processus {travailleur.pid} :\n{trace}")
                self._erreur = self._erreur or exc

    def _perdre(self, travailleur: _Travailleur) -> None:
        """``travailleur`` ended (end of its result pipe): what it had still to do is lost, and said so."""
        if travailleur.retour in self._selecteur.get_map():
            self._analyser(travailleur)
            self._selecteur.unregister(travailleur.retour)
        if travailleur.envoi in self._selecteur.get_map():
            self._selecteur.unregister(travailleur.envoi)
        if travailleur.en_cours:
            travailleur.en_cours = 0
            self._erreur = self._erreur or TravailleurPerdu(_perdu(travailleur))

    def fermer(self) -> None:
        """Close the chunk pipes (each worker ends once its chunks are done) and wait for the workers."""
        for travailleur in self._travailleurs:
            for descripteur in (travailleur.envoi, travailleur.retour):
                if descripteur in self._selecteur.get_map():
                    self._selecteur.unregister(descripteur)
                try:
                    os.close(descripteur)
                except OSError:
                    pass
        for travailleur in self._travailleurs:
            try:
                os.waitpid(travailleur.pid, 0)
            except ChildProcessError:
                pass
        self._travailleurs.clear()
        self._selecteur.close()
