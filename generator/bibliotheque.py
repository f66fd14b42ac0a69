"""The clause library: one YAML file per clause under clauses/.

A clause is data: id, title, document types, committing party, volet,
mandatory flag (or a rule on the answers), source, legal references, typed
variables, the French text (Jinja), a version and rendered samples.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from generator import chemins
from generator.erreurs import BibliothequeInvalide, Probleme
from generator.lecture import lire_yaml

ID_VALIDE = re.compile(r"^[a-z][a-z0-9_]{2,39}$")  # also a valid Word bookmark name
PARTIES = ("etat", "collectivite", "conjointe")
NATURES = ("mesure", "complementaire", "structure")
FORMES = ("article", "bloc")
_OBLIGATOIRES = {"id", "version", "titre", "types", "partie", "volet", "nature", "obligatoire", "source", "texte", "exemples"}
_FACULTATIVES = {"obligatoire_si", "inclure_si", "mesure", "references", "variables", "forme", "note", "ordre", "repeter", "afficher_titre"}


@dataclass(frozen=True)
class Source:
    texte: str
    intitule: str
    court: str
    date: dt.date | None
    section: str
    item: str | None

    def citation(self) -> str:
        """ "Circulaire n° 6258/SG du 16 avril 2021, annexe, I, 1/ Volet sécurité intérieure, mesure 1"."""
        parts = [self.court, self.section]
        if self.item:
            parts.append(f"mesure {self.item}" if str(self.item)[:1].isdigit() else str(self.item))
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class Exemple:
    reponses: dict
    attendu: str
    numeros: dict = field(default_factory=dict)
    retenues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Clause:
    id: str
    version: str
    titre: str
    types: tuple[str, ...]
    partie: str
    volet: str
    nature: str
    obligatoire: bool
    source: Source
    texte: str
    exemples: tuple[Exemple, ...]
    fichier: Path
    obligatoire_si: str | None = None
    inclure_si: str | None = None
    mesure: str | None = None
    references: tuple[str, ...] = ()
    variables: dict = field(default_factory=dict)
    forme: str = "article"
    note: str = ""
    ordre: int = 100
    repeter: str | None = None  # answer path of a list: one article per item (``element``, ``rang``)
    afficher_titre: bool = True  # False for blocks printed without heading (an arrêté's visas)

    @property
    def socle_possible(self) -> bool:
        """Mandatory outright, or mandatory when its rule holds."""
        return self.obligatoire or self.obligatoire_si is not None

    def resume(self) -> dict:
        """The JSON form used by ``continuum clauses lister --format json``."""
        return {
            "id": self.id,
            "version": self.version,
            "types": list(self.types),
            "titre": self.titre,
            "partie": self.partie,
            "volet": self.volet,
            "nature": self.nature,
            "obligatoire": self.obligatoire,
            "obligatoire_si": self.obligatoire_si,
            "mesure": self.mesure,
            "source": {
                "texte": self.source.intitule,
                "date": self.source.date.isoformat() if self.source.date else None,
                "section": self.source.section,
                "item": self.source.item,
                "citation": self.source.citation(),
            },
            "references": list(self.references),
            "variables": dict(self.variables),
            "texte": self.texte,
            "fichier": str(self.fichier),
        }


@dataclass
class Bibliotheque:
    clauses: dict[str, Clause]
    sources: dict[str, dict]
    volets: dict[str, dict]

    def pour_type(self, type_document: str) -> list[Clause]:
        return [c for c in self.clauses.values() if type_document in c.types]

    def get(self, clause_id: str) -> Clause | None:
        return self.clauses.get(clause_id)


def _clause(raw: object, fichier: Path, sources: dict, problemes: list[Probleme]) -> Clause | None:
    where = str(fichier)
    if not isinstance(raw, dict):
        problemes.append(Probleme(where, "une clause doit être un dictionnaire YAML"))
        return None
    missing = _OBLIGATOIRES - set(raw)
    if missing:
        problemes.append(Probleme(where, f"clés obligatoires absentes : {', '.join(sorted(missing))}"))
        return None
    unknown = set(raw) - _OBLIGATOIRES - _FACULTATIVES
    if unknown:
        problemes.append(Probleme(where, f"clés inconnues : {', '.join(sorted(unknown))}"))
    before = len(problemes)

    def check(condition: bool, champ: str, message: str, valeur: object = None) -> None:
        if not condition:
            problemes.append(Probleme(f"{where} › {champ}", message, valeur))

    clause_id = raw["id"]
    check(isinstance(clause_id, str) and bool(ID_VALIDE.match(clause_id)), "id",
          "identifiant invalide : minuscules, chiffres et _, 3 à 40 caractères, commençant par une lettre", clause_id)
    check(fichier.stem == clause_id, "id", f"le fichier doit s'appeler {clause_id}.yaml", fichier.name)
    check(raw["partie"] in PARTIES, "partie", f"attendu l'une de : {', '.join(PARTIES)}", raw["partie"])
    check(raw["nature"] in NATURES, "nature", f"attendu l'une de : {', '.join(NATURES)}", raw["nature"])
    check(raw.get("forme", "article") in FORMES, "forme", f"attendu l'une de : {', '.join(FORMES)}", raw.get("forme"))
    check(isinstance(raw["obligatoire"], bool), "obligatoire", "true ou false attendu", raw["obligatoire"])
    check(isinstance(raw["types"], list) and raw["types"] and all(isinstance(t, str) for t in raw["types"]),
          "types", "liste non vide de types de document attendue", raw["types"])
    check(isinstance(raw["texte"], str) and raw["texte"].strip() != "", "texte", "texte non vide attendu")
    check(isinstance(raw["titre"], str) and raw["titre"].strip() != "", "titre", "titre non vide attendu")
    check(isinstance(raw.get("variables", {}), dict), "variables", "dictionnaire chemin -> type attendu")
    check(isinstance(raw.get("references", []), list), "references", "liste de références attendue")
    check(raw.get("repeter") is None or (isinstance(clause_id, str) and len(clause_id) <= 36), "repeter",
          "une clause répétée a un identifiant de 36 caractères au plus (signets « id_N »)", clause_id)
    check(raw["nature"] != "mesure" or bool(raw.get("mesure")), "mesure",
          "une clause de nature « mesure » doit indiquer la mesure de l'annexe qu'elle reprend")
    source = raw["source"]
    check(isinstance(source, dict) and source.get("texte") in sources and source.get("section"),
          "source", f"source attendue avec texte (l'un de : {', '.join(sources)}) et section", source)
    exemples = raw["exemples"]
    check(isinstance(exemples, list) and len(exemples) >= 1, "exemples", "au moins un exemple de réponses avec son rendu attendu")
    if isinstance(exemples, list):
        for index, exemple in enumerate(exemples, start=1):
            check(isinstance(exemple, dict) and isinstance(exemple.get("reponses"), dict) and isinstance(exemple.get("attendu"), str),
                  f"exemples[{index}]", "un exemple a « reponses » (dictionnaire) et « attendu » (texte)")
    if len(problemes) > before:
        return None

    known = sources[source["texte"]]
    item = source.get("item")
    return Clause(
        id=clause_id,
        version=str(raw["version"]),
        titre=raw["titre"].strip(),
        types=tuple(raw["types"]),
        partie=raw["partie"],
        volet=raw["volet"],
        nature=raw["nature"],
        obligatoire=raw["obligatoire"],
        obligatoire_si=raw.get("obligatoire_si"),
        inclure_si=raw.get("inclure_si"),
        mesure=raw.get("mesure"),
        source=Source(
            texte=source["texte"],
            intitule=known["intitule"],
            court=known["court"],
            date=known.get("date"),
            section=source["section"],
            item=str(item) if item is not None else None,
        ),
        references=tuple(raw.get("references", [])),
        variables=dict(raw.get("variables", {})),
        texte=raw["texte"],
        exemples=tuple(
            Exemple(e["reponses"], e["attendu"], dict(e.get("numeros", {})), tuple(e.get("retenues", [])))
            for e in exemples
        ),
        fichier=fichier,
        forme=raw.get("forme", "article"),
        note=raw.get("note", ""),
        ordre=int(raw.get("ordre", 100)),
        repeter=raw.get("repeter"),
        afficher_titre=bool(raw.get("afficher_titre", True)),
    )


def lire_bibliotheque(dossier: Path | None = None) -> tuple[Bibliotheque, list[Probleme]]:
    """Read every clause; return the library and the schema problems found."""
    dossier = dossier or chemins.clauses()
    sources = lire_yaml(chemins.data() / "sources.yaml")
    volets = lire_yaml(chemins.data() / "volets.yaml")
    problemes: list[Probleme] = []
    clauses: dict[str, Clause] = {}
    for fichier in sorted(dossier.rglob("*.yaml")):
        try:
            raw = lire_yaml(fichier)
        except Exception as exc:  # noqa: BLE001 - FichierIllisible carries the French message
            problemes.append(Probleme(str(fichier), str(exc)))
            continue
        clause = _clause(raw, fichier, sources, problemes)
        if clause is None:
            continue
        if clause.id in clauses:
            problemes.append(Probleme(str(fichier), f"identifiant déjà utilisé par {clauses[clause.id].fichier}", clause.id))
            continue
        if clause.volet not in volets:
            problemes.append(Probleme(f"{fichier} › volet", f"volet inconnu, attendu l'un de : {', '.join(volets)}", clause.volet))
        clauses[clause.id] = clause
    return Bibliotheque(clauses, sources, volets), problemes


@cache
def charger() -> Bibliotheque:
    """The library, raising if any clause file is malformed."""
    bibliotheque, problemes = lire_bibliotheque()
    if problemes:
        raise BibliothequeInvalide(str(chemins.clauses()), problemes)
    return bibliotheque
