"""CLS, CLCS, état-major de sécurité and PADRSQ documents as a jurist reads them (issue 8).

Each test generates a real document from answers and checks its text: identified private
parties, council deliberations, D. 132-7 visas, the arrêté's form, agenda versus record of
decisions, the semestrial note, and no "socle" label outside contracts.
"""

import io

import docx
import pytest

from generator.erreurs import ReponsesInvalides
from generator.familles.clcs_organismes import siren_valide
from generator.generation import generer
from tests.conftest import blocs_par_cle, reponses_exemple, texte_du_bloc
from tests.libreoffice import vue


def _plain(text):
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _word_text(result):
    word = docx.Document(io.BytesIO(result.contenu))
    paragraphs = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            paragraphs += [cell.text for cell in row.cells]
    comments = [c.text for c in word.comments]
    return _plain("\n".join(paragraphs)), comments


# -- CLCS: private parties identified, mixed forces, deliberations ---------------------------------

def test_clcs_identifies_a_sas_and_an_association_and_names_every_signatory():
    result = generer("clcs", reponses_exemple("clcs-vatine.yaml"))
    parties = _plain(texte_du_bloc(blocs_par_cle(result)["clcs_parties"]))
    assert ("La société Logistique Normande, société par actions simplifiée, dont le siège est situé 12 rue "
            "Raymond-Aron, 76130 Mont-Saint-Aignan, immatriculée sous le n° SIREN 812 345 676, représentée par "
            "M. Paul Girard, président,") in parties
    assert ("L'Association des entreprises du parc de la Vatine, association régie par la loi du 1er juillet 1901, "
            "dont le siège est situé 1 rue de la Vatine, 76130 Mont-Saint-Aignan, identifiée sous le n° SIREN "
            "845 123 678, représentée par Mme Nathalie Briand, présidente,") in parties
    assert "Le Centre commercial des Coquets, société à responsabilité limitée" in parties
    assert ("titulaire de l'autorisation d'exercice n° AUT-076-2118-03-14-20190123456 délivrée par le Conseil "
            "national des activités privées de sécurité, représentée par Mme Sophie Lemoine, directrice générale,") in parties
    blocks = {s.qualite: s.nom for s in result.document.signataires}
    assert blocks["Pour l'Association des entreprises du parc de la Vatine, la présidente,"] == "Nathalie BRIAND"
    assert blocks["Pour la société Logistique Normande, le président,"] == "Paul GIRARD"
    assert blocks["Pour le Centre commercial des Coquets, le gérant,"] == "Karim HADDAD"
    assert all(s.nom for s in result.document.signataires), "every signature block carries a name"
    assert "représentant légal" not in parties


def test_clcs_maires_sign_authorised_by_their_councils_whose_deliberations_are_cited():
    answers = reponses_exemple("clcs-vatine.yaml")
    answers["signataires"]["deliberations"] = ["24/11/2026"]  # the second council has not voted yet
    blocs = blocs_par_cle(generer("clcs", answers))
    parties, visas = _plain(texte_du_bloc(blocs["clcs_parties"])), _plain(texte_du_bloc(blocs["clcs_visas"]))
    assert ("représentée par sa maire, Mme Hélène Duval, dûment habilitée à signer la présente convention par "
            "délibération du conseil municipal en date du 24 novembre 2026") in parties
    assert "M. Marc Leroy, dûment habilité à signer la présente convention par délibération du conseil municipal," in parties
    assert ("Vu la délibération du conseil municipal de Mont-Saint-Aignan en date du 24 novembre 2026 autorisant la "
            "signature de la présente convention ;") in visas
    assert visas.endswith("Vu la délibération du conseil municipal de Bois-Guillaume autorisant la signature de la "
                          "présente convention.")


def test_a_wrong_siren_key_is_refused_naming_the_field():
    assert siren_valide("812345676") and not siren_valide("812345677") and not siren_valide("81234567")
    answers = reponses_exemple("clcs-vatine.yaml")
    answers["organismes"][1]["siren"] = "812 345 677"
    answers["signataires"]["deliberations"] = ["24/11/2026", "demain"]
    del answers["organismes"][3]["cnaps"]
    answers["donneurs_ordre"].append("Inconnue SA")
    with pytest.raises(ReponsesInvalides) as err:
        generer("clcs", answers)
    message = str(err.value)
    assert "organismes[2].siren : numéro SIREN invalide" in message and "812 345 677" in message
    assert "signataires.deliberations[2] : date de délibération invalide" in message
    assert "organismes[4].cnaps" in message and "L. 612-9" in message
    assert "donneurs_ordre[4] : organisme non identifié" in message


def test_a_missing_representative_name_is_reported_under_its_organisation():
    answers = reponses_exemple("clcs-vatine.yaml")
    del answers["organismes"][2]["representant"]["nom"]
    with pytest.raises(ReponsesInvalides) as err:
        generer("clcs", answers)
    assert "organismes[3].representant.nom" in str(err.value)


def test_mixed_forces_bring_both_chiefs_as_parties_and_signatories():
    answers = reponses_exemple("clcs-vatine.yaml")
    answers["forces"] = "mixte"
    with pytest.raises(ReponsesInvalides) as err:
        generer("clcs", answers)
    assert "signataires.chef_gendarmerie" in str(err.value)
    answers["signataires"]["chef_gendarmerie"] = {"civilite": "Mme", "prenom": "Sandrine", "nom": "Caron"}
    result = generer("clcs", answers)
    blocs = blocs_par_cle(result)
    parties = _plain(texte_du_bloc(blocs["clcs_parties"]))
    assert "M. Olivier Ferrand" in parties and ", pour la police nationale," in parties
    assert ("Mme Sandrine Caron, commandante du groupement de gendarmerie départementale de la Seine-Maritime, "
            "pour la gendarmerie nationale,") in parties
    assert "la commandante du groupement de gendarmerie départementale" in _plain(texte_du_bloc(blocs["clcs_comite"]))
    names = [s.nom for s in result.document.signataires]
    assert "Sandrine CARON" in names and "Olivier FERRAND" in names
    text = _plain(result.document.texte())
    assert "La police nationale et la gendarmerie nationale prennent en compte le périmètre" in text
    assert "missions de surveillance des policiers et des gendarmes" in text
    assert "des policiers et les gendarmes" not in text


def test_clcs_axes_are_recommended_not_socle_in_the_draft_and_the_annex():
    result = generer("clcs", reponses_exemple("clcs-vatine.yaml"))
    text, comments = _word_text(result)
    assert "axe recommandé par la circulaire" in text
    assert "exigence de la circulaire" in text  # the no-duplication rule
    assert "socle" not in text.lower()
    assert not any("socle" in c.lower() for c in comments)
    assert {line.statut for line in result.document.annexe if line.code.startswith("A")} == {"Axe recommandé"}


# -- CLS: D. 132-7, CLSPD opinion, deliberations -------------------------------------------------

def test_cls_rests_on_d_132_7_with_the_clspd_opinion_and_the_deliberation():
    result = generer("cls", reponses_exemple("cls-le-havre.yaml"))
    blocs = blocs_par_cle(result)
    visas = _plain(texte_du_bloc(blocs["cls_visas"]))
    assert "Vu le code de la sécurité intérieure, notamment ses articles L. 132-4 et suivants, D. 132-7 et D. 132-13 ;" in visas
    assert ("Vu l'avis du conseil local de sécurité et de prévention de la délinquance du Havre en date du "
            "5 novembre 2026 ;") in visas
    assert ("Vu la délibération du conseil municipal du Havre en date du 16 novembre 2026 autorisant la signature "
            "du présent contrat.") in visas
    assert "prévu à l'article D. 132-13 du code de la sécurité intérieure" in visas
    parties = _plain(texte_du_bloc(blocs["cls_parties"]))
    assert ("M. Étienne Lemaire, dûment habilité à signer le présent contrat par délibération du conseil municipal en "
            "date du 16 novembre 2026,") in parties
    assert "directrice académique des services de l'éducation nationale" in parties
    assert "après consultation du procureur de la République et avis du conseil local" in _plain(texte_du_bloc(blocs["cls_preambule"]))
    text, _ = _word_text(result)
    assert "exigence de la circulaire" in text and "socle obligatoire" not in text
    assert {line.statut for line in result.document.annexe if line.code.startswith("R")} == {"Exigence de la circulaire"}


def test_cls_without_clspd_opinion_date_still_cites_it():
    answers = reponses_exemple("cls-le-havre.yaml")
    del answers["clspd"]
    answers["signataires"]["deliberations"] = []
    visas = _plain(texte_du_bloc(blocs_par_cle(generer("cls", answers))["cls_visas"]))
    assert "Vu l'avis du conseil local de sécurité et de prévention de la délinquance du Havre ;" in visas
    assert "Vu la délibération du conseil municipal du Havre autorisant la signature du présent contrat." in visas


# -- État-major de sécurité ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def arrete():
    return generer("ems-arrete", reponses_exemple("ems-arrete-seine-maritime.yaml"))


def test_arrete_copresidency_is_stated_with_the_procureurs_agreement(arrete):
    blocs = blocs_par_cle(arrete)
    presidence = _plain(texte_du_bloc(blocs["ems_arrete_presidence"]))
    assert presidence.startswith("L'état-major de sécurité est coprésidé, en accord avec le procureur de la République "
                                 "près le tribunal judiciaire de Rouen, par la préfète")
    assert "placé conjointement sous l'autorité" not in presidence
    visas = _plain(texte_du_bloc(blocs["ems_arrete_visas"]))
    assert "Vu le décret du 16 juillet 2025 portant nomination de Mme Claire Vasseur en qualité de préfète" in visas
    assert "Vu l'accord du procureur de la République près le tribunal judiciaire de Rouen en date du 20 novembre 2026 ;" in visas
    assert "12 octobre 2009" not in visas  # the repealed arrêté is not cited
    assert "pilotage des politiques locales" not in visas  # an undated circular is not cited
    execution = _plain(texte_du_bloc(blocs["ems_arrete_execution"]))
    assert execution.startswith("Le directeur de cabinet de la préfète") and "est chargé de l'exécution" in execution
    assert "chacun en ce qui le concerne" not in execution
    assert "directive nationale d'orientation" not in texte_du_bloc(blocs["ems_arrete_bilan_semestriel"])
    assert "dispositif de suivi en vigueur" in texte_du_bloc(blocs["ems_arrete_bilan_semestriel"])


def test_arrete_has_its_number_the_appeal_paragraph_and_a_right_hand_signature(arrete, tmp_path):
    assert arrete.document.sous_titre.startswith("n° 76-2026-12-01-004 portant constitution")
    recours = _plain(texte_du_bloc(blocs_par_cle(arrete)["ems_arrete_recours"]))
    assert "dans un délai de deux mois" in recours and "tribunal administratif de Rouen" in recours
    assert "Télérecours citoyens" in recours
    word = docx.Document(io.BytesIO(arrete.contenu))
    assert not any(p.text.strip().upper() == "SIGNATURE" for p in word.paragraphs)
    signature_table = word.tables[-1]
    left, right = signature_table.rows[0].cells[:2]
    assert left.text.strip() == "" and "VASSEUR" in right.text
    # what LibreOffice reads
    path = tmp_path / "arrete.docx"
    path.write_bytes(arrete.contenu)
    seen = vue(path, tmp_path)
    paragraphs = seen["paragraphes"]
    assert any("Délais et voies de recours" in p for p in paragraphs)
    assert any("Télérecours citoyens" in p for p in paragraphs)
    assert not any(p.strip().upper() == "SIGNATURE" for p in paragraphs)
    assert not any("socle" in p.lower() for p in paragraphs)
    assert seen["commentaires"] == 0


def test_agenda_is_before_the_meeting_and_the_record_after_it_in_sections():
    answers = reponses_exemple("ems-reunion-seine-maritime.yaml")
    agenda = generer("ems-ordre-du-jour", answers)
    text = _plain(agenda.document.texte())
    assert "se réunira le 7 janvier 2027" in text and "s'est réuni" not in text
    assert "I. – Bilan de la délinquance de l'année 2026" in text and "II. – Sécurité aux abords" in text
    assert "Décision" not in text and "cibler les contrôles" not in text and "TITRE" not in text
    record = generer("ems-releve", answers)
    text = _plain(record.document.texte())
    assert "s'est réuni le 7 janvier 2027" in text and "se réunit le" not in text
    assert "I. – Bilan de la délinquance de l'année 2026" in text and "II. – Sécurité aux abords" in text
    assert "Décisions arrêtées :" in text and "TITRE" not in text and "Article" not in text


def test_the_record_needs_the_decisions_of_every_point_the_agenda_does_not():
    answers = reponses_exemple("ems-reunion-seine-maritime.yaml")
    for point in answers["points"]:
        point.pop("decisions")
        point.pop("responsable")
    assert generer("ems-ordre-du-jour", answers).document.titres
    with pytest.raises(ReponsesInvalides) as err:
        generer("ems-releve", answers)
    assert "points[1].decisions" in str(err.value) and "points[2].responsable" in str(err.value)


def test_semestrial_report_is_a_note_with_place_date_and_addressee():
    answers = reponses_exemple("ems-bilan-seine-maritime.yaml")
    answers["destinataire"] = "Madame la secrétaire générale du ministère de l'intérieur"
    result = generer("ems-bilan", answers)
    first = result.document.avant_propos[0].paragraphes
    assert first[0].texte == "Rouen, le 10 juillet 2026"
    assert any(p.texte == "Madame la secrétaire générale du ministère de l'intérieur" for p in first)
    text, comments = _word_text(result)
    assert "I. – Nombre de réunions" in text and "II. – Réunions tenues" in text
    assert "Article" not in text and "Fait à" not in text and "DNO" not in text
    assert "socle" not in text.lower() and comments == []


@pytest.mark.parametrize("type_document, exemple", [
    ("ems-arrete", "ems-arrete-seine-maritime.yaml"),
    ("ems-ordre-du-jour", "ems-reunion-seine-maritime.yaml"),
    ("ems-releve", "ems-reunion-seine-maritime.yaml"),
    ("ems-bilan", "ems-bilan-seine-maritime.yaml"),
    ("padrsq", "padrsq-seine-maritime.yaml"),
])
def test_no_socle_label_outside_contracts(type_document, exemple):
    result = generer(type_document, reponses_exemple(exemple))  # draft mode: labels would show here
    text, comments = _word_text(result)
    assert "socle" not in text.lower()
    assert not any("socle" in c.lower() for c in comments)
    assert not any(b.socle for b in result.document.blocs())


def test_padrsq_bimonthly_meeting_is_national_and_the_relay_optional():
    answers = reponses_exemple("padrsq-seine-maritime.yaml")
    answers["suivi"] = {"relais_departemental": False}
    suivi = _plain(texte_du_bloc(blocs_par_cle(generer("padrsq", answers))["padrsq_suivi"]))
    assert "réunion bimestrielle prévue par la circulaire" in suivi
    assert "état-major" not in suivi and "présidée" not in suivi
