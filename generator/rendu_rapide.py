"""The fast path of rendering: the template split once into bytes and slots (generator/paquet_decoupe.py).

The template is rendered once through the reference path with marker values (:func:`_gabarit`),
then each document costs its body, a few small strings and one zip write; blocks written before
are copied as pieces already deflated. The parts are those of the reference path byte for byte
(tests/test_ecriture_rapide.py).
"""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import sys
from functools import lru_cache
from pathlib import Path

from generator import cache_disque, empreintes, empreintes_fichiers, oxml_rapide, paquet_decoupe
from generator.document import Document
from generator.modele_word import analyser, empreinte, remplir, styles
from generator.oxml_texte import xml_proprietes_application, xml_proprietes_personnalisees
from generator.proprietes_document import (APPLICATION, AUTEUR, maintenant, proprietes_coeur, proprietes_propres,
                                           service)
from generator.redacteur import Redacteur, texte_compose

_ELEMENTS_ECRITS = oxml_rapide.MorceauxRepetes(1024)  # elements between blocks (titles, annex) by content
_DATE_SONDE = dt.datetime(1999, 9, 9, 9, 9, 9)  # the probe's creation date, found again in core.xml
_CORE = "core_"


def rendre_rapide(document: Document, modele: Path, version: float, valeurs: dict[str, str],
                   writer: Redacteur, sommaire: bool) -> bytes | None:
    """The document through the split template; None when only the reference path can write it."""
    clean = {key: texte_compose(value) for key, value in valeurs.items()}
    core = proprietes_coeur(document)
    if (writer.a_illustrer or any(c in v for v in clean.values() for c in "\t\n\r")
            or any(len(v) > 255 for v in core.values())):  # pictures; text python-docx writes its own way
        return None
    blanks = tuple((key, value) for key, value in clean.items() if not value.strip())
    template = _gabarit(modele, version, blanks, bool(writer.commentaires), sommaire)
    blocks = writer.corps.blocs()
    for index in writer.a_garder:
        blocks[index] = oxml_rapide.garder_avec_suivant(blocks[index])
    for index in writer.a_lier:
        blocks[index] = oxml_rapide.lignes_liees(blocks[index])
    now = maintenant()
    slots = {key: oxml_rapide.texte(value).encode("utf-8") for key, value in clean.items() if value.strip()}
    slots["date"] = now.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    slots.update({_CORE + name: oxml_rapide.texte(value).encode("utf-8") for name, value in core.items()})
    slots["app"] = xml_proprietes_application(APPLICATION, service(document))
    if writer.commentaires:
        slots["commentaires"] = oxml_rapide.commentaires(
            writer.commentaires, AUTEUR, "CT", dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        ).encode("utf-8")
    before, after = template.autour("word/document.xml", "corps", slots)
    pieces = _morceaux(writer, blocks)
    try:  # the body's paragraphs one by one, or a block written before with its texts
        texts = oxml_rapide.textes_des_signets(before.decode("utf-8"), *pieces, after.decode("utf-8"))
    except oxml_rapide.RevisionPresente:
        return None
    body = oxml_rapide.membre_morceaux("word/document.xml", [before, *pieces, after])  # before, after: bytes
    custom = proprietes_propres(document)
    custom.update(empreintes.proprietes_des_textes(texts, {b.cle for b in document.blocs() if b.socle},
                                                   [text for _id, text in writer.commentaires], AUTEUR))
    slots["custom"] = xml_proprietes_personnalisees({name: value for name, value in custom.items() if value})
    return template.ecrire(slots, {"word/document.xml": body})


def _morceaux(writer: Redacteur, blocks: list[str]) -> list[str | oxml_rapide.Morceau]:
    """The body in pieces: each block written before as its piece (bytes, deflated and texts made once),
    the other elements one by one (a piece too when the same element was written before: titles, annex);
    a block whose elements the signature page changed (kept together) goes element by element."""
    changed = set(writer.a_garder) | set(writer.a_lier)
    pieces: list[str | oxml_rapide.Morceau] = []
    position = 0
    for first, written in writer.ecrits:
        end = first + len(written.xml)
        if any(first <= index < end for index in changed):
            continue
        piece = written.pour_le_paquet()
        if piece is None:
            continue
        pieces.extend(_ELEMENTS_ECRITS.morceau(xml) for xml in blocks[position:first])
        pieces.append(piece)
        position = end
    pieces.extend(_ELEMENTS_ECRITS.morceau(xml) for xml in blocks[position:])
    return pieces


# The modules whose code shapes the probe package: a change to one of them is another disk cache key.
_CODE_DE_LA_SONDE = ("generator.rendu_rapide", "generator.modele_word", "generator.redacteur", "generator.oxml",
                     "generator.oxml_texte", "generator.oxml_rapide", "generator.paquet_decoupe", "generator.zip_brut",
                     "generator.proprietes_document", "generator.typographie", "generator.rendu_texte", "docx")


@lru_cache(maxsize=32)
def _gabarit(modele: Path, version: float, blancs: tuple[tuple[str, str], ...], commentaires: bool,
             sommaire: bool) -> paquet_decoupe.Gabarit:
    """The split template, from the disk cache (keyed on the template's bytes, the variant and the code that
    makes it: python-docx is then not even imported), else made by :func:`_sonder`."""
    parts = ("gabarit", empreinte(modele, version), repr((blancs, commentaires, sommaire)), *_empreintes_du_code())
    return cache_disque.obtenir(parts, lambda: _sonder(modele, version, blancs, commentaires, sommaire),
                                lambda gabarit: pickle.dumps(gabarit, protocol=5),
                                cache_disque.decodeur(pickle.loads, paquet_decoupe.Gabarit))


@lru_cache(maxsize=1)
def _empreintes_du_code() -> tuple[str, ...]:
    import importlib.util

    found = []
    for name in _CODE_DE_LA_SONDE:
        module = sys.modules.get(name)
        origin = getattr(module, "__file__", None) if module else getattr(importlib.util.find_spec(name), "origin", None)
        found.append(empreintes_fichiers.empreinte_fichier(origin) if origin else "")
    return tuple(found)


def _sonder(modele: Path, version: float, blancs: tuple[tuple[str, str], ...], commentaires: bool,
            sommaire: bool) -> paquet_decoupe.Gabarit:
    """The template rendered once through the reference path with marker values, then split.

    One per template and variant: placeholders left blank (their paragraph may go), comments or
    not, table of contents (fields updated on opening) or not.
    """
    from generator import oxml  # the reference path: python-docx

    template, style_ids = analyser(modele, version), styles(modele, version)
    word = copy.deepcopy(template)
    blank = dict(blancs)
    markers = {key: oxml_rapide.marque(key) for key in ("intitule", "intitule_court", "sous_titre", "entete",
                                                          "mention_projet") if key not in blank}
    anchor = remplir(word, {**markers, **blank}, modele)
    markers.update(corps=oxml_rapide.marque("corps"), app=oxml_rapide.marque("app"),
                   custom=oxml_rapide.marque("custom"))
    writer = Redacteur(word, True, style_ids)
    writer.corps.ajouter(f'<w:p><w:r><w:t>{markers["corps"]}</w:t></w:r></w:p>')
    if commentaires:
        markers["commentaires"] = oxml_rapide.marque("commentaires")
        writer.commentaires.append((0, markers["commentaires"]))
    if sommaire:
        oxml.mettre_a_jour_champs(word)
    writer.inserer(anchor)
    oxml.supprimer(anchor._p)
    props = word.core_properties
    for name in proprietes_coeur(None):
        markers[_CORE + name] = oxml_rapide.marque(_CORE + name)
        setattr(props, name, markers[_CORE + name])
    props.created = props.modified = _DATE_SONDE
    props.revision = 1
    markers["date"] = _DATE_SONDE.strftime("%Y-%m-%dT%H:%M:%SZ")
    oxml.proprietes_application(word, "", contenu=markers["app"].encode())
    oxml.proprietes_personnalisees(word, {}, contenu=markers["custom"].encode())
    return paquet_decoupe.Gabarit(oxml.enregistrer(word), markers, {"corps": "w:p", "commentaires": "w:comment"})
