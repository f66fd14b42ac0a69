"""The clause library of a document type as a printable Word document (``continuum clauses recueil``).

One part per volet, in the volets' order; for each clause its title, identifier and version,
status (socle or not, and why), provenance, source, legal references and its text rendered
with its first sample.
"""

from __future__ import annotations

import datetime as dt
import io

import docx
from docx.shared import Pt

from generator import chemins, fiche_clause, rendu_texte, typographie
from generator.bibliotheque import Bibliotheque, Clause
from generator.plan import charger_plan

AUTEUR = "Continuum"


def _ordre(clause: Clause) -> tuple:
    head, _, rank = (clause.mesure or "~").partition(".")
    return (clause.partie, clause.ordre, head, int(rank) if rank.isdigit() else 0, clause.id)


def par_volet(bibliotheque: Bibliotheque, type_document: str) -> list[tuple[str, list[Clause]]]:
    """(volet title, clauses) in the order of data/volets.yaml."""
    groups: dict[str, list[Clause]] = {}
    for clause in bibliotheque.pour_type(type_document):
        groups.setdefault(clause.volet, []).append(clause)
    volets = sorted(groups, key=lambda v: (bibliotheque.volets.get(v, {}).get("ordre", 999), v))
    return [(bibliotheque.volets.get(v, {}).get("intitule", v), sorted(groups[v], key=_ordre)) for v in volets]


def _ligne(word, label: str, text: str) -> None:
    paragraph = word.add_paragraph()
    paragraph.add_run(f"{label} : ").bold = True
    paragraph.add_run(rendu_texte.nettoyer(text))


def _clause(word, clause: Clause) -> None:
    word.add_heading(rendu_texte.nettoyer(clause.titre), level=2)
    _ligne(word, "Identifiant", f"{clause.id}, version {clause.version} — engage {fiche_clause.partie(clause)}")
    _ligne(word, "Statut", fiche_clause.statut(clause))
    _ligne(word, "Provenance", fiche_clause.provenance(clause))
    _ligne(word, "Source", clause.source.citation())
    if clause.references:
        _ligne(word, "Fondement", " ; ".join(clause.references))
    intro = word.add_paragraph()
    intro.add_run("Texte (rendu avec le premier exemple) :").italic = True
    for paragraph in rendu_texte.paragraphes(fiche_clause.texte_exemple(clause)):
        style = "List Bullet" if paragraph.style == "liste" else None
        text = " | ".join(paragraph.cellules) if paragraph.cellules else paragraph.texte
        word.add_paragraph(rendu_texte.nettoyer(text), style=style)


def recueil(bibliotheque: Bibliotheque, type_document: str, aujourd_hui: dt.date | None = None) -> bytes:
    plan = charger_plan(type_document)
    groups = par_volet(bibliotheque, type_document)
    total = sum(len(clauses) for _, clauses in groups)
    local = sum(1 for _, clauses in groups for c in clauses if c.variante_locale)
    word = docx.Document()
    word.styles["Normal"].font.size = Pt(11)
    word.add_heading(f"Recueil des clauses – {plan.intitule}", level=0)
    date = typographie.date_longue(aujourd_hui or dt.date.today())
    summary = f"Bibliothèque de clauses Continuum, état au {date} : {total} clauses"
    if chemins.bibliotheque_locale() is not None:
        summary += f", dont {local} de la bibliothèque locale {chemins.bibliotheque_locale()}"
    word.add_paragraph(summary + ".")
    socle = sum(1 for _, clauses in groups for c in clauses if c.obligatoire)
    word.add_paragraph(f"{socle} clauses sont marquées « {plan.libelle_socle} » ; les autres sont facultatives, "
                       "conditionnelles ou de structure. Chaque clause indique sa source.")
    for index, (volet, clauses) in enumerate(groups):
        if index:
            word.add_page_break()
        word.add_heading(volet, level=1)
        for clause in clauses:
            _clause(word, clause)
    props = word.core_properties
    props.title = f"Recueil des clauses – {plan.intitule}"
    props.author = AUTEUR
    props.last_modified_by = AUTEUR
    props.category = type_document
    props.keywords = f"continuum; recueil; {type_document}"
    props.language = "fr-FR"
    output = io.BytesIO()
    word.save(output)
    return output.getvalue()
