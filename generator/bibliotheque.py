"""The clause library: one YAML file per clause under clauses/ (each read by generator/lecture_clause.py).

A clause is data: id, title, document types, committing party, volet,
mandatory flag (or a rule on the answers), source, legal references, typed
variables, the French text (Jinja), a version and rendered samples.
"""

from __future__ import annotations

import datetime as dt
import pickle
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from generator import cache_disque, chemins, empreintes_fichiers
from generator.erreurs import BibliothequeInvalide, Probleme
from generator.lecture import lire_ressource, lire_yaml
from generator.lignes_yaml import position


@dataclass(frozen=True)
class Source:
    """A text a clause is drawn from (circular, law, decree), with its exact title and date."""

    texte: str
    intitule: str
    court: str
    date: dt.date | None
    section: str
    item: str | None
    socle: str = ""  # the text's own words on its socle, quoted in messages and comments

    def citation(self) -> str:
        """ "Circulaire n° 6258/SG du 16 avril 2021, annexe, I, 1/ Volet sécurité intérieure, mesure 1"."""
        parts = [self.court, self.section]
        if self.item:
            parts.append(f"mesure {self.item}" if str(self.item)[:1].isdigit() else str(self.item))
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class Exemple:
    """A clause's sample: answers, and the text they must render to."""

    reponses: dict
    attendu: str
    numeros: dict = field(default_factory=dict)
    retenues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Clause:
    """One clause of the library: reusable legal text and its metadata (measure, sources, conditions)."""

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
    # Local library (generator/bibliotheque_locale.py). ``variante_locale`` is None for a shipped clause,
    # else its provenance in French: "variante locale (remplace la version 1.0 livrée)" or "clause locale (ajoutée…)".
    variante_locale: str | None = None
    remplace_version: str | None = None  # a local variant: the shipped version it was written against
    version_livree: str | None = None  # a local variant: the version of the shipped clause it replaces
    socle_livre: bool = False  # a local variant of a clause of the socle

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
            "variante_locale": self.variante_locale,
            "version_livree": self.version_livree,
        }


@dataclass
class Bibliotheque:
    """Every clause by id, with the sources and axes they refer to."""

    clauses: dict[str, Clause]
    sources: dict[str, dict]
    volets: dict[str, dict]

    _par_type: dict[str, tuple[Clause, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def pour_type(self, type_document: str) -> list[Clause]:
        """The clauses of a document type (listed once per loaded library: a batch asks for every row)."""
        found = self._par_type.get(type_document)
        if found is None:
            found = self._par_type[type_document] = tuple(c for c in self.clauses.values() if type_document in c.types)
        return list(found)

    def get(self, clause_id: str) -> Clause | None:
        return self.clauses.get(clause_id)


def intitule_texte(sources: dict, cle: str) -> str:
    """The exact title of a text of data/sources.yaml (checked beforehand by the clause reader)."""
    return sources[cle]["intitule"]


@cache
def sources_connues() -> dict:
    """data/sources.yaml, read once per process: the texts clauses cite by key."""
    return lire_ressource(chemins.data() / "sources.yaml")


def lire_bibliotheque(dossier: Path | None = None, locale: bool = True) -> tuple[Bibliotheque, list[Probleme]]:
    """Read every clause, with the local library over the shipped one unless ``locale`` is False.

    Returns the library and the schema problems found.
    """
    from generator import bibliotheque_locale

    dossier = dossier or chemins.clauses()
    local = chemins.bibliotheque_locale() if locale else None
    sources = lire_yaml(chemins.data() / "sources.yaml")
    if local is not None and (local / "data" / "sources.yaml").is_file():
        sources = {**sources, **(lire_yaml(local / "data" / "sources.yaml") or {})}
    volets = lire_yaml(chemins.data() / "volets.yaml")
    problemes: list[Probleme] = []
    clauses = _lire_dossier(dossier, sources, volets, problemes)
    if local is not None:
        locales = _lire_dossier(local / "clauses", sources, volets, problemes)
        clauses = bibliotheque_locale.superposer(clauses, locales, problemes)
    return Bibliotheque(clauses, sources, volets), problemes


def _lire_dossier(dossier: Path, sources: dict, volets: dict, problemes: list[Probleme]) -> dict[str, Clause]:
    from generator.lecture_clause import lire_clause

    clauses: dict[str, Clause] = {}
    for fichier in sorted(dossier.rglob("*.yaml")):
        try:
            raw = lire_yaml(fichier)
        except Exception as exc:  # noqa: BLE001 - FichierIllisible carries the French message
            problemes.append(Probleme(str(fichier), str(exc)))
            continue
        clause = lire_clause(raw, fichier, sources, problemes)
        if clause is None:
            continue
        if clause.id in clauses:
            problemes.append(Probleme(str(fichier), f"identifiant déjà utilisé par {clauses[clause.id].fichier}", clause.id))
            continue
        if clause.volet not in volets:
            problemes.append(Probleme(position(fichier, "volet"), f"volet inconnu, attendu l'un de : {', '.join(volets)}", clause.volet))
        clauses[clause.id] = clause
    return clauses


def charger() -> Bibliotheque:
    """The library (shipped, with the local library over it), raising if any clause file is malformed."""
    return _charger(chemins.cle())


@cache
def _charger(_cle: tuple) -> Bibliotheque:
    # Parsing every clause file is most of a run's startup: the library read is kept on disk between runs
    # (cache_disque), under the paths and bytes of every file read and the source of the code reading them.
    return cache_disque.obtenir(_parties_cache(), _lire_valide, _en_octets,
                                cache_disque.decodeur(pickle.loads, Bibliotheque), parties_apres=_parties_cache)


def _lire_valide() -> Bibliotheque:
    bibliotheque, problemes = lire_bibliotheque()
    if problemes:
        local = chemins.bibliotheque_locale()
        raise BibliothequeInvalide(str(chemins.clauses()) + (f" et {local / 'clauses'}" if local else ""), problemes)
    return bibliotheque


def _fichiers_lus() -> list[Path]:
    """Every file :func:`lire_bibliotheque` reads, in its order (the listing is part of the key)."""
    files = sorted(chemins.clauses().rglob("*.yaml")) + [chemins.data() / "sources.yaml", chemins.data() / "volets.yaml"]
    local = chemins.bibliotheque_locale()
    if local is not None:
        files += [p for p in (local / "data" / "sources.yaml",) if p.is_file()] + sorted((local / "clauses").rglob("*.yaml"))
    return files


def _parties_cache() -> tuple[str, ...]:
    from generator import bibliotheque_locale, erreurs, lecture, lecture_clause, lignes_yaml, octets  # the code reading the files

    modules = (sys.modules[__name__], bibliotheque_locale, chemins, erreurs, lecture, lecture_clause, lignes_yaml, octets)
    return ("bibliotheque", yaml.__version__, str(hasattr(yaml, "CSafeLoader")),
            *(empreintes_fichiers.empreinte_fichier(module.__file__) for module in modules),
            empreintes_fichiers.empreinte_contenus(_fichiers_lus()))


def _en_octets(bibliotheque: Bibliotheque) -> bytes:
    return pickle.dumps(bibliotheque, protocol=5)

