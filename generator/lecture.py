"""Reading YAML files with errors that name the file and the line."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.erreurs import FichierIllisible

# libyaml's loader when PyYAML was built with it (ten times faster), the pure-Python one otherwise.
_CHARGEUR = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def lire_yaml(path: Path) -> object:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FichierIllisible(f"{path} : fichier introuvable") from None
    except UnicodeDecodeError as exc:
        raise FichierIllisible(f"{path} : le fichier n'est pas en UTF-8 (octet {exc.start})") from None
    except OSError as exc:
        raise FichierIllisible(f"{path} : lecture impossible ({exc.strerror})") from None
    try:
        return yaml.load(text, Loader=_CHARGEUR)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", ligne {mark.line + 1}, colonne {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise FichierIllisible(f"{path}{where} : YAML invalide ({problem})") from None
