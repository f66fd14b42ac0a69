"""Derive the render context from validated answers and reference data.

Answers hold codes ("76351"); clause texts need names with their articles
("la commune du Havre"), the préfecture, gendered titles, the term of the
contract. Everything here is plain data (dicts, strings, dates) so that a
clause sample can give the same shape.
"""

from __future__ import annotations

import datetime as dt

from generator import arbre, institutions, roles, typographie
from generator.erreurs import ReferentielErreur
from generator.referentiel import Commune, Departement, Epci, Referentiel, normaliser_nom
from generator.toponymie import Toponyme
from generator.accords import nombre

# Years of the general renewal of conseils municipaux: 2020, 2026, 2032…
_RENOUVELLEMENT_REFERENCE = 2026
_MOIS_RENOUVELLEMENT = 3

def forces_securite(kind: str, police: dict, departement: Departement) -> dict:
    """How the State's security forces are named, for ``kind`` police, gendarmerie or mixte.

    The police direction comes from data/referentiel/police-nationale.yaml (DDPN, DIPN…), the
    gendarmerie unit from data/referentiel/gendarmerie.yaml (groupement, or commandement overseas).
    """
    unit = institutions.gendarmerie(departement)
    if kind == "gendarmerie":
        return {"forces": "la gendarmerie nationale", "services": unit.designation, "sigles": unit.type}
    if kind == "mixte":
        return {"forces": "la police nationale et la gendarmerie nationale",
                "services": f"{police['designation']} et {unit.designation}", "sigles": f"{police['sigle']} et {unit.type}"}
    return {"forces": "la police nationale", "services": police["designation"], "sigles": police["sigle"]}


def commandant_gendarmerie(raw: dict, departement: Departement) -> dict:
    """The commander of the département's gendarmerie unit as a signatory (groupement, or commandement overseas)."""
    return personne("commandant_gendarmerie", raw, "", institutions.gendarmerie(departement).commandant)


def police(departement: Departement, reponses: dict) -> dict:
    """The police direction of the département, corrected by the answer ``police_nationale`` when given."""
    return institutions.police(departement, reponses.get("police_nationale")).contexte()


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
        designation=institutions.designation_commune(commune.code, commune.toponyme),
        la=institutions.collectivite_commune(commune.code),  # "la commune", "la Ville de Paris" in the body text
        assemblee=institutions.assemblee_commune(commune.code, commune.toponyme),
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
        "assemblee": institutions.assemblee_epci(epci),
    }


def personne(role: str, raw: dict, complement: str, titres: tuple[str, str] | None = None) -> dict:
    feminin = roles.est_feminin(raw)
    qualite = roles.qualite(role, raw, complement, titres)
    return {
        **raw,
        "role": role,
        "feminin": feminin,
        "designation": f"{raw['civilite']} {raw['prenom']} {raw['nom']}",
        "qualite": qualite,
        "la_qualite": roles.article_defini(qualite, feminin),
        "titre": roles.titre(role, raw, titres),
        "signature": f"{raw['prenom']} {raw['nom'].upper()}",
    }


def prefet(raw: dict, departement: Departement, referentiel: Referentiel) -> dict:
    """The préfet signatory with the full title of formal acts.

    ``qualite`` is "préfète de la région Normandie, préfète de la Seine-Maritime" where the
    regional chef-lieu lies, "préfet de police" in Paris; ``titre_complet`` says the same and
    ``qualite_departementale`` keeps the short form ("préfète de la Seine-Maritime").
    """
    feminin = roles.est_feminin(raw)
    full = institutions.titre_prefet(departement, referentiel, feminin)
    title = roles.titre("prefet", raw)
    out = personne("prefet", raw, full.removeprefix(title).strip())
    out["titre_complet"] = full
    out["qualite_departementale"] = f"{title} {departement.toponyme.de}" if departement.code != "75" else full
    out["du"] = ("de la " if feminin else "du ") + full
    return out


def directeur_police(raw: dict, police_contexte: dict) -> dict:
    """The head of the police direction: "directrice interdépartementale de la police nationale de la Seine-Maritime"."""
    return personne("directeur_police", raw, "", (police_contexte["directeur"], police_contexte["directrice"]))


def prochain_renouvellement(date: dt.date) -> int:
    """Year of the next general renewal of conseils municipaux after ``date``."""
    year = _RENOUVELLEMENT_REFERENCE + 6 * ((date.year - _RENOUVELLEMENT_REFERENCE) // 6)
    while dt.date(year, _MOIS_RENOUVELLEMENT, 1) <= date:
        year += 6
    return year


def lieu_libre(nom: str, referentiel: Referentiel, departement: Departement) -> Toponyme:
    """A place typed by the user: the commune of that name in the département when there is one."""
    for commune in referentiel.chercher_communes(nom, departement.code):
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
        found.append(Probleme(champ_maires, f"{len(personnes)} maires pour {nombre(len(communes), 'commune')} : "
                                            "un maire par commune, dans l'ordre des communes"))
    return found


def transformer(questionnaire, reponses: dict, referentiel: Referentiel) -> dict:
    """Answers with reference-data codes replaced by place dicts, by question type."""
    contexte = arbre.copier(reponses)
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


def ressort_academique(role: str, ressort: str | None, referentiel: Referentiel,
                       departement: Departement | None = None, feminin: bool = False) -> str:
    """What follows the title: for a recteur, "de la région académique Normandie, recteur de l'académie de
    Normandie, chancelier des universités" (data/referentiel/academies.yaml, derived from the commune's
    département when the answer is empty); for a DASEN, "de la Seine-Maritime"."""
    if role == "recteur":
        found = institutions.chercher_academie(ressort) if ressort else None
        if found is None and departement is not None and not ressort:
            found = institutions.academie(departement)
        if found is not None:
            return found.titre_recteur(feminin).split(" ", 1)[1]
        if not ressort:
            return ""
        return f"de l'académie {Toponyme.libre(ressort).de}" if ressort[:1].lower() in "aeiouyéèê" else f"de l'académie de {ressort}"
    if not ressort:
        return departement.toponyme.de if departement is not None else ""
    wanted = normaliser_nom(ressort)
    for code in referentiel.codes_departements():
        departement = referentiel.departement(code)
        if normaliser_nom(departement.nom) == wanted:
            return departement.toponyme.de
    return Toponyme.libre(ressort).de


def problemes_signataires(signataires: dict, departement: Departement, referentiel: Referentiel,
                          champ: str = "signataires") -> list:
    """Signatories consistent with the commune's département (one préfet, one parquet, one academic authority).

    The tribunal judiciaire's seat must be a commune of the département; a DASEN's ressort must
    be the département, a recteur's académie the département's (data/referentiel/academies.yaml);
    the questionnaire derives both when left empty.
    """
    from generator.erreurs import Probleme

    found = []
    procureur = signataires.get("procureur") or {}
    seat = (procureur.get("tribunal") or "").strip()
    if seat and not any(c.departement.code == departement.code for c in referentiel.chercher_communes(seat, departement.code)):
        found.append(Probleme(f"{champ}.procureur.tribunal",
                              f"aucune commune de ce nom dans le département {departement.toponyme.de} : le tribunal "
                              "judiciaire dont le procureur de la République signe doit y avoir son siège", seat))
    education = signataires.get("education") or {}
    ressort = (education.get("ressort") or "").strip()
    if education and (education.get("fonction") or "dasen") == "dasen" and ressort:
        try:
            other = referentiel.resoudre_departement(ressort)
        except ReferentielErreur:
            other = None
        if other is None or other.code != departement.code:
            found.append(Probleme(f"{champ}.education.ressort",
                                  f"le directeur académique des services de l'éducation nationale signataire doit être "
                                  f"celui du département de la commune ({departement.nom})", ressort))
    if education and education.get("fonction") == "recteur" and ressort:
        named, expected = institutions.chercher_academie(ressort), institutions.academie(departement)
        if named is None or named != expected:
            what = "académie inconnue" if named is None else f"l'académie {named.de} ne comprend pas le département"
            found.append(Probleme(f"{champ}.education.ressort",
                                  f"{what} : le recteur signataire doit être celui de l'académie du département "
                                  f"{departement.toponyme.de}, l'académie {expected.de} (laissez vide pour la reprendre)",
                                  ressort))
    return found
