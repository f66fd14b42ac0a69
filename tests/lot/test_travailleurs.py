"""The forked workers of ``-j N`` (generator/lot/travailleurs.py): chunks and results through pipes, failures
reported in the main process, every worker waited for."""

from __future__ import annotations

import os
import signal
import time

import pytest

from generator.lot.travailleurs import TravailleurPerdu, Travailleurs


@pytest.fixture(autouse=True)
def jamais_bloque():
    """A pool that blocks fails the test instead of stalling the suite."""
    def stuck(_signum, _frame):
        raise AssertionError("bloqué : aucune réponse des travailleurs en 60 s")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _tout_recevoir(travailleurs: Travailleurs) -> list:
    results = []
    while travailleurs.en_cours():
        results.extend(travailleurs.recevoir(True))
    return results


def _termine(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True  # already waited for: no zombie left
    return False


def test_each_chunk_is_done_once_by_another_process_and_the_workers_are_waited_for():
    travailleurs = Travailleurs(2, lambda donnees: (os.getpid(), donnees.decode()))
    pids = [t.pid for t in travailleurs._travailleurs]
    try:
        results = []
        for number in range(12):
            worker = travailleurs.libre(2)
            while worker is None:
                results.extend(travailleurs.recevoir(True))
                worker = travailleurs.libre(2)
            travailleurs.envoyer(worker, f"paquet {number}".encode())
        results.extend(_tout_recevoir(travailleurs))
    finally:
        travailleurs.fermer()
    assert sorted(text for _pid, text in results) == sorted(f"paquet {n}" for n in range(12))
    assert {pid for pid, _text in results} <= set(pids) and os.getpid() not in pids
    assert all(_termine(pid) for pid in pids)


def test_chunks_and_results_larger_than_a_pipe_never_block_either_side():
    big = os.urandom(3 * 1024 * 1024)  # larger than any pipe buffer
    travailleurs = Travailleurs(1, lambda donnees: donnees[::-1])
    try:
        worker = travailleurs.libre(2)
        travailleurs.envoyer(worker, big)
        travailleurs.envoyer(worker, big[:1000])  # written later, once the pipe has room
        results = _tout_recevoir(travailleurs)
    finally:
        travailleurs.fermer()
    assert results == [big[::-1], big[:1000][::-1]]


def _un_paquet(fonction, donnees: bytes, pendant=None) -> list:
    """One chunk sent to one worker running ``fonction``; ``pendant(worker)`` runs while it works."""
    with Travailleurs(1, fonction) as travailleurs:
        worker = travailleurs.libre(2)
        travailleurs.envoyer(worker, donnees)
        if pendant is not None:
            pendant(worker)
        return _tout_recevoir(travailleurs)


def test_an_exception_in_a_worker_is_raised_here_with_the_workers_trace():
    def broken(donnees: bytes):
        raise ValueError(f"ligne illisible : {donnees.decode()}")

    with pytest.raises(ValueError, match="ligne illisible : zone 7") as caught:
        _un_paquet(broken, b"zone 7")
    note = "\n".join(caught.value.__notes__)
    assert "dans le processus" in note and "in broken" in note


def test_an_exception_that_does_not_pickle_still_arrives_as_text():
    class Unpicklable(Exception):
        def __reduce__(self):
            raise TypeError("pas de pickle")

    def broken(_donnees: bytes):
        raise Unpicklable("défaut interne")

    with pytest.raises(RuntimeError, match="défaut interne"):
        _un_paquet(broken, b"x")


def test_a_worker_killed_during_a_chunk_is_reported_in_french():
    with pytest.raises(TravailleurPerdu, match="s'est arrêté avant d'avoir fini ses lignes"):
        _un_paquet(lambda _donnees: os.kill(os.getpid(), signal.SIGKILL), b"x")


def test_ctrl_c_is_left_to_the_main_process():
    def slow(donnees: bytes) -> bytes:
        time.sleep(0.3)
        return donnees

    # what a terminal's Ctrl-C sends to the whole process group: the worker carries on
    assert _un_paquet(slow, b"ligne 2", pendant=lambda worker: os.kill(worker.pid, signal.SIGINT)) == [b"ligne 2"]


def test_a_failure_never_swallows_the_results_around_it():
    """Results sent before and after a failing chunk are all handed out, then the failure is raised once."""
    def maybe(donnees: bytes) -> bytes:
        if donnees == b"boom":
            raise ValueError("paquet fautif")
        return donnees.upper()

    got, errors = [], []
    with Travailleurs(1, maybe) as travailleurs:
        worker = travailleurs.libre(9)
        for chunk in (b"a", b"b", b"boom", b"c"):
            travailleurs.envoyer(worker, chunk)
        while True:
            try:
                results = travailleurs.recevoir(True)
            except ValueError as exc:
                errors.append(str(exc))
                continue
            if not results and not travailleurs.en_cours():
                break
            got += results
    assert got == [b"A", b"B", b"C"] and errors == ["paquet fautif"]


def test_an_exception_that_pickles_but_does_not_unpickle_still_arrives_as_text():
    class TwoArguments(Exception):
        def __init__(self, first, second):
            super().__init__(f"{first} / {second}")

    def broken(_donnees: bytes):
        raise TwoArguments("ligne 4", "commune inconnue")

    with pytest.raises(RuntimeError, match="ligne 4 / commune inconnue"):
        _un_paquet(broken, b"x")
