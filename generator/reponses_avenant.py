"""The avenant's own answers: its number, signature, effective date, deliberations, earlier avenants.

These belong to the avenant, not to the contract. The file mirrors the
contract's answers where it can (``signature``, ``signataires.<rôle>.deliberation``)::

    type: avenant
    numero: 2
    signature: {lieu: Le Havre, date: 2027-06-15}
    effet: 2027-07-01
    signataires:
      maire: {deliberation: 2027-05-20}
    avenants_precedents:
      - {numero: 1, date: 2027-02-01}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.erreurs import Probleme, ReponsesInvalides
from generator.lecture import lire_yaml
from generator.questionnaire.validation import lire_date

_CLES = {"type", "numero", "signature", "effet", "signataires", "avenants_precedents"}


@dataclass
class AvenantPrecedent:
    numero: int
    date: dt.date


@dataclass
class ReponsesAvenant:
    numero: int | None = None
    lieu: str | None = None
    date: dt.date | None = None
    effet: dt.date | None = None
    deliberations: dict = field(default_factory=dict)  # same shape as the contract's ``signataires``
    precedents: list[AvenantPrecedent] = field(default_factory=list)


def lire(chemin: Path | None) -> ReponsesAvenant:
    if chemin is None:
        return ReponsesAvenant()
    raw = lire_yaml(chemin)
    return valider(raw if raw is not None else {}, str(chemin))


def valider(raw: object, fichier: str) -> ReponsesAvenant:
    """Validated avenant answers; every problem is listed at once."""
    problems: list[Probleme] = []
    if not isinstance(raw, dict):
        raise ReponsesInvalides(fichier, [Probleme("(fichier)", "les réponses de l'avenant doivent être une suite de « clé: valeur »")])
    for key in sorted(set(raw) - _CLES):
        problems.append(Probleme(key, f"clé inconnue ; clés possibles : {', '.join(sorted(_CLES))}"))
    if raw.get("type") not in (None, "avenant"):
        problems.append(Probleme("type", "attendu « avenant »", raw.get("type")))
    out = ReponsesAvenant()
    out.numero = _entier(raw.get("numero"), "numero", problems)
    signature = raw.get("signature") or {}
    if not isinstance(signature, dict):
        problems.append(Probleme("signature", "attendu lieu et date", signature))
        signature = {}
    out.lieu = str(signature["lieu"]).strip() if signature.get("lieu") else None
    out.date = _date(signature.get("date"), "signature.date", problems)
    out.effet = _date(raw.get("effet"), "effet", problems)
    out.deliberations = _deliberations(raw.get("signataires") or {}, "signataires", problems)
    for index, item in enumerate(raw.get("avenants_precedents") or []):
        where = f"avenants_precedents[{index + 1}]"
        if not isinstance(item, dict):
            problems.append(Probleme(where, "attendu numero et date", item))
            continue
        number = _entier(item.get("numero"), f"{where}.numero", problems)
        date = _date(item.get("date"), f"{where}.date", problems)
        if number is None or date is None:
            problems.append(Probleme(where, "le numéro et la date de signature de l'avenant sont nécessaires au visa"))
        else:
            out.precedents.append(AvenantPrecedent(number, date))
    if out.date and out.effet and out.effet < out.date:
        problems.append(Probleme("effet", "la date d'effet précède la date de signature de l'avenant", raw.get("effet")))
    if problems:
        raise ReponsesInvalides(fichier, problems)
    return out


def _entier(value: object, champ: str, problems: list[Probleme]) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 99:
        problems.append(Probleme(champ, "nombre entier de 1 à 99 attendu", value))
        return None
    return value


def _date(value: object, champ: str, problems: list[Probleme]) -> dt.date | None:
    if value in (None, ""):
        return None
    parsed = lire_date(value)
    if parsed is None:
        problems.append(Probleme(champ, "date invalide, attendu AAAA-MM-JJ ou JJ/MM/AAAA", value))
    return parsed


def _deliberations(node: object, where: str, problems: list[Probleme]) -> object:
    """The ``signataires`` tree reduced to deliberation dates (validated), lists kept by position."""
    if isinstance(node, list):
        return [_deliberations(item, f"{where}[{i + 1}]", problems) for i, item in enumerate(node)]
    if not isinstance(node, dict):
        problems.append(Probleme(where, "attendu, pour chaque signataire, la date de sa délibération", node))
        return {}
    out: dict = {}
    for key, value in node.items():
        path = f"{where}.{key}"
        if key == "deliberation":
            out[key] = _date(value, path, problems)
        elif isinstance(value, (dict, list)):
            out[key] = _deliberations(value, path, problems)
        else:
            problems.append(Probleme(path, "seule la date de délibération (deliberation) se renseigne pour l'avenant", value))
    return out


def appliquer_deliberations(signataires: object, deliberations: object) -> object:
    """The contract's signatories with the avenant's deliberations: the contract's own are dropped."""
    if isinstance(signataires, list):
        extra = deliberations if isinstance(deliberations, list) else []
        return [appliquer_deliberations(s, extra[i] if i < len(extra) else {}) for i, s in enumerate(signataires)]
    if not isinstance(signataires, dict):
        return signataires
    extra = deliberations if isinstance(deliberations, dict) else {}
    out = {}
    for key, value in signataires.items():
        if key == "deliberation":
            continue
        out[key] = appliquer_deliberations(value, extra.get(key, {})) if isinstance(value, (dict, list)) else value
    if "deliberation" in signataires or extra.get("deliberation"):
        out["deliberation"] = extra.get("deliberation")
    return out
