"""Questionnaire definitions, read from data/questionnaires/<type>.yaml.

A question has a stable ``id``, a French ``libelle`` and ``aide``, a ``type``
and its validation (``requis``, ``requis_si``, ``min``, ``max``, ``choix``,
``longueur_max``, ``message``). Groups nest questions under ``champs``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from generator import chemins
from generator.erreurs import BibliothequeInvalide, Probleme, TypeDocumentInconnu
from generator.lecture import lire_ressource

# Question type -> variable type seen by clause templates.
TYPES = {
    "texte": "texte",
    "texte_long": "texte",
    "entier": "entier",
    "montant": "montant",
    "booleen": "booleen",
    "date": "date",
    "choix": "choix",
    "liste": "liste",
    "groupe": "groupe",
    "personne": "personne",
    "commune": "lieu",
    "departement": "lieu",
    "communes": "communes",
    "personnes": "personnes",
    "liste_objets": "liste_objets",
    "epci": "epci",
    "mesures": "mesures",
    "mesures_motivees": "mesures",
    "mesures_libres": "mesures_libres",
}

CHAMPS_PERSONNE = (
    {"id": "civilite", "libelle": "Civilité", "type": "choix", "choix": {"M.": "Monsieur", "Mme": "Madame"}, "requis": True},
    {"id": "prenom", "libelle": "Prénom", "type": "texte", "requis": True, "longueur_max": 80},
    {"id": "nom", "libelle": "Nom", "type": "texte", "requis": True, "longueur_max": 80},
)
_CLES = {"id", "libelle", "aide", "type", "requis", "requis_si", "defaut", "choix", "min", "max",
         "longueur_max", "longueur_min", "message", "champs", "exemple", "avance"}


@dataclass
class Question:
    """One question of a questionnaire: stable id, answer path, French label, type and rules."""

    id: str
    chemin: str
    libelle: str
    type: str
    aide: str = ""
    requis: bool = False
    requis_si: str | None = None
    defaut: object = None
    choix: dict[str, str] = field(default_factory=dict)
    min: float | None = None
    max: float | None = None
    longueur_min: int | None = None
    longueur_max: int | None = None
    message: str | None = None
    champs: list["Question"] = field(default_factory=list)
    avance: bool = False  # answers file only: never asked interactively (a correction of reference data)

    @property
    def type_variable(self) -> str:
        return TYPES[self.type]


@dataclass
class Questionnaire:
    """The questions of one type of document, and the answers derived from them."""

    type_document: str
    intitule: str
    questions: list[Question]
    derivees: dict[str, dict]
    fichier: Path

    def parcourir(self):
        """Every question, depth first."""
        stack = list(reversed(self.questions))
        while stack:
            question = stack.pop()
            yield question
            stack.extend(reversed(question.champs))

    def catalogue(self) -> dict[str, str]:
        """Variable path -> type, for questions and derived variables."""
        variables = {q.chemin: q.type_variable for q in self.parcourir()}
        variables.update({path: spec["type"] for path, spec in self.derivees.items()})
        return variables


def _question(raw: dict, parent: str, fichier: Path, problemes: list[Probleme]) -> Question | None:
    where = f"{parent}.{raw.get('id', '?')}" if parent else str(raw.get("id", "?"))
    if not isinstance(raw, dict) or "id" not in raw or "type" not in raw or "libelle" not in raw:
        problemes.append(Probleme(where, "une question doit avoir id, libelle et type"))
        return None
    unknown = set(raw) - _CLES
    if unknown:
        problemes.append(Probleme(where, f"clés inconnues : {', '.join(sorted(unknown))}"))
    if raw["type"] not in TYPES:
        problemes.append(Probleme(where, f"type inconnu, attendu l'un de : {', '.join(TYPES)}", raw["type"]))
        return None
    raw_champs = list(raw.get("champs", []))
    if raw["type"] in ("personne", "personnes"):
        raw_champs = [dict(c) for c in CHAMPS_PERSONNE] + raw_champs
    question = Question(
        id=raw["id"],
        chemin=where,
        libelle=raw["libelle"],
        type=raw["type"],
        aide=raw.get("aide", ""),
        requis=bool(raw.get("requis", False)),
        requis_si=raw.get("requis_si"),
        defaut=raw.get("defaut"),
        choix=dict(raw.get("choix", {})),
        min=raw.get("min"),
        max=raw.get("max"),
        longueur_min=raw.get("longueur_min"),
        longueur_max=raw.get("longueur_max"),
        message=raw.get("message"),
        avance=bool(raw.get("avance", False)),
    )
    if question.type == "choix" and not question.choix:
        problemes.append(Probleme(where, "une question à choix doit lister ses choix"))
    for child in raw_champs:
        built = _question(child, where, fichier, problemes)
        if built is not None:
            question.champs.append(built)
    return question


def charger_questionnaire(type_document: str) -> Questionnaire:
    return _charger_questionnaire(type_document, chemins.cle())


@cache
def _charger_questionnaire(type_document: str, _cle: tuple) -> Questionnaire:
    """Cached per library: the local library may replace a questionnaire."""
    fichier = chemins.questionnaire(type_document)
    if not fichier.exists():
        raise TypeDocumentInconnu(f"aucun questionnaire pour le type de document {type_document!r} ({fichier})")
    raw = lire_ressource(fichier)
    problemes: list[Probleme] = []
    questions = [q for q in (_question(r, "", fichier, problemes) for r in raw.get("questions", [])) if q]
    if problemes:
        raise BibliothequeInvalide(str(fichier), problemes)
    return Questionnaire(
        type_document=raw["type"],
        intitule=raw["intitule"],
        questions=questions,
        derivees=dict(raw.get("derivees", {})),
        fichier=fichier,
    )
