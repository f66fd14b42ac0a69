"""One clause file read: its YAML content checked key by key, every problem listed at once, then the Clause.

A problem names the file, the key (with its line in the file) and the value: « clauses/csi/x.yaml › partie,
ligne 5 : attendu l'une de : etat, collectivite, conjointe (valeur : 'prefecture') ». A file with a problem
gives no clause, except for an unknown key, which is reported and ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from generator.bibliotheque import Clause, Exemple, Source, intitule_texte
from generator.erreurs import Probleme
from generator.lignes_yaml import position

ID_VALIDE = re.compile(r"^[a-z][a-z0-9_]{2,39}$")  # also a valid Word bookmark name
PARTIES = ("etat", "collectivite", "conjointe")
NATURES = ("mesure", "complementaire", "structure")
FORMES = ("article", "bloc")
_OBLIGATOIRES = {"id", "version", "titre", "types", "partie", "volet", "nature", "obligatoire", "source", "texte", "exemples"}
_FACULTATIVES = {"obligatoire_si", "inclure_si", "mesure", "references", "variables", "forme", "note", "ordre", "repeter", "afficher_titre",
                "remplace_version"}
_Verification = Callable[..., None]  # check(condition, champ, message, valeur=None): lists a problem when false


def lire_clause(raw: object, fichier: Path, sources: dict, problemes: list[Probleme]) -> Clause | None:
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
