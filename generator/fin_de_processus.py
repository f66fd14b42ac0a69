"""The end of a `continuum` process: exit functions run, outputs flushed, then the process ends at once.

Python's finalisation frees every object one by one (the modules, the loaded library, the reference tables,
the compiled templates) although the system takes the memory back whole: 15 to 20 ms after a batch, serial,
paid by every command. What the finalisation would still do for Continuum is done here first: the exit
functions (``atexit``: temporary folders, the memo of file hashes, logging), then stdout and stderr
flushed. Files and connections are closed by the commands themselves.

While another non-daemon thread runs (the web server's), or for an exit status that is not a number, the
process ends the ordinary way, as Python would.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn

STATUT_SORTIE_ILLISIBLE = 120  # Python's own status when stdout or stderr cannot be flushed at exit


def terminer(statut: int | None) -> NoReturn:
    """End the process with ``statut`` (None: 0) after the exit functions and the flush of its outputs."""
    run_exit_functions = getattr(atexit, "_run_exitfuncs", None)
    if not isinstance(statut, int | None) or run_exit_functions is None or _autres_fils():
        sys.exit(statut)
    run_exit_functions()
    code = statut or 0
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a reader gone (`| head`) or a stream closed
            code = code or STATUT_SORTIE_ILLISIBLE
    os._exit(code)


def _autres_fils() -> bool:
    """Whether a thread Python would wait for at exit is still running."""
    main = threading.main_thread()
    return any(thread is not main and not thread.daemon and thread.is_alive() for thread in threading.enumerate())
