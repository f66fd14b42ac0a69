"""Re-record a clause's samples from its current rendering (``continuum clauses accepter``).

Only the ``attendu`` texts of the changed samples are rewritten in the clause file; the
rest of the file (comments, key order, other samples) is kept byte for byte.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator import rendu_texte
from generator.bibliotheque import Clause
from generator.ecriture import ecrire_atomique
from generator.erreurs import BibliothequeInvalide, ContinuumError, Probleme


@dataclass(frozen=True)
class Ecart:
    index: int  # 1-based, as in lint messages
    attendu: str
    rendu: str

    def diff(self) -> str:
        lines = difflib.unified_diff(self.attendu.splitlines(), self.rendu.splitlines(),
                                     f"exemples[{self.index}] enregistré", f"exemples[{self.index}] rendu actuel",
                                     lineterm="", n=1)
        return "\n".join(lines)


def ecarts(clause: Clause) -> list[Ecart]:
    """The samples whose recorded text differs from the current rendering."""
    out = []
    for index, exemple in enumerate(clause.exemples, start=1):
        numeros = dict(exemple.numeros)
        try:
            rendered = rendu_texte.rendre(clause, exemple.reponses, numeros, set(numeros) | set(exemple.retenues))
        except ContinuumError as exc:
            raise BibliothequeInvalide(str(clause.fichier), [Probleme(f"exemples[{index}]", f"rendu impossible : {exc}")]) from None
        expected = rendu_texte.normaliser(exemple.attendu)
        if rendered != expected:
            out.append(Ecart(index, expected, rendered))
    return out


def _bloc(texte: str, indentation: int) -> str:
    pad = " " * indentation
    body = "\n".join(pad + line if line else "" for line in texte.split("\n"))
    indicator = f"|{indentation}" if texte[:1] == " " else "|"
    return f"{indicator}\n{body}\n"


def enregistrer(clause: Clause, changes: list[Ecart]) -> None:
    """Write the rendered texts as the samples' ``attendu``, checking the file reads back as intended."""
    fichier = Path(clause.fichier)
    text = fichier.read_text(encoding="utf-8")
    root = yaml.compose(text)
    samples = next(v for k, v in root.value if k.value == "exemples")
    spans = []
    for change in changes:
        item = samples.value[change.index - 1]
        key, node = next((k, v) for k, v in item.value if k.value == "attendu")
        start, end = node.start_mark.index, node.end_mark.index
        replacement = _bloc(change.rendu, key.start_mark.column + 2)
        if not text[start:end].endswith("\n"):
            replacement = replacement[:-1]
        spans.append((start, end, replacement))
    for start, end, replacement in sorted(spans, reverse=True):
        text = text[:start] + replacement + text[end:]
    reread = yaml.safe_load(text)
    for change in changes:
        if rendu_texte.normaliser(reread["exemples"][change.index - 1]["attendu"]) != change.rendu:
            raise ContinuumError(f"{fichier} : exemples[{change.index}] ne peut pas être réécrit automatiquement ; "
                                 "copiez le rendu affiché dans « attendu »")
    ecrire_atomique(fichier, text.encode("utf-8"))
