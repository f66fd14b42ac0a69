"""Institutions as they are in 2026: police directions, administrative courts, préfets, assemblies.

Reads the tables of data/referentiel/ (sources in SOURCE.md there):

- ``police-nationale.yaml``: DDPN or DIPN (décret n° 2023-1013 du 2 novembre 2023), DTPN
  outre-mer, DSPAP of the préfecture de police in Paris and the petite couronne;
- ``gendarmerie.yaml``: the groupement de gendarmerie départementale, or the commandement de la
  gendarmerie of an overseas département;
- ``tribunaux-administratifs.yaml``: seat and area of each tribunal administratif
  (article R. 221-3 du code de justice administrative);
- ``outre-mer.yaml``: the overseas collectivities without département (Saint-Pierre-et-Miquelon,
  Saint-Barthélemy, Saint-Martin, Wallis-et-Futuna, Polynésie française, Nouvelle-Calédonie,
  TAAF, Clipperton) and why no document is produced there.

Also derives the préfet's full title (regional chef-lieu, Paris) and the deliberative
assembly of a commune or an EPCI from the COG reference data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from generator import chemins
from generator.erreurs import ReferentielErreur
from generator.lecture import lire_ressource
from generator.referentiel import Departement, Epci, Referentiel
from generator.toponymie import Toponyme

PARIS = "75056"
DEPARTEMENT_PARIS = "75"
# Regions whose préfet's title does not read "préfet de la région <nom>".
_TITRES_REGION = {"11": "de la région d'Île-de-France", "94": "de Corse"}
_REGIONS_OUTRE_MER = {"01", "02", "03", "04", "06"}
TYPES_POLICE = ("DDPN", "DIPN", "DTPN", "DSPAP")


@dataclass(frozen=True)
class Police:
    """The police nationale direction competent in a département."""

    type: str
    nom: str  # without article: "direction interdépartementale de la police nationale de la Seine-Maritime"
    directeur: tuple[str, str]  # (masculine, feminine) title, with the département
    unite_locale: str
    source: str

    @property
    def designation(self) -> str:
        return f"la {self.nom}"

    def contexte(self) -> dict:
        return {
            "type": self.type,
            "sigle": self.type,
            "nom": self.nom,
            "designation": self.designation,
            "de": f"de la {self.nom}",
            "directeur": self.directeur[0],
            "directrice": self.directeur[1],
            "le_directeur": f"le {self.directeur[0]}",
            "unite_locale": self.unite_locale,
            "source": self.source,
        }


def police_seule(type_police: str) -> str | None:
    """For a direction whose territory is the police nationale's alone (Paris and the petite couronne: the
    préfecture de police), the source that says so; None where the gendarmerie may be present."""
    spec = _table_police()["types"].get(type_police, {})
    return _table_police()["sources"].get(spec["police_seule"]) if spec.get("police_seule") else None


@dataclass(frozen=True)
class Gendarmerie:
    """The gendarmerie nationale's unit competent in a département, and how its commander is titled."""

    type: str  # "GGD", "COMGEND"
    nom: str  # with the département: "groupement de gendarmerie départementale de la Seine-Maritime"
    commandant: tuple[str, str]  # (masculine, feminine) title, with the département
    source: str

    @property
    def designation(self) -> str:
        return f"le {self.nom}"


def gendarmerie(departement: Departement) -> Gendarmerie:
    """The département's gendarmerie unit: a groupement in the Hexagone and Corsica, a commandement in the
    overseas départements (data/referentiel/gendarmerie.yaml)."""
    table = _table_gendarmerie()
    row = table["departements"].get(departement.code, {"type": "GGD"})
    spec = table["types"][row["type"]]
    suffix = f" {departement.toponyme.de}"
    return Gendarmerie(row["type"], f"{spec['unite']}{suffix}", tuple(f"{title}{suffix}" for title in spec["commandant"]),
                       table["sources"][row.get("source") or spec["source"]])


@cache
def _table_gendarmerie() -> dict:
    return lire_ressource(chemins.data() / "referentiel" / "gendarmerie.yaml")


@cache
def _table_police() -> dict:
    return lire_ressource(chemins.data() / "referentiel" / "police-nationale.yaml")


@cache
def _table_tribunaux() -> dict[str, str]:
    raw = lire_ressource(chemins.data() / "referentiel" / "tribunaux-administratifs.yaml")
    out = {code: f"tribunal administratif {Toponyme.libre(siege).de}"
           for siege, codes in raw["sieges"].items() for code in codes}
    out.update(raw.get("outre_mer", {}))
    return out


def police(departement: Departement, correction: dict | None = None) -> Police:
    """The département's police direction; ``correction`` (answers ``police_nationale``) overrides the table."""
    table = _table_police()
    correction = correction or {}
    row = table["departements"].get(departement.code, {})
    kind = correction.get("type") or row.get("type") or "DDPN"
    if kind not in table["types"]:
        raise ReferentielErreur(f"type de direction de la police nationale inconnu : {kind!r} "
                                f"(attendu l'un de : {', '.join(table['types'])})")
    spec = table["types"][kind]
    suffix = f" {departement.toponyme.de}" if spec["suffixe_departement"] else ""
    nom = (correction.get("direction") or "").strip() or f"{spec['direction']}{suffix}"
    directeur = tuple(f"{title}{suffix}" for title in spec["directeur"])
    source = table["sources"].get(row.get("source"), "") if not correction.get("type") else "réponse au questionnaire"
    return Police(kind, nom[:1].lower() + nom[1:], directeur, spec["unite_locale"], source)


@dataclass(frozen=True)
class Academie:
    """An académie (article R. 222-2 du code de l'éducation) and its région académique."""

    nom: str  # "Normandie", "Aix-Marseille"
    de: str  # "de Normandie", "d'Aix-Marseille", "de la Guadeloupe"
    region: str  # "Normandie", "Provence-Alpes-Côte d'Azur"
    siege: bool  # its recteur is also recteur de région académique
    departements: tuple[str, ...]

    def titre_recteur(self, feminin: bool) -> str:
        """ "rectrice de la région académique Normandie, rectrice de l'académie de Normandie, chancelière des
        universités"; "recteur de l'académie de Grenoble, chancelier des universités"."""
        recteur, chancelier = ("rectrice", "chancelière") if feminin else ("recteur", "chancelier")
        regional = f"{recteur} de la région académique {self.region}, " if self.siege else ""
        return f"{regional}{recteur} de l'académie {self.de}, {chancelier} des universités"


@cache
def _table_academies() -> dict[str, Academie]:
    raw = lire_ressource(chemins.data() / "referentiel" / "academies.yaml")
    return {nom: Academie(nom, row["de"], row["region"], bool(row["siege"]), tuple(row["departements"]))
            for nom, row in raw["academies"].items()}


def academie(departement: Departement) -> Academie:
    """The académie whose ressort includes the département."""
    for item in _table_academies().values():
        if departement.code in item.departements:
            return item
    raise ReferentielErreur(f"aucune académie connue pour le département {departement.nom} ({departement.code}) "
                            "dans data/referentiel/academies.yaml")


def chercher_academie(texte: str) -> Academie | None:
    """An académie named by the user: "Normandie", "académie d'Aix-Marseille", "orleans tours"."""
    from generator.referentiel import normaliser_nom

    def bare(name: str) -> str:  # without "académie", "de", "d'", "la", "l'"
        words = normaliser_nom(name).split()
        if words[:1] == ["academie"]:
            words = words[1:]
        while words[:1] and words[0] in ("de", "d", "la", "l"):
            words = words[1:]
        return " ".join(words)

    wanted = bare(texte)
    for nom, item in _table_academies().items():
        if bare(nom) == wanted:
            return item
    return None


def tribunal_administratif(departement: Departement) -> str:
    """ "tribunal administratif de Rouen" (article R. 221-3 du code de justice administrative)."""
    try:
        return _table_tribunaux()[departement.code]
    except KeyError:
        raise ReferentielErreur(f"aucun tribunal administratif connu pour le département {departement.nom} "
                                f"({departement.code}) dans data/referentiel/tribunaux-administratifs.yaml") from None


@cache
def _table_outre_mer() -> dict[str, dict]:
    return lire_ressource(chemins.data() / "referentiel" / "outre-mer.yaml")["collectivites"]


def collectivite_outre_mer(departement: Departement) -> dict | None:
    """The row of data/referentiel/outre-mer.yaml for a collectivity without département, else None."""
    return _table_outre_mer().get(departement.code)


def verifier_hors_outre_mer(departement: Departement, lieu: str) -> None:
    """Refuse a place (commune or département) of a collectivity the clauses have no variant for.

    ``lieu`` names the place in the message: "Nouméa (98818)". The reason and its sources are in
    data/referentiel/outre-mer.yaml: no commune (Saint-Barthélemy, Saint-Martin, Wallis-et-Futuna,
    TAAF, Clipperton), or State services and codes the clauses do not name (haut-commissaire, code
    des communes de la Nouvelle-Calédonie, services territoriaux of Saint-Pierre-et-Miquelon).
    """
    row = collectivite_outre_mer(departement)
    if row is not None:
        raise ReferentielErreur(f"{lieu} : aucun document n'est produit pour ce lieu, car {row['motif']} "
                                "(motif et sources : data/referentiel/outre-mer.yaml)")


def titre_prefet(departement: Departement, referentiel: Referentiel, feminin: bool) -> str:
    """The préfet's title in formal acts, without article.

    "préfète de la région Normandie, préfète de la Seine-Maritime" where the regional
    chef-lieu lies; "préfet de police" in Paris, where the State acts through the préfet
    de police for security; "préfet de l'Eure" elsewhere.
    """
    base = "préfète" if feminin else "préfet"
    if departement.code == DEPARTEMENT_PARIS:
        return f"{base} de police"
    departemental = f"{base} {departement.toponyme.de}"
    region = referentiel.chef_lieu_de_region(departement)
    if region is None or region.code in _REGIONS_OUTRE_MER:
        return departemental
    regional = _TITRES_REGION.get(region.code, f"de la région {region.nom}")
    return f"{base} {regional}, {departemental}"


def entete(departement: dict) -> str:
    """ "Préfecture de la Seine-Maritime"; "Préfecture de police" in Paris (the State's signatory there)."""
    if departement.get("code") == DEPARTEMENT_PARIS:
        return "Préfecture de police"
    return f"Préfecture {departement['de']}"


def est_paris(code_commune: str) -> bool:
    return code_commune == PARIS


def designation_commune(code: str, toponyme: Toponyme) -> str:
    """ "la commune du Havre"; "la Ville de Paris", collectivité à statut particulier."""
    return "la Ville de Paris" if est_paris(code) else f"la commune {toponyme.de}"


def collectivite_commune(code: str) -> str:
    """How the body text names the commune party, with its article: "la commune"; "la Ville de Paris"."""
    return "la Ville de Paris" if est_paris(code) else "la commune"


def assemblee_commune(code: str, toponyme: Toponyme) -> dict:
    """The commune's deliberative assembly: conseil municipal, or Conseil de Paris."""
    if est_paris(code):
        return _assemblee("Conseil de Paris", "le Conseil de Paris")
    return _assemblee("conseil municipal", f"le conseil municipal {toponyme.de}")


def assemblee_epci(epci: Epci) -> dict:
    """conseil communautaire (CC, CA, CU), conseil métropolitain (métropoles EPCI), conseil de la Métropole (Lyon)."""
    if epci.nature == "MET69":
        return _assemblee("conseil de la Métropole", f"le conseil de la {epci.nom}")
    if epci.nature == "METRO":
        return _assemblee("conseil métropolitain", f"le conseil métropolitain {_de(epci)}")
    return _assemblee("conseil communautaire", f"le conseil communautaire {_de(epci)}")


def _de(epci: Epci) -> str:
    return f"de {epci.designation}"


def _assemblee(nom: str, designation: str) -> dict:
    """ "designation" starts with "le"; "du" is its contraction after "de"."""
    return {"nom": nom, "designation": designation, "du": "du " + designation.removeprefix("le ")}
