"""Contrat de sécurité intégrée: derived variables (circulaire n° 6258/SG du 16 avril 2021)."""

from __future__ import annotations

from generator import contexte as ctx
from generator.erreurs import Probleme
from generator.referentiel import Referentiel
from generator.toponymie import Toponyme


def deriver(contexte: dict, referentiel: Referentiel) -> None:
    commune = referentiel.commune(contexte["commune"]["code"])
    departement = commune.departement
    contexte["departement"] = ctx.lieu_departement(departement)
    contexte["prefecture"] = ctx.lieu_commune(referentiel.prefecture(departement))
    contexte["epci_associe"] = contexte.get("epci") is not None
    contexte["fsi"] = dict(ctx.FORCES[contexte["territoire"]["forces"] or "police"])

    signature = contexte["signature"]
    place = ctx.lieu_libre(signature["lieu"], referentiel, departement) if signature.get("lieu") else commune.toponyme
    contexte["lieu_signature"] = ctx.lieu(place)
    contexte["annee_fin"], contexte["date_fin_texte"] = ctx.terme_du_contrat(signature["date"], contexte["duree"])

    contexte["signataires"] = _signataires(contexte["signataires"], contexte, departement.toponyme, referentiel)
    contexte["liste_signataires"] = [p for p in contexte["signataires"].values() if p]
    contexte["nombre_exemplaires"] = len(contexte["liste_signataires"])


def problemes(contexte: dict, referentiel: Referentiel) -> list[Probleme]:
    found = []
    epci = contexte.get("epci")
    if epci and contexte["commune"]["code"] not in referentiel.epci(epci["siren"]).membres:
        found.append(Probleme("epci", f"{contexte['commune']['designation']} n'est pas membre de {epci['designation']} "
                                      "(liste DGCL 2026)", epci["siren"]))
    duree, signature = contexte["duree"], contexte["signature"]
    if duree.get("fin") == "date" and duree.get("date_fin") and duree["date_fin"] <= signature["date"]:
        found.append(Probleme("duree.date_fin", "le terme du contrat doit être postérieur à sa signature",
                              duree["date_fin"].isoformat()))
    return found


def _signataires(raw: dict, contexte: dict, departement: Toponyme, referentiel: Referentiel) -> dict:
    procureur = raw["procureur"]
    president = raw.get("president_epci")
    education = raw.get("education")
    out = {
        "prefet": ctx.personne("prefet", raw["prefet"], departement.de),
        "procureur": ctx.personne(
            "procureur", procureur, f"près le tribunal judiciaire {Toponyme.libre(procureur['tribunal']).de}"),
        "maire": ctx.personne("maire", raw["maire"], contexte["commune"]["de"]),
        "president_epci": (ctx.personne("president_epci", president, contexte["epci"]["de"])
                           if president and contexte.get("epci") else None),
        "education": None,
    }
    if education:
        role = education.get("fonction") or "dasen"
        out["education"] = ctx.personne(role, education, ctx.ressort_academique(role, education.get("ressort"), referentiel))
    return out
