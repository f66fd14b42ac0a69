"""Registry services the workspace calls: creating an agreement for a service, matching a generation to
an agreement of the SAME service only, and an avenant's effective date taken from its own answers
(`continuum avenant -a`), shown by `registre voir` — on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from generator import generation
from generator.lecture import lire_yaml
from tests.conftest import EXEMPLE_CSI, lancer_cli


def _ok(*args: str):
    done = lancer_cli(*args)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def _ecrire(path: Path, answers: dict) -> Path:
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    return path


def _services():
    from generator.registre import models as m

    havre = m.Service.objects.create(nom="Ville du Havre", nature="commune", code="76351")
    prefecture = m.Service.objects.create(nom="Préfecture de la Seine-Maritime", nature="prefecture", code="76")
    return havre, prefecture


def test_creer_accord_belongs_to_its_service_and_is_logged(registre):
    from generator.erreurs import ContinuumError
    from generator.registre import models as m
    from generator.registre.services import accords_visibles, creer_accord

    havre, prefecture = _services()
    first = creer_accord("csi", service=havre, auteur="Juriste du Havre")
    second = creer_accord("csi", service=havre, auteur="Juriste du Havre")
    by_prefecture = creer_accord("ems-arrete", service=prefecture, auteur="Juriste de la préfecture")
    assert first.reference.startswith("CSI-76351-") and first.reference.endswith("-0001")
    assert second.reference.endswith("-0002") and by_prefecture.reference.startswith("EMS-ARRETE-76-")
    assert first.statut == m.PROJET and first.reponses == {"type": "csi"} and first.intitule.startswith("Contrat")
    assert set(accords_visibles(havre)) == {first, second} and set(accords_visibles(prefecture)) == {by_prefecture}
    entry = m.Journal.objects.get(accord=first)
    assert (entry.action, entry.auteur, entry.detail["origine"]) == ("creation", "Juriste du Havre", "web")
    with pytest.raises(ContinuumError):
        creer_accord("inconnu", service=havre, auteur="Juriste du Havre")
    assert m.Accord.objects.count() == 3


def test_a_generation_only_joins_an_agreement_of_the_same_service(registre):
    """Same type and territory: the préfecture's generation must not land in the town hall's agreement
    (nor a command-line one in either), and each service sees only its own."""
    from generator.registre import models as m
    from generator.registre.services import accords_visibles, enregistrer_generation

    havre, prefecture = _services()
    answers = lire_yaml(EXEMPLE_CSI)
    result = generation.generer("csi", answers)

    def record(service):
        return enregistrer_generation("csi", answers, result, result.contenu, origine="web", auteur="agent",
                                      service=service)

    town_hall = record(havre).accord
    state = record(prefecture).accord
    command_line = record(None).accord
    assert len({town_hall.pk, state.pk, command_line.pk}) == 3
    assert town_hall.cle_territoire == state.cle_territoire == command_line.cle_territoire
    assert (town_hall.service, state.service, command_line.service) == (havre, prefecture, None)
    again = record(havre)  # the same service finds its own agreement: a second version
    assert again.accord == town_hall and again.numero == 2
    assert record(None).accord == command_line
    assert list(accords_visibles(havre)) == [town_hall] and list(accords_visibles(prefecture)) == [state]
    assert m.Version.objects.filter(accord=state).count() == 1


def test_an_avenant_records_its_effective_date_from_its_answers(registre, tmp_path):
    from generator.registre import models as m

    answers = lire_yaml(EXEMPLE_CSI)
    signed = _ecrire(tmp_path / "contrat.yaml", answers)
    _ok("generer", "csi", "-r", str(signed), "-o", str(tmp_path / "contrat.docx"), "--final")
    reference = m.Accord.objects.get().reference
    _ok("registre", "statut", reference, "signé", "--date", "01/12/2026")

    new = copy.deepcopy(answers)
    new["engagements"]["commune"]["policiers_municipaux_cible"] = 120
    _ecrire(tmp_path / "nouveau.yaml", new)
    own = _ecrire(tmp_path / "avenant.yaml", {"type": "avenant", "numero": 1,
                                              "signature": {"lieu": "Le Havre", "date": "2027-06-15"},
                                              "effet": "2027-07-01"})
    done = _ok("avenant", str(signed), str(tmp_path / "nouveau.yaml"), "-a", str(own), "-o", str(tmp_path / "av1.docx"))
    assert f"Registre : {reference}-AV1, version 1" in done.stderr

    avenant = m.Accord.objects.get(reference=f"{reference}-AV1")
    assert avenant.date_entree_vigueur.isoformat() == "2027-07-01" and avenant.accord_initial.reference == reference
    view = _ok("registre", "voir", reference).stdout
    assert f"Avenant n° 1 : {reference}-AV1 (projet), prend effet le 01/07/2027" in view, view
    assert "Prise d'effet : 01/07/2027" in _ok("registre", "voir", f"{reference}-AV1").stdout
    data = json.loads(_ok("registre", "voir", reference, "--format", "json").stdout)
    assert data["effets_avenants"] == {f"{reference}-AV1": "2027-07-01"}
    change = m.Journal.objects.get(accord=avenant, action="modification")
    assert change.detail["champs"]["date_entree_vigueur"] == [None, "2027-07-01"]

    # --effet overrides the answers; an avenant drafted again keeps one agreement and takes the new date
    _ok("avenant", str(signed), str(tmp_path / "nouveau.yaml"), "-a", str(own), "--effet", "15/07/2027",
        "-o", str(tmp_path / "av1-bis.docx"))
    avenant.refresh_from_db()
    assert avenant.date_entree_vigueur.isoformat() == "2027-07-15" and avenant.versions.count() == 2
