"""What the three état-major de sécurité documents share: département, préfecture, co-chairs."""

from __future__ import annotations

from generator import contexte as ctx
from generator.referentiel import Referentiel
from generator.toponymie import Toponyme


def deriver_commun(contexte: dict, referentiel: Referentiel) -> None:
    departement = referentiel.departement(contexte["departement"]["code"])
    prefecture = referentiel.prefecture(departement)
    contexte["prefecture"] = ctx.lieu_commune(prefecture)
    contexte["police"] = ctx.police(departement, contexte)
    raw = contexte["signataires"]
    signataires = {"prefet": ctx.prefet(raw["prefet"], departement, referentiel)}
    if raw.get("procureur"):
        procureur = raw["procureur"]
        signataires["procureur"] = ctx.personne(
            "procureur", procureur, f"près le tribunal judiciaire {Toponyme.libre(procureur['tribunal']).de}")
    contexte["signataires"] = signataires
    signature = contexte.get("signature") or {}
    place = ctx.lieu_libre(signature["lieu"], referentiel, departement) if signature.get("lieu") else prefecture.toponyme
    contexte["lieu_signature"] = ctx.lieu(place)


def tribunal_administratif(contexte: dict, referentiel: Referentiel) -> str | None:
    """ "le tribunal administratif de Rouen": the answer, else the court of the département when known."""
    answer = contexte.get("tribunal_administratif")
    if answer:
        return f"le tribunal administratif {Toponyme.libre(answer).de}"
    lookup = getattr(referentiel, "tribunal_administratif", None)
    if lookup is None:
        return None
    found = lookup(referentiel.departement(contexte["departement"]["code"]))
    if not found:
        return None
    name = getattr(found, "nom", found)
    return name if str(name).startswith("le tribunal") else f"le tribunal administratif {Toponyme.libre(str(name)).de}"


def problemes_signataires(contexte: dict, referentiel: Referentiel) -> list:
    """The procureur's tribunal judiciaire lies in the département of the document."""
    return ctx.problemes_signataires(contexte["signataires"], referentiel.departement(contexte["departement"]["code"]),
                                     referentiel)
