import pytest

from generator.erreurs import ReponsesInvalides
from generator.generation import preparer, valider_reponses
from generator.plan import charger_plan
from generator.questionnaire.definition import charger_questionnaire


def _problems(reponses):
    with pytest.raises(ReponsesInvalides) as err:
        preparer(charger_plan("csi"), reponses, "reponses.yaml")
    return err.value


def test_questionnaire_is_short_and_every_question_is_documented():
    questionnaire = charger_questionnaire("csi")
    assert len(questionnaire.questions) <= 15
    for question in questionnaire.parcourir():
        assert question.libelle, question.chemin
    assert all(q.aide for q in questionnaire.questions if q.type not in ("groupe",)), "aide manquante"


def test_the_example_answers_are_valid(reponses_csi):
    normalised = valider_reponses(charger_plan("csi"), reponses_csi, "exemple")
    assert normalised["commune"] == "76351"
    assert normalised["signature"]["date"].isoformat() == "2026-12-01"


def test_all_problems_are_listed_at_once_naming_each_field(reponses_csi):
    reponses_csi["commune"] = "99999"
    del reponses_csi["signataires"]["prefet"]["nom"]
    reponses_csi["signature"]["date"] = "31/02/2026"
    reponses_csi["engagements"]["commune"]["cameras_cible"] = "beaucoup"
    reponses_csi["territoire"]["forces"] = "armée"
    reponses_csi["mesures_retenues"].append("csi_etat_si_corta")
    reponses_csi["diagnostc"] = "faute de frappe"
    error = _problems(reponses_csi)
    fields = {p.champ for p in error.problemes}
    assert {
        "commune",
        "signataires.prefet.nom",
        "signature.date",
        "engagements.commune.cameras_cible",
        "territoire.forces",
        "mesures_retenues[9]",
        "diagnostc",
    } <= fields
    text = str(error)
    assert text.startswith("reponses.yaml : ")
    assert "aucune commune n'a le code INSEE '99999'" in text
    assert "vouliez-vous dire 'csi_etat_si_corat' ?" in text
    assert "date invalide, attendu AAAA-MM-JJ ou JJ/MM/AAAA (valeur : '31/02/2026')" in text


def test_a_socle_measure_cannot_be_dropped_and_the_circular_is_cited(reponses_csi):
    reponses_csi["mesures_ecartees"] = ["csi_coll_sec_videoprotection"]
    error = _problems(reponses_csi)
    message = str(error)
    assert "mesures_ecartees[1].motif" in {p.champ for p in error.problemes}
    assert "mesure du socle à étudier" in message
    assert "Circulaire n° 6258/SG du 16 avril 2021" in message
    assert "« devront obligatoirement former le socle des mesures à étudier dans le contrat de sécurité intégrée »" in message
    assert "ne peut être écartée qu'avec un motif" in message


def test_the_clspd_stays_in_the_socle_and_needs_a_reason_to_be_set_aside(reponses_csi):
    reponses_csi["mesures_ecartees"] = ["csi_coll_prev_clspd"]
    error = _problems(reponses_csi)
    assert "mesures_ecartees[1].motif" in {p.champ for p in error.problemes}
    assert "L. 132-4" in str(error)


def test_the_clspd_is_optional_in_a_small_commune_without_qpv(reponses_csi):
    reponses_csi["commune"] = "76001"  # Allouville-Bellefosse, under 5 000 inhabitants
    reponses_csi["epci"] = None
    reponses_csi["signataires"].pop("president_epci")
    reponses_csi["territoire"]["qpv"] = []
    reponses_csi["mesures_ecartees"] = [{"id": "csi_coll_prev_clspd", "motif": "commune de moins de 5 000 habitants sans QPV"}]
    context, choices = preparer(charger_plan("csi"), reponses_csi, "reponses.yaml")
    assert context["commune"]["population"] < 5000
    assert not choices["csi_coll_prev_clspd"].inclus
    assert choices["csi_coll_prev_clspd"].motif == "commune de moins de 5 000 habitants sans QPV"


def test_president_of_epci_is_required_when_an_epci_is_associated(reponses_csi):
    reponses_csi["signataires"].pop("president_epci")
    error = _problems(reponses_csi)
    assert "signataires.president_epci" in {p.champ for p in error.problemes}


def test_dates_in_french_format_and_amounts_with_spaces_are_accepted(reponses_csi):
    reponses_csi["signature"]["date"] = "01/03/2027"
    reponses_csi["engagements"]["etat"]["fipd"] = "150 000"
    normalised = valider_reponses(charger_plan("csi"), reponses_csi, "x")
    assert normalised["signature"]["date"].isoformat() == "2027-03-01"
    assert normalised["engagements"]["etat"]["fipd"] == 150000
