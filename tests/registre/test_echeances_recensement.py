"""Renewal alerts on fixed dates, and a census of a département checked against counts made by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from generator import generation, referentiel
from generator.lecture import lire_yaml
from tests.conftest import RACINE, lancer_cli

D = dt.date


@pytest.fixture(scope="module")
def generations():
    """One real generation per type; each agreement below is one of them on another territory."""
    from generator.registre.fiche import fiche_resultat

    out = {}
    for kind, name in (("csi", "csi-le-havre"), ("cls", "cls-le-havre"), ("clcs", "clcs-vatine"),
                       ("padrsq", "padrsq-seine-maritime"), ("ems-releve", "ems-reunion-seine-maritime")):
        answers = lire_yaml(RACINE / "data" / "exemples" / f"{name}.yaml")
        result = generation.generer(kind, answers, name)
        out[kind] = (fiche_resultat(kind, answers, result), result.contenu)
    return out


def _accord(generations, kind, communes, statuts=(), departement="76", remplace=None, **dates):
    """Record one agreement of ``kind`` covering ``communes`` and walk it through ``statuts`` [(code, date)]."""
    from generator.registre import services

    record, content = generations[kind]
    record = dict(record, communes=list(communes), departement=departement,
                  cle_territoire=f"{kind}|{departement}|{','.join(communes)}|{dates.pop('cle', '')}")
    accord = services.enregistrer_fiche(record, content, origine="generer").accord
    if remplace is not None:
        accord.remplace = remplace
        accord.save(update_fields=["remplace"])
    for status, date in statuts:
        services.changer_statut(accord, status, date=date, raa="RAA test" if status == "publie" else "")
    if dates:
        services.modifier(accord, **dates)
    accord.refresh_from_db()
    return accord


EN_VIGUEUR = [("signe", D(2026, 3, 1)), ("en_vigueur", D(2026, 3, 1))]


def test_echeances_on_fixed_dates(registre, generations):
    from generator.registre import services

    today = D(2030, 1, 1)
    a30 = _accord(generations, "csi", ["76351"], EN_VIGUEUR, date_echeance=D(2030, 1, 20))
    a90 = _accord(generations, "csi", ["76540"], EN_VIGUEUR, date_echeance=D(2030, 3, 15))
    a180 = _accord(generations, "cls", ["76217"], EN_VIGUEUR, date_echeance=D(2030, 6, 1))
    _accord(generations, "cls", ["76498"], EN_VIGUEUR, date_echeance=D(2030, 9, 1))  # 243 days: outside
    _accord(generations, "csi", ["76451"], [], date_echeance=D(2030, 1, 10))  # a draft never alerts
    past = _accord(generations, "csi", ["76108"], EN_VIGUEUR, date_echeance=D(2029, 12, 1))
    unsigned_force = _accord(generations, "csi", ["76322"], [("signe", D(2029, 11, 2))], date_echeance=D(2035, 1, 1))
    old_diag = _accord(generations, "csi", ["76351"], [], remplace=a30, cle="renouvellement",
                       date_diagnostic=D(2028, 6, 30))
    _accord(generations, "csi", ["76540"], [], remplace=a90, cle="renouvellement", date_diagnostic=D(2029, 2, 1))

    result = services.echeances(180, today)
    assert [(e.accord.reference, e.jours, e.alerte) for e in result.a_echeance] == [
        (past.reference, -31, "dépassée"), (a30.reference, 19, "J-30"), (a90.reference, 73, "J-90"),
        (a180.reference, 151, "J-180")]
    assert result.sans_entree_en_vigueur == [unsigned_force]
    assert result.diagnostics_anciens == [old_diag]
    assert [e.accord for e in services.echeances(30, today).a_echeance] == [past, a30]

    done = lancer_cli("registre", "echeances", "--jours", "180", "--date", "01/01/2030")
    assert done.returncode == 0, done.stderr
    assert f"[J-90] {a90.reference}" in done.stdout and "échéance le 15/03/2030 (dans 73 jours)" in done.stdout
    assert f"{unsigned_force.reference}" in done.stdout.split("Signés sans date d'entrée en vigueur :")[1]
    assert "diagnostic du 30/06/2028" in done.stdout


def test_census_of_a_departement(registre, generations, tmp_path):
    from generator.registre import services

    ref = referentiel.charger()
    population = {code: ref.commune(code).population for code in ("76351", "76540", "76217", "76108")}
    total = sum(ref.populations_du_departement("76").values())

    old = _accord(generations, "csi", ["76351"], [("signe", D(2020, 5, 2)), ("en_vigueur", D(2020, 5, 2))],
                  date_echeance=D(2026, 3, 1))
    _accord(generations, "csi", ["76351"], [("signe", D(2026, 4, 1)), ("en_vigueur", D(2026, 4, 1))], remplace=old,
            cle="2026", date_echeance=D(2032, 3, 1))  # renewal signed in 2026: the old one becomes « remplacé »
    rouen = _accord(generations, "csi", ["76540"], [("signe", D(2025, 6, 1)), ("en_vigueur", D(2025, 6, 1))],
                    date_echeance=D(2027, 6, 30))  # expires next year
    _accord(generations, "cls", ["76217", "76108"], [("signe", D(2026, 9, 15)), ("publie", D(2026, 9, 20)),
                                                       ("en_vigueur", D(2026, 10, 1))], date_echeance=D(2029, 9, 14))
    clcs = _accord(generations, "clcs", ["76451", "76108"], [("signe", D(2026, 12, 15))],
                   date_echeance=D(2027, 12, 14))  # expires next year too
    _accord(generations, "cls", ["76498"], [])  # a draft
    _accord(generations, "padrsq", [], [("signe", D(2026, 2, 1)), ("en_vigueur", D(2026, 2, 1))])
    _accord(generations, "csi", ["59350"], EN_VIGUEUR, departement="59")  # another département
    # an avenant to Rouen's contract, signed in 2026
    from generator.registre.services import accords as services_accords
    from generator.registre.services.ecriture import transaction_ecriture

    with transaction_ecriture():
        avenant, _ = services_accords.avenant_pour(rouen, 1, {}, auteur="test")
    services.changer_statut(avenant, "signe", date=D(2026, 11, 3))
    # état-major meetings: 2 in the first half of 2026, 1 in the second, 1 in 2027
    for day in (D(2026, 1, 8), D(2026, 4, 2), D(2026, 10, 1), D(2027, 1, 7)):
        record, content = generations["ems-releve"]
        services.enregistrer_fiche(dict(record, date_reunion=day.isoformat(),
                                        cle_territoire=f"ems-releve|76|||{day}"), content, origine="generer")

    census, = services.recensement(2026, "76")
    assert census.par_type_statut == {
        "clcs": {"signe": 1}, "cls": {"en_vigueur": 1, "projet": 1}, "csi": {"en_vigueur": 2, "remplace": 1},
        "ems-releve": {"projet": 4}, "padrsq": {"en_vigueur": 1}}
    assert len(census.signes) == 4  # csi renewal, cls, clcs, padrsq
    assert len(census.renouveles) == 1 and len(census.avenants) == 1 and census.modifies == [rouen]
    assert census.echeant == [clcs, rouen]
    csi, cls = census.couverture["csi"], census.couverture["cls"]
    assert csi.communes == 2 and csi.population == population["76351"] + population["76540"]
    assert csi.part == pytest.approx((population["76351"] + population["76540"]) / total)
    assert cls.communes == 2 and cls.population == population["76217"] + population["76108"]
    assert census.couverture["padrsq"].part == pytest.approx(1.0)  # departmental plan covers every commune
    assert "clcs" not in census.couverture  # signed, not yet in force
    assert census.reunions == {"1er semestre": 2, "2e semestre": 1}

    out = tmp_path / "recensement.xlsx"
    done = lancer_cli("registre", "recensement", "--annee", "2026", "--departement", "76", "-o", str(out))
    assert done.returncode == 0, done.stderr
    book = load_workbook(out)
    summary = {row[2]: row[3] for row in book["Synthèse"].iter_rows(min_row=2, values_only=True)}
    assert summary["Accords signés dans l'année"] == 4 and summary["dont renouvellements"] == 1
    assert summary["Accords arrivant à échéance en 2027"] == 2
    assert summary["Réunions de l'état-major de sécurité, 2e semestre 2026"] == 1
    coverage = {row[1]: row for row in book["Couverture"].iter_rows(min_row=2, values_only=True)}
    assert coverage["csi"][2] == 2 and coverage["csi"][4] == population["76351"] + population["76540"]
    assert coverage["csi"][6] == round((population["76351"] + population["76540"]) / total * 100, 1)
    assert len(book["Couverture"]._charts) == 1
    again = lancer_cli("registre", "recensement", "--annee", "2026", "-o", str(out))
    assert again.returncode != 0 and "existe déjà" in again.stderr
