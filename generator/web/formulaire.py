"""What a questionnaire page shows: each field with its value, help, errors and visibility.

The page's fields are a tree of :class:`Champ` built from the questionnaire's
questions, the agreement's raw answers and the validator's problems; the
templates only lay them out. A question with ``requis_si`` is shown only when
its condition holds on the current answers (re-evaluated by htmx as they change).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator import arbre
from generator.erreurs import Probleme
from generator.gabarits import expression
from generator.questionnaire.definition import Question
from generator.web.pages import BLOCS, CHAMPS_MESURE_LIBRE, CHOIX_MESURES, GROUPES, Page, ident

_WIDGETS = {
    "texte": "texte", "texte_long": "zone", "entier": "nombre", "montant": "montant", "date": "date",
    "liste": "lignes", "communes": "lignes", "commune": "commune", "epci": "epci", "departement": "texte",
    "booleen": "booleen",
}


@dataclass
class Champ:
    question: Question
    nom: str
    valeur: object = None
    erreurs: list[str] = field(default_factory=list)
    visible: bool = True
    enfants: list["Champ"] = field(default_factory=list)
    blocs: list[list["Champ"]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return ident(self.nom)

    @property
    def conditionnel(self) -> bool:
        return bool(self.question.requis_si)

    @property
    def widget(self) -> str:
        kind = self.question.type
        if kind in GROUPES:
            return "groupe"
        if kind in BLOCS:
            return "blocs"
        if kind == "choix":
            return "radios" if len(self.question.choix) <= 4 else "liste_deroulante"
        return _WIDGETS.get(kind, "texte")

    @property
    def texte(self) -> str:
        """The value as typed in a text input or a textarea."""
        value = self.valeur
        if value is None:
            return ""
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return str(value)

    @property
    def choix(self) -> list[tuple[str, str, bool]]:
        current = self.texte or ("" if self.question.defaut is None else str(self.question.defaut))
        return [(key, label, key == current) for key, label in self.question.choix.items()]

    @property
    def obligatoire(self) -> bool:
        return self.question.requis and self.question.type not in GROUPES

    @property
    def decrit_par(self) -> str:
        ids = []
        if self.question.aide:
            ids.append(f"aide-{self.id}")
        if self.erreurs:
            ids.append(f"erreur-{self.id}")
        return " ".join(ids)

    @property
    def nombre_blocs(self) -> int:
        return len(self.blocs)


def visible(question: Question, contexte: dict) -> bool:
    if not question.requis_si:
        return True
    try:
        return bool(expression(question.requis_si)(**contexte))
    except Exception:  # noqa: BLE001 - a broken rule shows the question rather than hiding it
        return True


def _erreurs(nom: str, problemes: list[Probleme], utilises: set[int]) -> list[str]:
    out = []
    for index, probleme in enumerate(problemes):
        if index in utilises:
            continue
        champ = probleme.champ
        if champ == nom or re.sub(r"\[\d+\]$", "", champ) == nom:
            utilises.add(index)
            suffix = f" (valeur : « {probleme.valeur} »)" if probleme.valeur not in (None, "") else ""
            item = re.search(r"\[(\d+)\]$", champ)
            prefix = f"ligne {item.group(1)} : " if item and champ != nom else ""
            out.append(f"{prefix}{probleme.message}{suffix}")
    return out


def construire(question: Question, nom: str, brut: object, problemes: list[Probleme], contexte: dict,
               utilises: set[int]) -> Champ:
    champ = Champ(question, nom, brut, visible=visible(question, contexte))
    if question.type in GROUPES:
        values = brut if isinstance(brut, dict) else {}
        champ.enfants = [construire(child, f"{nom}.{child.id}", values.get(child.id), problemes, contexte, utilises)
                         for child in question.champs]
    elif question.type in BLOCS:
        fields = CHAMPS_MESURE_LIBRE if question.type == "mesures_libres" else question.champs
        items = brut if isinstance(brut, list) else []
        for index, item in enumerate(items or [{}], start=1):
            values = item if isinstance(item, dict) else {}
            champ.blocs.append([construire(child, f"{nom}[{index}].{child.id}", values.get(child.id), problemes,
                                           contexte, utilises) for child in fields])
    champ.erreurs = _erreurs(nom, problemes, utilises)
    return champ


def champs_de_page(page: Page, reponses: dict, problemes: list[Probleme], contexte: dict) -> tuple[list[Champ], list[Probleme]]:
    """The page's fields, and the problems that no field of the page took (shown in the summary)."""
    utilises: set[int] = set()
    fields = [construire(q, q.chemin, reponses.get(q.id), problemes, contexte, utilises)
              for q in page.questions if q.type not in CHOIX_MESURES]
    restants = [p for i, p in enumerate(problemes) if i not in utilises]
    return fields, restants


def conditionnels(champs: list[Champ]) -> list[Champ]:
    """Every conditional field of the page, depth first."""
    out = []
    for champ in champs:
        if champ.conditionnel:
            out.append(champ)
        out.extend(conditionnels(champ.enfants))
        for bloc in champ.blocs:
            out.extend(conditionnels(bloc))
    return out


def tous(champs: list[Champ]) -> list[Champ]:
    out = []
    for champ in champs:
        out.append(champ)
        out.extend(tous(champ.enfants))
        for bloc in champ.blocs:
            out.extend(tous(bloc))
    return out


def retirer_masques(reponses: dict, questions: list[Question], contexte: dict) -> dict:
    """Answers without those of conditional questions that are hidden (never sent to the document)."""
    cleaned = dict(reponses)
    for question in questions:
        stack = [question]
        while stack:
            current = stack.pop()
            if current.requis_si and not visible(current, contexte):
                holder, key = arbre.parent(cleaned, current.chemin)
                if holder is not None:
                    holder.pop(key, None)
            stack.extend(current.champs)
    return cleaned
