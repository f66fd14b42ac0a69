"""Document plans: the skeleton of each document type, as data.

data/documents/<type>.yaml names the questionnaire, the Word template, the
annex measure catalogue, the clauses before « Il est convenu ce qui suit »,
the titles (explicit clause lists, or every clause of a party grouped by
volet) and the closing clauses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from generator import chemins
from generator.erreurs import BibliothequeInvalide, Probleme, TypeDocumentInconnu
from generator.lecture import lire_yaml


@dataclass(frozen=True)
class MesureAnnexe:
    code: str
    partie: str
    volet: str
    gras: bool
    section: str
    libelle: str


@dataclass(frozen=True)
class TitrePlan:
    intitule: str
    clauses: tuple[str, ...] = ()
    partie: str | None = None


@dataclass(frozen=True)
class Plan:
    type_document: str
    intitule: str
    sous_titre: str
    modele: Path
    questionnaire: str
    exemple: Path
    avant_propos: tuple[str, ...]
    formule: str
    titres: tuple[TitrePlan, ...]
    cloture: tuple[str, ...]
    mesures_annexe: tuple[MesureAnnexe, ...] = field(default_factory=tuple)
    annexe_intitule: str = ""
    annexe_note: str = ""
    annexe_recapitulative: bool = True  # print the summary table of the catalogue
    lot_libelle: str | None = None  # answer path naming each row of a batch (zone.nom)
    fichier: Path | None = None

    def clauses_nommees(self) -> set[str]:
        named = set(self.avant_propos) | set(self.cloture)
        for titre in self.titres:
            named.update(titre.clauses)
        return named


def types_disponibles() -> list[str]:
    return sorted(p.stem for p in (chemins.data() / "documents").glob("*.yaml"))


@cache
def charger_plan(type_document: str) -> Plan:
    fichier = chemins.data() / "documents" / f"{type_document}.yaml"
    if not fichier.exists():
        raise TypeDocumentInconnu(
            f"type de document inconnu : {type_document!r} ; types disponibles : {', '.join(types_disponibles())}"
        )
    raw = lire_yaml(fichier)
    problemes: list[Probleme] = []
    for key in ("type", "intitule", "modele", "questionnaire", "exemple", "titres"):
        if key not in raw:
            problemes.append(Probleme(f"{fichier} › {key}", "clé obligatoire absente"))
    if problemes:
        raise BibliothequeInvalide(str(fichier), problemes)
    mesures: tuple[MesureAnnexe, ...] = ()
    catalogue: dict = {}
    if raw.get("mesures_annexe"):
        catalogue = lire_yaml(chemins.data() / raw["mesures_annexe"])
        mesures = tuple(MesureAnnexe(**m) for m in catalogue["mesures"])
    return Plan(
        type_document=raw["type"],
        intitule=raw["intitule"],
        sous_titre=raw.get("sous_titre", ""),
        modele=chemins.modeles() / raw["modele"],
        questionnaire=raw["questionnaire"],
        exemple=chemins.data() / raw["exemple"],
        avant_propos=tuple(raw.get("avant_propos", [])),
        formule=raw.get("formule", "Il est convenu ce qui suit :"),
        titres=tuple(TitrePlan(t["intitule"], tuple(t.get("clauses", [])), t.get("partie")) for t in raw["titres"]),
        cloture=tuple(raw.get("cloture", [])),
        mesures_annexe=mesures,
        annexe_intitule=catalogue.get("intitule", ""),
        annexe_note=catalogue.get("note", ""),
        annexe_recapitulative=bool(raw.get("annexe_recapitulative", True)),
        lot_libelle=(raw.get("lot") or {}).get("libelle"),
        fichier=fichier,
    )
