"""The questionnaire as web pages, built from the same YAML definitions as the CLI.

One page per top-level group of questions; consecutive simple questions share
a page; the ``mesures`` questions form the last page. A submitted page is
turned back into raw answers (the same shapes as an answers file), so the
same validator checks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.questionnaire.definition import Question, Questionnaire

GROUPES = ("groupe", "personne")
BLOCS = ("personnes", "liste_objets", "mesures_libres")
MESURES = ("mesures", "mesures_motivees", "mesures_libres")
CHOIX_MESURES = ("mesures", "mesures_motivees")  # answered by the measures table
MAX_BLOCS = 60
PARTIES_LIBRES = {"etat": "l'État", "collectivite": "la collectivité", "conjointe": "les parties conjointement"}
CHAMPS_MESURE_LIBRE = (
    Question(id="titre", chemin="titre", libelle="Titre de la mesure", type="texte", longueur_max=300),
    Question(id="partie", chemin="partie", libelle="Partie qui s'engage", type="choix", choix=PARTIES_LIBRES),
    Question(id="texte", chemin="texte", libelle="Texte de l'engagement", type="texte_long"),
)


@dataclass
class Page:
    cle: str
    titre: str
    questions: list[Question]

    @property
    def est_mesures(self) -> bool:
        return all(q.type in MESURES for q in self.questions)

    def contient(self, champ: str) -> bool:
        """Whether a problem's field path (``signataires.maire.nom``, ``fiches[2].titre``) is on this page."""
        head = re.split(r"[.\[]", champ, maxsplit=1)[0]
        return any(q.id == head for q in self.questions)


def pages(questionnaire: Questionnaire) -> list[Page]:
    out: list[Page] = []
    simple: list[Question] = []
    mesures: list[Question] = []

    def flush() -> None:
        if simple:
            out.append(Page(simple[0].id, simple[0].libelle, list(simple)))
            simple.clear()

    for question in questionnaire.questions:
        if getattr(question, "avance", False):
            continue  # answers file only (a correction of reference data), never asked
        if question.type in MESURES:
            mesures.append(question)
        elif question.type in GROUPES or question.type in BLOCS:
            flush()
            out.append(Page(question.id, question.libelle, [question]))
        else:
            simple.append(question)
    flush()
    if mesures:
        out.append(Page("mesures", "Mesures", mesures))
    return out


def ident(chemin: str) -> str:
    """An HTML id for a field path: ``signataires.maire.nom`` -> ``champ-signataires-maire-nom``."""
    return "champ-" + re.sub(r"[^A-Za-z0-9_]+", "-", chemin).strip("-")


# -- posted form -> raw answers ---------------------------------------------------
def _texte(data, nom: str) -> str:
    return (data.get(nom) or "").replace("\r\n", "\n").strip()


def _lignes(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def nombre_de_blocs(data, question: Question, existants: int = 0) -> int:
    try:
        count = int(data.get(f"{question.chemin}.__nombre") or existants)
    except ValueError:
        count = existants
    if data.get("ajouter") == question.chemin:
        count += 1
    return max(0, min(count, MAX_BLOCS))


def lire_question(data, question: Question, chemin: str | None = None):
    """The raw answer of one question from posted data, or None when left empty."""
    chemin = chemin or question.chemin
    kind = question.type
    if kind in GROUPES:
        out = {}
        for child in question.champs:
            value = lire_question(data, child, f"{chemin}.{child.id}")
            if value not in (None, "", [], {}):
                out[child.id] = value
        if kind == "personne" and not question.requis and not (out.get("prenom") or out.get("nom")):
            return None  # an optional signatory left blank (its pre-selected choices are not an answer)
        return out or None
    if kind in BLOCS:
        fields = CHAMPS_MESURE_LIBRE if kind == "mesures_libres" else question.champs
        items = []
        for index in range(1, nombre_de_blocs(data, question) + 1):
            if data.get("retirer") == f"{chemin}[{index}]":
                continue
            item = {}
            for child in fields:
                value = lire_question(data, child, f"{chemin}[{index}].{child.id}")
                if value not in (None, "", [], {}):
                    item[child.id] = value
            if item and not (kind == "mesures_libres" and set(item) == {"partie"}):
                items.append(item)
        return items or None
    if kind in ("liste", "communes"):
        return _lignes(_texte(data, chemin)) or None
    text = _texte(data, chemin)
    return text or None


def lire_page(data, page: Page) -> dict:
    """Raw answers of a page's top-level questions (None: the question was left empty)."""
    return {q.id: lire_question(data, q) for q in page.questions if q.type not in CHOIX_MESURES}


def fusionner(reponses: dict, page_reponses: dict) -> dict:
    """The agreement's answers with this page's replaced; empty answers are removed (defaults apply)."""
    merged = dict(reponses)
    for key, value in page_reponses.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged
