"""Contrat local de sécurité: derived variables (circulaire du 16 octobre 2000)."""

from __future__ import annotations

from generator import contexte as ctx
from generator import typographie
from generator.erreurs import Probleme
from generator.questionnaire.definition import charger_questionnaire
from generator.referentiel import Referentiel
from generator.toponymie import Toponyme

_PROXIMITE = {"police": "la police de proximité", "gendarmerie": "les brigades territoriales de gendarmerie"}
_PERIODICITES = {"trimestrielle": "chaque trimestre", "semestrielle": "chaque semestre"}


def deriver(contexte: dict, referentiel: Referentiel) -> None:
    communes = contexte["communes"]
    principale = referentiel.commune(communes[0]["code"])
    departement = principale.departement
    contexte["commune_principale"] = communes[0]
    contexte["departement"] = ctx.lieu_departement(departement)
    contexte["prefecture"] = ctx.lieu_commune(referentiel.prefecture(departement))
    contexte["communes_texte"] = ctx.designation_communes(communes)
    contexte["fsi"] = {**{k: v for k, v in ctx.FORCES[contexte["forces"]].items()}, "proximite": _PROXIMITE[contexte["forces"]]}

    raw = contexte["signataires"]
    prefet = ctx.personne("prefet", raw["prefet"], departement.toponyme.de)
    procureur = raw["procureur"]
    signataires = {
        "prefet": prefet,
        "procureur": ctx.personne("procureur", procureur,
                                  f"près le tribunal judiciaire {Toponyme.libre(procureur['tribunal']).de}"),
        "maires": ctx.maires(list(raw.get("maires") or []), communes),
    }
    contexte["signataires"] = signataires
    contexte["liste_signataires"] = [signataires["prefet"], signataires["procureur"], *signataires["maires"]]
    contexte["nombre_exemplaires"] = len(contexte["liste_signataires"])

    pilotage = contexte["pilotage"]
    if pilotage.get("presidence") == "sous_prefet" and pilotage.get("sous_prefet"):
        contexte["presidence_texte"] = f"{pilotage['sous_prefet']}, par délégation {_du(prefet)}"
    else:
        contexte["presidence_texte"] = prefet["la_qualite"]
    contexte["periodicite_texte"] = _PERIODICITES[pilotage.get("periodicite") or "trimestrielle"]

    fiches = next(q for q in charger_questionnaire("cls").questions if q.id == "fiches")
    contexte["themes"] = dict(next(c for c in fiches.champs if c.id == "theme").choix)
    contexte["fiches_par_secteur"] = [
        {"secteur": secteur,
         "fiches": [{"numero": rank, "titre": fiche["titre"]} for rank, fiche in enumerate(contexte["fiches"], start=1)
                    if not fiche.get("secteurs") or secteur in fiche["secteurs"]]}
        for secteur in contexte["secteurs"]
    ]
    years = contexte["duree"] or 3
    contexte["date_fin_texte"] = f"pour une durée de {typographie.en_lettres(years)} an{'s' if years > 1 else ''}"
    signature = contexte["signature"]
    place = ctx.lieu_libre(signature["lieu"], referentiel, departement) if signature.get("lieu") else principale.toponyme
    contexte["lieu_signature"] = ctx.lieu(place)


def _du(prefet: dict) -> str:
    """ "du préfet de la Seine-Maritime" / "de la préfète …"."""
    return ("de la " if prefet["feminin"] else "du ") + prefet["qualite"]


def problemes(contexte: dict, referentiel: Referentiel) -> list[Probleme]:
    found = ctx.problemes_communes(contexte["communes"], contexte["signataires"].get("maires"), referentiel,
                                   "communes", "signataires.maires")
    known = set(contexte["secteurs"])
    for rank, fiche in enumerate(contexte["fiches"], start=1):
        for index, secteur in enumerate(fiche.get("secteurs") or [], start=1):
            if secteur not in known:
                found.append(Probleme(f"fiches[{rank}].secteurs[{index}]",
                                      f"secteur absent de la liste des secteurs du contrat ({', '.join(known)})", secteur))
    return found
