"""Redline between two versions of a document: native Word tracked changes.

Both versions are assembled from their answers (final mode), flattened into
paragraphs and tables, and aligned; the new document is written with
``w:ins``/``w:del`` revisions: word-level inside a changed paragraph, whole
paragraphs (paragraph mark included) for added or removed text, whole rows for
tables. Accepting every change gives the new document, rejecting every change
the old one.

The pipeline, module by module:

- generator/redline_elements.py: a :class:`Document` flattened into the elements compared;
- generator/oxml_redline_lecture.py: a Word file read into the same elements, after the checks of
  generator/oxml_redline_controle.py (no pending tracked change, nothing but text and tables);
- generator/redline_alignement.py: the two versions aligned, bounded so as never to be quadratic;
- generator/oxml_redline_ecriture.py: the tracked changes written as WordprocessingML.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from docx.text.paragraph import Paragraph

from generator import empreintes, generation, modele_word, oxml, proprietes_document
from generator.erreurs import ArgumentInvalide
from generator.oxml_redline_ecriture import Ecrivain, vider_corps
from generator.oxml_redline_lecture import aplatir_docx
from generator.plan import charger_plan
from generator.redline_alignement import aligner
from generator.redline_elements import Element, aplatir


def valider_auteur(auteur: str) -> str:
    """The author of the tracked changes: printable, at most 100 characters."""
    if not auteur.strip():
        raise ArgumentInvalide("--auteur : nom vide ; indiquez l'auteur des modifications")
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or 0xD800 <= ord(c) < 0xE000 or c in "\ufffe\uffff" for c in auteur):
        raise ArgumentInvalide(f"--auteur : caractère de contrôle interdit dans {auteur[:100]!r}")
    if len(auteur) > 100:
        raise ArgumentInvalide(f"--auteur : nom trop long ({len(auteur)} caractères, au plus 100)")
    return auteur


def comparer_docx(ancien: Path, nouveau: Path, auteur: str, date: dt.datetime | None = None) -> bytes:
    """Two Word files of similar structure (two versions of a generated document)."""
    a, _ = aplatir_docx(ancien)
    b, word = aplatir_docx(nouveau)
    anchor = vider_corps(word)
    styles = {style.name: style.style_id for style in word.styles}
    if "Corps de clause" not in styles:
        styles["Corps de clause"] = styles.get("Normal", "Normal")
    styles.setdefault("Texte de tableau", styles["Corps de clause"])
    styles.setdefault("Table Grid", styles.get("Table Grid", "TableGrid"))
    return _ecrire(a, b, word, anchor, styles, auteur, date)


def comparer(ancien: Path, nouveau: Path, auteur: str, date: dt.datetime | None = None) -> bytes:
    """The redline (a .docx's bytes) from ``ancien`` to ``nouveau``: two answers files, or two Word files."""
    valider_auteur(auteur)
    if ancien.suffix.lower() == nouveau.suffix.lower() == ".docx":
        return comparer_docx(ancien, nouveau, auteur, date)
    type_document, (old, _), (new, _) = generation.deux_versions(ancien, nouveau)
    plan = charger_plan(type_document)
    styles = modele_word.styles(plan.modele, plan.modele.stat().st_mtime)
    word = docx.Document(str(plan.modele))
    anchor = modele_word.remplir(word, {"intitule": new.intitule, "intitule_court": new.intitule,
                                        "sous_titre": new.sous_titre, "entete": new.entete, "mention_projet": ""},
                                 plan.modele)
    new.proprietes["titre"] = new.proprietes.get("titre", new.intitule)
    proprietes_document.ecrire_proprietes(word, new)
    cover = [(styles["Sous-titre du document"], old.sous_titre, new.sous_titre)]
    return _ecrire(aplatir(old), aplatir(new), word, anchor, styles, auteur, date, cover)


def _ecrire(a: list[Element], b: list[Element], word, anchor: Paragraph, styles: dict[str, str], auteur: str,
            date: dt.datetime | None, page_de_garde: list[tuple[str, str, str]] = ()) -> bytes:
    """The new body with every difference from the old one as tracked changes, in place of ``anchor``.

    ``page_de_garde`` lists the template paragraphs (style id, old text, new text) filled from the answers,
    such as the subtitle naming the collectivities, tracked too when they differ.
    """
    when = (date or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    writer = Ecrivain(styles, auteur, when)
    writer.suivre_page_de_garde(word, page_de_garde)
    for step, old, new in aligner(a, b):
        writer.ecrire(step, old, new)
    writer.remplacer(anchor)
    empreintes.enregistrer(word)
    return oxml.enregistrer(word)
