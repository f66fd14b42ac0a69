"""`continuum --service NATURE:CODE`: what the command line records belongs to that workspace service (which then
sees it), an unknown service is refused before anything is written, and `registre rattacher` gives an owner to an
agreement recorded without one — on SQLite and PostgreSQL."""

from __future__ import annotations

import csv

from tests.conftest import EXEMPLE_CSI, EXEMPLES, lancer_cli


def _ok(*args: str):
    done = lancer_cli(*args)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def _prefecture():
    from generator.registre import models as m

    return m.Service.objects.create(nom="Préfecture de la Seine-Maritime", nature="prefecture", code="76")


def test_a_generation_and_a_batch_recorded_for_a_service_appear_in_its_workspace(registre, tmp_path):
    from generator.registre import models as m
    from generator.registre.services import accords_visibles

    prefecture = _prefecture()
    _ok("--service", "prefecture:76", "generer", "csi", "-r", str(EXEMPLE_CSI), "-o", str(tmp_path / "csi.docx"))
    table = tmp_path / "zones.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["zone.nom"])
        writer.writerows([["Zone d'activités du Madrillet"], ["Zone d'activités de la Vatine"]])
    _ok("--service", "prefecture:76", "lot", "clcs", str(table), "-o", str(tmp_path / "lot"),
        "-b", str(EXEMPLES / "clcs-vatine.yaml"), "-j", "2")
    recorded = list(m.Accord.objects.order_by("reference"))
    assert len(recorded) == 3 and all(a.service_id == prefecture.pk for a in recorded)
    assert set(accords_visibles(prefecture)) == set(recorded)
    view = _ok("registre", "voir", recorded[0].reference).stdout
    assert "Service : Préfecture de la Seine-Maritime (prefecture:76)" in view


def test_an_unknown_service_is_refused_before_anything_is_written(registre, tmp_path):
    _prefecture()
    out = tmp_path / "csi.docx"
    done = lancer_cli("--service", "commune:76351", "generer", "csi", "-r", str(EXEMPLE_CSI), "-o", str(out))
    assert done.returncode == 7
    assert "service commune:76351 absent du registre ; services enregistrés : prefecture:76 (Préfecture de la " \
           "Seine-Maritime)" in done.stderr
    assert not out.exists()
    table = tmp_path / "zones.csv"
    table.write_text("zone.nom\nZone d'activités du Madrillet\n", encoding="utf-8")
    done = lancer_cli("--service", "commune:76351", "lot", "clcs", str(table), "-o", str(tmp_path / "lot"),
                      "-b", str(EXEMPLES / "clcs-vatine.yaml"))
    assert done.returncode == 7 and "absent du registre" in done.stderr
    assert not list((tmp_path / "lot").glob("*.docx"))
    bad = lancer_cli("--service", "mairie-76351", "generer", "csi", "-r", str(EXEMPLE_CSI), "-o", str(out))
    assert bad.returncode == 2 and "attendu NATURE:CODE" in bad.stderr and not out.exists()


def test_rattacher_gives_a_command_line_agreement_and_its_avenants_to_a_service(registre, tmp_path):
    from generator.registre import models as m
    from generator.registre.services import accords_visibles

    prefecture = _prefecture()
    _ok("generer", "csi", "-r", str(EXEMPLE_CSI), "-o", str(tmp_path / "csi.docx"))
    accord = m.Accord.objects.get()
    assert accord.service is None and "Service : aucun (ligne de commande" in _ok("registre", "voir", accord.reference).stdout
    done = _ok("registre", "rattacher", accord.reference, "--service", "prefecture:76")
    assert f"{accord.reference} appartient au service Préfecture de la Seine-Maritime (prefecture:76)" in done.stdout
    assert list(accords_visibles(prefecture)) == [accord]
    entry = m.Journal.objects.filter(accord=accord, action="rattachement").get()
    assert entry.detail["service"] == "prefecture:76"
    havre = m.Service.objects.create(nom="Ville du Havre", nature="commune", code="76351")
    refused = lancer_cli("registre", "rattacher", accord.reference, "--service", "commune:76351")
    assert refused.returncode == 7 and "appartient déjà au service Préfecture de la Seine-Maritime" in refused.stderr
    assert m.Accord.objects.get(pk=accord.pk).service_id == prefecture.pk and not accords_visibles(havre).exists()


def test_a_malformed_service_is_a_usage_error_everywhere_and_codes_are_read_in_capitals(registre):
    from generator.registre.proprietaire import lire_designation

    assert lire_designation(" Prefecture:2a ") == ("prefecture", "2A")  # Corse-du-Sud as the registry writes it
    done = lancer_cli("registre", "rattacher", "CSI-76351-2026-0001", "--service", "mairie du Havre")
    assert done.returncode == 2 and "attendu NATURE:CODE" in done.stderr
