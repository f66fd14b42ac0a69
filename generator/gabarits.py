"""The Jinja environment shared by clause texts, conditions and templates.

Rendering is strict (``StrictUndefined``): a variable that is not answered is
an error, never an empty string. User answers are data: they are inserted as
values and never compiled as templates.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator import typographie
from generator.toponymie import Toponyme


def _toponyme(value) -> Toponyme:
    if isinstance(value, Toponyme):
        return value
    if isinstance(value, dict):
        return Toponyme(value["nom"], int(value.get("tncc", 0)), bool(value.get("article_inclus", True)))
    toponyme = getattr(value, "toponyme", None)
    if isinstance(toponyme, Toponyme):
        return toponyme
    return Toponyme.libre(str(value))


def de(value) -> str:
    """ "du Havre", "de la Seine-Maritime", "d'Indre-et-Loire"."""
    return _toponyme(value).de


def a(value) -> str:
    """ "au Havre", "aux Mureaux"."""
    return _toponyme(value).a


def liste_fr(items: Iterable, conjonction: str = "et") -> str:
    """ "a, b et c"."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjonction} {items[-1]}"


def majuscule(text: str) -> str:
    """First letter in capital, the rest untouched: "la commune" -> "La commune"."""
    text = str(text)
    return text[:1].upper() + text[1:]


FILTRES = {
    "date_longue": typographie.date_longue,
    "nombre": typographie.nombre,
    "euros": typographie.euros,
    "euros_en_lettres": typographie.euros_en_lettres,
    "en_lettres": typographie.en_lettres,
    "de": de,
    "a": a,
    "liste_fr": liste_fr,
    "majuscule": majuscule,
}


@cache
def environnement() -> jinja2.Environment:
    # Clause texts are edited by legal officers: a sandbox keeps them to data access.
    env = ImmutableSandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(FILTRES)
    return env


@lru_cache(maxsize=512)
def expression(source: str):
    """A compiled Jinja expression (rules ``obligatoire_si``, ``requis_si``…), compiled once per process."""
    return environnement().compile_expression(source, undefined_to_none=True)


# -- static analysis ---------------------------------------------------------

GLOBAUX_DOCUMENT = {"article", "retenue"}


def chemins_utilises(source: str) -> set[str]:
    """Dotted variable paths a template reads: {"commune", "engagements.commune.cameras_cible"}.

    Loop and ``set`` targets are local and left out; the document globals
    (``article``, ``retenue``) too.
    """
    tree = environnement().parse(source)
    local: set[str] = {"loop"} if any(True for _ in tree.find_all(nodes.For)) else set()
    for node in tree.find_all((nodes.For, nodes.Assign)):
        for name in node.target.find_all(nodes.Name) if not isinstance(node.target, nodes.Name) else [node.target]:
            local.add(name.name)
    for macro in tree.find_all(nodes.Macro):
        local.update(arg.name for arg in macro.args)
    paths: set[str] = set()

    def visit(node: nodes.Node) -> None:
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            path = _dotted(node)
            if path is not None:
                if path.split(".")[0] not in local | GLOBAUX_DOCUMENT:
                    paths.add(path)
                return
        if isinstance(node, nodes.Name) and node.ctx == "load":
            if node.name not in local | GLOBAUX_DOCUMENT:
                paths.add(node.name)
            return
        for child in node.iter_child_nodes():
            visit(child)

    visit(tree)
    return paths


def _dotted(node: nodes.Node) -> str | None:
    parts: list[str] = []
    while isinstance(node, nodes.Getattr | nodes.Getitem):
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            parts.append(node.arg.value)
        else:
            return None
        node = node.node
    if not isinstance(node, nodes.Name):
        return None
    parts.append(node.name)
    return ".".join(reversed(parts))


def references_articles(source: str) -> set[str]:
    """Clause ids named in ``article('…')`` and ``retenue('…')`` calls."""
    tree = environnement().parse(source)
    found = set()
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in GLOBAUX_DOCUMENT:
            for arg in call.args:
                if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                    found.add(arg.value)
    return found
