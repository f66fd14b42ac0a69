"""The clause library: one YAML file per clause under clauses/.

A clause is data: id, title, document types, committing party, volet,
mandatory flag (or a rule on the answers), source, legal references, typed
variables, the French text (Jinja), a version and rendered samples.
"""

from __future__ import annotations

import datetime as dt
import pickle
import re
import sys
from dataclasses import dataclass, field
from collections.abc import Callable
from functools import cache
from pathlib import Path

import yaml

from generator import cache_disque, chemins, empreintes_fichiers
from generator.erreurs import BibliothequeInvalide, Probleme
from generator.lecture import lire_ressource, lire_yaml
from generator.lignes_yaml import position

ID_VALIDE = re.compile(r"^[a-z][a-z0-9_]{2,39}$")  # also a valid Word bookmark name
PARTIES = ("etat", "collectivite", "conjointe")
NATURES = ("mesure", "complementaire", "structure")
FORMES = ("article", "bloc")
_OBLIGATOIRES = {"id", "version", "titre", "types", "partie", "volet", "nature", "obligatoire", "source", "texte", "exemples"}
_FACULTATIVES = {"obligatoire_si", "inclure_si", "mesure", "references", "variables", "forme", "note", "ordre", "repeter", "afficher_titre",
                "remplace_version"}
_Verification = Callable[..., None]  # check(condition, champ, message, valeur=None): lists a problem when false


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


def _clause(raw: object, fichier: Path, sources: dict, problemes: list[Probleme]) -> Clause | None:
    """One clause file's content as a Clause, or None once every problem it has is listed in ``problemes``."""
    if not _enveloppe_valide(raw, str(fichier), problemes):
        return None
    before = len(problemes)  # an unknown key is listed, but the clause is still read

    def check(condition: bool, champ: str, message: str, valeur: object = None) -> None:
        if not condition:
            problemes.append(Probleme(position(str(fichier), champ), message, valeur))

    _verifier_identite(raw, fichier, check)
    _verifier_cles_facultatives(raw, check)
    _verifier_references(raw, sources, check)
    _verifier_source_et_exemples(raw, sources, check)
    return None if len(problemes) > before else _construire(raw, fichier, sources)


def _enveloppe_valide(raw: object, where: str, problemes: list[Probleme]) -> bool:
    """A mapping with every required key; unknown keys are listed without stopping the reading."""
    if not isinstance(raw, dict):
        problemes.append(Probleme(where, "une clause doit être un dictionnaire YAML"))
        return False
    missing = _OBLIGATOIRES - set(raw)
    if missing:
        problemes.append(Probleme(where, f"clés obligatoires absentes : {', '.join(sorted(missing))}"))
        return False
    unknown = set(raw) - _OBLIGATOIRES - _FACULTATIVES
    if unknown:
        problemes.append(Probleme(where, f"clés inconnues : {', '.join(sorted(unknown))}"))
    return True


def _verifier_identite(raw: dict, fichier: Path, check: _Verification) -> None:
    """Id and file name, party, nature, form, mandatory flag, document types, title and text."""
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
    check(raw.get("repeter") is None or (isinstance(clause_id, str) and len(clause_id) <= 36), "repeter",
          "une clause répétée a un identifiant de 36 caractères au plus (signets « id_N »)", clause_id)
    check(raw["nature"] != "mesure" or bool(raw.get("mesure")), "mesure",
          "une clause de nature « mesure » doit indiquer la mesure de l'annexe qu'elle reprend")


def _verifier_cles_facultatives(raw: dict, check: _Verification) -> None:
    """The types of the other keys: a wrong type is a listed problem, never a crash further on."""
    check(isinstance(raw["volet"], str), "volet", "un texte est attendu (clé de data/volets.yaml)", raw["volet"])
    check(isinstance(raw["version"], str | int | float) and not isinstance(raw["version"], bool), "version",
          "un numéro de version est attendu (« 1.0 »)", raw["version"])
    check(isinstance(raw.get("ordre", 100), int) and not isinstance(raw.get("ordre", 100), bool), "ordre",
          "un nombre entier est attendu", raw.get("ordre"))
    for key in ("obligatoire_si", "inclure_si", "mesure", "repeter", "note"):
        check(raw.get(key) is None or isinstance(raw.get(key), str), key, "un texte est attendu", raw.get(key))
    check(isinstance(raw.get("afficher_titre", True), bool), "afficher_titre", "true ou false attendu", raw.get("afficher_titre"))
    variables = raw.get("variables", {})
    check(isinstance(variables, dict), "variables", "dictionnaire chemin -> type attendu")
    check(not isinstance(variables, dict) or all(isinstance(k, str) and isinstance(v, str) for k, v in variables.items()),
          "variables", "chaque variable est « chemin: type » (deux textes)")


def _verifier_references(raw: dict, sources: dict, check: _Verification) -> None:
    """Legal references: a list of free texts, or of ``{texte: key}`` naming a text of data/sources.yaml."""
    references = raw.get("references", [])
    check(isinstance(references, list), "references", "liste de références attendue")
    if not isinstance(references, list):
        return
    check(all(isinstance(r, str | dict) for r in references), "references", "chaque référence est un texte")
    for index, reference in enumerate(references, start=1):
        if isinstance(reference, dict):
            check(set(reference) == {"texte"} and isinstance(reference.get("texte"), str)
                  and reference.get("texte") in sources, f"references[{index}]",
                  f"texte cité inconnu de data/sources.yaml (clés connues : {', '.join(sources)})", reference.get("texte"))


def _verifier_source_et_exemples(raw: dict, sources: dict, check: _Verification) -> None:
    """The source (a text of data/sources.yaml and its section) and at least one sample with its rendering."""
    source = raw["source"]
    check(isinstance(source, dict) and isinstance(source.get("texte"), str) and source.get("texte") in sources
          and source.get("section"),
          "source", f"source attendue avec texte (l'un de : {', '.join(sources)}) et section", source)
    exemples = raw["exemples"]
    check(isinstance(exemples, list) and len(exemples) >= 1, "exemples", "au moins un exemple de réponses avec son rendu attendu")
    if not isinstance(exemples, list):
        return
    for index, exemple in enumerate(exemples, start=1):
        check(isinstance(exemple, dict) and isinstance(exemple.get("reponses"), dict) and isinstance(exemple.get("attendu"), str),
              f"exemples[{index}]", "un exemple a « reponses » (dictionnaire) et « attendu » (texte)")
        if isinstance(exemple, dict):
            check(isinstance(exemple.get("numeros", {}), dict), f"exemples[{index}].numeros",
                  "dictionnaire clause -> numéro attendu")
            check(isinstance(exemple.get("retenues", []), list), f"exemples[{index}].retenues", "liste attendue")


def _construire(raw: dict, fichier: Path, sources: dict) -> Clause:
    """The Clause of a checked file."""
    source = raw["source"]
    known = sources[source["texte"]]
    item = source.get("item")
    return Clause(
        id=raw["id"],
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
            socle=str(known.get("socle") or ""),
        ),
        references=_references(raw.get("references", []), sources),
        variables=dict(raw.get("variables", {})),
        texte=raw["texte"],
        exemples=tuple(
            Exemple(e["reponses"], e["attendu"], dict(e.get("numeros", {})), tuple(e.get("retenues", [])))
            for e in raw["exemples"]
        ),
        fichier=fichier,
        forme=raw.get("forme", "article"),
        note=raw.get("note", ""),
        ordre=int(raw.get("ordre", 100)),
        repeter=raw.get("repeter"),
        afficher_titre=bool(raw.get("afficher_titre", True)),
        remplace_version=str(raw["remplace_version"]) if raw.get("remplace_version") is not None else None,
    )


def _references(raw: list, sources: dict) -> tuple[str, ...]:
    """Legal references: free text, or ``{texte: key}`` naming a text of data/sources.yaml by its exact title."""
    return tuple(intitule_texte(sources, item["texte"]) if isinstance(item, dict) else str(item) for item in raw)


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
    from generator import bibliotheque_locale, erreurs, lecture, lignes_yaml, octets  # the code reading the files

    modules = (sys.modules[__name__], bibliotheque_locale, chemins, erreurs, lecture, lignes_yaml, octets)
    return ("bibliotheque", yaml.__version__, str(hasattr(yaml, "CSafeLoader")),
            *(empreintes_fichiers.empreinte_fichier(module.__file__) for module in modules),
            empreintes_fichiers.empreinte_contenus(_fichiers_lus()))


def _en_octets(bibliotheque: Bibliotheque) -> bytes:
    return pickle.dumps(bibliotheque, protocol=5)

