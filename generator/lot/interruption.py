"""Ctrl-C during a batch, taken between two rows: a document renamed into place is always reported.

While the main process hands out rows, a Ctrl-C is noted instead of raised at once. It is raised where
the production looks for it, right after a row has been reported (recorded in the manifest): never
between a document's rename and its row being recorded, which would leave a file on disk that the
manifest does not know. A row takes a few milliseconds, and a worker's chunk well under a second: the
interruption is still felt at once.

Only the main thread of a process whose Ctrl-C is Python's default is concerned: the web workspace
runs batches in a thread, where signals cannot be handled, and a program that set its own handler
keeps it.
"""

from __future__ import annotations

import signal
import threading


class InterruptionDifferee:
    """``with InterruptionDifferee() as interruption:`` … ``interruption.relever()`` after each row reported."""

    def __init__(self) -> None:
        self.recue = False
        self._precedent = None

    def __enter__(self) -> InterruptionDifferee:
        if threading.current_thread() is threading.main_thread() \
                and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            self._precedent = signal.signal(signal.SIGINT, self._noter)
        return self

    def _noter(self, _signum, _frame) -> None:
        self.recue = True

    def relever(self) -> None:
        """Raise the Ctrl-C noted since the last call, if any."""
        if self.recue:
            self.recue = False
            raise KeyboardInterrupt

    def __exit__(self, exc_type, _exc, _tb) -> None:
        if self._precedent is not None:
            signal.signal(signal.SIGINT, self._precedent)
            self._precedent = None
        if exc_type is None:
            self.relever()  # noted after the last row: the batch still ends as interrupted
