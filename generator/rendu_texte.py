"""Render one clause text (Jinja) and split it into paragraphs.

The text is light markup, one paragraph per line:
``- item`` is a list item, ``| a | b |`` a table row (the first row of a run
is the header), ``[[graphique:cle]]`` a chart of the context's ``graphiques``;
any other line is a body paragraph.

A line that starts with ``[détail]`` is operational detail: kept in the
detailed drafting level (the default), dropped when the answers ask for
``redaction: concise``. Commitments are never marked as detail.
"""

from __future__ import annotations

import re
from functools import lru_cache

import jinja2

from generator import rendus_reutilises
from generator.bibliotheque import Clause, intitule_texte, sources_connues
from generator.document import CORPS, IMAGE, LISTE, TABLEAU, Paragraphe, numero_article
from generator.erreurs import AssemblageErreur, ContinuumError
from generator.gabarits import MARQUE_LIGNE, depuis_source, environnement, environnement_clauses, rendre_borne, sans_marques

# Characters XML 1.0 forbids (C0 controls but tab/newline/return, surrogates, U+FFFE/FFFF).
_INTERDITS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


_IMAGE = re.compile(r"\[\[graphique:([a-z0-9_]+)\]\]")
DETAIL = "[détail]"
CONCISE, DETAILLEE = "concise", "detaillee"


def nettoyer(text: str) -> str:
    """User text made safe for OOXML: forbidden characters dropped."""
    return _INTERDITS.sub("", text)


def rendre(clause: Clause, contexte: dict, numeros: dict[str, int] | None = None,
           inclus: set[str] | None = None, marques: bool = False) -> str:
    """Render the Jinja text of a clause with the document helpers ``article`` and ``retenue``.

    The answers inserted are escaped so that a user's « - x » or « | a | b | » stays text; with
    ``marques`` the escape marks are kept for :func:`paragraphes`, otherwise they are removed.
    Rendering is bounded (gabarits: time, sizes, range, recursion): a runaway clause is an error
    naming its file.
    """
    numeros = numeros or {}
    inclus = inclus if inclus is not None else set(numeros)
    # a batch renders the same clauses for every row: a render whose inputs did not change is reused
    return rendus_reutilises.rendre(clause, contexte, numeros, inclus, marques,
                                    lambda: _rendre(clause, contexte, numeros, inclus, marques))


def _rendre(clause: Clause, contexte: dict, numeros: dict, inclus: set, marques: bool) -> str:
    def article(clause_id: str) -> str:
        if clause_id not in numeros:
            raise AssemblageErreur(
                f"{clause.fichier} : la clause {clause.id} renvoie à l'article de la clause {clause_id!r}, "
                "absente du document ; conditionnez le renvoi par retenue()"
            )
        return numero_article(numeros[clause_id])

    def retenue(clause_id: str) -> bool:
        return clause_id in inclus

    def texte_source(cle: str) -> str:
        sources = sources_connues()
        if cle not in sources:
            raise AssemblageErreur(f"{clause.fichier} : la clause {clause.id} cite le texte {cle!r}, inconnu de data/sources.yaml")
        return intitule_texte(sources, cle)

    try:
        text = rendre_borne(compiler_clause(clause.texte), **contexte, article=article, retenue=retenue,
                            texte_source=texte_source)
    except ContinuumError:
        raise
    except jinja2.UndefinedError as exc:
        raise AssemblageErreur(f"{clause.fichier} : la clause {clause.id} utilise une variable sans réponse ({exc.message})") from None
    except jinja2.TemplateError as exc:
        raise AssemblageErreur(f"{clause.fichier} : erreur dans le texte de la clause {clause.id} ({exc})") from None
    except RecursionError:
        raise AssemblageErreur(f"{clause.fichier} : la clause {clause.id} s'appelle elle-même sans fin "
                               "(récursion trop profonde)") from None
    except MemoryError:
        raise AssemblageErreur(f"{clause.fichier} : la clause {clause.id} demande trop de mémoire") from None
    except Exception as exc:  # noqa: BLE001 - a jurist's local clause may fail in any way: name its file
        raise AssemblageErreur(f"{clause.fichier} : erreur dans le texte de la clause {clause.id} "
                               f"({type(exc).__name__} : {str(exc)[:200]})") from None
    text = normaliser(niveau_de_redaction(text, contexte.get("redaction") or DETAILLEE))
    return text if marques else sans_marques(text)


def niveau_de_redaction(text: str, redaction: str) -> str:
    """Detail lines (``[détail] …``) kept, unmarked, in the detailed level; dropped in the concise level."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(DETAIL):
            if redaction == CONCISE:
                continue
            stripped = stripped[len(DETAIL):].strip()
        lines.append(stripped)
    return "\n".join(lines)


@lru_cache(maxsize=1024)
def compiler(source: str) -> jinja2.Template:
    """Compiled once per process (its code kept on disk between runs): a batch renders the same clauses for every row."""
    return depuis_source(environnement(), "environnement", source)


@lru_cache(maxsize=1024)
def compiler_clause(source: str) -> jinja2.Template:
    """A clause text, its inserted values escaped (gabarits.echapper)."""
    return depuis_source(environnement_clauses(), "environnement_clauses", source)


def normaliser(text: str) -> str:
    """Trim each line, drop empty lines: the canonical form samples are compared in."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def paragraphes(text: str) -> list[Paragraphe]:
    """The paragraphs of a rendered clause (``rendre(…, marques=True)``): markup read, user text kept as text."""
    out: list[Paragraphe] = []
    for line in nettoyer(text).splitlines():
        line = line.strip()
        if not line:
            continue
        image = _IMAGE.fullmatch(line)
        if line.startswith(MARQUE_LIGNE):
            out.append(Paragraphe(sans_marques(line).strip(), CORPS))
        elif image:
            out.append(Paragraphe(image.group(1), IMAGE))
        elif line.startswith("- "):
            out.append(Paragraphe(sans_marques(line[2:]).strip(), LISTE))
        elif line.startswith("|") and line.endswith("|") and len(line) > 1:
            cells = [sans_marques(c).strip() for c in line[1:-1].split("|")]
            out.append(Paragraphe(" | ".join(cells), TABLEAU, cells))
        else:
            out.append(Paragraphe(sans_marques(line), CORPS))
    return out


def paragraphes_libres(text: str) -> list[Paragraphe]:
    """User-written text: never a template, never markup beyond one paragraph per line."""
    return [Paragraphe(line.strip(), CORPS) for line in nettoyer(text).splitlines() if line.strip()]
