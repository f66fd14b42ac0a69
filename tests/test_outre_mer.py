"""Overseas collectivities without département (COG codes 975, 977, 978, 984, 986, 987, 988, 989).

The clauses are written for a commune of a département (préfet de département, groupement de
gendarmerie départementale, service départemental d'incendie et de secours, maire and conseil
municipal, article L. 2212-2 du code général des collectivités territoriales). Where one of these
is false, Continuum refuses the place with the reason and its sources
(data/referentiel/outre-mer.yaml) instead of writing a wrong document; in a batch the other rows are
produced. Overseas départements (Guadeloupe…) still get documents with their own institutions.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path

import docx
import pytest
import yaml

from generator import generation, institutions, referentiel
from generator.erreurs import ReferentielErreur
from generator.lecture import lire_yaml
from generator.plan import charger_plan
from tests.conftest import EXEMPLE_CSI, lancer_cli

OUTRE_MER = Path(__file__).resolve().parent.parent / "data" / "referentiel" / "outre-mer.yaml"

# One place of each collectivity, and what its refusal must say (facts checked in the sources).
CAS = {
    "97502": ["Saint-Pierre (97502)", "collectivité d'outre-mer régie par l'article 74 de la Constitution",
              "commandement de la gendarmerie pour Saint-Pierre-et-Miquelon",
              "service territorial d'incendie et de secours (article L. 1424-49 du code général des collectivités "
              "territoriales)"],
    "97701": ["Saint-Barthélemy (97701)", "Saint-Barthélemy n'est pas une commune", "article LO 6211-1",
              "conseil territorial", "ni maire ni conseil municipal",
              "préfet, représentant de l'État dans les collectivités de Saint-Barthélemy et de Saint-Martin",
              "décret n° 2025-38 du 9 janvier 2025"],
    "97801": ["Saint-Martin (97801)", "Saint-Martin n'est pas une commune", "article LO 6311-1",
              "ni maire ni conseil municipal"],
    "98411": ["Îles Saint-Paul et Nouvelle-Amsterdam (98411)", "loi n° 55-1052 du 6 août 1955",
              "administrateur supérieur des Terres australes et antarctiques françaises"],
    "98613": ["Uvea (98613)", "loi n° 61-814 du 29 juillet 1961", "trois circonscriptions territoriales (Uvea, Alo, Sigave)",
              "ni maire, ni conseil municipal, ni police municipale",
              "administrateur supérieur des îles Wallis et Futuna"],
    "98735": ["Papeete (98735)", "haut-commissaire de la République en Polynésie française",
              "articles L. 155-1 et L. 155-2", "service départemental d'incendie et de secours"],
    "98818": ["Nouméa (98818)", "code des communes de la Nouvelle-Calédonie", "article L. 131-2",
              "non de l'article L. 2212-2 du code général des collectivités territoriales",
              "haut-commissaire de la République en Nouvelle-Calédonie (article L. 546-1 du code de la sécurité intérieure)"],
    "98901": ["Île de Clipperton (98901)", "l'île de La Passion-Clipperton", "ni commune, ni population permanente"],
}


def _texte(contenu: bytes) -> str:
    document = docx.Document(io.BytesIO(contenu))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts).replace("\u00a0", " ").replace("\u202f", " ")


def _clcs(code: str, lieu: str) -> dict:
    """The example convention, for one commune with its maire and deliberation."""
    answers = copy.deepcopy(lire_yaml(charger_plan("clcs").exemple))
    answers["zone"]["communes"] = [code]
    answers["signataires"]["maires"] = answers["signataires"]["maires"][:1]
    answers["signataires"]["deliberations"] = answers["signataires"]["deliberations"][:1]
    answers["signature"]["lieu"] = lieu
    return answers


@pytest.mark.parametrize("code", sorted(CAS))
def test_a_clcs_in_a_collectivity_without_departement_is_refused_with_its_sourced_reason(code):
    with pytest.raises(ReferentielErreur) as raised:
        generation.generer("clcs", _clcs(code, "Rouen"), "clcs.yaml")
    message = str(raised.value).replace("\u00a0", " ")
    assert message.startswith(f"{CAS[code][0]} : aucun document n'est produit pour ce lieu, car ")
    for fact in CAS[code][1:]:
        assert fact in message, fact
    assert message.endswith("(motif et sources : data/referentiel/outre-mer.yaml)")


@pytest.mark.parametrize("code, tribunal", [("98735", "Papeete"), ("97502", "Saint-Pierre")])
def test_a_csi_there_is_refused_for_the_same_reason_before_any_other_lookup(code, tribunal):
    answers = copy.deepcopy(lire_yaml(EXEMPLE_CSI))
    answers["commune"] = code
    answers.pop("epci", None)
    answers["signataires"].pop("president_epci", None)
    answers["territoire"]["dispositifs_existants"] = []
    answers["signataires"]["procureur"]["tribunal"] = tribunal
    answers["signataires"]["education"]["ressort"] = ""
    with pytest.raises(ReferentielErreur) as raised:
        generation.generer("csi", answers, "csi.yaml")
    assert str(raised.value).startswith(f"{CAS[code][0]} : aucun document n'est produit pour ce lieu")
    assert "académie" not in str(raised.value)


def test_an_arrete_for_the_nouvelle_caledonie_names_the_departement_code():
    answers = lire_yaml(charger_plan("ems-arrete").exemple)
    answers["departement"] = "988"
    with pytest.raises(ReferentielErreur) as raised:
        generation.generer("ems-arrete", answers, "arrete.yaml")
    assert str(raised.value).startswith("Nouvelle-Calédonie (988) : aucun document n'est produit pour ce lieu, car la "
                                        "Nouvelle-Calédonie n'est pas un département")


def test_an_overseas_departement_gets_its_own_institutions():
    text = _texte(generation.generer("clcs", _clcs("97105", "Basse-Terre"), "clcs.yaml").contenu)
    assert "L'État, représenté par la préfète de la Guadeloupe, Mme Claire Vasseur," in text
    assert "M. Olivier Ferrand, directeur territorial de la police nationale de la Guadeloupe, pour les forces de " \
           "sécurité de l'État," in text
    assert "La commune de Basse-Terre, représentée par sa maire, Mme Hélène Duval" in text
    assert "le litige est porté devant le tribunal administratif de la Guadeloupe." in text
    assert "Fait à Basse-Terre, le 15 décembre 2026" in text


@pytest.mark.parametrize("code, lieu, departement", [
    ("97105", "Basse-Terre", "de la Guadeloupe"), ("97209", "Fort-de-France", "de la Martinique"),
    ("97302", "Cayenne", "de la Guyane"), ("97411", "Saint-Denis", "de La Réunion"), ("97611", "Mamoudzou", "de Mayotte")])
def test_an_overseas_departement_has_a_commandement_de_la_gendarmerie_not_a_groupement(code, lieu, departement):
    """Arrêté du 2 juin 2020 fixing the gendarmerie's formations administratives: « le commandement de la Gendarmerie
    de la Guadeloupe » … (data/referentiel/gendarmerie.yaml); a groupement exists only in the Hexagone and Corsica."""
    answers = _clcs(code, lieu)
    answers["forces"] = "mixte"
    answers["signataires"]["chef_gendarmerie"] = {"civilite": "Mme", "prenom": "Anne", "nom": "Morel"}
    text = _texte(generation.generer("clcs", answers, "clcs.yaml").contenu)
    assert f"Mme Anne Morel, commandante de la gendarmerie {departement}" in text
    assert f"le commandement de la gendarmerie {departement}" in text and "(DTPN et COMGEND)" in text
    assert "groupement de gendarmerie" not in text
    unit = institutions.gendarmerie(referentiel.charger().departement(code[:3]))
    assert unit.type == "COMGEND" and "formations administratives de la gendarmerie nationale" in unit.source


def test_an_overseas_arrete_names_the_commandant_de_la_gendarmerie_among_its_members():
    answers = lire_yaml(charger_plan("ems-arrete").exemple)
    answers.update(departement="972", forces="mixte", tribunal_administratif="")
    answers["signataires"]["procureur"]["tribunal"] = "Fort-de-France"
    text = _texte(generation.generer("ems-arrete", answers, "arrete.yaml").contenu)
    assert "le commandant de la gendarmerie de la Martinique" in text
    assert "le directeur territorial de la police nationale de la Martinique" in text
    assert "groupement de gendarmerie" not in text


def test_every_collectivity_has_its_administrative_court_from_r_221_1():
    ref = referentiel.charger()
    courts = {code: institutions.tribunal_administratif(ref.departement(code))
              for code in ("975", "977", "978", "984", "986", "987", "988", "989")}
    assert courts == {
        "975": "tribunal administratif de Saint-Pierre-et-Miquelon",
        "977": "tribunal administratif de Saint-Barthélemy",
        "978": "tribunal administratif de Saint-Martin",
        "984": "tribunal administratif de La Réunion",
        "986": "tribunal administratif de Wallis-et-Futuna",
        "987": "tribunal administratif de la Polynésie française",
        "988": "tribunal administratif de Nouvelle-Calédonie",
        "989": "tribunal administratif de la Polynésie française",
    }
    for code in ref.codes_departements():
        assert institutions.tribunal_administratif(ref.departement(code)).startswith("tribunal administratif "), code


def test_every_departement_of_the_cog_has_either_a_police_direction_or_an_overseas_reason():
    ref = referentiel.charger()
    police = set(yaml.safe_load((OUTRE_MER.parent / "police-nationale.yaml").read_text(encoding="utf-8"))["departements"])
    table = yaml.safe_load(OUTRE_MER.read_text(encoding="utf-8"))
    overseas = set(table["collectivites"])
    assert police | overseas == set(ref.codes_departements())
    assert not police & overseas
    for code, row in table["collectivites"].items():
        assert row["nom"] and len(row["motif"]) > 100, code
        assert row["sources"] and set(row["sources"]) <= set(table["sources"]), code
        assert "cja" in row["sources"], code  # its administrative court (tribunaux-administratifs.yaml)
    for key, source in table["sources"].items():
        assert "http" in source, key


def test_in_a_batch_overseas_rows_are_reported_and_the_others_are_produced(tmp_path):
    example = lire_yaml(charger_plan("clcs").exemple)
    example["zone"] = {k: v for k, v in example["zone"].items() if k not in ("nom", "communes", "perimetre")}
    for key in ("maires", "deliberations"):
        example["signataires"].pop(key)
    example.pop("donneurs_ordre")
    base = tmp_path / "communs.yaml"
    base.write_text(yaml.safe_dump(example, allow_unicode=True), encoding="utf-8")
    table = tmp_path / "zones.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["zone.nom", "zone.communes", "zone.perimetre", "signataires.maires",
                         "signataires.deliberations", "donneurs_ordre"])
        for number, code in enumerate(("76351", "97502", "98818"), start=1):
            writer.writerow([f"zone d'activités n° {number}", code, f"Le périmètre n° {number} comprend les voies "
                             "internes de la zone et ses parcs de stationnement.", "Mme Hélène Duval", "24/11/2026",
                             "Logistique Normande"])
    out = tmp_path / "sortie"
    done = lancer_cli("lot", "clcs", str(table), "-o", str(out), "-b", str(base))
    assert done.returncode == 3, done.stderr
    rows = {row["ligne"]: row for row in json.loads((out / "manifeste.json").read_text(encoding="utf-8"))["lignes"]}
    assert {n: r["statut"] for n, r in rows.items()} == {2: "généré", 3: "erreur", 4: "erreur"}
    assert rows[3]["erreurs"][0].startswith("ligne 3 : Saint-Pierre (97502) : aucun document n'est produit pour ce lieu")
    assert rows[4]["erreurs"][0].startswith("ligne 4 : Nouméa (98818) : aucun document n'est produit pour ce lieu")
    assert "Erreur : ligne 4 : Nouméa (98818)" in done.stderr
    text = _texte((out / rows[2]["fichier"]).read_bytes())
    assert "La commune du Havre, représentée par sa maire, Mme Hélène Duval" in text
    assert "le litige est porté devant le tribunal administratif de Rouen." in text


def test_an_overseas_csi_with_the_gendarmerie_keeps_its_gendarmerie_commitments():
    """Clauses choose their paragraphs by the forces present, never by an abbreviation (« GGD » does not exist
    overseas): the commune takes part in the gendarmerie's contrats opérationnels territoriaux in Guadeloupe too."""
    answers = copy.deepcopy(lire_yaml(EXEMPLE_CSI))
    answers["commune"] = "97105"
    answers.pop("epci", None)
    answers["signataires"].pop("president_epci", None)
    answers["territoire"]["dispositifs_existants"] = []
    answers["territoire"]["forces"] = "gendarmerie"
    answers["signataires"]["procureur"]["tribunal"] = "Basse-Terre"
    answers["signataires"]["education"]["ressort"] = ""
    answers["signature"]["lieu"] = "Basse-Terre"
    text = _texte(generation.generer("csi", answers, "csi.yaml").contenu)
    assert "instances de pilotage de la sécurité du quotidien mises en place par le commandement de la " \
           "gendarmerie de la Guadeloupe" in text
    assert "Elle prend part à l'élaboration et au suivi des contrats opérationnels territoriaux de la gendarmerie" in text
    assert "groupes de partenariat opérationnel (GPO) réunis par la police nationale" not in text
