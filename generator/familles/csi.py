"""Contrat de sécurité intégrée: derived variables (circulaire n° 6258/SG du 16 avril 2021)."""

from __future__ import annotations

from generator import contexte as ctx
from generator import roles, typographie
from generator.erreurs import Probleme
from generator.referentiel import Departement, Referentiel
from generator.toponymie import Toponyme


def deriver(contexte: dict, referentiel: Referentiel) -> None:
    commune = referentiel.commune(contexte["commune"]["code"])
    departement = commune.departement
    contexte["departement"] = ctx.lieu_departement(departement)
    contexte["prefecture"] = ctx.lieu_commune(referentiel.prefecture(departement))
    contexte["epci_associe"] = contexte.get("epci") is not None
    contexte["police"] = ctx.police(departement, contexte)
    contexte["fsi"] = ctx.forces_securite(contexte["territoire"]["forces"] or "police", contexte["police"], departement)
    contexte["tribunal_administratif"] = referentiel.tribunal_administratif(departement)

    signature = contexte["signature"]
    place = ctx.lieu_libre(signature["lieu"], referentiel, departement) if signature.get("lieu") else commune.toponyme
    contexte["lieu_signature"] = ctx.lieu(place)
    contexte["annee_fin"], contexte["date_fin_texte"] = ctx.terme_du_contrat(signature["date"], contexte["duree"])

    contexte["signataires"] = _signataires(contexte["signataires"], contexte, departement, referentiel)
    contexte["liste_signataires"] = [p for p in contexte["signataires"].values() if p]
    contexte["nombre_exemplaires"] = len(contexte["liste_signataires"])
    contexte["delai_contrat"] = delai_contrat((contexte.get("calendrier") or {}).get("delai_mois"))


def delai_contrat(mois: int | None) -> str:
    """The deadline the parties chose for the conventions and designations the contract provides, or none."""
    if not mois:
        return ""
    return f"dans un délai de {typographie.en_lettres(mois)} mois à compter de la signature du présent contrat"


def problemes(contexte: dict, referentiel: Referentiel) -> list[Probleme]:
    found = []
    epci = contexte.get("epci")
    if epci and contexte["commune"]["code"] not in referentiel.epci(epci["siren"]).membres:
        found.append(Probleme("epci", f"{contexte['commune']['designation']} n'est pas membre de {epci['designation']} "
                                      "(liste DGCL 2026)", epci["siren"]))
    found += ctx.problemes_signataires(contexte["signataires"], referentiel.commune(contexte["commune"]["code"]).departement,
                                       referentiel)
    duree, signature = contexte["duree"], contexte["signature"]
    if duree.get("fin") == "date" and duree.get("date_fin") and duree["date_fin"] <= signature["date"]:
        found.append(Probleme("duree.date_fin", "le terme du contrat doit être postérieur à sa signature",
                              duree["date_fin"].isoformat()))
    return found


def _signataires(raw: dict, contexte: dict, departement: Departement, referentiel: Referentiel) -> dict:
    procureur = raw["procureur"]
    president = raw.get("president_epci")
    education = raw.get("education")
    out = {
        "prefet": ctx.prefet(raw["prefet"], departement, referentiel),
        "procureur": ctx.personne(
            "procureur", procureur, f"près le tribunal judiciaire {Toponyme.libre(procureur['tribunal']).de}"),
        "maire": ctx.personne("maire", raw["maire"], contexte["commune"]["de"]),
        "president_epci": (ctx.personne("president_epci", president, contexte["epci"]["de"])
                           if president and contexte.get("epci") else None),
        "education": None,
    }
    if education:
        role = education.get("fonction") or "dasen"
        out["education"] = ctx.personne(role, education, ctx.ressort_academique(
            role, education.get("ressort"), referentiel, departement, roles.est_feminin(education)))
    return out


def avertissements(contexte: dict) -> list[str]:
    """A socle measure set aside after study does not lift an obligation the law imposes on the commune."""
    from generator.selection import ecartements

    ecartees = ecartements(contexte)
    commune, territoire = contexte["commune"], contexte.get("territoire") or {}
    found = []
    if "csi_coll_prev_clspd" in ecartees and not territoire.get("cispd") and (
            commune["population"] > 5000 or territoire.get("qpv")):
        found.append("la mesure csi_coll_prev_clspd est écartée du contrat, mais le conseil local de sécurité et de "
                     "prévention de la délinquance reste obligatoire pour la commune (article L. 132-4 du code de la "
                     "sécurité intérieure : plus de 5 000 habitants ou quartier prioritaire de la politique de la ville)")
    if "csi_coll_prev_cddf" in ecartees and commune["population"] > 50000:
        found.append("la mesure csi_coll_prev_cddf est écartée du contrat, mais la création d'un conseil pour les droits "
                     "et devoirs des familles reste obligatoire pour la commune (article L. 141-1 du code de l'action "
                     "sociale et des familles : plus de 50 000 habitants)")
    return found

