"""Document plans: the skeleton of each document type, as data.

data/documents/<type>.yaml names the questionnaire, the Word template, the
annex measure catalogue, the clauses before « Il est convenu ce qui suit »,
the titles (explicit clause lists, or every clause of a party grouped by
volet) and the closing clauses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from generator import chemins
from generator.erreurs import BibliothequeInvalide, Probleme, TypeDocumentInconnu
from generator.lecture import lire_ressource


MENTION_SOCLE = "mesure du socle obligatoire"
STATUT_SOCLE = "Socle obligatoire"
LIBELLE_SOCLE = "mesure du socle obligatoire"
STATUT_ECARTEE = "Socle – étudiée, non retenue"
NUMEROTATIONS = ("articles", "sections")


@dataclass(frozen=True)
class MesureAnnexe:
    """A measure of the circular's annex: its code, the part and axis it belongs to, bold when in the socle."""

    code: str
    partie: str
    volet: str
    gras: bool
    section: str
    libelle: str


@dataclass(frozen=True)
class TitrePlan:
    """A title of a document's plan and the clauses it holds, in order."""

    intitule: str
    clauses: tuple[str, ...] = ()
    partie: str | None = None


@dataclass(frozen=True)
class Plan:
    """How one type of document is built: its titles and their clauses, annex, Word template and questionnaire."""

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
    # How the draft labels a clause the circular requires ("" : no label, e.g. minutes, letters, plans)
    # and how the annex names its status; the catalogue may override both for its own measures.
    mention_socle: str = MENTION_SOCLE
    statut_socle: str = STATUT_SOCLE
    mention_catalogue: str | None = None
    statut_catalogue: str | None = None
    # How messages name a required clause of this family ("mesure du socle des mesures à étudier",
    # "exigence de la circulaire"…) and the annex status of one set aside after study, with its reason.
    libelle_socle: str = LIBELLE_SOCLE
    statut_ecartee: str = STATUT_ECARTEE
    numerotation: str = "articles"  # or "sections": numbered clauses headed "I. – …" (minutes, notes)

    def mention(self, mesure: str | None) -> str:
        """Draft label of a required clause: the catalogue's for its measures, else the plan's."""
        if mesure and self.mention_catalogue is not None and any(m.code == mesure for m in self.mesures_annexe):
            return self.mention_catalogue
        return self.mention_socle

    def statut(self, mesure: str | None) -> str:
        """Annex status of a required measure that the document carries."""
        if mesure and self.statut_catalogue is not None and any(m.code == mesure for m in self.mesures_annexe):
            return self.statut_catalogue
        return self.statut_socle

    def libelle(self, mesure: str | None) -> str:
        """How messages name a required clause: the catalogue's draft label for its measures, else the plan's."""
        if mesure and self.mention_catalogue and any(m.code == mesure for m in self.mesures_annexe):
            return self.mention_catalogue
        return self.libelle_socle

    def clauses_nommees(self) -> set[str]:
        named = set(self.avant_propos) | set(self.cloture)
        for titre in self.titres:
            named.update(titre.clauses)
        return named


def types_disponibles() -> list[str]:
    folder = chemins.data() / "documents"
    try:
        stamp = folder.stat().st_mtime_ns  # a plan added or removed changes the folder's date
    except OSError:
        stamp = None
    return list(_types(folder, stamp))


@lru_cache(maxsize=8)
def _types(folder: Path, _stamp: int | None) -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in folder.glob("*.yaml")))


def charger_plan(type_document: str) -> Plan:
    if not isinstance(type_document, str) or type_document not in types_disponibles():
        # a name from the list, never a path (« ../../x ») nor anything else
        raise TypeDocumentInconnu(
            f"type de document inconnu : {str(type_document)[:80]!r} ; types disponibles : {', '.join(types_disponibles())}")
    return _charger_plan(type_document, chemins.cle())


@cache
def _charger_plan(type_document: str, _cle: tuple) -> Plan:
    """Cached per library (shipped root and local library): a template may come from the local library."""
    fichier = chemins.data() / "documents" / f"{type_document}.yaml"
    if not fichier.exists():
        raise TypeDocumentInconnu(
            f"type de document inconnu : {type_document!r} ; types disponibles : {', '.join(types_disponibles())}"
        )
    raw = lire_ressource(fichier)
    problemes: list[Probleme] = []
    for key in ("type", "intitule", "modele", "questionnaire", "exemple", "titres"):
        if key not in raw:
            problemes.append(Probleme(f"{fichier} › {key}", "clé obligatoire absente"))
    if raw.get("numerotation", "articles") not in NUMEROTATIONS:
        problemes.append(Probleme(f"{fichier} › numerotation", f"attendu l'une de : {', '.join(NUMEROTATIONS)}",
                                  raw.get("numerotation")))
    if problemes:
        raise BibliothequeInvalide(str(fichier), problemes)
    mesures: tuple[MesureAnnexe, ...] = ()
    catalogue: dict = {}
    if raw.get("mesures_annexe"):
        catalogue = lire_ressource(chemins.data() / raw["mesures_annexe"])
        mesures = tuple(MesureAnnexe(**m) for m in catalogue["mesures"])
    return Plan(
        type_document=raw["type"],
        intitule=raw["intitule"],
        sous_titre=raw.get("sous_titre", ""),
        modele=chemins.modele(raw["modele"]),
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
        mention_socle=str(raw.get("mention_socle", MENTION_SOCLE) or ""),
        statut_socle=str(raw.get("statut_socle", STATUT_SOCLE)),
        mention_catalogue=catalogue.get("mention"),
        statut_catalogue=catalogue.get("statut"),
        libelle_socle=str(raw.get("libelle_socle", LIBELLE_SOCLE)),
        statut_ecartee=str(raw.get("statut_ecartee", STATUT_ECARTEE)),
        numerotation=raw.get("numerotation", "articles"),
    )
