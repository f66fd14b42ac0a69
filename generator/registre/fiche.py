"""What the registry records about one generation, read from its context (no Django here).

A *fiche* is a plain JSON-able dict built where the document is generated (the CLI,
or a batch worker) and handed to the registry services. It names the territory
(communes, EPCI, département, zone), the parties and signatories, the State force,
the dates (signature, diagnostic, term, notice) and the clauses used.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from generator import arbre, chemins
from generator.contexte import _MOIS_RENOUVELLEMENT, prochain_renouvellement
from generator.plan import charger_plan
from generator.questionnaire.definition import charger_questionnaire

_NOMBRES = {"un": 1, "deux": 2, "trois": 3, "quatre": 4, "six": 6, "neuf": 9, "douze": 12, "dix-huit": 18}
_PREAVIS = re.compile(r"préavis\s+(?:\w+\s+){0,3}?d[e'’]\s*(\d+|un|deux|trois|quatre|six|neuf|douze|dix-huit)\s+mois", re.I)
FORCES = {"police", "gendarmerie", "mixte"}


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _iso(value) -> str | None:
    found = _date(value)
    return found.isoformat() if found else None


def ajouter_annees(date: dt.date, annees: int) -> dt.date:
    try:
        return date.replace(year=date.year + annees)
    except ValueError:  # 29 February
        return date.replace(year=date.year + annees, day=28)


def _normaliser(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _territoire(type_document: str, contexte: dict) -> tuple[list[str], list[str], str]:
    """(INSEE codes, SIREN, département) found through the questionnaire's place questions."""
    communes, epcis, departement = [], [], ""
    questionnaire = charger_questionnaire(charger_plan(type_document).questionnaire)
    for question in questionnaire.parcourir():
        value = arbre.lire(contexte, question.chemin)
        if question.type in {"commune", "communes"}:
            for place in value if isinstance(value, list) else [value]:
                if isinstance(place, dict) and place.get("code") and place["code"] not in communes:
                    communes.append(place["code"])
        elif question.type == "epci" and isinstance(value, dict) and value.get("siren"):
            if contexte.get("epci_associe", True):
                epcis.append(value["siren"])
    if isinstance(contexte.get("departement"), dict):
        departement = contexte["departement"].get("code", "")
    return communes, epcis, departement


def _force(contexte: dict) -> str:
    for value in (contexte.get("forces"), arbre.lire(contexte, "territoire.forces")):
        if value in FORCES:
            return value
    return ""


def _preavis(document) -> int | None:
    for bloc in document.blocs():
        for paragraph in bloc.paragraphes:
            found = _PREAVIS.search(paragraph.texte)
            if found:
                word = found.group(1).lower()
                return int(word) if word.isdigit() else _NOMBRES[word]
    return None


def echeance(type_document: str, contexte: dict) -> tuple[dt.date | None, str]:
    """(last day in force or term date, wording) from the answers; the CSI's term is resolved to a date."""
    signature = _date(arbre.lire(contexte, "signature.date"))
    if arbre.lire(contexte, "evenement.fin"):
        return _date(contexte["evenement"]["fin"]), contexte.get("date_fin_texte", "")
    duree = contexte.get("duree")
    if isinstance(duree, dict):
        if duree.get("fin") == "date" and duree.get("date_fin"):
            return _date(duree["date_fin"]), contexte.get("date_fin_texte", "")
        if signature:
            year = prochain_renouvellement(signature)
            return dt.date(year, _MOIS_RENOUVELLEMENT, 1), contexte.get(
                "date_fin_texte", f"jusqu'au renouvellement général des conseils municipaux de {year}")
    if isinstance(duree, int) and duree > 0 and signature:
        return ajouter_annees(signature, duree) - dt.timedelta(days=1), contexte.get("date_fin_texte", "")
    return None, contexte.get("date_fin_texte", "")


def _cle(type_document: str, communes: list[str], epcis: list[str], departement: str, contexte: dict) -> str:
    """What makes two generations versions of the same agreement: type, territory and, for a meeting, its date."""
    parts = [type_document, departement, ",".join(sorted(communes)), ",".join(sorted(epcis))]
    if isinstance(contexte.get("zone"), dict):
        parts.append(_normaliser(contexte["zone"].get("nom", "")))
    for path in ("reunion.date", "semestre.annee", "semestre.numero", "evenement.debut"):
        value = arbre.lire(contexte, path)
        if value:
            parts.append(str(_iso(value) or value))
    return "|".join(parts)


def _clauses(choix: dict) -> list[dict]:
    out = []
    for choice in choix.values():
        if choice.inclus:
            clause = choice.clause
            out.append({"id": clause.id, "version": str(clause.version), "variante_locale": chemins.est_local(clause.fichier)})
    return sorted(out, key=lambda c: c["id"])


def _json(value):
    """Answers made JSON-able (dates as ISO strings, bytes dropped)."""
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items() if not isinstance(v, (bytes, bytearray))}
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value if not isinstance(v, (bytes, bytearray))]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def fiche(type_document: str, reponses: dict, document, choix: dict, contexte: dict) -> dict:
    """The registry's record of one generation (JSON-able)."""
    communes, epcis, departement = _territoire(type_document, contexte)
    term, wording = echeance(type_document, contexte)
    signatories = [{"signataire": s.get("designation") or s.get("qualite", ""), "qualite": s.get("qualite", "")}
                   for s in contexte.get("liste_signataires", []) if isinstance(s, dict)]
    titre = document.proprietes.get("titre", document.intitule)
    zone = contexte["zone"].get("nom", "") if isinstance(contexte.get("zone"), dict) else ""
    if zone and zone not in titre:
        titre = f"{titre} – {zone}"
    return {
        "type_document": type_document,
        "intitule": titre,
        "identifiant": document.proprietes.get("identifiant", ""),
        "uuid": document.proprietes.get("version", ""),
        "brouillon": bool(document.brouillon),
        "clauses": _clauses(choix),
        "departement": departement,
        "communes": communes,
        "epcis": epcis,
        "zone": zone,
        "cle_territoire": _cle(type_document, communes, epcis, departement, contexte),
        "force": _force(contexte),
        "parties": [s.get("la_qualite") or s.get("qualite", "") for s in contexte.get("liste_signataires", [])
                    if isinstance(s, dict)],
        "signataires": signatories,
        "date_signature": _iso(arbre.lire(contexte, "signature.date")),
        "date_diagnostic": _iso(arbre.lire(contexte, "diagnostic.date")),
        "date_echeance": _iso(term),
        "terme": wording,
        "preavis_mois": _preavis(document),
        "date_reunion": _iso(arbre.lire(contexte, "reunion.date")) if type_document.startswith("ems-") else None,
        "reponses": _json(reponses),
    }


def fiche_resultat(type_document: str, reponses: dict, resultat) -> dict:
    """The fiche of a :class:`generation.Resultat`."""
    return fiche(type_document, reponses, resultat.document, resultat.choix, resultat.contexte)
