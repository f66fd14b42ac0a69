"""Derive the render context from validated answers and reference data.

Answers hold codes ("76351"); clause texts need names with their articles
("la commune du Havre"), the préfecture, gendered titles, the term of the
contract. Everything here is plain data (dicts, strings, dates) so that a
clause sample can give the same shape.
"""

from __future__ import annotations

import copy
import datetime as dt

from generator import arbre, roles, typographie
from generator.referentiel import Commune, Departement, Epci, Referentiel, normaliser_nom
from generator.toponymie import Toponyme

# Years of the general renewal of conseils municipaux: 2020, 2026, 2032…
_RENOUVELLEMENT_REFERENCE = 2026
_MOIS_RENOUVELLEMENT = 3

FORCES = {
    "police": {
        "forces": "la police nationale",
        "services": "la direction départementale de la police nationale",
        "sigles": "DDPN",
    },
    "gendarmerie": {
        "forces": "la gendarmerie nationale",
        "services": "le groupement de gendarmerie départementale",
        "sigles": "GGD",
    },
    "mixte": {
        "forces": "la police nationale et la gendarmerie nationale",
        "services": "la direction départementale de la police nationale et le groupement de gendarmerie départementale",
        "sigles": "DDPN et GGD",
    },
}


def lieu(toponyme: Toponyme, **extra) -> dict:
    return {
        "nom": toponyme.nom,
        "tncc": toponyme.tncc,
        "article_inclus": toponyme.article_inclus,
        "de": toponyme.de,
        "a": toponyme.a,
        "avec_article": toponyme.avec_article,
        **extra,
    }


def lieu_commune(commune: Commune) -> dict:
    return lieu(
        commune.toponyme,
        code=commune.code,
        population=commune.population,
        designation=f"la commune {commune.toponyme.de}",
    )


def lieu_departement(departement: Departement) -> dict:
    return lieu(departement.toponyme, code=departement.code)


def lieu_epci(epci: Epci) -> dict:
    return {
        "siren": epci.siren,
        "nom": epci.nom,
        "nature": epci.libelle_nature,
        "designation": epci.designation,
        "de": f"de {epci.designation}",
        "population": epci.population,
        "membres": len(epci.membres),
    }


def personne(role: str, raw: dict, complement: str) -> dict:
    feminin = roles.est_feminin(raw)
    qualite = roles.qualite(role, raw, complement)
    return {
        **raw,
        "role": role,
        "feminin": feminin,
        "designation": f"{raw['civilite']} {raw['prenom']} {raw['nom']}",
        "qualite": qualite,
        "la_qualite": roles.article_defini(qualite, feminin),
        "titre": roles.titre(role, raw),
        "signature": f"{raw['prenom']} {raw['nom'].upper()}",
    }


def prochain_renouvellement(date: dt.date) -> int:
    """Year of the next general renewal of conseils municipaux after ``date``."""
    year = _RENOUVELLEMENT_REFERENCE + 6 * ((date.year - _RENOUVELLEMENT_REFERENCE) // 6)
    while dt.date(year, _MOIS_RENOUVELLEMENT, 1) <= date:
        year += 6
    return year


def lieu_libre(nom: str, referentiel: Referentiel, departement: Departement) -> Toponyme:
    """A place typed by the user: the commune of that name in the département when there is one."""
    for commune in referentiel.chercher_communes(nom):
        if commune.departement.code == departement.code:
            return commune.toponyme
    return Toponyme.libre(nom)


def designation_communes(communes: list[dict]) -> str:
    """ "la commune du Havre", or "les communes de Mont-Saint-Aignan et de Bois-Guillaume"."""
    if len(communes) == 1:
        return communes[0]["designation"]
    names = [c["de"] for c in communes]
    return "les communes " + ", ".join(names[:-1]) + " et " + names[-1]


def signataire_sans_nom(qualite: str) -> dict:
    """A signature block for an office whose holder is not named (an organisation, an unnamed maire)."""
    return {"la_qualite": qualite, "signature": "", "designation": "", "qualite": qualite}


def maires(personnes: list, communes: list[dict]) -> list[dict]:
    """One maire per commune, in order; a commune without a named maire signs « le maire de X ou son représentant »."""
    out = []
    for index, commune in enumerate(communes):
        if index < len(personnes) and personnes[index]:
            out.append(personne("maire", personnes[index], commune["de"]))
        else:
            out.append(signataire_sans_nom(f"le maire {commune['de']} ou son représentant"))
    return out


def problemes_communes(communes: list[dict], personnes: list, referentiel: Referentiel,
                       champ_communes: str, champ_maires: str) -> list:
    """Communes of one département (one préfet signs); at most one maire per commune."""
    from generator.erreurs import Probleme

    found = []
    if len({referentiel.commune(c["code"]).departement.code for c in communes}) > 1:
        found.append(Probleme(champ_communes, "les communes doivent relever d'un même département (un seul préfet "
                                              "signataire)", ", ".join(c["nom"] for c in communes)))
    if len(personnes or []) > len(communes):
        found.append(Probleme(champ_maires, f"{len(personnes)} maires pour {len(communes)} commune(s) : "
                                            "un maire par commune, dans l'ordre des communes"))
    return found


def transformer(questionnaire, reponses: dict, referentiel: Referentiel) -> dict:
    """Answers with reference-data codes replaced by place dicts, by question type."""
    contexte = copy.deepcopy(reponses)
    for question in questionnaire.parcourir():
        parent, key = arbre.parent(contexte, question.chemin)
        if parent is None or not parent.get(key):
            continue
        value = parent[key]
        if question.type == "commune":
            parent[key] = lieu_commune(referentiel.commune(value))
        elif question.type == "communes":
            parent[key] = [lieu_commune(referentiel.commune(code)) for code in value]
        elif question.type == "departement":
            parent[key] = lieu_departement(referentiel.departement(value))
        elif question.type == "epci":
            parent[key] = lieu_epci(referentiel.epci(value))
    return contexte


def terme_du_contrat(signature: dt.date, duree: dict) -> tuple[int, str]:
    """(year, wording) of the term: a chosen date, or the next municipal renewal."""
    if duree.get("fin") == "date" and duree.get("date_fin"):
        return duree["date_fin"].year, f"jusqu'au {typographie.date_longue(duree['date_fin'])}"
    year = prochain_renouvellement(signature)
    return year, f"jusqu'au prochain renouvellement général des conseils municipaux, prévu en {year}"


def ressort_academique(role: str, ressort: str | None, referentiel: Referentiel) -> str:
    if not ressort:
        return ""
    if role == "recteur":
        return f"de l'académie {Toponyme.libre(ressort).de}" if ressort[:1].lower() in "aeiouyéèê" else f"de l'académie de {ressort}"
    wanted = normaliser_nom(ressort)
    for code in referentiel.codes_departements():
        departement = referentiel.departement(code)
        if normaliser_nom(departement.nom) == wanted:
            return departement.toponyme.de
    return Toponyme.libre(ressort).de
