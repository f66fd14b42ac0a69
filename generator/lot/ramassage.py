"""The cyclic garbage collector during a batch: off, run by hand every ``PERIODE`` documents.

Generating a document leaves no reference cycle (tests/lot/test_ramassage.py checks it on valid and
invalid rows): everything it frees goes by reference counting. Only the first document of a process
with cold caches leaves some, once (python-docx's objects, when the Word template is split): the
first collection by hand frees them. The automatic collector still ran
hundreds of times per thousand documents, each time walking the objects that had survived since the
last run (the bounded caches filling with a batch's renders): about 4 % of the time of a document on
the 34 969 communes, 2 % on a thousand rows (benchmarks/bench_lot.py, 29 Nov). So during a batch:

- what is loaded when the batch starts is frozen (never walked again), as before;
- the automatic collector is off;
- every ``PERIODE`` documents of a process, :func:`apres_un_document` collects once (a cycle left by
  an unforeseen path is freed there: memory stays bounded) and freezes what survived, so that the
  next collection walks only the objects made since.

The collector's state is the process's: nested or concurrent batches (threads of the web workspace)
share one count, and the collector comes back on when the last one ends, in the state it was in.
Forked workers inherit the state (off) and count their own documents.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

PERIODE = 1000  # documents between two collections by hand, in each process (each walks what survived since)

_verrou = threading.Lock()
_lots_en_cours = 0
_actif_avant = True
_documents = 0


@contextmanager
def pendant_le_lot() -> Iterator[None]:
    """The collector off and what is loaded frozen, for the time of the block."""
    global _lots_en_cours, _actif_avant
    with _verrou:
        if _lots_en_cours == 0:
            _actif_avant = gc.isenabled()
            gc.disable()
        _lots_en_cours += 1
    gc.freeze()  # what is loaded so far is never walked again (no collection first: it would cost more than it frees)
    try:
        yield
    finally:
        with _verrou:
            _lots_en_cours -= 1
            if _lots_en_cours == 0:
                gc.freeze()  # what survived the batch, left in the youngest generation while the collector
                gc.unfreeze()  # was off, goes to the oldest one unwalked (else the next collection walks it all)
                if _actif_avant:
                    gc.enable()


def figer() -> None:
    """What is loaded now is never walked again by the collector (nor copied by it in forked workers)."""
    gc.freeze()


def apres_un_document() -> None:
    """Counted after each document of the process; every ``PERIODE``, one collection and a freeze."""
    global _documents
    _documents += 1
    if _documents % PERIODE == 0 and not gc.isenabled():
        gc.collect()
        gc.freeze()
