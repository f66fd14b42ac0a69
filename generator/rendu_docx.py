"""Render an assembled :class:`Document` into a Word file from its template.

The pipeline, module by module:

- generator/modele_word.py: the template parsed once, its styles and placeholders;
- generator/corps_document.py and generator/redacteur.py: the body written as WordprocessingML
  text (each clause inside a bookmark named after its id; in draft mode each socle clause is
  visibly marked and carries a comment citing its source);
- generator/rendu_rapide.py: the fast path, the template split once into bytes and slots;
- generator/proprietes_document.py: core, application and custom properties (fingerprints).
"""

from __future__ import annotations

import copy
from pathlib import Path

from generator.corps_document import rediger
from generator.document import Document
from generator.erreurs import ModeleInvalide
from generator.modele_word import analyser, remplir, styles, valeurs
from generator.proprietes_document import AUTEUR, PROPRIETE_VARIANTES, ecrire_proprietes  # noqa: F401 - API
from generator.redacteur import Redacteur, texte_compose  # noqa: F401 - API
from generator.rendu_rapide import rendre_rapide


def rendre(document: Document, modele: Path, rapide: bool = True) -> bytes:
    """The .docx bytes of ``document`` on its template.

    The body is written as WordprocessingML text (generator/corps_document.py). It then goes into the template
    either through python-docx (the reference path: copy of the parsed template, insertion, fields,
    comments, properties, serialisation), or, with ``rapide``, through the template split once into
    bytes and slots (generator/oxml_rapide.py), which gives the same parts byte for byte; a document
    with pictures always takes the reference path.
    """
    try:
        version = modele.stat().st_mtime
    except OSError as exc:
        raise ModeleInvalide(f"{modele} : modèle Word introuvable ({exc.strerror})") from None
    style_ids = styles(modele, version)
    values = valeurs(document)
    writer = Redacteur(None, document.brouillon, style_ids, document.images)
    sommaire = rediger(writer, document)
    if rapide:
        content = rendre_rapide(document, modele, version, values, writer, sommaire)
        if content is not None:
            return content
    from generator import oxml  # the reference path: python-docx

    word = copy.deepcopy(analyser(modele, version))
    ancre = remplir(word, values, modele)
    writer.document = word
    if sommaire:
        oxml.mettre_a_jour_champs(word)
    writer.inserer(ancre)
    oxml.supprimer(ancre._p)
    ecrire_proprietes(word, document)
    return oxml.enregistrer(word)
