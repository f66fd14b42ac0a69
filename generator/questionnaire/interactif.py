"""Ask a questionnaire on the terminal without losing the person's work.

Each answer is checked at once with the same validator as answers files, so the user fixes
a mistake where it was made. « < » goes back one question; questions that do not apply are
skipped; every answer is handed to a save callback (the CLI writes FICHIER.partiel.yaml);
a recap lists every answer by number before saving, and any of them can be changed there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import click

from generator import arbre
from generator.bibliotheque import Bibliotheque
from generator.erreurs import ReferentielErreur
from generator.gabarits import expression
from generator.questionnaire import saisie_mesures
from generator.questionnaire.definition import Question, Questionnaire
from generator.questionnaire.saisie import (Retour, activer_historique, choisir, date_francaise, erreur, lire,
                                            lire_paragraphes, oui_non)
from generator.questionnaire.validation import ABSENT, Validateur
from generator.referentiel import Referentiel
from generator.accords import nombre

__all__ = ["Interrogateur", "oui_non", "serialisable"]
_COMPOSEES = {"personne", "liste", "communes", "liste_objets", "personnes", "mesures", "mesures_motivees",
              "mesures_libres", "texte_long"}

# Called after every answer: (answers so far, paths of the questions already asked).
Sauvegarde = Callable[[dict, list[str]], None]


@dataclass(frozen=True)
class Etape:
    """One question asked on its own: a field of a group, or a whole top-level question."""

    question: Question
    rang: int  # number of its top-level question
    rubrique: str  # label of its top-level question


def etapes(questionnaire: Questionnaire) -> list[Etape]:
    out: list[Etape] = []

    def walk(question: Question, rang: int, rubrique: str) -> None:
        if question.type == "groupe":
            for child in question.champs:
                walk(child, rang, rubrique)
        else:
            out.append(Etape(question, rang, rubrique))

    asked = [q for q in questionnaire.questions if not q.avance]  # « avance »: answers file only
    for rang, question in enumerate(asked, start=1):
        walk(question, rang, question.libelle)
    return out


def _poser(data: dict, chemin: str, valeur: object) -> None:
    *heads, key = chemin.split(".")
    for head in heads:
        data = data.setdefault(head, {})
    data[key] = valeur


def _fusionner(base: dict, dessus: dict) -> None:
    for key, value in dessus.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _fusionner(base[key], value)
        else:
            base[key] = value


def _enlever(data: dict, chemin: str) -> None:
    holder, key = arbre.parent(data, chemin)
    if holder is not None:
        holder.pop(key, None)


class Interrogateur:
    def __init__(self, questionnaire: Questionnaire, validateur: Validateur, referentiel: Referentiel,
                 bibliotheque: Bibliotheque, type_document: str, reponses: dict | None = None,
                 posees: list[str] | None = None, sauvegarde: Sauvegarde | None = None):
        self.questionnaire = questionnaire
        self.validateur = validateur
        self.referentiel = referentiel
        self.bibliotheque = bibliotheque
        self.type_document = type_document
        self.reponses: dict = dict(reponses or {})
        self.reponses["type"] = type_document
        self.posees: list[str] = list(posees or [])
        self.sauvegarde = sauvegarde
        self.etapes = etapes(questionnaire)

    # -- the whole questionnaire -----------------------------------------------------
    def interroger(self, recapitulatif: bool = True) -> dict:
        """Ask every applicable question not asked yet, then the recap; returns the answers."""
        activer_historique()
        click.secho(f"Questionnaire : {self.questionnaire.intitule}", bold=True)
        click.echo("Entrée vide : valeur par défaut ou question facultative ignorée. « < » ou « retour » : "
                   "question précédente. Ctrl-C : interrompre (les réponses sont gardées).\n")
        self._parcourir()
        while recapitulatif and self._recapitulatif():
            pass
        return self.reponses

    def _parcourir(self) -> None:
        index, history = 0, []
        while index < len(self.etapes):
            etape = self.etapes[index]
            if etape.question.chemin in self.posees or not self._applicable(etape.question):
                index += 1
                continue
            try:
                self._poser_etape(etape)
            except Retour:
                if not history:
                    click.echo("  (première question)")
                    continue
                index = history.pop()
                self.posees = [p for p in self.posees if p != self.etapes[index].question.chemin]
                continue
            history.append(index)
            index += 1

    def _poser_etape(self, etape: Etape) -> None:
        question = etape.question
        if question.chemin == question.id or etape.question is self._premiere(etape.rang):
            click.secho(f"\n— Question {etape.rang} sur {self.etapes[-1].rang} : {etape.rubrique}",
                        fg="cyan")
        value = self._demander(question)
        if value is ABSENT or value is None:
            _enlever(self.reponses, question.chemin)
        else:
            _poser(self.reponses, question.chemin, value)
        if question.chemin not in self.posees:
            self.posees.append(question.chemin)
        if self.sauvegarde is not None:
            self.sauvegarde(self.reponses, self.posees)

    def _premiere(self, rang: int) -> Question:
        return next(e.question for e in self.etapes if e.rang == rang)

    def _applicable(self, question: Question) -> bool:
        """A question with a ``requis_si`` rule is asked only when the rule holds for the answers so far."""
        if not question.requis_si:
            return True
        nested: dict = {}
        for other in self.questionnaire.parcourir():
            if not other.champs:  # groups and people get their fields
                try:
                    _poser(nested, other.chemin, other.defaut)
                except AttributeError:
                    continue
        _fusionner(nested, self.reponses)
        try:
            return bool(expression(question.requis_si)(**nested))
        except Exception:  # noqa: BLE001 - a rule that cannot be evaluated: ask rather than skip
            return True

    # -- recap -----------------------------------------------------------------------
    def _recapitulatif(self) -> bool:
        """Show every answer by number; True when the user changed one (the recap is shown again)."""
        shown = [e for e in self.etapes if self._applicable(e.question)]
        click.secho("\nRécapitulatif de vos réponses :", bold=True)
        for number, etape in enumerate(shown, start=1):
            value = arbre.lire(self.reponses, etape.question.chemin)
            click.echo(f"  {number:>2}. {etape.question.libelle} : {self._en_clair(etape.question, value)}")
        while True:
            try:
                raw = lire("Numéro de la réponse à modifier (Entrée : enregistrer)")
            except Retour:
                raw = str(len(shown))
            if not raw:
                return False
            if raw.isdigit() and 1 <= int(raw) <= len(shown):
                break
            erreur(f"Tapez un numéro entre 1 et {len(shown)}, ou Entrée pour enregistrer.")
        etape = shown[int(raw) - 1]
        self.posees = [p for p in self.posees if p != etape.question.chemin]
        try:
            self._poser_etape(etape)
        except Retour:
            self.posees.append(etape.question.chemin)
        self._parcourir()  # questions that now apply (a date once « à une date choisie » is chosen…)
        return True

    def _en_clair(self, question: Question, value: object) -> str:
        if value in (None, "", [], {}):
            default = question.defaut
            return f"— (défaut : {self._en_clair(question, default)})" if default not in (None, "", [], {}) else "—"
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        if question.type == "choix":
            return str(question.choix.get(value, value))
        if question.type == "commune":
            try:
                commune = self.referentiel.commune(str(value))
                return f"{commune.nom} ({commune.code})"
            except ReferentielErreur:
                return str(value)
        if question.type == "epci":
            try:
                return f"{self.referentiel.epci(str(value)).nom} (SIREN {value})"
            except ReferentielErreur:
                return str(value)
        if question.type == "personne" and isinstance(value, dict):
            return " ".join(str(value.get(k, "")) for k in ("civilite", "prenom", "nom")).strip()
        if isinstance(value, list):
            return f"{len(value)} : " + ", ".join(str(v.get("titre") or v.get("nom") or v.get("id") or v) if isinstance(v, dict)
                                                  else str(v) for v in value)[:120]
        text = str(value).replace("\n", " ¶ ")
        return text if len(text) <= 80 else text[:79] + "…"

    # -- one question ----------------------------------------------------------------
    def _entete(self, question: Question) -> None:
        click.secho(question.libelle, bold=True)
        if question.aide:
            click.echo(click.style(question.aide, dim=True))

    def _demander(self, question: Question):
        current = arbre.lire(self.reponses, question.chemin)
        if question.type in _COMPOSEES and current not in (None, [], {}):
            self._entete(question)
            click.echo(f"  Réponse actuelle : {self._en_clair(question, current)}")
            if oui_non("  Garder cette réponse ?", default=True):
                return current
        special = {"groupe": self._groupe, "personne": self._personne, "mesures": self._mesures, "mesures_motivees": self._mesures,
                   "mesures_libres": self._mesures_libres, "liste_objets": self._liste_objets,
                   "personnes": self._liste_objets, "liste": self._liste, "commune": self._commune,
                   "communes": self._communes, "epci": self._epci, "texte_long": self._texte_long}
        if question.type in special:
            return special[question.type](question)
        self._entete(question)
        for index, (key, label) in enumerate(question.choix.items(), start=1):
            click.echo(f"  {index}. {label} ({key})")
        current = arbre.lire(self.reponses, question.chemin)
        default = current if current is not None else question.defaut
        if isinstance(default, dt.date):
            default = default.strftime("%d/%m/%Y")
        while True:
            raw = lire("  Réponse", default)
            if raw == "":
                if question.requis:
                    erreur("Réponse obligatoire.")
                    continue
                return ABSENT
            accepted, value = self._accepte(question, self._interpreter(question, raw))
            if accepted:
                return value

    def _interpreter(self, question: Question, raw: str) -> object:
        """Choices by number, code or label; dates written in French."""
        if question.type == "choix":
            return choisir(question.choix, raw) or raw
        if question.type == "date":
            return date_francaise(raw) or raw
        return raw

    def _accepte(self, question: Question, raw) -> tuple[bool, object]:
        """The same checks as an answers file; the parsed value when they pass."""
        self.validateur.problemes = []
        value = self.validateur.valeur(question, raw)
        for probleme in self.validateur.problemes:
            erreur(probleme.message)
        return not self.validateur.problemes, value

    def _texte_long(self, question: Question):
        self._entete(question)
        while True:
            text = lire_paragraphes("  Réponse")
            if not text:
                if question.requis:
                    erreur("Réponse obligatoire.")
                    continue
                return ABSENT
            accepted, value = self._accepte(question, text)
            if accepted:
                return value

    def _groupe(self, question: Question):
        out = {}
        for child in question.champs:
            value = self._demander(child)
            if value is not ABSENT:
                out[child.id] = value
        return out

    def _personne(self, question: Question):
        if not question.requis and not question.requis_si:
            self._entete(question)
            if not oui_non("  Renseigner ce signataire ?", default=arbre.lire(self.reponses, question.chemin) is not None):
                return ABSENT
        else:
            click.secho(f"— {question.libelle}", bold=True)
        return self._groupe(question)

    def _liste(self, question: Question):
        self._entete(question)
        items = []
        while True:
            raw = lire(f"  Élément {len(items) + 1} (vide pour terminer)")
            if not raw:
                return items
            if self._accepte(question, [raw])[0]:
                items.append(raw)

    def _communes(self, question: Question):
        self._entete(question)
        codes: list[str] = []
        while True:
            code = self._commune(question, entete=False, vide_autorise=bool(codes))
            if code is None:
                return codes
            if code in codes:
                erreur("Commune déjà citée.")
            else:
                codes.append(code)

    def _commune(self, question: Question, entete: bool = True, vide_autorise: bool = False):
        if entete:
            self._entete(question)
        while True:
            current = None if vide_autorise else arbre.lire(self.reponses, question.chemin)
            raw = lire("  Code INSEE ou nom" + (" (vide pour terminer)" if vide_autorise else ""), current)
            if vide_autorise and not raw:
                return None
            if not raw:
                erreur("Réponse obligatoire.")
                continue
            try:
                return self.referentiel.resoudre_commune(raw).code
            except ReferentielErreur as exc:
                candidates = self.referentiel.chercher_communes(raw)
                if len(candidates) > 1:
                    return self._desambiguiser(candidates)
                erreur(exc.message)

    def _desambiguiser(self, candidates) -> str:
        for index, commune in enumerate(candidates, start=1):
            click.echo(f"  {index}. {commune.nom} ({commune.departement.nom}, {commune.code})")
        while True:
            raw = lire("  Numéro de la commune")
            if raw.isdigit() and 1 <= int(raw) <= len(candidates):
                return candidates[int(raw) - 1].code
            erreur(f"Tapez un numéro entre 1 et {len(candidates)}.")

    def _epci(self, question: Question):
        """The EPCI, with the commune's own EPCI suggested."""
        self._entete(question)
        suggestion = self._epci_de_la_commune()
        if suggestion is not None:
            click.echo(f"  EPCI de la commune : {suggestion.nom} (SIREN {suggestion.siren}) ; "
                       "tapez « oui » pour l'associer au contrat.")
        while True:
            raw = lire("  Réponse", arbre.lire(self.reponses, question.chemin))
            if not raw:
                return ABSENT
            if suggestion is not None and raw.lower() in ("o", "oui"):
                raw = suggestion.siren
            accepted, value = self._accepte(question, raw)
            if accepted:
                return value

    def _epci_de_la_commune(self):
        code = self.reponses.get("commune")
        try:
            commune = self.referentiel.commune(str(code)) if code else None
            return self.referentiel.epci(commune.epci_siren) if commune and commune.epci_siren else None
        except ReferentielErreur:
            return None

    # -- measures (generator/questionnaire/saisie_mesures.py) ------------------------
    def _mesures(self, question: Question):
        self._entete(question)
        return saisie_mesures.choisir(question, self.bibliotheque, self.type_document,
                                      set(self.reponses.get("mesures_retenues") or []))

    def _mesures_libres(self, question: Question):
        self._entete(question)
        return saisie_mesures.mesures_libres()

    def _liste_objets(self, question: Question):
        self._entete(question)
        items = []
        while oui_non(f"  Ajouter un élément ({nombre(len(items), 'élément déjà saisi', 'éléments déjà saisis')}) ?", default=not items and question.requis):
            item = {}
            for child in question.champs:
                value = self._demander(child)
                if value is not ABSENT:
                    item[child.id] = value
            items.append(item)
        return items


def serialisable(value):
    """Answers as YAML-friendly data (dates in ISO form)."""
    if isinstance(value, dict):
        return {k: serialisable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [serialisable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
