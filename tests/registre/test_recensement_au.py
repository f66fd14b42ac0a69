"""The census as of a date (`registre recensement --au JJ/MM/AAAA`): each agreement counts with the status
it had on that date, read from its status changes and their effective dates — checked against the
history written by hand below, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from generator import referentiel
from tests.conftest import lancer_cli
from tests.registre.test_echeances_recensement import _accord, generations  # noqa: F401 - fixture

D = dt.date


def test_the_census_reads_statuses_at_the_date_asked(registre, generations, tmp_path):  # noqa: F811
    from generator.registre import services

    # Le Havre: signed 1 March, in force 1 April, terminated (dénoncé) 1 October 2026.
    havre = _accord(generations, "csi", ["76351"], [("signe", D(2026, 3, 1)), ("en_vigueur", D(2026, 4, 1)),
                                                    ("denonce", D(2026, 10, 1))])
    # Rouen: a CLS signed on 15 June 2026 (recorded afterwards: it did not exist in the registry before).
    rouen = _accord(generations, "cls", ["76540"], [("signe", D(2026, 6, 15))])
    # Dieppe: a draft recorded today, never moved.
    dieppe = _accord(generations, "csi", ["76217"])
    assert (havre.statut, rouen.statut, dieppe.statut) == ("denonce", "signe", "projet")

    def census(au):
        (result,) = services.recensement(2026, "76", au)
        return result

    may = census(D(2026, 5, 31))
    assert may.par_type_statut == {"csi": {"en_vigueur": 1}}
    assert [a.reference for a in may.signes] == [havre.reference]
    population = referentiel.charger().populations_du_departement("76")["76351"]
    assert may.couverture["csi"].communes == 1 and may.couverture["csi"].population == population

    june = census(D(2026, 6, 30))
    assert june.par_type_statut == {"cls": {"signe": 1}, "csi": {"en_vigueur": 1}}
    assert {a.reference for a in june.signes} == {havre.reference, rouen.reference}

    october = census(D(2026, 10, 15))
    assert october.par_type_statut == {"cls": {"signe": 1}, "csi": {"denonce": 1}}
    assert october.couverture == {}  # nothing in force any more

    now = census(None)  # without a date: the current statuses, every agreement
    assert now.par_type_statut == {"cls": {"signe": 1}, "csi": {"denonce": 1, "projet": 1}}
    assert services.recensement(2026, "76")[0].par_type_statut == now.par_type_statut

    # Before anything was signed or recorded: nothing to count.
    assert census(D(2026, 1, 15)).par_type_statut == {}

    out = tmp_path / "recensement-mai.xlsx"
    done = lancer_cli("registre", "recensement", "--au", "31/05/2026", "--departement", "76", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "Statuts au 31/05/2026" in done.stdout and "1 signé en 2026" in done.stdout
    rows = list(load_workbook(out)["Par type et statut"].iter_rows(values_only=True))
    assert rows[0] == ("Département", "Type", "Statut au 31/05/2026", "Nombre")
    assert rows[1:] == [("76", "csi", "en vigueur", 1)]

    missing = lancer_cli("registre", "recensement", "-o", str(tmp_path / "r.xlsx"))
    assert missing.returncode != 0 and "--annee AAAA" in missing.stderr and "--au JJ/MM/AAAA" in missing.stderr
    bad = lancer_cli("registre", "recensement", "--au", "31/02/2026", "-o", str(tmp_path / "r.xlsx"))
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
