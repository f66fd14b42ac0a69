"""Build the trimmed reference extract shipped in data/referentiel/.

Source: npm package @etalab/decoupage-administratif 6.0.0 (COG 2026).
Usage (from the repository root):

    npm pack @etalab/decoupage-administratif@6.0.0
    python scripts/extraire_referentiel.py etalab-decoupage-administratif-6.0.0.tgz

The extract keeps, keyed by INSEE code (strings): current communes, the
départements with their chef-lieu (préfecture), the regions with their
chef-lieu, and EPCI à fiscalité propre
with their member communes.
"""

from __future__ import annotations

import json
import sys
import tarfile
from pathlib import Path

VERSION = "6.0.0"
DESTINATION = Path(__file__).resolve().parent.parent / "data" / "referentiel"


def _read(archive: tarfile.TarFile, name: str):
    member = archive.extractfile(f"package/data/{name}.json")
    return json.load(member)


def extract(tgz: Path) -> dict:
    with tarfile.open(tgz) as archive:
        package = json.load(archive.extractfile("package/package.json"))
        if package["version"] != VERSION:
            raise SystemExit(f"version attendue {VERSION}, trouvée {package['version']}")
        communes = _read(archive, "communes")
        departements = _read(archive, "departements")
        epcis = _read(archive, "epci")
        regions = _read(archive, "regions")

    commune_epci = {}
    epci_out = {}
    for epci in sorted(epcis, key=lambda e: e["code"]):
        members = sorted(m["code"] for m in epci["membres"])
        for code in members:
            commune_epci[code] = epci["code"]
        epci_out[epci["code"]] = {
            "nom": epci["nom"],
            "nature": epci["type"],
            "population": epci.get("populationTotale"),
            "membres": members,
        }

    commune_out = {}
    for commune in sorted(communes, key=lambda c: c["code"]):
        if commune["type"] != "commune-actuelle":
            continue
        commune_out[commune["code"]] = [
            commune["nom"],
            commune.get("typeLiaison", 0),
            commune["departement"],
            commune.get("population"),
            commune_epci.get(commune["code"]),
        ]

    departement_out = {
        d["code"]: {"nom": d["nom"], "tncc": d["typeLiaison"], "chef_lieu": d["chefLieu"], "region": d["region"]}
        for d in sorted(departements, key=lambda d: d["code"])
    }
    region_out = {
        r["code"]: {"nom": r["nom"], "tncc": r["typeLiaison"], "chef_lieu": r["chefLieu"]}
        for r in sorted(regions, key=lambda r: r["code"])
        if r.get("zone") in ("metro", "drom")
    }
    return {
        "source": {
            "paquet": "@etalab/decoupage-administratif",
            "version": VERSION,
            "millesime": "COG 2026",
            "licence": "Licence Ouverte / Open Licence (Etalab) pour les données",
        },
        "colonnes_communes": ["nom", "tncc", "departement", "population", "epci"],
        "departements": departement_out,
        "regions": region_out,
        "epci": epci_out,
        "communes": commune_out,
    }


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    data = extract(Path(sys.argv[1]))
    DESTINATION.mkdir(parents=True, exist_ok=True)
    target = DESTINATION / f"decoupage-administratif-{VERSION}.json"
    with target.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
        handle.write("\n")
    print(f"{target} : {len(data['communes'])} communes, {len(data['epci'])} EPCI, {len(data['departements'])} départements")


if __name__ == "__main__":
    main()
