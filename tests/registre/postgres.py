"""A throwaway PostgreSQL cluster for the tests (Debian's postgresql binaries).

Started once per test session on 127.0.0.1 and a free port, in a temporary
folder, as the ``postgres`` OS user when the tests run as root (PostgreSQL
refuses to run as root); stopped at the end. Missing binaries are a failure:
``scripts/preparer-tests.sh`` installs them. The web tests import this module.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

UTILISATEUR = "continuum"


def binaires() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.fail("PostgreSQL (initdb, pg_ctl) est introuvable : lancez scripts/preparer-tests.sh")
    return Path(found[-1]).parent


def _port_libre() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Grappe:
    """initdb + pg_ctl start/stop; ``url(base)`` gives a connection URL; ``nouvelle_base()`` a fresh database."""

    def __init__(self) -> None:
        self.bin = binaires()
        self.dossier = Path(tempfile.mkdtemp(prefix="continuum-pg-"))
        self.donnees = self.dossier / "donnees"
        self.port = _port_libre()
        self.en_root = os.geteuid() == 0
        self.modele: str | None = None

    def _lancer(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(a) for a in args]
        if self.en_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.dossier)
        if done.returncode != 0:
            pytest.fail(f"PostgreSQL : {' '.join(command)} a échoué :\n{done.stdout}\n{done.stderr}")
        return done

    def demarrer(self) -> "Grappe":
        if self.en_root:
            user = pwd.getpwnam("postgres")
            os.chown(self.dossier, user.pw_uid, user.pw_gid)
        self._lancer(self.bin / "initdb", "-D", self.donnees, "-U", UTILISATEUR, "--auth=trust",
                     "--encoding=UTF8", "--locale=C.UTF-8")
        self._lancer(self.bin / "pg_ctl", "-D", self.donnees, "-l", self.dossier / "journal.log", "-w", "-t", "60",
                     "-o", f"-h 127.0.0.1 -p {self.port} -k {self.dossier} -c fsync=off -c max_connections=60",
                     "start")
        self._surveiller()
        return self

    def _surveiller(self) -> None:
        """A watchdog stops the cluster if this test process dies without its teardown (killed, timeout)."""
        stop = f"{self.bin / 'pg_ctl'} -D {self.donnees} -m immediate -w stop"
        if self.en_root:
            stop = f"runuser -u postgres -- {stop}"
        script = (f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 2; done; "
                  f"[ -d {self.donnees} ] && {stop} >/dev/null 2>&1; rm -rf {self.dossier}")
        subprocess.Popen(["sh", "-c", script], start_new_session=True, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def arreter(self) -> None:
        if self.donnees.exists():
            self._lancer(self.bin / "pg_ctl", "-D", self.donnees, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dossier, ignore_errors=True)

    def url(self, base: str = "postgres") -> str:
        return f"postgresql://{UTILISATEUR}@127.0.0.1:{self.port}/{base}"

    def executer(self, sql: str) -> None:
        import psycopg

        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(self.url(), autocommit=True) as connection:
                    connection.execute(sql)
                return
            except psycopg.errors.ObjectInUse:  # the template is still in use by a closing connection
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def nouvelle_base(self, modele: str | None = None) -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        self.executer(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{modele}"' if modele else ""))
        return name
