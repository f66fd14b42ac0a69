"""`continuum avenant`: an avenant that can be signed.

Only the articles whose content changes are amended, with the signed
contract's numbers (inserted articles are "N bis"), small changes are drafted
as targeted amendments, the avenant has its own answers, and it visas the
contract and the earlier avenants.
"""

import copy
import re
from pathlib import Path

import pytest
import yaml

from generator import generation
from generator.avenant import avenant
from generator.erreurs import AucuneModification, ReponsesInvalides
from generator.lecture import lire_yaml
from generator.numerotation_signee import libelles_suivants
from generator.reponses_avenant import valider
from tests.conftest import EXEMPLE_CSI, lancer_cli
from tests.libreoffice import vue


def _ecrire(path: Path, answers: dict) -> Path:
    path.write_text(yaml.safe_dump(answers, allow_unicode=True, default_flow_style=False), encoding="utf-8")
    return path


def _versions(tmp_path):
    old = lire_yaml(EXEMPLE_CSI)
    new = copy.deepcopy(old)
    new["engagements"]["commune"]["policiers_municipaux_cible"] = 100
    new["mesures_retenues"].remove("csi_transports_securisation")
    new["mesures_ecartees"] = []
    new["mesures_retenues"].append("csi_etat_si_zones_competence")
    new["signature"]["date"] = "2027-06-01"
    new["mesures_supplementaires"][0]["texte"] = (
        "Les parties conviennent d'étendre au port de commerce les patrouilles communes de la police municipale "
        "et de la police nationale, selon un calendrier arrêté chaque trimestre par le comité de suivi.")
    return _ecrire(tmp_path / "ancien.yaml", old), _ecrire(tmp_path / "nouveau.yaml", new)


def _numeros(path: Path) -> dict[str, int]:
    answers = lire_yaml(path)
    document = generation.assembler("csi", answers, str(path), brouillon=False)[0]
    return {b.cle: b.numero for b in document.blocs() if b.numero is not None}


def _articles_avenant(document) -> list[str]:
    return [b.titre for b in document.blocs() if b.cle.startswith("avenant_article_")]


def test_each_change_is_an_article_in_french_legal_drafting(tmp_path):
    old, new = _versions(tmp_path)
    document, _ = avenant(old, new)
    text = document.texte()
    assert document.intitule == "Avenant n° 1 au contrat de sécurité intégrée"
    assert "signé le 1er décembre 2026" in text
    assert re.search(r"Après l'article (\d+) du contrat, il est inséré un article \1 bis ainsi rédigé :", text)
    assert "du contrat est remplacé par les dispositions suivantes :" in text
    assert "le nombre : « 90 » est remplacé par le nombre : « 100 »" in text
    assert "du contrat est abrogé." in text
    assert "Le présent avenant prend effet le 1er juin 2027." in text
    assert any(b.cle.endswith("_parties") for b in document.avant_propos)
    assert document.signataires
    assert "(s)" not in text


def test_renumbering_alone_is_never_a_modification_and_references_cite_the_signed_numbers(tmp_path):
    """Adding one measure early in the contract shifts every later article: none of them is amended."""
    old_answers = lire_yaml(EXEMPLE_CSI)
    new_answers = copy.deepcopy(old_answers)
    new_answers["mesures_ecartees"] = []
    new_answers["mesures_retenues"].append("csi_etat_si_zones_competence")
    old = _ecrire(tmp_path / "ancien.yaml", old_answers)
    new = _ecrire(tmp_path / "nouveau.yaml", new_answers)
    signed = _numeros(old)
    natural = _numeros(new)
    assert natural["csi_comite_suivi"] == signed["csi_comite_suivi"] + 1  # the new version renumbers…

    document, _ = avenant(old, new)
    titles = _articles_avenant(document)
    inserted = signed["csi_etat_si_zones_competence"] if "csi_etat_si_zones_competence" in signed else None
    assert inserted is None
    assert titles[0].startswith("Insertion d'un article ") and titles[0].endswith(" bis")
    assert "Modification de l'annexe" in titles
    assert not [t for t in titles if t.startswith("Modification de l'article")]  # …but nothing else changes
    text = document.texte()
    # the inserted article's cross-reference cites the comité de suivi by its signed number
    assert f"comité de suivi prévu à l'article {signed['csi_comite_suivi']}" in text
    assert f"comité de suivi prévu à l'article {natural['csi_comite_suivi']}." not in text
    assert "Il apporte au contrat les deux modifications suivantes :" in text


def test_two_changes_make_two_articles_with_proper_agreement(tmp_path):
    old_answers = lire_yaml(EXEMPLE_CSI)
    new_answers = copy.deepcopy(old_answers)
    new_answers["engagements"]["etat"]["effectifs_supplementaires"] = 40
    new_answers["engagements"]["commune"]["cameras_cible"] = 500
    old = _ecrire(tmp_path / "ancien.yaml", old_answers)
    new = _ecrire(tmp_path / "nouveau.yaml", new_answers)
    out = tmp_path / "avenant.docx"
    done = lancer_cli("avenant", str(old), str(new), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "(s)" not in done.stdout
    document, _ = avenant(old, new)
    text = document.texte()
    assert "(s)" not in text
    assert "le nombre : « 25 » est remplacé par le nombre : « 40 »" in text
    count = len(_articles_avenant(document))
    assert count >= 2
    from generator.typographie import en_lettres
    assert f"Il apporte au contrat les {en_lettres(count)} modifications suivantes :" in text
    assert f"— {count} modifications du contrat." in done.stdout


def test_identical_versions_write_no_avenant(tmp_path):
    old = _ecrire(tmp_path / "ancien.yaml", lire_yaml(EXEMPLE_CSI))
    same = _ecrire(tmp_path / "meme.yaml", lire_yaml(EXEMPLE_CSI))
    with pytest.raises(AucuneModification):
        avenant(old, same)
    out = tmp_path / "avenant.docx"
    done = lancer_cli("avenant", str(old), str(same), "-o", str(out))
    assert done.returncode == 3
    assert "aucun avenant n'est à rédiger" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_the_avenant_has_its_own_signature_deliberations_and_effective_date(tmp_path):
    old, new = _versions(tmp_path)
    answers = _ecrire(tmp_path / "avenant.yaml", {
        "type": "avenant",
        "signature": {"lieu": "Le Havre", "date": "2027-06-15"},
        "effet": "2027-07-01",
        "signataires": {"maire": {"deliberation": "2027-05-20"}, "president_epci": {"deliberation": "2027-05-25"}},
    })
    out = tmp_path / "avenant.docx"
    done = lancer_cli("avenant", str(old), str(new), "-a", str(answers), "-o", str(out))
    assert done.returncode == 0, done.stderr
    seen = vue(out, tmp_path)
    text = "\n".join(seen["paragraphes"]).replace("\u00a0", " ").replace("\u202f", " ")
    assert "à signer le présent avenant par délibération du conseil municipal en date du 20 mai 2027" in text
    assert "12 octobre 2026" not in text  # the contract's own deliberation does not authorise the avenant
    assert "Vu le contrat de sécurité intégrée signé le 1er décembre 2026 ;" in text
    assert "Le présent avenant prend effet le 1er juillet 2027." in text
    assert re.search(r"Fait au Havre, le 15 juin 2027, en \w+ exemplaires originaux\.", text)
    assert "présent contrat" not in "\n".join(p for p in seen["paragraphes"] if "délibération" in p)


def test_a_second_avenant_keeps_the_numbers_the_first_one_gave(tmp_path):
    """Contract → avenant 1 (inserts 7 bis) → avenant 2: references and insertions follow the amended numbering."""
    signed_answers = lire_yaml(EXEMPLE_CSI)
    first = copy.deepcopy(signed_answers)
    first["mesures_ecartees"] = []
    first["mesures_retenues"].append("csi_etat_si_zones_competence")
    second = copy.deepcopy(first)
    second["engagements"]["commune"]["policiers_municipaux_cible"] = 120
    paths = [_ecrire(tmp_path / f"v{i}.yaml", a) for i, a in enumerate((signed_answers, first, second))]
    answers = _ecrire(tmp_path / "avenant2.yaml", {"avenants_precedents": [{"numero": 1, "date": "2027-03-01"}]})

    # without the earlier avenant's date, the visa cannot be written: the field is named
    done = lancer_cli("avenant", *map(str, paths), "-o", str(tmp_path / "sans.docx"))
    assert done.returncode == 3
    assert "avenants_precedents" in done.stderr

    from generator import reponses_avenant
    document, _ = avenant(*paths, reponses=reponses_avenant.lire(answers))
    text = document.texte()
    assert document.intitule == "Avenant n° 2 au contrat de sécurité intégrée"
    assert "Vu l'avenant n° 1 au contrat, signé le 1er mars 2027 ;" in text
    assert "modifié par l'avenant n° 1 du 1er mars 2027" in text
    signed = _numeros(paths[0])
    titles = _articles_avenant(document)
    assert f"Modification de l'article {signed['csi_evaluation']}" in titles
    assert f"Modification de l'article {signed['csi_evaluation'] + 1}" not in titles
    assert all(t.startswith("Modification de l'article ") for t in titles)
    assert "Dans la ligne « Effectif de la police municipale » du tableau de l'article" in text
    assert "la mention : « 90 agents au terme du contrat » est remplacée par la mention : « 120 agents au terme du contrat »" in text


def test_signed_numbering_of_successive_insertions():
    labels = {"a": "1er", "b": "2", "c": "3"}
    after_first = libelles_suivants(labels, ["a", "x", "b", "c"])
    assert after_first == {"a": "1er", "x": "1er bis", "b": "2", "c": "3"}
    after_second = libelles_suivants(after_first, ["y", "a", "x", "z", "b", "c"])
    assert after_second["y"] == "1er A"
    assert after_second["z"] == "1er ter"
    # an abrogated number is never given again
    after_third = libelles_suivants({"a": "1er", "c": "3"}, ["a", "w", "c"], abroges={"1er bis"})
    assert after_third["w"] == "1er ter"


def test_avenant_answers_are_validated_with_named_fields():
    with pytest.raises(ReponsesInvalides) as error:
        valider({"signature": {"date": "2027-02-30"}, "effet": "hier", "numro": 2,
                 "avenants_precedents": [{"numero": 1}]}, "avenant.yaml")
    message = str(error.value)
    for field in ("signature.date", "effet", "numro", "avenants_precedents[1]"):
        assert field in message


def test_versions_of_different_types_are_refused(tmp_path):
    old, _ = _versions(tmp_path)
    other = tmp_path / "autre.yaml"
    other.write_text("type: clcs\n", encoding="utf-8")
    done = lancer_cli("avenant", str(old), str(other), "-o", str(tmp_path / "a.docx"))
    assert done.returncode == 3
    assert "même type de document" in done.stderr


def test_cli_writes_an_avenant_that_libreoffice_opens(tmp_path):
    old, new = _versions(tmp_path)
    out = tmp_path / "avenant.docx"
    done = lancer_cli("avenant", str(old), str(new), "-o", str(out), "--numero", "1", "--effet", "01/09/2027")
    assert done.returncode == 0, done.stderr
    seen = vue(out, tmp_path)
    text = "\n".join(seen["paragraphes"]).replace("\u00a0", " ").replace("\u202f", " ")
    assert "Avenant n° 1 au contrat de sécurité intégrée" in text
    assert "Le présent avenant prend effet le 1er septembre 2027." in text
    assert seen["commentaires"] == 0
    again = lancer_cli("avenant", str(old), str(new), "-o", str(out))
    assert again.returncode != 0 and "existe déjà" in again.stderr  # never overwritten silently
