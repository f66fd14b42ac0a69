"""The measures page: every measure of the type, grouped by party and volet.

Socle measures are pre-selected and marked; setting one aside needs the
reason the circular's « à étudier » allows (``mesures_ecartees`` items
``{id, motif}``). Optional measures are retained, set aside after study, or
left unexamined. The page turns back into the ``mesures_retenues`` and
``mesures_ecartees`` answers, checked by the same validator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator import bibliotheque
from generator.bibliotheque import Clause
from generator.erreurs import Probleme
from generator.questionnaire.definition import Questionnaire

PARTIES = {"etat": "Engagements de l'État", "collectivite": "Engagements de la collectivité",
           "conjointe": "Engagements partagés"}
RETENUE, ECARTEE, MAINTENUE = "retenue", "ecartee", "maintenue"


@dataclass
class LigneMesure:
    clause: Clause
    etat: str
    motif: str = ""
    erreurs: list[str] = field(default_factory=list)

    @property
    def socle(self) -> bool:
        return self.clause.obligatoire

    @property
    def socle_conditionnel(self) -> bool:
        return not self.clause.obligatoire and self.clause.obligatoire_si is not None

    @property
    def texte(self) -> str:
        return self.clause.exemples[0].attendu if self.clause.exemples else self.clause.texte


@dataclass
class GroupeMesures:
    titre: str
    lignes: list[LigneMesure]


def mesurables(type_document: str) -> list[Clause]:
    """Measures the user decides on: not structural, not included by a rule on figures."""
    return [c for c in bibliotheque.charger().pour_type(type_document)
            if c.nature != "structure" and c.inclure_si is None]


def _ids(items) -> dict[str, str]:
    out = {}
    for item in items or []:
        if isinstance(item, dict):
            out[str(item.get("id") or "")] = str(item.get("motif") or "")
        else:
            clause_id, _, motif = str(item).partition(":")
            out[clause_id.strip()] = motif.strip()
    return out


def _erreurs(index_par_id: dict[str, int], problemes: list[Probleme]) -> tuple[dict[str, list[str]], list[Probleme]]:
    by_clause: dict[str, list[str]] = {}
    rest = []
    for probleme in problemes:
        found = re.match(r"^mesures_(retenues|ecartees)\[(\d+)\]", probleme.champ)
        clause_id = index_par_id.get(f"{found.group(1)}:{found.group(2)}") if found else None
        if clause_id is None:
            rest.append(probleme)
            continue
        message = probleme.message.split(" : écrivez")[0]
        if probleme.champ.endswith(".motif"):
            message = "indiquez le motif pour lequel cette mesure du socle est écartée — " + message
        by_clause.setdefault(clause_id, []).append(message)
    return by_clause, rest


def groupes(type_document: str, reponses: dict, problemes: list[Probleme]) -> tuple[list[GroupeMesures], list[Probleme]]:
    """Measures by party and volet with their current state, and the problems not tied to one measure."""
    volets = bibliotheque.charger().volets
    retained = [str(i) for i in reponses.get("mesures_retenues") or []]
    dropped = _ids(reponses.get("mesures_ecartees"))
    index = {f"retenues:{i}": cid for i, cid in enumerate(retained, start=1)}
    index.update({f"ecartees:{i}": cid for i, cid in enumerate(dropped, start=1)})
    errors, rest = _erreurs(index, problemes)
    grouped: dict[tuple, list[LigneMesure]] = {}
    for clause in mesurables(type_document):
        if clause.id in dropped:
            state = ECARTEE
        elif clause.obligatoire:
            state = MAINTENUE
        else:
            state = RETENUE if clause.id in retained else ""
        key = (list(PARTIES).index(clause.partie) if clause.partie in PARTIES else 9,
               (volets.get(clause.volet) or {}).get("ordre", 99), clause.partie, clause.volet)
        grouped.setdefault(key, []).append(
            LigneMesure(clause, state, dropped.get(clause.id, ""), errors.get(clause.id, [])))
    out = []
    for (_, _, partie, volet), lines in sorted(grouped.items()):
        title = f"{PARTIES.get(partie, partie)} — {(volets.get(volet) or {}).get('intitule', volet)}"
        lines.sort(key=lambda line: (not line.socle, line.clause.ordre, line.clause.mesure or "", line.clause.id))
        out.append(GroupeMesures(title, lines))
    return out, rest


def lire(data, type_document: str, questionnaire: Questionnaire) -> dict:
    """``mesures_retenues`` and ``mesures_ecartees`` from the posted page."""
    motivated = any(q.id == "mesures_ecartees" and q.type == "mesures_motivees" for q in questionnaire.questions)
    retained, dropped = [], []
    for clause in mesurables(type_document):
        state = data.get(f"mesure.{clause.id}", "")
        motif = (data.get(f"motif.{clause.id}") or "").replace("\r\n", "\n").strip()
        if state == RETENUE and not clause.obligatoire:
            retained.append(clause.id)
        elif state == ECARTEE:
            dropped.append({"id": clause.id, **({"motif": motif} if motif else {})} if motivated else clause.id)
    return {"mesures_retenues": retained or None, "mesures_ecartees": dropped or None}
