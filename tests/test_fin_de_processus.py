"""The end of a `continuum` process (generator/fin_de_processus.py): no interpreter teardown, but the exit
functions run, the outputs are flushed whole, the exit status is kept, and a running thread is waited for."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.conftest import lancer_cli


def _continuum(tmp_path, avant: str, *args: str) -> subprocess.CompletedProcess:
    """`continuum ARGS` run through generator.cli.lancer (the program's entry point), after ``avant`` (Python
    code) in the same process."""
    script = textwrap.dedent(avant) + textwrap.dedent(f"""
        import sys
        from generator.cli import lancer
        sys.argv = ["continuum", *{list(args)!r}]
        lancer()
        raise AssertionError("lancer() doit terminer le processus")
    """)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}  # outputs buffered
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, env=env,
                          timeout=120)


def test_exit_functions_run_and_a_large_output_arrives_whole(tmp_path):
    done = _continuum(tmp_path, """
        import atexit, pathlib
        atexit.register(lambda: pathlib.Path("sortie.txt").write_text("fonctions de sortie exécutées"))
        atexit.register(print, "fin", end="")  # left in the buffer (no end of line): flushed at the very end
    """, "clauses", "lister")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "sortie.txt").read_text() == "fonctions de sortie exécutées"
    reference = lancer_cli("clauses", "lister")
    assert done.stdout == reference.stdout + "fin" and len(done.stdout) > 10_000  # nothing lost in the buffers


def test_the_exit_status_of_an_error_is_kept(tmp_path):
    done = _continuum(tmp_path, "", "generer", "csi", "-r", "absent.yaml", "-o", "x.docx")
    assert done.returncode != 0 and done.returncode == lancer_cli("generer", "csi", "-r", str(tmp_path / "absent.yaml"),
                                                                  "-o", str(tmp_path / "x.docx")).returncode
    assert "Erreur" in done.stderr and "absent.yaml" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_running_thread_is_waited_for_as_python_does(tmp_path):
    done = _continuum(tmp_path, """
        import pathlib, threading, time
        def late():
            time.sleep(0.3)
            pathlib.Path("fil.txt").write_text("fini")
        threading.Thread(target=late).start()
    """, "--version")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "fil.txt").read_text() == "fini"
    assert "Continuum" in done.stdout


def test_main_called_in_process_returns_or_raises_system_exit_as_before(monkeypatch, capsys, tmp_path):
    """Only the program's entry point (lancer) ends the process: code that calls main() keeps its process."""
    import pytest

    from generator.cli import main

    monkeypatch.setattr(sys, "argv", ["continuum", "--version"])
    assert main() is None
    assert "Continuum" in capsys.readouterr().out
    monkeypatch.setattr(sys, "argv", ["continuum", "generer", "csi", "-r", str(tmp_path / "absent.yaml"),
                                      "-o", str(tmp_path / "x.docx")])
    with pytest.raises(SystemExit) as raised:
        main()
    assert raised.value.code not in (0, None) and "absent.yaml" in capsys.readouterr().err
