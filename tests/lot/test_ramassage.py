"""The cyclic collector during a batch (generator/lot/ramassage.py).

- generating a document, valid or in error, leaves no reference cycle: with the automatic collector
  off, memory is freed all the same;
- the collector is off while rows are generated, back in its former state after the batch, also when
  batches overlap;
- a cycle all the same (an unforeseen path) is freed by the collection made every ``PERIODE`` documents.
"""

from __future__ import annotations

import gc
import threading
import weakref

import pytest

from generator import generation
from generator.lot import execution, manifeste, production, ramassage
from tests.lot.test_lot import ROWS, _base, _write_csv


@pytest.fixture
def collecteur_restaure():
    enabled = gc.isenabled()
    yield
    gc.set_debug(0)
    gc.garbage.clear()
    gc.unfreeze()
    (gc.enable if enabled else gc.disable)()


def _options(tmp_path, rows, **options):
    tmp_path.mkdir(parents=True, exist_ok=True)
    table = _write_csv(tmp_path / "zones.csv", rows)
    return execution.Options("clcs", table, tmp_path / "sortie", _base(tmp_path), travailleurs=1, **options)


def test_valid_and_invalid_rows_leave_no_reference_cycle(tmp_path, monkeypatch, collecteur_restaure):
    """The first row warms the process up (with cold caches, python-docx splits the Word template: its
    objects hold cycles, once); then a valid row, a row that fails validation (unknown commune and
    nature) and another valid row."""
    cycles: dict[int, list[str]] = {}
    real = production._generer

    def generate_then_look(task):
        gc.collect()
        gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector finds unreachable stays in gc.garbage
        try:
            result = real(task)
            gc.collect()
            cycles[task[0]] = sorted({type(item).__name__ for item in gc.garbage})
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
        return result

    monkeypatch.setattr(production, "_generer", generate_then_look)
    warm_up = ["Zone de mise en route"] + ROWS[0][1:]
    bilan = execution.executer(_options(tmp_path, [warm_up, *ROWS[:3]]))
    assert bilan.compter(manifeste.GENERE) == 3 and bilan.compter(manifeste.ERREUR) == 1
    assert sorted(cycles) == [2, 3, 4, 5]
    assert {row: found for row, found in cycles.items() if row > 2 and found} == {}


def test_the_collector_is_off_while_generating_and_back_after(tmp_path, monkeypatch, collecteur_restaure):
    states: list[bool] = []
    real = generation.generer

    def generate(*args, **kwargs):
        states.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(generation, "generer", generate)
    gc.enable()
    execution.executer(_options(tmp_path / "a", [ROWS[0], ROWS[2]]))
    assert states == [False, False] and gc.isenabled()
    gc.disable()  # a caller that had turned it off keeps it off
    execution.executer(_options(tmp_path / "b", [ROWS[0]]))
    assert not gc.isenabled()


def test_overlapping_batches_give_the_collector_back_once_the_last_one_ends(collecteur_restaure):
    gc.enable()
    first_in, second_done = threading.Event(), threading.Event()
    inside: list[bool] = []

    def first_batch():
        with ramassage.pendant_le_lot():
            first_in.set()
            second_done.wait(10)
            inside.append(gc.isenabled())

    thread = threading.Thread(target=first_batch)
    thread.start()
    first_in.wait(10)
    with ramassage.pendant_le_lot():
        assert not gc.isenabled()
    second_done.set()
    thread.join(10)
    assert inside == [False], "le premier lot a perdu le collecteur coupé quand le second a fini"
    assert gc.isenabled()


def test_a_cycle_is_freed_by_the_periodic_collection(monkeypatch, collecteur_restaure):
    class Boucle:
        pass

    monkeypatch.setattr(ramassage, "PERIODE", 3)
    monkeypatch.setattr(ramassage, "_documents", 0)
    freed = threading.Event()
    with ramassage.pendant_le_lot():
        cycle = Boucle()
        cycle.moi = cycle
        weakref.finalize(cycle, freed.set)
        del cycle
        ramassage.apres_un_document()
        ramassage.apres_un_document()
        assert not freed.is_set(), "le collecteur automatique devrait être coupé"
        ramassage.apres_un_document()
        assert freed.is_set()


def test_what_survives_the_batch_is_not_walked_by_the_next_collection(collecteur_restaure):
    """With the collector off, the objects a batch keeps (its caches) pile up in the youngest generation;
    they leave the batch in the oldest one, so the first collection after it does not walk them all."""
    gc.enable()
    with ramassage.pendant_le_lot():
        kept = [[index] for index in range(20_000)]  # what a batch leaves in its caches
        assert gc.get_count()[0] > 19_000
    assert gc.isenabled()
    assert gc.get_count()[0] < 1_000
    oldest = {id(item) for item in gc.get_objects(generation=2)}
    assert all(id(item) in oldest for item in kept[::1000])
