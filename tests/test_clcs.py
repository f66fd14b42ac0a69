"""The convention locale de coopération de sécurité, generated as a user would."""

import copy
import io

import docx
import pytest

from generator.bibliotheque import charger
from generator.erreurs import ReponsesInvalides
from generator.generation import generer
from generator.lecture import lire_yaml
from generator.oxml import noms_signets
from tests.conftest import RACINE, lancer_cli

EXEMPLE = lire_yaml(RACINE / "data" / "exemples" / "clcs-vatine.yaml")


def _answers(**changes):
    answers = copy.deepcopy(EXEMPLE)
    for path, value in changes.items():
        *heads, key = path.split("__")
        target = answers
        for head in heads:
            target = target.setdefault(head, {})
        target[key] = value
    return answers


def _text(result):
    return result.document.texte()


@pytest.fixture(scope="module")
def vatine():
    return generer("clcs", copy.deepcopy(EXEMPLE))


def test_every_axis_maps_to_a_mandatory_clause():
    clauses = charger().pour_type("clcs")
    axes = sorted(c.mesure for c in clauses if c.mesure)
    assert axes == ["A1", "A2", "A3", "A4", "A5"]
    assert all(c.obligatoire for c in clauses if c.mesure)


def test_parties_are_the_prefet_the_forces_the_maires_the_clients_and_the_providers(vatine):
    text = _text(vatine)
    assert "L'État, représenté par la préfète de la région Normandie, préfète de la Seine-Maritime, Mme Claire Vasseur" in text
    assert "directeur interdépartemental de la police nationale de la Seine-Maritime" in text
    assert "La commune de Mont-Saint-Aignan, représentée par sa maire, Mme Hélène Duval" in text
    assert "La commune de Bois-Guillaume, représentée par son maire, M. Marc Leroy" in text
    assert "La société Logistique Normande, société par actions simplifiée, dont le siège est situé" in text
    assert "En qualité de prestataires de sécurité privée :" in text
    assert "La société Normandie Surveillance Services, société par actions simplifiée" in text
    assert "Fait à Rouen, le 15 décembre 2026" in text


def test_the_five_axes_are_recommended_and_only_the_no_duplication_rule_is_a_requirement(vatine):
    socle = {b.cle: b.mention for b in vatine.document.blocs() if b.socle}
    assert socle == {**{cle: "axe recommandé par la circulaire" for cle in (
        "clcs_axe_evaluation_risques", "clcs_axe_cooperation_operationnelle", "clcs_axe_appropriation",
        "clcs_axe_echange_informations", "clcs_axe_evaluation_adaptations")},
        "clcs_articulation": "exigence de la circulaire"}
    word = docx.Document(io.BytesIO(vatine.contenu))
    assert len(list(word.comments)) == len(socle)
    assert {b.cle for b in vatine.document.blocs()} <= set(noms_signets(word.element.body))


def test_private_agents_receive_no_police_power_and_each_acts_within_its_missions(vatine):
    text = _text(vatine)
    assert "dans le cadre strict de ses missions et de ses attributions" in text
    assert "article 73 du code de procédure pénale" in text
    assert "prérogative de puissance publique" in text


def test_information_circuits_include_the_alert_on_an_imminent_risk(vatine):
    bloc = next(b for b in vatine.document.blocs() if b.cle == "clcs_axe_echange_informations")
    text = " ".join(p.texte for p in bloc.paragraphes)
    assert "risque imminent" in text
    assert "17" in text


def test_an_existing_coordination_convention_is_articulated_and_warned_about(vatine):
    assert any("convention de coordination" in w and "sans redondance" in w for w in vatine.avertissements)
    assert "clcs_articulation" in {b.cle for b in vatine.document.blocs()}
    alone = generer("clcs", _answers(conventions_existantes={}))
    assert alone.avertissements == []
    assert "clcs_articulation" not in {b.cle for b in alone.document.blocs()}


def test_temporary_event_variant_with_its_own_dates():
    result = generer("clcs", _answers(zone__nature="evenement", zone__nom="fête de la Saint-Jean",
                                      evenement={"debut": "2027-06-05", "fin": "2027-06-07", "frequentation": 12000}))
    text = _text(result)
    assert "du 5 au 7 juin 2027" in text
    assert "jusqu'au 7 juin 2027 inclus" in text
    assert "clcs_evenement" in {b.cle for b in result.document.blocs()}


def test_event_dates_are_required_and_ordered():
    with pytest.raises(ReponsesInvalides) as err:
        generer("clcs", _answers(zone__nature="evenement"))
    assert {"evenement.debut", "evenement.fin"} <= {p.champ for p in err.value.problemes}
    with pytest.raises(ReponsesInvalides) as err:
        generer("clcs", _answers(zone__communes=["76351", "27229"]))
    assert "même département" in str(err.value)


def test_gendarmerie_zone_names_the_groupement():
    result = generer("clcs", _answers(forces="gendarmerie", police_municipale=False))
    text = _text(result)
    assert "commandant du groupement de gendarmerie départementale de la Seine-Maritime" in text
    assert "les gendarmes" in text


def test_final_version_removes_marks_and_comments():
    result = generer("clcs", copy.deepcopy(EXEMPLE), brouillon=False)
    word = docx.Document(io.BytesIO(result.contenu))
    assert len(list(word.comments)) == 0
    assert not any("mesure du socle obligatoire" in p.text for p in word.paragraphs)


def test_cli_exemple_and_generer_clcs(tmp_path):
    done = lancer_cli("exemple", "clcs", "-o", str(tmp_path / "r.yaml"))
    assert done.returncode == 0
    done = lancer_cli("generer", "clcs", "-r", str(tmp_path / "r.yaml"), "-o", str(tmp_path / "c.docx"), "--final")
    assert done.returncode == 0, done.stderr
    assert "Avertissement : la zone est déjà couverte par la convention de coordination" in done.stderr
