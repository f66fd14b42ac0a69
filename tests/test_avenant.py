"""`continuum avenant`: the avenant between two versions of a contract's answers."""

import copy
import re

import yaml

from generator.avenant import avenant
from generator.lecture import lire_yaml
from tests.conftest import EXEMPLE_CSI, lancer_cli
from tests.libreoffice import vue


def _versions(tmp_path):
    old = lire_yaml(EXEMPLE_CSI)
    new = copy.deepcopy(old)
    new["engagements"]["commune"]["policiers_municipaux_cible"] = 100
    new["mesures_retenues"].remove("csi_transports_securisation")
    new["mesures_ecartees"] = []
    new["mesures_retenues"].append("csi_etat_si_zones_competence")
    new["signature"]["date"] = "2027-06-01"
    paths = []
    for name, answers in (("ancien", old), ("nouveau", new)):
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(answers, allow_unicode=True, default_flow_style=False), encoding="utf-8")
        paths.append(path)
    return paths


def test_each_change_is_an_article_in_french_legal_drafting(tmp_path):
    old, new = _versions(tmp_path)
    document, _ = avenant(old, new)
    text = document.texte()
    assert document.intitule == "Avenant n° 1 au contrat de sécurité intégrée"
    assert "signé le 1er décembre 2026" in text
    assert re.search(r"Il est inséré après l'article (\d+) du contrat un article \1 bis ainsi rédigé :", text)
    assert "du contrat est remplacé par les dispositions suivantes :" in text
    assert "porter l'effectif de sa police municipale de 62 à 100 agents" in text
    assert "du contrat est abrogé." in text
    assert "Le présent avenant prend effet le 1er juin 2027." in text
    assert any(b.cle.endswith("_parties") for b in document.avant_propos)
    assert document.signataires


def test_cli_writes_an_avenant_that_libreoffice_opens(tmp_path):
    old, new = _versions(tmp_path)
    out = tmp_path / "avenant.docx"
    done = lancer_cli("avenant", str(old), str(new), "-o", str(out), "--numero", "2", "--effet", "01/09/2027")
    assert done.returncode == 0, done.stderr
    seen = vue(out, tmp_path)
    text = "\n".join(seen["paragraphes"])
    assert "Avenant n° 2 au contrat de sécurité intégrée" in text
    assert "Le présent avenant prend effet le 1er septembre 2027." in text
    assert seen["commentaires"] == 0


def test_versions_of_different_types_are_refused(tmp_path):
    old, _ = _versions(tmp_path)
    other = tmp_path / "autre.yaml"
    other.write_text("type: clcs\n", encoding="utf-8")
    done = lancer_cli("avenant", str(old), str(other), "-o", str(tmp_path / "a.docx"))
    assert done.returncode == 3
    assert "même type de document" in done.stderr
