"""Convention locale de coopération de sécurité: derived variables (circulaire du 5 janvier 2016)."""

from __future__ import annotations

from generator import contexte as ctx
from generator import typographie
from generator.questionnaire.definition import charger_questionnaire
from generator.erreurs import Probleme
from generator.referentiel import Referentiel

FORCES = {
    "police": {**ctx.FORCES["police"], "agents": "les policiers", "role": "directeur_police"},
    "gendarmerie": {**ctx.FORCES["gendarmerie"], "agents": "les gendarmes", "role": "commandant_gendarmerie"},
}


def deriver(contexte: dict, referentiel: Referentiel) -> None:
    communes = contexte["zone"]["communes"]
    principale = referentiel.commune(communes[0]["code"])
    departement = principale.departement
    contexte["commune_principale"] = communes[0]
    contexte["departement"] = ctx.lieu_departement(departement)
    prefecture = referentiel.prefecture(departement)
    contexte["prefecture"] = ctx.lieu_commune(prefecture)
    contexte["communes_texte"] = ctx.designation_communes(communes)
    contexte["zone"]["libelle_nature"] = _libelle_nature(contexte["zone"]["nature"])
    forces = FORCES[contexte["forces"]]
    contexte["fsi"] = {k: v for k, v in forces.items() if k != "role"}

    evenement = contexte.get("evenement") or {}
    contexte["evenement_temporaire"] = contexte["zone"]["nature"] == "evenement"
    contexte["dates_evenement"] = _periode(evenement.get("debut"), evenement.get("fin")) if contexte["evenement_temporaire"] else ""
    if contexte["evenement_temporaire"]:
        contexte["date_fin_texte"] = f"jusqu'au {typographie.date_longue(evenement['fin'])} inclus"
    else:
        years = contexte["duree"] or 3
        contexte["date_fin_texte"] = f"pour une durée de {typographie.en_lettres(years)} an{'s' if years > 1 else ''}"

    existing = contexte.get("conventions_existantes") or {}
    contexte["conventions_a_articuler"] = [
        text for date, text in (
            (existing.get("coordination"), "la convention de coordination entre la police municipale et les forces de sécurité de l'État"),
            (existing.get("grands_espaces"), "la convention relative à la sécurisation des grands espaces commerciaux"),
        ) if date
        for text in [f"{text} du {typographie.date_longue(date)}"]
    ]

    signature = contexte["signature"]
    place = ctx.lieu_libre(signature["lieu"], referentiel, departement) if signature.get("lieu") else prefecture.toponyme
    contexte["lieu_signature"] = ctx.lieu(place)

    raw = contexte["signataires"]
    signataires = {
        "prefet": ctx.personne("prefet", raw["prefet"], departement.toponyme.de),
        "chef_fsi": ctx.personne(forces["role"], raw["chef_fsi"], departement.toponyme.de),
        "maires": ctx.maires(list(raw.get("maires") or []), communes),
    }
    contexte["signataires"] = signataires
    organisations = [ctx.signataire_sans_nom(f"pour {nom}, son représentant légal") for nom in
                     list(contexte["donneurs_ordre"]) + list(contexte.get("prestataires") or [])]
    contexte["liste_signataires"] = [signataires["prefet"], signataires["chef_fsi"], *signataires["maires"], *organisations]
    contexte["nombre_exemplaires"] = len(contexte["liste_signataires"])


def problemes(contexte: dict, referentiel: Referentiel) -> list[Probleme]:
    communes = contexte["zone"]["communes"]
    found = ctx.problemes_communes(communes, contexte["signataires"].get("maires"), referentiel,
                                   "zone.communes", "signataires.maires")
    evenement = contexte.get("evenement") or {}
    if evenement.get("debut") and evenement.get("fin") and evenement["fin"] < evenement["debut"]:
        found.append(Probleme("evenement.fin", "le dernier jour précède le premier jour de l'événement",
                              evenement["fin"].isoformat()))
    if contexte["zone"]["nature"] != "evenement" and (evenement.get("debut") or evenement.get("fin")):
        found.append(Probleme("zone.nature", "des dates d'événement sont données : choisissez la nature « evenement »",
                              contexte["zone"]["nature"]))
    return found


def avertissements(contexte: dict) -> list[str]:
    """Warnings for the user: the convention must not duplicate agreements in force."""
    return [
        f"la zone est déjà couverte par {convention} : la circulaire du 5 janvier 2016 demande que la convention "
        "soit conclue sans redondance ; vérifiez l'article d'articulation et retirez les stipulations qui la répéteraient"
        for convention in contexte.get("conventions_a_articuler", [])
    ]


def _libelle_nature(key: str) -> str:
    zone = next(q for q in charger_questionnaire("clcs").questions if q.id == "zone")
    return next(q for q in zone.champs if q.id == "nature").choix[key]


def _periode(debut, fin) -> str:
    if debut is None or fin is None:
        return ""
    if debut == fin:
        return f"le {typographie.date_longue(debut)}"
    if (debut.year, debut.month) == (fin.year, fin.month):
        return f"du {typographie.ordinal(debut.day) if debut.day == 1 else debut.day} au {typographie.date_longue(fin)}"
    if debut.year == fin.year:
        return f"du {typographie.date_longue(debut).rsplit(' ', 1)[0]} au {typographie.date_longue(fin)}"
    return f"du {typographie.date_longue(debut)} au {typographie.date_longue(fin)}"
