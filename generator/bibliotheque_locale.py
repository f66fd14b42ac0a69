"""A local library: a préfecture's own clause variants, templates and questionnaires over the shipped library.

Same layout as the shipped library (``clauses/…``, ``modeles/``, ``data/questionnaires/``):
a clause with a shipped ``id`` replaces it, a new ``id`` adds a clause. Each local clause
keeps its provenance (``Clause.variante_locale``), shown by ``clauses lister``, in the draft's
comment and in the document properties.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from generator import chemins
from generator.ecriture import ecrire_atomique
from generator.erreurs import ContinuumError, Probleme
from generator.lignes_yaml import position
from generator.sorties import proteger_sortie

CLE_VERSION = "remplace_version"
AJOUTEE = "clause locale (ajoutée à la bibliothèque livrée)"


def libelle_variante(version_livree: str) -> str:
    return f"variante locale (remplace la version {version_livree} livrée)"


def superposer(livrees: dict, locales: dict, problemes: list[Probleme]) -> dict:
    """The shipped clauses with the local ones over them (replaced by id, or added)."""
    for clause in livrees.values():
        if clause.remplace_version is not None:
            problemes.append(Probleme(position(clause.fichier, CLE_VERSION),
                                      "clé réservée aux variantes locales (bibliothèque locale)"))
    merged = dict(livrees)
    for clause in locales.values():
        shipped = livrees.get(clause.id)
        if shipped is None:
            merged[clause.id] = replace(clause, variante_locale=AJOUTEE)
            continue
        if _affaiblit_le_socle(shipped, clause):
            rule = "obligatoire: true" if shipped.obligatoire else f"obligatoire_si: {shipped.obligatoire_si}"
            problemes.append(Probleme(
                position(clause.fichier, "obligatoire"),
                f"la clause livrée {clause.id} appartient au socle ({rule}) : sa variante locale peut en adapter "
                "le texte, mais pas la rendre facultative", clause.obligatoire))
        merged[clause.id] = replace(clause, variante_locale=libelle_variante(shipped.version),
                                    version_livree=shipped.version, socle_livre=shipped.socle_possible)
    return merged


def _affaiblit_le_socle(shipped, variant) -> bool:
    if shipped.obligatoire:
        return not variant.obligatoire
    if shipped.obligatoire_si:
        return not variant.obligatoire and variant.obligatoire_si != shipped.obligatoire_si
    return False


def avertissements(bibliotheque) -> list[str]:
    """What `clauses verifier` reports about local variants without failing: outdated, or replacing the socle."""
    out = []
    for clause in sorted(bibliotheque.clauses.values(), key=lambda c: c.id):
        if clause.version_livree is None:
            continue
        if clause.remplace_version is None:
            out.append(f"{position(clause.fichier, 'version')} : la variante locale de {clause.id} n'indique pas "
                       f"la version livrée qu'elle adapte ; ajoutez « {CLE_VERSION}: \"{clause.version_livree}\" »")
        elif clause.remplace_version != clause.version_livree:
            out.append(f"{position(clause.fichier, CLE_VERSION)} : la variante locale de {clause.id} a été écrite pour "
                       f"la version {clause.remplace_version} de la clause livrée, qui est maintenant en version "
                       f"{clause.version_livree} : relisez la clause livrée (continuum clauses voir {clause.id} "
                       f"--livree), reportez ce qui a changé, puis indiquez « {CLE_VERSION}: \"{clause.version_livree}\" »")
        if clause.socle_livre:
            out.append(f"{clause.fichier} : variante locale d'une mesure du socle ({clause.id}, « {clause.titre} », "
                       f"{clause.source.citation()}) : vérifiez que le texte maintient l'engagement du socle")
    return out


def mention_commentaire(clause) -> str:
    """The lines the draft's Word comment adds for a local clause ("" for a shipped one)."""
    if not clause.variante_locale:
        return ""
    text = f"{clause.variante_locale[:1].upper()}{clause.variante_locale[1:]} : {clause.fichier.name}."
    if clause.socle_livre:
        text += ("\nVariante locale d'une mesure du socle : vérifiez que le texte maintient "
                 "l'engagement prévu par le texte source.")
    return text


# -- folder set-up ----------------------------------------------------------------
LISEZMOI = """\
# Bibliothèque locale de clauses

Ce dossier contient les **variantes locales** de votre service : quelques clauses
rédigées à votre façon, sans copier toute la bibliothèque livrée avec Continuum.
Les mises à jour de Continuum continuent de s'appliquer à toutes les autres clauses.

## Utilisation

    continuum --bibliotheque CE_DOSSIER generer csi -r reponses.yaml -o contrat.docx

ou, une fois pour toutes, la variable d'environnement
`CONTINUUM_BIBLIOTHEQUE=CE_DOSSIER`.

## Ce que l'on peut y mettre

- `clauses/` : une clause par fichier YAML, comme dans la bibliothèque livrée.
  - Même identifiant (`id`) qu'une clause livrée : votre texte **remplace** la
    clause livrée. Commencez par une copie :
    `continuum bibliotheque variante csi_conj_litiges CE_DOSSIER`.
  - Nouvel identifiant : la clause est **ajoutée** à la bibliothèque.
- `modeles/` : un modèle Word portant le nom d'un modèle livré (`csi.docx`…)
  le remplace (vos en-têtes, votre logo, vos styles).
- `data/questionnaires/` : un questionnaire portant le nom d'un questionnaire
  livré (`csi.yaml`…) le remplace.

## Règles

- Chaque variante indique la version de la clause livrée qu'elle adapte :
  `remplace_version: "1.0"` (la commande `variante` l'écrit pour vous). Quand
  une mise à jour de Continuum change la clause livrée, `continuum clauses
  verifier` vous prévient : relisez la nouvelle version et reportez ce qui a
  changé, puis mettez `remplace_version` à jour.
- Une clause du socle obligatoire peut être reformulée, mais pas rendue
  facultative. Le projet de document et `continuum clauses verifier` signalent
  toute « variante locale d'une mesure du socle » : vérifiez que votre texte
  maintient l'engagement prévu par la circulaire.
- Après avoir modifié le texte d'une clause, mettez à jour ses exemples :
  `continuum --bibliotheque CE_DOSSIER clauses accepter ID` montre la différence
  puis enregistre le nouveau rendu.
- `continuum --bibliotheque CE_DOSSIER clauses verifier` contrôle ce dossier
  comme la bibliothèque livrée ; `clauses lister` indique la provenance de
  chaque clause ; les propriétés du document produit listent les variantes
  locales utilisées.
"""


def initialiser(dossier: Path) -> list[Path]:
    """Create the folder layout and its README; existing files are kept."""
    if dossier.exists() and not dossier.is_dir():
        raise ContinuumError(f"{dossier} : ce n'est pas un dossier")
    created = []
    for sub in ("clauses", "modeles", "data/questionnaires"):
        path = dossier / sub
        if not path.is_dir():
            path.mkdir(parents=True)
            created.append(path)
    readme = dossier / "README.md"
    if not readme.exists():
        ecrire_atomique(readme, LISEZMOI.encode("utf-8"))
        created.append(readme)
    return created


def copier_variante(clause, dossier: Path) -> Path:
    """Copy a shipped clause into the local library, recording the shipped version it starts from."""
    relative = Path(clause.fichier).resolve().relative_to(chemins.clauses().resolve())
    target = dossier / "clauses" / relative
    proteger_sortie(target)
    text = Path(clause.fichier).read_text(encoding="utf-8")
    line = f'{CLE_VERSION}: "{clause.version}"  # version de la clause livrée que cette variante adapte'
    text, count = re.subn(r"^version:.*$", lambda m: m.group(0) + "\n" + line, text, count=1, flags=re.MULTILINE)
    if not count:
        text = line + "\n" + text
    ecrire_atomique(target, text.encode("utf-8"))
    return target


def variantes_locales(choix: dict) -> list[str]:
    """ "csi_conj_litiges : variante locale (remplace la version 1.0 livrée)", one per local clause used."""
    return sorted(f"{c.clause.id} : {c.clause.variante_locale}" for c in choix.values() if c.clause.variante_locale)
