"""Reading YAML files with errors that name the file and the line, in French.

Every YAML file goes through :func:`lire_yaml`, which is bounded: a size cap,
no alias (a small file must never expand into gigabytes), a nesting cap (the
C parser would crash on thousands of nested brackets), non-existent dates and
huge integers kept as text (the validation then names them), Windows-1252
files read, and syntax errors explained in French with their line.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from generator.erreurs import FichierIllisible
from generator.octets import lire_borne

# libyaml's parser when PyYAML was built with it (ten times faster), the pure-Python one otherwise.
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TAILLE_MAX = 5 * 1024 * 1024  # bytes of one YAML file
PROFONDEUR_MAX = 64  # nested mappings and lists
CHIFFRES_MAX = 30  # digits of an integer; longer ones stay text


class _Chargeur(_BASE):
    """Safe loader: refuses aliases, keeps impossible dates and huge integers as text."""

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects or node in self.recursive_objects:
            raise yaml.constructor.ConstructorError(
                None, None, "alias YAML (« *nom ») refusé : recopiez la valeur au lieu d'y renvoyer", node.start_mark)
        return super().construct_object(node, deep)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return str(node.value)  # « 2026-02-30 » : the validation reports it as an invalid date

    def construct_yaml_int(self, node):
        digits = sum(c.isdigit() for c in str(node.value))
        if digits > CHIFFRES_MAX:
            return str(node.value)
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            return str(node.value)


_Chargeur.add_constructor("tag:yaml.org,2002:timestamp", _Chargeur.construct_yaml_timestamp)
_Chargeur.add_constructor("tag:yaml.org,2002:int", _Chargeur.construct_yaml_int)

# PyYAML's problems, in French, with the usual fix.
_PROBLEMES = (
    ("found character '\\t' that cannot start any token", "tabulation interdite : indentez avec des espaces"),
    ("found a tab character", "tabulation interdite : indentez avec des espaces"),
    ("mapping values are not allowed",
     "deux-points inattendu : mettez ce texte entre guillemets s'il contient « : », ou vérifiez l'indentation"),
    ("found character", "caractère inattendu en début de valeur : mettez ce texte entre guillemets"),
    ("could not find expected ':'", "« : » attendu après une clé : mettez ce texte entre guillemets ou vérifiez l'indentation"),
    ("found unexpected end of stream", "fin de fichier inattendue : un guillemet ou un crochet n'est pas fermé"),
    ("expected ',' or ']'", "« , » ou « ] » attendu : un crochet n'est pas fermé ; mettez ce texte entre guillemets"),
    ("expected ',' or '}'", "« , » ou « } » attendu : une accolade n'est pas fermée ; mettez ce texte entre guillemets"),
    ("expected <block end>", "indentation incohérente : alignez les clés de même niveau"),
    ("did not find expected key", "indentation incohérente ou tiret manquant : alignez les clés de même niveau"),
    ("did not find expected '-' indicator", "élément de liste attendu : commencez la ligne par « - »"),
    ("found undefined alias", "alias YAML (« *nom ») refusé : recopiez la valeur"),
    ("found duplicate anchor", "ancre YAML (« &nom ») refusée"),
    ("found unknown escape character", "échappement inconnu entre guillemets : doublez la barre oblique inverse ou utilisez des apostrophes"),
    ("found unhashable key", "clé invalide : une clé est un texte simple"),
    ("could not determine a constructor", "étiquette YAML (« !… ») refusée : mettez ce texte entre guillemets"),
    ("control characters are not allowed", "caractère de contrôle interdit"),
    ("unacceptable character", "caractère interdit"),
)


def expliquer(probleme: str, ligne: str = "") -> str:
    """A PyYAML problem in French; ``ligne`` is the text of the line it points at."""
    if "\t" in ligne[: len(ligne) - len(ligne.lstrip())] or probleme.startswith("found character '\\t'"):
        return "tabulation interdite : indentez avec des espaces"
    if probleme.startswith(("alias YAML", "ancre YAML")):
        return probleme
    for needle, french in _PROBLEMES:
        if needle in probleme:
            return french
    return f"syntaxe YAML invalide ({probleme})"


def _octets(path: Path) -> bytes:
    return lire_borne(path, TAILLE_MAX, "fichier YAML")


def decoder(data: bytes, path: object) -> str:
    """UTF-8 (with or without BOM), or a file wholly in Windows-1252; a mix is refused with its line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    bad, utf8 = None, False
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
            utf8 = utf8 or not line.isascii()
        except UnicodeDecodeError:
            bad = bad or number
    if utf8:
        raise FichierIllisible(f"{path}, ligne {bad} : caractère hors UTF-8 (Windows-1252 ?) dans un fichier UTF-8 ; "
                               "enregistrez le fichier en UTF-8")
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FichierIllisible(f"{path}, ligne {bad} : encodage non reconnu ; enregistrez le fichier en UTF-8") from None


_INDENTATION = re.compile(r"^ {200,}", re.MULTILINE)


def _profondeur(text: str, path: object) -> None:
    """Refuse a nesting the parser could not survive; scanned only when the text could be that deep."""
    if text.count("[") + text.count("{") < 2 * PROFONDEUR_MAX and not _INDENTATION.search(text):
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BASE):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > PROFONDEUR_MAX:
                    line = event.start_mark.line + 1 if event.start_mark else "?"
                    raise FichierIllisible(f"{path}, ligne {line} : imbrication trop profonde "
                                           f"(plus de {PROFONDEUR_MAX} niveaux de listes ou de rubriques)")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # the loader reports the syntax error with its line


def charger_texte(text: str, path: object) -> object:
    """Parse YAML text read from ``path`` (named in messages)."""
    _profondeur(text, path)
    try:
        return yaml.load(text, Loader=_Chargeur)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", ligne {mark.line + 1}, colonne {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        lines = text.splitlines()
        line = lines[mark.line] if mark and mark.line < len(lines) else ""
        raise FichierIllisible(f"{path}{where} : YAML invalide : {expliquer(problem, line)}") from None
    except RecursionError:
        raise FichierIllisible(f"{path} : imbrication trop profonde") from None


def lire_yaml(path: Path) -> object:
    return charger_texte(decoder(_octets(Path(path)), path), path)


def lire_ressource(path: Path) -> object:
    """A file of the library read as :func:`lire_yaml` reads it (plans, questionnaires, reference tables),
    parsed once and kept in the disk cache under its bytes: every process would otherwise parse the same
    files at startup. Never the user's answers, whose content stays out of the cache. The file is read only
    when its value is not in the cache (its SHA-256 is remembered under its stat: empreintes_fichiers)."""
    import pickle

    from generator import cache_disque, empreintes_fichiers

    def parts() -> tuple[str, ...]:
        return ("yaml", empreintes_fichiers.empreinte_fichier(__file__), yaml.__version__, _BASE.__name__,
                empreintes_fichiers.sha256(path, TAILLE_MAX))

    return cache_disque.obtenir(parts(), lambda: lire_yaml(path), lambda value: pickle.dumps(value, protocol=5),
                                pickle.loads, parties_apres=parts)
