"""Continuum installed like any Python tool: a wheel, in a fresh virtual environment, used from another folder.

The wheel is built from a copy of the source tree (nothing is written in the repository),
installed in a new venv (``--system-site-packages`` only saves downloading the dependencies:
the package itself comes from the wheel), then ``continuum exemple`` and ``continuum generer``
run from a folder outside the repository, without CONTINUUM_RACINE.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

RACINE = Path(__file__).resolve().parent.parent
_SOURCES = ("pyproject.toml", "setup.py", "README.md", "generator", "clauses", "modeles", "data")


def _run(command: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(map(str, command))}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def _env_propre() -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("CONTINUUM_RACINE", "CONTINUUM_BIBLIOTHEQUE", "PYTHONPATH", "PYTHONHOME")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


@pytest.fixture(scope="module")
def roue(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the source tree."""
    work = tmp_path_factory.mktemp("construction")
    source = work / "source"
    for name in _SOURCES:
        origin = RACINE / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(origin, source / name)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check",
          "-w", str(work / "dist"), str(source)], cwd=work, env=_env_propre())
    wheels = list((work / "dist").glob("continuum_securite-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_the_wheel_ships_the_library_as_package_data(roue):
    names = zipfile.ZipFile(roue).namelist()
    shipped = sorted(str(p.relative_to(RACINE)) for p in (RACINE / "clauses").rglob("*.yaml"))
    assert shipped and all(f"generator/_ressources/{name}" in names for name in shipped)
    assert "generator/_ressources/modeles/csi.docx" in names
    assert "generator/_ressources/data/questionnaires/csi.yaml" in names
    assert "generator/_ressources/data/referentiel/SOURCE.md" in names
    # the top-level folders are mapped, not moved: nothing outside the package
    assert not [n for n in names if n.split("/")[0] in ("clauses", "modeles", "data")]


def test_installed_wheel_generates_the_example_csi_from_another_folder(roue, tmp_path):
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], cwd=tmp_path)
    python = venv / "bin" / "python"
    env = _env_propre()
    _run([str(python), "-m", "pip", "install", "--no-deps", "--quiet", "--disable-pip-version-check", str(roue)],
         cwd=tmp_path, env=env)
    dehors = tmp_path / "bureau"
    dehors.mkdir()
    located = _run([str(python), "-c", "import generator, generator.chemins as c; print(generator.__file__); print(c.racine())"],
                   cwd=dehors, env=env).stdout.splitlines()
    assert Path(located[0]).is_relative_to(venv), located  # the package comes from the wheel, not the checkout
    assert Path(located[1]) == Path(located[0]).parent / "_ressources"

    continuum = venv / "bin" / "continuum"
    _run([str(continuum), "exemple", "csi", "-o", "x.yaml"], cwd=dehors, env=env)
    done = _run([str(continuum), "generer", "csi", "-r", "x.yaml", "-o", "x.docx"], cwd=dehors, env=env)
    assert "Document écrit : x.docx" in done.stdout
    document = docx.Document(str(dehors / "x.docx"))
    text = "\n".join(p.text for p in document.paragraphs).replace("\u00a0", " ")  # French no-break spaces
    assert "CONTRAT DE SÉCURITÉ INTÉGRÉE" in text.upper()
    assert "Le Havre" in text
    assert "Article 1er" in text
    assert document.core_properties.identifier.startswith("continuum:csi:")
