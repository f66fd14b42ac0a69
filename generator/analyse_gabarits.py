"""What a clause text reads and cites, found without rendering it (its Jinja syntax tree).

The answers it reads (``chemins_utilises``), the clauses it numbers (``article('…')``, ``retenue('…')``),
the texts it cites (``texte_source('…')``) and the cross-references no ``{% if retenue('…') %}`` guards.
``continuum clauses verifier`` and the validation of rules rely on it.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import nodes

from generator.gabarits import GLOBAUX_DOCUMENT, environnement


def chemins_utilises(source: str) -> set[str]:
    """Dotted variable paths a template reads: {"commune", "engagements.commune.cameras_cible"}.

    Loop and ``set`` targets are local and left out; the document globals
    (``article``, ``retenue``) too.
    """
    return set(_chemins_utilises(source))


@lru_cache(maxsize=1024)
def _chemins_utilises(source: str) -> frozenset[str]:
    """Parsed once per process: validation reads the same rules for every row of a batch."""
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
    return frozenset(paths)


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
    return _arguments(source, {"article", "retenue"})


def textes_cites(source: str) -> set[str]:
    """Keys of data/sources.yaml named in ``texte_source('…')`` calls."""
    return _arguments(source, {"texte_source"})


def renvois_inconditionnels(source: str) -> set[str]:
    """Clause ids named in ``article('…')`` calls that no enclosing ``{% if retenue('…') %}`` guards."""
    found: set[str] = set()

    def guards(test: nodes.Node) -> set[str]:
        calls = [test] if isinstance(test, nodes.Call) else []
        calls += list(test.find_all(nodes.Call))
        return {arg.value for call in calls if isinstance(call.node, nodes.Name) and call.node.name == "retenue"
                for arg in call.args if isinstance(arg, nodes.Const)}

    def visit(node: nodes.Node, guarded: set[str]) -> None:
        if isinstance(node, nodes.If):
            for child in node.body:
                visit(child, guarded | guards(node.test))
            for child in node.elif_ + node.else_:
                visit(child, guarded)
            return
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "article":
            found.update(arg.value for arg in node.args
                         if isinstance(arg, nodes.Const) and isinstance(arg.value, str) and arg.value not in guarded)
        for child in node.iter_child_nodes():
            visit(child, guarded)

    visit(environnement().parse(source), set())
    return found


def _arguments(source: str, fonctions: set[str]) -> set[str]:
    tree = environnement().parse(source)
    found = set()
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in fonctions:
            for arg in call.args:
                if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                    found.add(arg.value)
    return found
