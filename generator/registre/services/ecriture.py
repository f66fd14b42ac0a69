"""Write transactions and the audit trail.

Every registry write runs in one transaction that is serialised with the other
writers: SQLite takes its write lock at BEGIN (``transaction_mode`` IMMEDIATE,
busy timeout), PostgreSQL a transaction-level advisory lock. Two batches
writing at once therefore never compute the same reference or version number.
"""

from __future__ import annotations

import contextlib
import getpass
import os

from django.db import connection, transaction

from generator.registre.models import Accord, Journal

_VERROU_PG = 7154022


@contextlib.contextmanager
def transaction_ecriture():
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_VERROU_PG])
        yield


def auteur_par_defaut() -> str:
    """Who runs the command: ``CONTINUUM_AUTEUR``, else the system user name."""
    if os.environ.get("CONTINUUM_AUTEUR"):
        return os.environ["CONTINUUM_AUTEUR"]
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "inconnu"


def journaliser(accord: Accord | None, action: str, auteur: str, **detail) -> Journal:
    return Journal.objects.create(accord=accord, action=action, auteur=auteur or auteur_par_defaut(), detail=detail)
