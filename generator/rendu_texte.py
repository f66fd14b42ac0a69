"""Render one clause text (Jinja) and split it into paragraphs.

The text is light markup, one paragraph per line:
``- item`` is a list item, ``| a | b |`` a table row (the first row of a run
is the header), ``[[graphique:cle]]`` a chart of the context's ``graphiques``;
any other line is a body paragraph.
"""

from __future__ import annotations

import re
from functools import lru_cache

import jinja2

from generator.bibliotheque import Clause
from generator.document import CORPS, IMAGE, LISTE, TABLEAU, Paragraphe, numero_article
from generator.erreurs import AssemblageErreur
from generator.gabarits import environnement

# Characters XML 1.0 forbids (C0 controls but tab/newline/return, surrogates, U+FFFE/FFFF).
_INTERDITS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


_IMAGE = re.compile(r"\[\[graphique:([a-z0-9_]+)\]\]")


def nettoyer(text: str) -> str:
    """User text made safe for OOXML: forbidden characters dropped."""
    return _INTERDITS.sub("", text)


def rendre(clause: Clause, contexte: dict, numeros: dict[str, int] | None = None,
           inclus: set[str] | None = None) -> str:
    """Render the Jinja text of a clause with the document helpers ``article`` and ``retenue``."""
    numeros = numeros or {}
    inclus = inclus if inclus is not None else set(numeros)

    def article(clause_id: str) -> str:
        if clause_id not in numeros:
            raise AssemblageErreur(
                f"{clause.fichier} : la clause {clause.id} renvoie à l'article de la clause {clause_id!r}, "
                "absente du document ; conditionnez le renvoi par retenue()"
            )
        return numero_article(numeros[clause_id])

    def retenue(clause_id: str) -> bool:
        return clause_id in inclus

    try:
        text = compiler(clause.texte).render(**contexte, article=article, retenue=retenue)
    except jinja2.UndefinedError as exc:
        raise AssemblageErreur(f"{clause.fichier} : la clause {clause.id} utilise une variable sans réponse ({exc.message})") from None
    except jinja2.TemplateError as exc:
        raise AssemblageErreur(f"{clause.fichier} : erreur dans le texte de la clause {clause.id} ({exc})") from None
    return normaliser(text)


@lru_cache(maxsize=1024)
def compiler(source: str) -> jinja2.Template:
    """Compiled once per process: a batch renders the same clauses for every row."""
    return environnement().from_string(source)


def normaliser(text: str) -> str:
    """Trim each line, drop empty lines: the canonical form samples are compared in."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def paragraphes(text: str) -> list[Paragraphe]:
    out: list[Paragraphe] = []
    for line in nettoyer(text).splitlines():
        line = line.strip()
        if not line:
            continue
        image = _IMAGE.fullmatch(line)
        if image:
            out.append(Paragraphe(image.group(1), IMAGE))
        elif line.startswith("- "):
            out.append(Paragraphe(line[2:].strip(), LISTE))
        elif line.startswith("|") and line.endswith("|") and len(line) > 1:
            cells = [c.strip() for c in line[1:-1].split("|")]
            out.append(Paragraphe(" | ".join(cells), TABLEAU, cells))
        else:
            out.append(Paragraphe(line, CORPS))
    return out


def paragraphes_libres(text: str) -> list[Paragraphe]:
    """User-written text: never a template, never markup beyond one paragraph per line."""
    return [Paragraphe(line.strip(), CORPS) for line in nettoyer(text).splitlines() if line.strip()]
