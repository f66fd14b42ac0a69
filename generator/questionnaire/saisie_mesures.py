"""Choosing measures on the terminal: the list by volet, socle first, « voir N » to read one, and every
choice checked at once (a socle measure set aside only with its reason, never retained and set aside)."""

from __future__ import annotations

import click

from generator.bibliotheque import Bibliotheque, Clause
from generator.plan import charger_plan
from generator.questionnaire.definition import Question
from generator.questionnaire.saisie import choisir as choisir_parmi
from generator.questionnaire.saisie import erreur, lire, lire_paragraphes, oui_non
from generator.selection import est_retenable, motif_socle

_PARTIES = {"etat": "État", "collectivite": "Collectivité", "conjointe": "Conjointe"}


def choisir(question: Question, bibliotheque: Bibliotheque, type_document: str, retenues: set[str]) -> list:
    """The measures chosen for ``question`` (mesures_retenues, or mesures_ecartees with reasons for the socle)."""
    listed = mesures_listees(bibliotheque, type_document)
    _afficher(listed, bibliotheque, type_document)
    while True:
        raw = lire("  Numéros ou identifiants séparés par des virgules, « voir N » pour lire une mesure (vide : aucune)")
        if raw.lower().startswith("voir"):
            _voir(raw[4:].strip(), listed)
            continue
        chosen = _choix(question, raw, listed, retenues)
        if chosen is not None:
            return chosen


def mesures_listees(bibliotheque: Bibliotheque, type_document: str) -> list[Clause]:
    """Socle measures first (locked), then the optional ones, each by volet."""
    volets = bibliotheque.volets

    def order(clause: Clause) -> tuple:
        return (volets.get(clause.volet, {}).get("ordre", 999), clause.partie, clause.id)

    clauses = bibliotheque.pour_type(type_document)
    socle = sorted((c for c in clauses if c.obligatoire), key=order)
    optional = sorted((c for c in clauses if est_retenable(c) or (c.obligatoire_si and not c.obligatoire)), key=order)
    return socle + optional


def _afficher(listed: list[Clause], bibliotheque: Bibliotheque, type_document: str) -> None:
    current = None
    for index, clause in enumerate(listed, start=1):
        label = charger_plan(type_document).libelle(clause.mesure)
        heading = (f"{label[:1].upper()}{label[1:]} (incluse par défaut) – " if clause.obligatoire else "") + \
            bibliotheque.volets.get(clause.volet, {}).get("intitule", clause.volet)
        if heading != current:
            click.secho(f"  {heading}", underline=True)
            current = heading
        lock = f" [{label}]" if clause.obligatoire else ""
        click.echo(f"  {index:>3}. {clause.titre} ({clause.id}){lock}")


def _voir(token: str, listed: list[Clause]) -> None:
    from generator import fiche_clause

    clause = _mesure(token, listed)
    if clause is not None:
        click.secho(f"  {clause.titre} — {fiche_clause.statut(clause)}", bold=True)
        click.echo("  " + fiche_clause.texte_exemple(clause).replace("\n", "\n  "))


def _choix(question: Question, raw: str, listed: list[Clause], retenues: set[str]) -> list | None:
    """The choice typed, or None after saying what is wrong with it (the list is asked again)."""
    chosen, ok = [], True
    for token in filter(None, (t.strip() for t in raw.split(","))):
        clause = _mesure(token, listed)
        if clause is None:
            ok = False
        elif question.type == "mesures_motivees" and clause.obligatoire:
            # a socle measure is set aside only after study, with its reason (kept in the annex)
            motif = lire(f"  Motif pour écarter « {clause.titre} » (vide : la mesure reste au contrat)").strip()
            if motif:
                chosen.append({"id": clause.id, "motif": motif})
            else:
                erreur(f"Impossible : {motif_socle(clause)}.")
        elif question.id == "mesures_ecartees" and clause.obligatoire:
            erreur(f"Impossible : {motif_socle(clause, motivable=False)}.")
            ok = False
        elif question.id == "mesures_ecartees" and clause.id in retenues:
            erreur(f"Impossible : la mesure « {clause.titre} » est déjà retenue ; une mesure ne peut pas "
                   "être à la fois retenue et écartée (revenez en arrière avec « < » pour la retirer).")
            ok = False
        elif not clause.obligatoire and clause.id not in chosen:
            chosen.append(clause.id)
    return chosen if ok else None


def _mesure(token: str, listed: list[Clause]) -> Clause | None:
    if token.isdigit() and 1 <= int(token) <= len(listed):
        return listed[int(token) - 1]
    found = next((c for c in listed if c.id == token), None)
    if found is None:
        erreur(f"{token!r} n'est ni un numéro ni un identifiant de la liste.")
    return found


def mesures_libres() -> list[dict]:
    """Measures the parties add in free text: title, committing party, text."""
    out = []
    while oui_non("  Ajouter une mesure supplémentaire ?", default=False):
        titre = ""
        while not titre:
            titre = lire("  Titre")
        partie = None
        while partie is None:
            partie = choisir_parmi(_PARTIES, lire("  Partie qui s'engage (1. État, 2. Collectivité, 3. Conjointe)"))
        texte = ""
        while not texte:
            texte = lire_paragraphes("  Texte de l'engagement")
        out.append({"titre": titre, "partie": partie, "texte": texte})
    return out
