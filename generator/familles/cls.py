"""Contrat local de sécurité: derived variables (circulaire du 16 octobre 2000)."""

from __future__ import annotations

from generator import contexte as ctx
from generator import roles, typographie
from generator.erreurs import Probleme
from generator.familles import deliberations
from generator.questionnaire.definition import charger_questionnaire
from generator.referentiel import Referentiel
from generator.toponymie import Toponyme

_PROXIMITE = {"police": "les services de la police nationale", "gendarmerie": "les brigades territoriales de gendarmerie"}
_PERIODICITES = {"trimestrielle": "chaque trimestre", "semestrielle": "chaque semestre"}


def deriver(contexte: dict, referentiel: Referentiel) -> None:
    communes = contexte["communes"]
    principale = referentiel.commune(communes[0]["code"])
    departement = principale.departement
    contexte["commune_principale"] = communes[0]
    contexte["departement"] = ctx.lieu_departement(departement)
    contexte["prefecture"] = ctx.lieu_commune(referentiel.prefecture(departement))
    contexte["communes_texte"] = ctx.designation_communes(communes)
    contexte["police"] = ctx.police(departement, contexte)
    contexte["fsi"] = {**ctx.forces_securite(contexte["forces"], contexte["police"], departement),
                       "proximite": _PROXIMITE[contexte["forces"]]}
    contexte["tribunal_administratif"] = referentiel.tribunal_administratif(departement)
    _signataires(contexte, referentiel, departement)
    clspd = contexte.get("clspd") or {}
    contexte["clspd_nom"] = clspd.get("nom") or (
        f"conseil local de sécurité et de prévention de la délinquance {communes[0]['de']}" if len(communes) == 1
        else "conseil intercommunal de sécurité et de prévention de la délinquance")
    _pilotage(contexte)
    _fiches(contexte)
    years = contexte["duree"] or 3
    contexte["date_fin_texte"] = f"pour une durée de {typographie.en_lettres(years)} an{'s' if years > 1 else ''}"
    signature = contexte["signature"]
    place = ctx.lieu_libre(signature["lieu"], referentiel, departement) if signature.get("lieu") else principale.toponyme
    contexte["lieu_signature"] = ctx.lieu(place)


def _signataires(contexte: dict, referentiel: Referentiel, departement) -> None:
    """Préfet, procureur, the académie's authority if associated, and each maire with its council's deliberation."""
    communes = contexte["communes"]
    raw = contexte["signataires"]
    procureur = raw["procureur"]
    signataires = {
        "prefet": ctx.prefet(raw["prefet"], departement, referentiel),
        "procureur": ctx.personne("procureur", procureur,
                                  f"près le tribunal judiciaire {Toponyme.libre(procureur['tribunal']).de}"),
        "maires": ctx.maires(list(raw.get("maires") or []), communes),
        "education": None,
    }
    education = raw.get("education")
    if education:
        role = education.get("fonction") or "dasen"
        ressort = education.get("ressort") or (departement.nom if role == "dasen" else None)
        signataires["education"] = ctx.personne(role, education, ctx.ressort_academique(
            role, ressort, referentiel, departement, roles.est_feminin(education)))
    contexte["signataires"] = signataires
    contexte["_deliberations_saisies"] = list(raw.get("deliberations") or [])
    contexte["deliberations"] = deliberations.par_commune(communes, raw.get("deliberations"))
    deliberations.rattacher(signataires["maires"], contexte["deliberations"])
    etat = [signataires["prefet"], signataires["procureur"]] + ([signataires["education"]] if education else [])
    contexte["liste_signataires"] = [*etat, *signataires["maires"]]
    contexte["nombre_exemplaires"] = len(contexte["liste_signataires"])


def _pilotage(contexte: dict) -> None:
    """Who chairs the steering committee (the préfet, or a sous-préfet by delegation) and how often it meets."""
    pilotage = contexte["pilotage"]
    prefet = contexte["signataires"]["prefet"]
    if pilotage.get("presidence") == "sous_prefet" and pilotage.get("sous_prefet"):
        contexte["presidence_texte"] = f"{pilotage['sous_prefet']}, par délégation {_du(prefet)}"
    else:
        contexte["presidence_texte"] = prefet["la_qualite"]
    contexte["periodicite_texte"] = _PERIODICITES[pilotage.get("periodicite") or "trimestrielle"]


def _fiches(contexte: dict) -> None:
    """The themes' labels, and the action sheets that apply to each sector or quarter, numbered."""
    fiches = next(q for q in charger_questionnaire("cls").questions if q.id == "fiches")
    contexte["themes"] = dict(next(c for c in fiches.champs if c.id == "theme").choix)
    contexte["fiches_par_secteur"] = [
        {"secteur": secteur,
         "fiches": [{"numero": rank, "titre": fiche["titre"]} for rank, fiche in enumerate(contexte["fiches"], start=1)
                    if not fiche.get("secteurs") or secteur in fiche["secteurs"]]}
        for secteur in contexte["secteurs"]
    ]


def _du(prefet: dict) -> str:
    """ "du préfet de la Seine-Maritime" / "de la préfète de la région Normandie, préfète de la Seine-Maritime"."""
    return prefet["du"]


def problemes(contexte: dict, referentiel: Referentiel) -> list[Probleme]:
    found = ctx.problemes_communes(contexte["communes"], contexte["signataires"].get("maires"), referentiel,
                                   "communes", "signataires.maires")
    found += ctx.problemes_signataires(contexte["signataires"],
                                       referentiel.commune(contexte["communes"][0]["code"]).departement, referentiel)
    found += deliberations.problemes(contexte["communes"], contexte.get("_deliberations_saisies"), "signataires.deliberations")
    known = set(contexte["secteurs"])
    for rank, fiche in enumerate(contexte["fiches"], start=1):
        for index, secteur in enumerate(fiche.get("secteurs") or [], start=1):
            if secteur not in known:
                found.append(Probleme(f"fiches[{rank}].secteurs[{index}]",
                                      f"secteur absent de la liste des secteurs du contrat ({', '.join(known)})", secteur))
    return found
