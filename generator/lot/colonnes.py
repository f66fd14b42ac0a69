"""Columns of a batch table: one column per answer, named by its path.

A column ``zone.nom`` fills the answer ``zone: {nom: …}``. Cell formats:
lists are separated by `` | ``; dates are ``JJ/MM/AAAA``; booleans ``oui``
or ``non``; a list of people is ``Mme Claire Vasseur | M. Jean Dupont``
(civilité, prénom, nom). Answers shared by every row come from a base
answers file and are overridden by non-empty cells.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from generator.erreurs import Probleme
from generator.questionnaire.definition import Question, Questionnaire

SEPARATEUR = "|"
_SANS_COLONNE = ("groupe", "personne", "mesures_libres", "liste_objets")
_FORMATS = {
    "texte": "texte",
    "texte_long": "texte (un paragraphe par ligne)",
    "entier": "nombre entier",
    "montant": "montant en euros",
    "booleen": "oui ou non",
    "date": "date JJ/MM/AAAA",
    "choix": "l'un des codes : {choix}",
    "liste": "éléments séparés par « | »",
    "communes": "codes INSEE séparés par « | »",
    "personnes": "« Civilité Prénom Nom » séparés par « | »",
    "commune": "code INSEE",
    "departement": "code du département (76, 2A, 971) ou son nom",
    "epci": "SIREN de l'EPCI",
    "mesures": "identifiants de clauses séparés par « | »",
    "mesures_motivees": "identifiants de clauses séparés par « | », chacun suivi au besoin de « : motif »",
}


@dataclass(frozen=True)
class Colonne:
    """A column of a batch table and the question it answers."""

    nom: str  # the answer path, also the header
    question: Question

    @property
    def format(self) -> str:
        return _FORMATS[self.question.type].format(choix=", ".join(self.question.choix))


EXEMPLE = "exemple"  # reserved column: a row marked in it is the template's example, never produced
LIBELLE_EXEMPLE = "Ligne d'exemple (ignorée)"


def libelles(questionnaire: Questionnaire, columns: list[Colonne]) -> dict[str, str]:
    """A distinct French label per column: the question's, prefixed by its group's when two are alike.

    « Civilité » of the préfet and of the head of the police force become « Préfet : civilité » and
    « Chef des forces de sécurité : civilité ».
    """
    by_path = {q.chemin: q for q in questionnaire.parcourir()}
    labels = {c.nom: " ".join(c.question.libelle.split()) for c in columns}
    counts: dict[str, int] = {}
    for label in labels.values():
        counts[label] = counts.get(label, 0) + 1
    for name, label in list(labels.items()):
        parent = by_path.get(name.rpartition(".")[0])
        if counts[label] > 1 and parent is not None:
            labels[name] = f"{' '.join(parent.libelle.split()).rstrip(' :?')} : {label[:1].lower()}{label[1:]}"
    seen: dict[str, int] = {}
    for name, label in labels.items():  # still alike: the answer path tells them apart
        seen[label] = seen.get(label, 0) + 1
    return {name: (label if seen[label] == 1 else f"{label} ({name})") for name, label in labels.items()}


def resoudre_entetes(premiere: list[str], seconde: list[str] | None, questionnaire: Questionnaire) -> tuple[list[str], bool]:
    """The answer path of each column, from the header row(s); and whether the second row was a header.

    A table may name its columns by answer path (``zone.nom``), by French label (« Nom de la zone »),
    or carry labels on the first row and paths on the second (the template written by ``lot modele``).
    """
    columns = colonnes(questionnaire)
    known = {c.nom for c in columns} | {EXEMPLE}
    if seconde is not None:
        keys = [k for k in seconde if k]
        if keys and all(k in known for k in keys):
            return list(seconde), True
    by_label = {label.casefold(): name for name, label in libelles(questionnaire, columns).items()}
    by_label[LIBELLE_EXEMPLE.casefold()] = EXEMPLE
    return [h if h in known else by_label.get(" ".join(h.split()).casefold(), h) for h in premiere], False


def colonnes(questionnaire: Questionnaire) -> list[Colonne]:
    """Every answer that a cell can hold, in questionnaire order."""
    questions = list(questionnaire.parcourir())
    # a list of people lives in one cell; the fields of a list of records have no column
    lists = [q.chemin + "." for q in questions if q.type in ("personnes", "liste_objets")]
    return [Colonne(q.chemin, q) for q in questions
            if q.type not in _SANS_COLONNE and not any(q.chemin.startswith(prefix) for prefix in lists)]


def verifier_entetes(entetes: list[str], questionnaire: Questionnaire, fichier: str) -> list[Probleme]:
    known = {c.nom for c in colonnes(questionnaire)} | {EXEMPLE}
    problems = []
    seen = set()
    for index, header in enumerate(entetes, start=1):
        if not header:
            continue
        if header in seen:
            problems.append(Probleme(f"{fichier}, colonne {index}", "colonne en double", header))
        seen.add(header)
        if header not in known:
            close = difflib.get_close_matches(header, known, n=1)
            hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
            problems.append(Probleme(f"{fichier}, colonne {index}", f"colonne inconnue du questionnaire{hint}", header))
    return problems


def _personne(text: str) -> dict:
    words = text.split()
    civilite = {"monsieur": "M.", "m.": "M.", "m": "M.", "madame": "Mme", "mme": "Mme"}.get(words[0].lower()) if words else None
    if civilite is None or len(words) < 3:
        return {"civilite": words[0] if words else "", "prenom": "", "nom": " ".join(words[1:])}
    return {"civilite": civilite, "prenom": words[1], "nom": " ".join(words[2:])}


def valeur_cellule(question: Question, text: str):
    """The answer a cell holds, in the shape an answers file would give it."""
    if question.type in ("liste", "communes", "mesures", "mesures_motivees"):
        items = [item.strip() for item in re.split(r"[|\n]", text) if item.strip()]
        if question.type == "communes":
            items = [code.strip() for item in items for code in item.split(",") if code.strip()]
        return items
    if question.type == "personnes":
        return [_personne(item.strip()) for item in text.split(SEPARATEUR) if item.strip()]
    return text


def reponses_de_la_ligne(cellules: dict[str, str], par_nom: dict[str, Colonne], base: dict) -> dict:
    """The row's answers: the batch's shared answers with the row's cells set.

    Only the dicts on the path of a cell are copied; the rest of the tree is shared with ``base`` (and with
    the other rows), which nothing downstream changes (validation and context build new trees)."""
    answers = dict(base)
    copied = {id(answers)}
    for name, text in cellules.items():
        if not text or name not in par_nom:
            continue
        *heads, key = name.split(".")
        target = answers
        for head in heads:
            child = target.get(head)
            if not isinstance(child, dict):
                child = {}
            elif id(child) not in copied:
                child = dict(child)
            copied.add(id(child))
            target[head] = target = child
        target[key] = valeur_cellule(par_nom[name].question, text)
    return answers


def colonne_du_champ(champ: str, noms: list[str]) -> str:
    """The column a validation problem points at: ``zone.communes[2]`` -> ``zone.communes``."""
    path = re.sub(r"\[\d+\]", "", champ)
    candidates = [n for n in noms if path == n or path.startswith(n + ".")]
    return max(candidates, key=len) if candidates else path


def texte_de_cellule(question: Question, value) -> str:
    """The inverse of :func:`valeur_cellule`, for the example row of a template."""
    if value is None:
        return ""
    if isinstance(value, list):
        if question.type == "personnes":
            return f" {SEPARATEUR} ".join(f"{p['civilite']} {p['prenom']} {p['nom']}" for p in value)
        return f" {SEPARATEUR} ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()
