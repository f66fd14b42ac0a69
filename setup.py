"""Build hook: the wheel ships the library (clauses/, modeles/, data/) as package data.

The folders stay at the top of the repository, where jurists edit them; only the
build directory gets a copy, under generator/_ressources/ (see generator/chemins.py).
Everything else is declared in pyproject.toml.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESSOURCES = ("clauses", "modeles", "data")
CIBLE = Path("generator") / "_ressources"


def _fichiers(folders=RESSOURCES, skip_python: bool = False) -> list[Path]:
    return sorted(p for folder in folders for p in Path(folder).rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(("~$", "."))
                  and not (skip_python and p.suffix in (".py", ".pyc")))


class BuildAvecRessources(build_py):
    def run(self) -> None:
        super().run()
        for source in _fichiers():
            target = Path(self.build_lib) / CIBLE / source
            self.mkpath(str(target.parent))
            self.copy_file(str(source), str(target), preserve_mode=False)
        for source in _fichiers(["generator"], skip_python=True):  # web templates, static files, licences
            target = Path(self.build_lib) / source
            self.mkpath(str(target.parent))
            self.copy_file(str(source), str(target), preserve_mode=False)

    def get_source_files(self) -> list[str]:  # also puts the resources in the source distribution
        extra = _fichiers() + _fichiers(["generator"], skip_python=True)
        return super().get_source_files() + [str(p) for p in extra]


setup(cmdclass={"build_py": BuildAvecRessources})
