"""Ask a questionnaire on the terminal and return raw answers.

Each answer is checked at once with the same validator as answers files, so
the user fixes a mistake where it was made. Socle measures are shown as
locked: trying to drop one explains why, citing the circular.
"""

from __future__ import annotations

import datetime as dt

import click

from generator.bibliotheque import Bibliotheque
from generator.erreurs import ReferentielErreur
from generator.questionnaire.definition import Question, Questionnaire
from generator.questionnaire.validation import ABSENT, Validateur
from generator.referentiel import Referentiel
from generator.selection import est_retenable, motif_socle


_OUI, _NON = {"o", "oui", "y", "yes"}, {"n", "non", "no"}


def oui_non(question: str, default: bool = False) -> bool:
    """A yes/no question answered in French: « o », « oui », « n », « non »."""
    suffix = " [O/n]" if default else " [o/N]"
    while True:
        answer = click.prompt(question + suffix, default="", show_default=False).strip().lower()
        if not answer:
            return default
        if answer in _OUI:
            return True
        if answer in _NON:
            return False
        click.secho("  Répondez « oui » ou « non ».", fg="red")


class Interrogateur:
    def __init__(self, questionnaire: Questionnaire, validateur: Validateur, referentiel: Referentiel,
                 bibliotheque: Bibliotheque, type_document: str):
        self.questionnaire = questionnaire
        self.validateur = validateur
        self.referentiel = referentiel
        self.bibliotheque = bibliotheque
        self.type_document = type_document
        self.reponses: dict = {"type": type_document}

    def interroger(self) -> dict:
        click.secho(f"Questionnaire : {self.questionnaire.intitule}", bold=True)
        click.echo("Laissez une réponse vide pour garder la valeur par défaut ou ignorer une question facultative.\n")
        for question in self.questionnaire.questions:
            value = self._demander(question)
            if value is not ABSENT:
                self.reponses[question.id] = value
        return self.reponses

    # -- one question ------------------------------------------------------
    def _entete(self, question: Question) -> None:
        click.secho(question.libelle, bold=True)
        if question.aide:
            click.echo(click.style(question.aide, dim=True))

    def _demander(self, question: Question):
        if question.type in ("groupe", "personne"):
            return self._groupe(question)
        if question.type == "mesures":
            return self._mesures(question)
        if question.type == "mesures_libres":
            return self._mesures_libres(question)
        if question.type in ("liste_objets", "personnes"):
            return self._liste_objets(question)
        if question.type == "liste":
            return self._liste(question)
        if question.type == "commune":
            return self._commune(question)
        if question.type == "communes":
            return self._communes(question)
        while True:
            self._entete(question)
            if question.choix:
                for key, label in question.choix.items():
                    click.echo(f"  {key} : {label}")
            default = question.defaut
            raw = click.prompt("  Réponse", default="" if default is None else str(default), show_default=default is not None)
            if raw.strip() == "":
                if question.requis:
                    click.secho("  Réponse obligatoire.", fg="red")
                    continue
                return ABSENT
            accepted, value = self._accepte(question, raw)
            if accepted:
                return value

    def _accepte(self, question: Question, raw) -> tuple[bool, object]:
        """The same checks as an answers file; the parsed value when they pass."""
        self.validateur.problemes = []
        value = self.validateur.valeur(question, raw)
        for probleme in self.validateur.problemes:
            click.secho(f"  {probleme.message}", fg="red")
        return not self.validateur.problemes, value

    def _groupe(self, question: Question):
        optional = question.type == "personne" and not question.requis
        if optional or question.requis_si:
            self._entete(question)
            if not oui_non("  Renseigner ce signataire ?", default=bool(question.requis_si and self.reponses.get("epci"))):
                return ABSENT
        elif question.type == "personne":
            click.secho(f"— {question.libelle}", bold=True)
        out = {}
        for child in question.champs:
            value = self._demander(child)
            if value is not ABSENT:
                out[child.id] = value
        return out

    def _liste(self, question: Question):
        self._entete(question)
        items = []
        while True:
            raw = click.prompt(f"  Élément {len(items) + 1} (vide pour terminer)", default="", show_default=False)
            if not raw.strip():
                return items
            if self._accepte(question, [raw])[0]:
                items.append(raw.strip())

    def _communes(self, question: Question):
        self._entete(question)
        codes: list[str] = []
        while True:
            code = self._commune(question, entete=False, vide_autorise=bool(codes))
            if code is None:
                return codes
            if code in codes:
                click.secho("  Commune déjà citée.", fg="red")
            else:
                codes.append(code)

    def _commune(self, question: Question, entete: bool = True, vide_autorise: bool = False):
        while True:
            if entete:
                self._entete(question)
            label = "  Code INSEE ou nom" + (" (vide pour terminer)" if vide_autorise else "")
            raw = click.prompt(label, default="" if vide_autorise else None, show_default=False).strip()
            if vide_autorise and not raw:
                return None
            try:
                return self.referentiel.resoudre_commune(raw).code
            except ReferentielErreur as exc:
                candidates = self.referentiel.chercher_communes(raw)
                if len(candidates) > 1:
                    for index, commune in enumerate(candidates, start=1):
                        click.echo(f"  {index}. {commune.nom} ({commune.departement.nom}, {commune.code})")
                    choice = click.prompt("  Numéro de la commune", type=click.IntRange(1, len(candidates)))
                    return candidates[choice - 1].code
                click.secho(f"  {exc}", fg="red")

    def _mesures(self, question: Question):
        self._entete(question)
        clauses = sorted(self.bibliotheque.pour_type(self.type_document), key=lambda c: (c.partie, c.volet, c.id))
        socle = [c for c in clauses if c.obligatoire]
        optional = [c for c in clauses if est_retenable(c) or (c.obligatoire_si and not c.obligatoire)]
        if question.id == "mesures_retenues":
            click.echo(f"  {len(socle)} mesures du socle sont toujours incluses.")
        listed = socle + optional
        for index, clause in enumerate(listed, start=1):
            lock = " [socle, obligatoire]" if clause.obligatoire else ""
            click.echo(f"  {index:>2}. {clause.titre} ({clause.id}){lock}")
        while True:
            raw = click.prompt("  Numéros séparés par des virgules (vide : aucun)", default="", show_default=False)
            chosen, ok = [], True
            for token in filter(None, (t.strip() for t in raw.split(","))):
                if not token.isdigit() or not 1 <= int(token) <= len(listed):
                    click.secho(f"  {token!r} n'est pas un numéro de la liste.", fg="red")
                    ok = False
                    continue
                clause = listed[int(token) - 1]
                if clause.obligatoire:
                    if question.id == "mesures_ecartees":
                        click.secho(f"  Impossible : {motif_socle(clause)}.", fg="red")
                        ok = False
                    continue
                chosen.append(clause.id)
            if ok:
                return chosen

    def _liste_objets(self, question: Question):
        self._entete(question)
        items = []
        while oui_non(f"  Ajouter un élément ({len(items)} déjà saisi(s)) ?", default=not items and question.requis):
            item = {}
            for child in question.champs:
                value = self._demander(child)
                if value is not ABSENT:
                    item[child.id] = value
            items.append(item)
        return items

    def _mesures_libres(self, question: Question):
        self._entete(question)
        out = []
        while oui_non("  Ajouter une mesure supplémentaire ?", default=False):
            titre = click.prompt("  Titre")
            partie = click.prompt("  Partie qui s'engage", type=click.Choice(["etat", "collectivite", "conjointe"]))
            texte = click.prompt("  Texte de l'engagement")
            out.append({"titre": titre, "partie": partie, "texte": texte})
        return out


def serialisable(value):
    """Answers as YAML-friendly data (dates in ISO form)."""
    if isinstance(value, dict):
        return {k: serialisable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [serialisable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
