"""What the three état-major de sécurité documents share: département, préfecture, co-chairs."""

from __future__ import annotations

from generator import contexte as ctx
from generator.referentiel import Referentiel
from generator.toponymie import Toponyme


def deriver_commun(contexte: dict, referentiel: Referentiel) -> None:
    departement = referentiel.departement(contexte["departement"]["code"])
    prefecture = referentiel.prefecture(departement)
    contexte["prefecture"] = ctx.lieu_commune(prefecture)
    raw = contexte["signataires"]
    signataires = {"prefet": ctx.personne("prefet", raw["prefet"], departement.toponyme.de)}
    if raw.get("procureur"):
        procureur = raw["procureur"]
        signataires["procureur"] = ctx.personne(
            "procureur", procureur, f"près le tribunal judiciaire {Toponyme.libre(procureur['tribunal']).de}")
    contexte["signataires"] = signataires
    signature = contexte.get("signature") or {}
    place = ctx.lieu_libre(signature["lieu"], referentiel, departement) if signature.get("lieu") else prefecture.toponyme
    contexte["lieu_signature"] = ctx.lieu(place)
