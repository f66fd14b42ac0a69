"""Private parties of a CLCS: donneurs d'ordre and security providers, identified as a jurist drafts them.

Each organisation is described once under ``organismes`` (name, legal form, registered
office, SIREN, representative, CNAPS authorisation for providers); ``donneurs_ordre`` and
``prestataires`` name the organisations that are parties to the convention (a batch row
names them, the shared answers file describes them). This module writes the identification
sentence ("La société X, société par actions simplifiée, dont le siège est situé …,
immatriculée sous le n° SIREN …, représentée par M. …, président,") and the signature block
("Pour la société X, le président,").
"""

from __future__ import annotations

import re

from generator import roles
from generator.erreurs import Probleme

# legal form -> (wording in the identification sentence, head noun of the designation, feminine head,
#                SIREN verb: registered companies are "immatriculées", others "identifiées")
FORMES = {
    "sa": ("société anonyme", "société", True, "immatriculé"),
    "sas": ("société par actions simplifiée", "société", True, "immatriculé"),
    "sasu": ("société par actions simplifiée unipersonnelle", "société", True, "immatriculé"),
    "sarl": ("société à responsabilité limitée", "société", True, "immatriculé"),
    "eurl": ("entreprise unipersonnelle à responsabilité limitée", "société", True, "immatriculé"),
    "snc": ("société en nom collectif", "société", True, "immatriculé"),
    "sem": ("société d'économie mixte", "société", True, "immatriculé"),
    "gie": ("groupement d'intérêt économique", "groupement d'intérêt économique", False, "immatriculé"),
    "association": ("association régie par la loi du 1er juillet 1901", "association", True, "identifié"),
    "association_locale": ("association inscrite de droit local", "association", True, "identifié"),
    "epic": ("établissement public à caractère industriel et commercial", "établissement public", False, "immatriculé"),
    "autre": ("", "", True, "identifié"),
}
# A name that begins with its own head noun is designated with an article only: "le Centre commercial des Coquets".
_NOMS_COMMUNS = {
    "association": True, "société": True, "centre": False, "comité": False, "groupement": False, "syndicat": False,
    "fédération": True, "union": True, "chambre": True, "office": False, "régie": True, "compagnie": True,
    "établissement": False, "fondation": True, "mutuelle": True, "coopérative": True, "club": False,
    "cercle": False, "collectif": False, "maison": True, "institut": False, "agence": True, "caisse": True,
}
# Masculine capacity -> feminine, word by word ("directeur général" -> "directrice générale").
_FEMININS = {"président": "présidente", "directeur": "directrice", "gérant": "gérante", "général": "générale",
             "délégué": "déléguée", "administrateur": "administratrice", "cogérant": "cogérante",
             "vice-président": "vice-présidente", "secrétaire": "secrétaire", "adjoint": "adjointe"}
_LA_POSTE = "356000000"  # the one SIREN that does not follow the Luhn key (its digits sum to a multiple of 5)


def siren_valide(siren: str) -> bool:
    """Nine digits whose Luhn key is right (INSEE rule), La Poste's historical exception included."""
    if not re.fullmatch(r"\d{9}", siren):
        return False
    if siren == _LA_POSTE:
        return True
    total = 0
    for index, char in enumerate(siren):
        digit = int(char) * (2 if index % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


def normaliser_siren(raw: object) -> str:
    return re.sub(r"[\s\u00a0\u202f.]", "", str(raw or ""))


def siren_lisible(siren: str) -> str:
    """ "542 051 180"."""
    return f"{siren[:3]} {siren[3:6]} {siren[6:]}" if len(siren) == 9 else siren


def _cle(nom: str) -> str:
    return " ".join(str(nom).split()).casefold()


def _article(mot: str, feminin: bool) -> str:
    return "l'" if mot[:1].lower() in "aeiouyéèêh" else ("la " if feminin else "le ")


def _designation(organisme: dict) -> tuple[str, bool]:
    """("la société Logistique Normande", feminine?) or ("l'Association des entreprises …", True)."""
    nom = " ".join(str(organisme["nom"]).split())
    first = nom.split(" ", 1)[0].casefold()
    if first in _NOMS_COMMUNS:
        feminin = _NOMS_COMMUNS[first]
        return f"{_article(nom, feminin)}{nom}", feminin
    _, tete, feminin, _ = FORMES.get(organisme.get("forme") or "autre", FORMES["autre"])
    if not tete:
        return nom, True
    return f"{_article(tete, feminin)}{tete} {nom}", feminin


def qualite_representant(qualite: str, feminin: bool) -> str:
    words = str(qualite).strip().split()
    if feminin:
        words = [_FEMININS.get(word.casefold(), word) for word in words]
    return " ".join(words)


def decrire(organisme: dict, prestataire: bool) -> dict:
    """Everything a clause needs about one organisation: designation, identification, signature block."""
    forme, _, _, verbe = FORMES.get(organisme.get("forme") or "autre", FORMES["autre"])
    if organisme.get("forme") == "autre" and organisme.get("forme_libre"):
        forme = str(organisme["forme_libre"]).strip()
    designation, feminin = _designation(organisme)
    accord = "e" if feminin else ""
    representant = organisme.get("representant") or {}
    rep_feminin = roles.est_feminin(representant)
    capacite = qualite_representant(representant.get("qualite") or "représentant légal", rep_feminin)
    nom_rep = f"{representant.get('civilite', '')} {representant.get('prenom', '')} {representant.get('nom', '')}".strip()
    siren = normaliser_siren(organisme.get("siren"))
    parts = [designation[:1].upper() + designation[1:]]
    if forme:
        parts.append(forme)
    parts.append(f"dont le siège est situé {str(organisme.get('siege') or '').strip()}")
    parts.append(f"{verbe}{accord} sous le n° SIREN {siren_lisible(siren)}")
    if prestataire and organisme.get("cnaps"):
        parts.append(f"titulaire de l'autorisation d'exercice n° {str(organisme['cnaps']).strip()} délivrée par le "
                     "Conseil national des activités privées de sécurité")
    parts.append(f"représenté{accord} par {nom_rep}, {capacite}")
    return {
        "nom": organisme["nom"],
        "designation": designation,
        "feminin": feminin,
        "identification": ", ".join(parts) + ",",
        "representant": {**representant, "designation": nom_rep, "qualite": capacite, "feminin": rep_feminin},
        "prestataire": prestataire,
        # signature block: "Pour la société X, le président," over "Paul GIRARD"
        "la_qualite": f"pour {designation}, {roles.article_defini(capacite, rep_feminin)}",
        "qualite": f"{capacite} {_de(designation)}",
        "signature": f"{representant.get('prenom', '')} {str(representant.get('nom', '')).upper()}".strip(),
    }


def _de(designation: str) -> str:
    """ "de la société X", "du Centre commercial", "de l'Association …"."""
    if designation.startswith("le "):
        return "du " + designation[3:]
    if designation.startswith("les "):
        return "des " + designation[4:]
    return "de " + designation


def parties_privees(contexte: dict) -> tuple[list[dict], list[dict]]:
    """(donneurs d'ordre, prestataires) described, in the order the answers name them; unknown names skipped."""
    by_name = {_cle(o["nom"]): o for o in contexte.get("organismes") or [] if o and o.get("nom")}
    donneurs = [decrire(by_name[_cle(n)], False) for n in contexte.get("donneurs_ordre") or [] if _cle(n) in by_name]
    prestataires = [decrire(by_name[_cle(n)], True) for n in contexte.get("prestataires") or [] if _cle(n) in by_name]
    return donneurs, prestataires


def problemes(contexte: dict) -> list[Probleme]:
    """Every party named is identified; SIREN keys are right; providers hold a CNAPS authorisation."""
    found = []
    organismes = contexte.get("organismes") or []
    by_name: dict[str, int] = {}
    for rank, organisme in enumerate(organismes, start=1):
        if not organisme:
            continue
        where = f"organismes[{rank}]"
        key = _cle(organisme.get("nom") or "")
        if key in by_name:
            found.append(Probleme(f"{where}.nom", f"organisme déjà décrit en organismes[{by_name[key]}]", organisme.get("nom")))
        by_name[key] = rank
        siren = normaliser_siren(organisme.get("siren"))
        if siren and not siren_valide(siren):
            reason = ("9 chiffres attendus" if not re.fullmatch(r"\d{9}", siren)
                      else "la clé de contrôle est fausse (algorithme de Luhn) : vérifiez le numéro sur l'avis de situation SIRENE")
            found.append(Probleme(f"{where}.siren", f"numéro SIREN invalide, {reason}", organisme.get("siren")))
        if organisme.get("forme") == "autre" and not organisme.get("forme_libre"):
            found.append(Probleme(f"{where}.forme_libre", "précisez la forme juridique (forme « autre »)"))
    for champ in ("donneurs_ordre", "prestataires"):
        for index, nom in enumerate(contexte.get(champ) or [], start=1):
            rank = by_name.get(_cle(nom))
            if rank is None:
                found.append(Probleme(f"{champ}[{index}]", "organisme non identifié : décrivez-le sous « organismes » (nom, "
                                      "forme juridique, siège, SIREN, représentant)", nom))
            elif champ == "prestataires" and not (organismes[rank - 1].get("cnaps") or "").strip():
                found.append(Probleme(f"organismes[{rank}].cnaps", "un prestataire de sécurité privée indique le numéro de "
                                      "l'autorisation d'exercice délivrée par le CNAPS (article L. 612-9 du code de la "
                                      "sécurité intérieure)", nom))
    return found
