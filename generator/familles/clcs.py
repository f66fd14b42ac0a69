"""Convention locale de coopération de sécurité: derived variables (circulaire du 5 janvier 2016)."""

from __future__ import annotations

from generator import contexte as ctx
from generator import typographie
from generator.questionnaire.definition import charger_questionnaire
from generator.erreurs import Probleme
from generator.familles import clcs_organismes as organismes
from generator.familles import deliberations
from generator.referentiel import Referentiel

AGENTS = {"police": "les policiers", "gendarmerie": "les gendarmes", "mixte": "les policiers et les gendarmes"}


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
    contexte["police"] = ctx.police(departement, contexte)
    contexte["fsi"] = {**ctx.forces_securite(contexte["forces"], contexte["police"], departement),
                       "agents": AGENTS[contexte["forces"]]}
    contexte["tribunal_administratif"] = referentiel.tribunal_administratif(departement)

    _duree(contexte)
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

    _signataires(contexte, referentiel, departement)


def _duree(contexte: dict) -> None:
    """A temporary event's dates (the convention ends with it), or the duration in years (three by default)."""
    evenement = contexte.get("evenement") or {}
    contexte["evenement_temporaire"] = contexte["zone"]["nature"] == "evenement"
    contexte["dates_evenement"] = _periode(evenement.get("debut"), evenement.get("fin")) if contexte["evenement_temporaire"] else ""
    if contexte["evenement_temporaire"]:
        contexte["date_fin_texte"] = f"jusqu'au {typographie.date_longue(evenement['fin'])} inclus"
    else:
        years = contexte["duree"] or 3
        contexte["date_fin_texte"] = f"pour une durée de {typographie.en_lettres(years)} an{'s' if years > 1 else ''}"


def _signataires(contexte: dict, referentiel: Referentiel, departement) -> None:
    """Préfet, head(s) of the State's forces, each maire with its council's deliberation, then the private
    parties (principals and providers), in the order they sign."""
    communes = contexte["zone"]["communes"]
    raw = contexte["signataires"]
    signataires = {
        "prefet": ctx.prefet(raw["prefet"], departement, referentiel),
        "chef_fsi": (ctx.commandant_gendarmerie(raw["chef_fsi"], departement)
                     if contexte["forces"] == "gendarmerie" else ctx.directeur_police(raw["chef_fsi"], contexte["police"])),
        "maires": ctx.maires(list(raw.get("maires") or []), communes),
        "chef_gendarmerie": (ctx.commandant_gendarmerie(raw["chef_gendarmerie"], departement)
                             if contexte["forces"] == "mixte" and raw.get("chef_gendarmerie") else None),
    }
    contexte["signataires"] = signataires
    contexte["_deliberations_saisies"] = list(raw.get("deliberations") or [])
    contexte["deliberations"] = deliberations.par_commune(communes, raw.get("deliberations"))
    deliberations.rattacher(signataires["maires"], contexte["deliberations"])
    donneurs, prestataires = organismes.parties_privees(contexte)
    contexte["parties_privees"] = {"donneurs_ordre": donneurs, "prestataires": prestataires}
    chefs = [signataires["chef_fsi"]] + ([signataires["chef_gendarmerie"]] if signataires["chef_gendarmerie"] else [])
    contexte["liste_signataires"] = [signataires["prefet"], *chefs, *signataires["maires"], *donneurs, *prestataires]
    contexte["nombre_exemplaires"] = len(contexte["liste_signataires"])


def problemes(contexte: dict, referentiel: Referentiel) -> list[Probleme]:
    communes = contexte["zone"]["communes"]
    found = ctx.problemes_communes(communes, contexte["signataires"].get("maires"), referentiel,
                                   "zone.communes", "signataires.maires")
    found += organismes.problemes(contexte)
    found += deliberations.problemes(communes, _deliberations_saisies(contexte), "signataires.deliberations")
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


def _deliberations_saisies(contexte: dict) -> list:
    """The dates as answered (kept by ``deriver`` before it replaces them with one entry per commune)."""
    return contexte.get("_deliberations_saisies") or []
