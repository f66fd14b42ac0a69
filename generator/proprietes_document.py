"""Document properties: core (title, subject, author…), application and user-defined ones.

The reference path writes them through python-docx (:func:`ecrire_proprietes`); the fast path
(generator/rendu_rapide.py) writes the same values into the split template.
"""

from __future__ import annotations

import datetime as dt

from generator import empreintes
from generator.document import Document

AUTEUR = "Continuum"
PROPRIETE_VARIANTES = "Continuum – variantes locales"  # user-defined property listing the local clauses used
PROPRIETE_IDENTIFIANT = "Identifiant Continuum"  # user-defined property: continuum:<type>:<fingerprint>
APPLICATION = "Continuum"  # docProps/app.xml, instead of the template's "Microsoft Macintosh Word"
LANGUE = "fr-FR"


def service(document: Document) -> str:
    """The issuing service named as the document's author: the préfecture of the header, unless the
    document names its own service."""
    return document.proprietes.get("service") or document.entete or AUTEUR


def ecrire_proprietes(word, document: Document) -> None:
    """Every document property in one place: core (title, subject, author…), application and custom ones.

    Custom properties (docProps/custom.xml) are gathered in one mapping and written once: add new
    ones to ``proprietes_propres`` (the fast path writes the same, generator/rendu_rapide.py).
    """
    from generator import oxml  # the reference path: python-docx

    props = word.core_properties
    for name, value in proprietes_coeur(document).items():
        setattr(props, name, value)
    now = maintenant()
    props.created = now
    props.modified = now
    props.revision = 1
    oxml.proprietes_application(word, APPLICATION, service(document))
    custom = proprietes_propres(document)
    # per-clause fingerprints and own comments, checked by `relire --strict` (generator/empreintes.py)
    custom.update(empreintes.proprietes(word, {b.cle for b in document.blocs() if b.socle}, AUTEUR))
    oxml.proprietes_personnalisees(word, {name: value for name, value in custom.items() if value})


def maintenant() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)


def proprietes_coeur(document: Document | None) -> dict[str, str]:
    """Core properties (python-docx names), in the order they are set; ``None``: the names only."""
    if document is None:
        return dict.fromkeys(("title", "subject", "author", "last_modified_by", "category", "identifier", "version",
                              "content_status", "keywords", "comments", "language"), "")
    return {
        "title": document.proprietes.get("titre", document.intitule),
        "subject": " ".join(part for part in (document.intitule, document.sous_titre) if part),
        "author": service(document),
        "last_modified_by": service(document),
        "category": document.type_document,
        "identifier": document.proprietes.get("identifiant", ""),
        "version": document.proprietes.get("version", ""),  # one generation (registry); survives LibreOffice
        "content_status": "Projet" if document.brouillon else "Version définitive",
        "keywords": f"continuum; {document.type_document}",
        "comments": "Document généré par Continuum.",
        "language": LANGUE,
    }


def proprietes_propres(document: Document) -> dict[str, str]:
    """User-defined properties other than the fingerprints."""
    custom = {PROPRIETE_IDENTIFIANT: document.proprietes.get("identifiant", "")}
    if document.proprietes.get("variantes_locales"):
        custom[PROPRIETE_VARIANTES] = "; ".join(document.proprietes["variantes_locales"])
    return custom
