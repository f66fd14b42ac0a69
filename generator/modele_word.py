"""The Word template of a document type: parsed once, its styles, its placeholders filled.

The template (modeles/<type>.docx) carries the named styles, the header and footer, and the
placeholders ``{{ intitule }}``, ``{{ sous_titre }}``, ``{{ mention_projet }}``, ``{{ entete }}``,
``{{ intitule_court }}`` and ``{{ corps }}`` (where the body goes).
"""

from __future__ import annotations

import datetime as dt
import marshal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from generator import cache_disque, empreintes_fichiers, typographie
from generator.document import Document
from generator.erreurs import ModeleInvalide
from generator.redacteur import texte_compose

if TYPE_CHECKING:  # python-docx is imported by the reference path only
    from docx.text.paragraph import Paragraph


@lru_cache(maxsize=16)
def analyser(modele: Path, _version: float):
    """The template parsed by python-docx once per process (and per modification).

    Each document of the reference path starts from a copy: a batch never parses the template twice.
    """
    import docx

    try:
        return docx.Document(str(modele))
    except Exception as exc:  # noqa: BLE001 - any unreadable template is reported the same way
        raise ModeleInvalide(f"{modele} : modèle Word illisible ({exc})") from None


@lru_cache(maxsize=16)
def empreinte(modele: Path, _version: float) -> str:
    """SHA-256 of the template's bytes, once per process (and per modification): the disk cache key of what
    is made from it; "" when it cannot be read (then computed, and the error reported)."""
    return empreintes_fichiers.sha256(modele)


@lru_cache(maxsize=16)
def styles(modele: Path, version: float) -> dict[str, str]:
    """The template's style ids by style name; kept in the disk cache under the template's bytes, so that
    the fast path does not load python-docx (a template that cannot be read is parsed, and reported)."""
    return cache_disque.obtenir(
        ("styles", empreintes_fichiers.empreinte_fichier(__file__), empreinte(modele, version)),
        lambda: {style.name: style.style_id for style in analyser(modele, version).styles},
        marshal.dumps, cache_disque.decodeur(marshal.loads, dict))


def valeurs(document: Document) -> dict[str, str]:
    """The values of the template's placeholders."""
    return {
        "intitule": document.intitule,
        "intitule_court": document.intitule,
        "sous_titre": document.sous_titre,
        "entete": document.entete,
        "mention_projet": mention_projet(document),
    }


def mention_projet(document: Document, jour: dt.date | None = None) -> str:
    """ "PROJET – version du 1er décembre 2026" on every page of a draft (header and title page); nothing in a final."""
    if not document.brouillon:
        return ""
    return f"PROJET – version du {typographie.date_longue(jour or dt.date.today())}"


def remplir(word, valeurs: dict, modele: Path) -> Paragraph:
    """Fill the template's placeholders (body, headers, footers); return the ``{{ corps }}`` paragraph."""
    from docx.text.paragraph import Paragraph

    from generator import oxml
    body = word.element.body
    anchor = next((p for p in body.iter(oxml.qn("w:p")) if "{{ corps }}" in "".join(p.itertext())), None)
    if anchor is None:
        raise ModeleInvalide(f"{modele} : le modèle ne contient pas le paragraphe {{{{ corps }}}}")
    clean = {key: texte_compose(value) for key, value in valeurs.items()}
    stories = [body] + [part.element for part in word.part.package.iter_parts()
                        if str(part.partname).startswith(("/word/header", "/word/footer"))]
    holders = [p for story in stories for p in story.iter(oxml.qn("w:p"))
               if p is not anchor and "{{" in "".join(p.itertext())]
    for story in stories:
        for paragraph in oxml.remplacer_champs(story, clean):
            if paragraph is not anchor:  # a placeholder Word split across runs
                _remplacer(Paragraph(paragraph, None), clean)
    for paragraph in holders:  # a line left empty, such as the draft mention in final mode
        if not "".join(paragraph.itertext()).strip() and len(paragraph.getparent()) > 1:
            oxml.supprimer(paragraph)
    return Paragraph(anchor, word._body)


def _remplacer(paragraph: Paragraph, valeurs: dict) -> None:
    from generator import oxml

    text = paragraph.text
    for key, value in valeurs.items():
        text = text.replace("{{ " + key + " }}", value).replace("{{" + key + "}}", value)
    oxml.remplacer_texte(paragraph, text)
