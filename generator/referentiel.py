"""Reference data: communes, départements, préfectures and EPCI.

Reads the versioned extract of @etalab/decoupage-administratif shipped in
data/referentiel/ (see SOURCE.md there). Everything is keyed by INSEE code
(or SIREN for EPCI) as a string.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property

from generator import chemins
from generator.erreurs import ReferentielErreur
from generator.reserve_bornee import ReserveBornee
from generator.referentiel_lecture import DEPARTEMENTS_GARDES, CommunesParDepartement, lire_extrait
from generator.referentiel_lecture import epci as epci_du_referentiel
from generator.toponymie import Toponyme

FICHIER = "decoupage-administratif-6.0.0.json"
_NATURES_EPCI = {
    "CC": "communauté de communes",
    "CA": "communauté d'agglomération",
    "CU": "communauté urbaine",
    "METRO": "métropole",
    "MET69": "métropole",
}


@dataclass(frozen=True)
class Departement:
    """A département of the official geographic code (COG), with its prefecture town."""

    code: str
    toponyme: Toponyme
    chef_lieu: str
    region: str = ""

    @property
    def nom(self) -> str:
        return self.toponyme.nom


@dataclass(frozen=True)
class Region:
    """A région of the official geographic code (COG)."""

    code: str
    toponyme: Toponyme
    chef_lieu: str

    @property
    def nom(self) -> str:
        return self.toponyme.nom


@dataclass(frozen=True)
class Epci:
    """An intercommunal body (EPCI) by SIREN, with its legal nature and population."""

    siren: str
    nom: str
    nature: str
    population: int | None
    membres: tuple[str, ...]

    @property
    def designation(self) -> str:
        """ "la communauté urbaine Le Havre Seine Métropole"."""
        return f"la {self.nom_developpe}"

    @property
    def nom_developpe(self) -> str:
        head, _, rest = self.nom.partition(" ")
        if head in _NATURES_EPCI and head != "METRO" and rest:
            return f"{_NATURES_EPCI[head]} {rest}"
        if self.nom.lower().startswith("métropole"):
            return self.nom
        return f"{_NATURES_EPCI.get(self.nature, 'établissement public de coopération intercommunale')} {self.nom}"

    @property
    def libelle_nature(self) -> str:
        return _NATURES_EPCI.get(self.nature, "établissement public de coopération intercommunale")


@dataclass(frozen=True)
class Commune:
    """A commune of the official geographic code, by INSEE code, with its département and EPCI."""

    code: str
    toponyme: Toponyme
    departement: Departement
    population: int | None
    epci_siren: str | None

    @property
    def nom(self) -> str:
        return self.toponyme.nom


_DIACRITIQUES = re.compile("[\u0300-\u036f]")


def normaliser_nom(nom: str) -> str:
    """Lower case, no accents, hyphens and apostrophes as spaces, "st" as "saint"."""
    text = _DIACRITIQUES.sub("", unicodedata.normalize("NFD", nom.strip().lower()))
    text = re.sub(r"[-'’\s]+", " ", text)
    text = re.sub(r"\bste\b", "sainte", re.sub(r"\bst\b", "saint", text))
    return text.strip()


def normaliser_code_insee(code: str | int) -> str:
    """ "1053" -> "01053" (Excel drops leading zeros); "2a004" -> "2A004"."""
    text = str(code).strip().upper()
    if re.fullmatch(r"\d{4}", text):
        text = "0" + text
    return text


class Referentiel:
    """Look-ups over the shipped extract."""

    def __init__(self, raw: dict, communes: CommunesParDepartement | None = None):
        self.source = raw["source"]
        self._communes = communes if communes is not None else CommunesParDepartement.depuis_lignes(raw["communes"])
        self._epci_brut = raw["epci"]
        self._departements = {
            code: Departement(code, Toponyme(d["nom"], d["tncc"], article_inclus=False), d["chef_lieu"],
                              d.get("region", ""))
            for code, d in raw["departements"].items()
        }
        self._regions = {
            code: Region(code, Toponyme(r["nom"], r["tncc"], article_inclus=False), r["chef_lieu"])
            for code, r in raw.get("regions", {}).items()
        }
        self._par_nom: dict[str, list[str]] | None = None
        self._par_nom_departement: ReserveBornee[dict[str, list[str]]] = ReserveBornee(DEPARTEMENTS_GARDES)
        self._noms: list[tuple[str, str]] | None = None  # (normalised name, code), sorted: autocompletion

    @cached_property
    def _epci(self) -> dict:
        return epci_du_referentiel(self._epci_brut)

    # -- communes -------------------------------------------------------
    def commune(self, code: str) -> Commune:
        code = normaliser_code_insee(code)
        row = self._communes.get(code)
        if row is None:
            raise ReferentielErreur(f"aucune commune n'a le code INSEE {code!r} dans le COG 2026")
        nom, tncc, departement, population, epci = row
        return Commune(code, Toponyme(nom, tncc), self._departements[departement], population, epci)

    def populations_du_departement(self, code: str) -> dict[str, int]:
        """INSEE code → population (0 when unknown) of every commune of a département."""
        return {insee: row[3] or 0 for insee, row in self._communes.du_departement(code).items()}

    def chercher_communes(self, texte: str, departement: str | None = None) -> list[Commune]:
        """Communes whose normalised name equals the text (several when homonyms); with ``departement``
        (a code), only that département's, without indexing the whole country's names."""
        if departement is not None and self._par_nom is None:
            index = self._par_nom_departement.lire(departement)
            if index is None:
                index = {}
                for code, row in self._communes.du_departement(departement).items():
                    index.setdefault(normaliser_nom(row[0]), []).append(code)
                self._par_nom_departement.garder(departement, index)
            return [self.commune(code) for code in index.get(normaliser_nom(texte), [])]
        if self._par_nom is None:
            index: dict[str, list[str]] = {}
            for code, row in self._communes.items():
                index.setdefault(normaliser_nom(row[0]), []).append(code)
            self._par_nom = index
        return [self.commune(code) for code in self._par_nom.get(normaliser_nom(texte), [])
                if departement is None or self._communes[code][2] == departement]

    def suggerer_communes(self, debut: str, limite: int = 10) -> list[Commune]:
        """Communes whose normalised name starts with the text, or whose INSEE code does (autocompletion)."""
        wanted = normaliser_nom(debut)
        if not wanted:
            return []
        if self._noms is None:
            self._noms = sorted((normaliser_nom(row[0]), code) for code, row in self._communes.items())
        digits = debut.strip().upper()
        if re.fullmatch(r"\d{2,5}|2[AB]\d{0,3}", digits):
            found = [code for code in self._communes if code.startswith(digits)]
        else:
            start = bisect.bisect_left(self._noms, (wanted, ""))
            found = []
            for name, code in self._noms[start:]:
                if not name.startswith(wanted):
                    break
                found.append(code)
        found.sort(key=lambda c: (normaliser_nom(self._communes[c][0]) != wanted, -(self._communes[c][3] or 0), c))
        return [self.commune(c) for c in found[:limite]]

    def chercher_communes_partiel(self, texte: str, limite: int = 30) -> list[Commune]:
        """Communes whose normalised name contains the text ("havre" finds Le Havre), exact names first."""
        wanted = normaliser_nom(texte)
        if not wanted:
            return []
        found = [code for code, row in self._communes.items() if wanted in normaliser_nom(row[0])]

        def rank(code: str) -> tuple:
            name = normaliser_nom(self._communes[code][0])
            return (name != wanted, not re.search(rf"\b{re.escape(wanted)}", name), -(self._communes[code][3] or 0), code)

        return [self.commune(c) for c in sorted(found, key=rank)[:limite]]

    def resoudre_commune(self, valeur: str | int) -> Commune:
        """A commune from an INSEE code or an unambiguous name."""
        text = str(valeur).strip()
        if re.fullmatch(r"\d{4,5}|2[abAB]\d{3}", text):
            return self.commune(text)
        found = self.chercher_communes(text)
        if not found:
            raise ReferentielErreur(f"aucune commune nommée {text!r} dans le COG 2026 ; indiquez son code INSEE")
        if len(found) > 1:
            options = ", ".join(f"{c.code} ({c.departement.nom})" for c in found)
            raise ReferentielErreur(
                f"{text!r} désigne plusieurs communes : {options} ; indiquez le code INSEE voulu"
            )
        return found[0]

    # -- départements and EPCI -------------------------------------------
    def departement(self, code: str) -> Departement:
        try:
            return self._departements[normaliser_code_insee(code) if len(str(code)) > 3 else str(code).upper()]
        except KeyError:
            raise ReferentielErreur(f"aucun département n'a le code {code!r}") from None

    def codes_departements(self) -> list[str]:
        return list(self._departements)

    def resoudre_departement(self, valeur: str) -> Departement:
        """A département from its code ("76", "2A", "976") or its name ("Seine-Maritime")."""
        text = str(valeur).strip()
        code = text.upper().zfill(2) if text.isdigit() and len(text) < 3 else text.upper()
        if code in self._departements:
            return self._departements[code]
        wanted = normaliser_nom(text)
        for departement in self._departements.values():
            if normaliser_nom(departement.nom) == wanted:
                return departement
        raise ReferentielErreur(f"aucun département n'a le code ou le nom {text!r}")

    def prefecture(self, departement: Departement) -> Commune:
        return self.commune(departement.chef_lieu)

    def region(self, departement: Departement) -> Region | None:
        return self._regions.get(departement.region)

    def chef_lieu_de_region(self, departement: Departement) -> Region | None:
        """The département's region when the regional chef-lieu lies in this département."""
        region = self.region(departement)
        if region is None or self._communes.get(region.chef_lieu, [None, None, None])[2] != departement.code:
            return None
        return region

    def tribunal_administratif(self, departement: Departement) -> str:
        """ "le tribunal administratif de Rouen" (see generator.institutions)."""
        from generator.institutions import tribunal_administratif

        return f"le {tribunal_administratif(departement)}"

    def epci(self, siren: str) -> Epci:
        siren = str(siren).strip()
        raw = self._epci.get(siren)
        if raw is None:
            raise ReferentielErreur(f"aucun EPCI à fiscalité propre n'a le SIREN {siren!r} (liste DGCL 2026)")
        return Epci(siren, raw["nom"], raw["nature"], raw["population"], tuple(raw["membres"]))

    def resoudre_epci(self, valeur: str) -> Epci:
        text = str(valeur).strip()
        if re.fullmatch(r"\d{9}", text):
            return self.epci(text)
        wanted = normaliser_nom(text)
        found = [s for s, raw in self._epci.items() if normaliser_nom(raw["nom"]) == wanted]
        if len(found) != 1:
            raise ReferentielErreur(
                f"aucun EPCI à fiscalité propre nommé exactement {text!r} ; indiquez son numéro SIREN"
                if not found else f"{text!r} désigne plusieurs EPCI : {', '.join(found)}"
            )
        return self.epci(found[0])


@cache
def charger() -> Referentiel:
    raw, communes = lire_extrait(chemins.data() / "referentiel" / FICHIER)
    return Referentiel(raw, communes)
