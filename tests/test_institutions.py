"""Institutions as they are in 2026, checked on generated documents.

Police nationale after the décret n° 2023-1013 (DDPN / DIPN), Paris (préfet de police,
Ville de Paris, Conseil de Paris), the Métropole de Lyon, the préfet's full title at a
regional chef-lieu, the assembly of each kind of body, the named tribunal administratif,
and signatories consistent with the commune's département.
"""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path

import docx
import pytest

from generator import generation, institutions, referentiel
from generator.erreurs import ReponsesInvalides
from generator.lecture import lire_yaml
from generator.plan import charger_plan, types_disponibles
from tests.conftest import EXEMPLE_CSI
from tests.libreoffice import vue


def _texte(contenu: bytes) -> str:
    """Body paragraphs and table cells of a generated Word document."""
    document = docx.Document(io.BytesIO(contenu))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return _espaces("\n".join(parts))


def _espaces(text: str) -> str:
    """No-break and narrow no-break spaces (French typography at rendering) read as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _csi(**changes) -> dict:
    answers = copy.deepcopy(lire_yaml(EXEMPLE_CSI))
    for path, value in changes.items():
        target = answers
        *parents, key = path.split("__")
        for parent in parents:
            target = target[parent]
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value
    return answers


def _generer(type_document: str, answers: dict) -> str:
    return _texte(generation.generer(type_document, answers, f"{type_document}.yaml").contenu)


@pytest.fixture(scope="module")
def paris() -> bytes:
    answers = _csi(commune="75056", epci=None, signataires__president_epci=None, territoire__dispositifs_existants=[],
                   signature__lieu="Paris")
    answers["signataires"]["prefet"] = {"civilite": "M.", "prenom": "Laurent", "nom": "Girard"}
    answers["signataires"]["maire"] = {"civilite": "Mme", "prenom": "Anne", "nom": "Roux", "deliberation": "2026-11-18"}
    answers["signataires"]["procureur"]["tribunal"] = "Paris"
    answers["signataires"]["education"]["ressort"] = "Paris"
    return generation.generer("csi", answers, "paris.yaml").contenu


def test_paris_csi_is_signed_by_the_prefet_de_police_with_the_ville_and_the_conseil_de_paris(paris):
    text = _texte(paris)
    assert "L'État, représenté par le préfet de police, M. Laurent Girard," in text
    assert "La Ville de Paris, représentée par sa maire, Mme Anne Roux, dûment habilitée à signer le présent contrat " \
           "par délibération du Conseil de Paris en date du 18 novembre 2026" in text
    assert "Vu la délibération du Conseil de Paris en date du 18 novembre 2026 autorisant la signature" in text
    assert "ENGAGEMENTS DE LA VILLE DE PARIS" in text
    assert "Le préfet de police," in text  # signature block
    headers = [p.text for section in docx.Document(io.BytesIO(paris)).sections for p in section.header.paragraphs]
    assert "Préfecture de police" in headers
    assert "devant le tribunal administratif de Paris." in text
    assert "la direction de la sécurité de proximité de l'agglomération parisienne de la préfecture de police" in text
    assert "conseil municipal de Paris" not in text and "préfet de Paris" not in text


def test_paris_csi_as_libreoffice_reads_it(paris, tmp_path):
    path = tmp_path / "csi-paris.docx"
    path.write_bytes(paris)
    paragraphs = [_espaces(p) for p in vue(path, tmp_path)["paragraphes"]]
    assert any(p.startswith("L'État, représenté par le préfet de police, M. Laurent Girard") for p in paragraphs)
    assert any("délibération du Conseil de Paris" in p for p in paragraphs)
    assert any(p.startswith("La Ville de Paris, représentée par sa maire") for p in paragraphs)


def test_lyon_csi_names_the_conseil_de_la_metropole_and_the_regional_prefet():
    answers = _csi(commune="69123", epci="200046977", territoire__dispositifs_existants=[], signature__lieu="Lyon")
    answers["signataires"]["procureur"]["tribunal"] = "Lyon"
    answers["signataires"]["education"]["ressort"] = "Rhône"
    text = _generer("csi", answers)
    assert "La Métropole de Lyon, représentée par son président, M. Paul Girard, dûment habilité à signer le présent " \
           "contrat par délibération du conseil de la Métropole en date du 15 octobre 2026" in text
    assert "Vu la délibération du conseil de la Métropole de Lyon en date du 15 octobre 2026" in text
    assert "Vu la délibération du conseil municipal de Lyon en date du 12 octobre 2026" in text
    assert "la préfète de la région Auvergne-Rhône-Alpes, préfète du Rhône, Mme Claire Vasseur" in text
    assert "devant le tribunal administratif de Lyon." in text
    assert "conseil communautaire" not in text and "conseil métropolitain" not in text


def test_bouches_du_rhone_state_signs_through_the_departement_prefet_and_the_metropole_deliberates():
    # Since the décret presented on 16 July 2025 there is no préfet de police des Bouches-du-Rhône de plein
    # exercice any more (see data/referentiel/SOURCE.md): the préfet de département signs, with the regional title.
    answers = _csi(commune="13055", epci="200054807", territoire__dispositifs_existants=[], signature__lieu="Marseille")
    answers["signataires"]["procureur"]["tribunal"] = "Marseille"
    answers["signataires"]["education"]["ressort"] = "Bouches-du-Rhône"
    text = _generer("csi", answers)
    assert "L'État, représenté par la préfète de la région Provence-Alpes-Côte d'Azur, préfète des Bouches-du-Rhône, " \
           "Mme Claire Vasseur," in text
    assert "préfet de police" not in text and "préfète de police" not in text
    assert "par délibération du conseil métropolitain en date du 15 octobre 2026" in text
    assert "Vu la délibération du conseil métropolitain de la Métropole d'Aix-Marseille-Provence" in text
    assert "devant le tribunal administratif de Marseille." in text


def test_seine_maritime_has_a_dipn_the_regional_title_and_the_rouen_court():
    text = _generer("csi", lire_yaml(EXEMPLE_CSI))
    assert "L'État, représenté par la préfète de la région Normandie, préfète de la Seine-Maritime, Mme Claire Vasseur," in text
    assert "La préfète de la région Normandie, préfète de la Seine-Maritime," in text  # signature block
    assert "la direction interdépartementale de la police nationale de la Seine-Maritime" in text
    assert "direction départementale de la police nationale" not in text
    assert "le litige est porté devant le tribunal administratif de Rouen." in text
    assert "Vu la délibération du conseil communautaire de la communauté urbaine Le Havre Seine Métropole" in text


def test_a_departement_without_a_regional_chef_lieu_keeps_the_short_title_and_a_ddpn():
    answers = _csi(commune="27229", epci="200071454", territoire__dispositifs_existants=[], signature__lieu="Évreux")
    answers["signataires"]["procureur"]["tribunal"] = "Évreux"
    answers["signataires"]["education"]["ressort"] = "Eure"
    text = _generer("csi", answers)
    assert "L'État, représenté par la préfète de l'Eure, Mme Claire Vasseur," in text
    assert "préfète de la région" not in text
    assert "la direction départementale de la police nationale de l'Eure" in text
    assert "devant le tribunal administratif de Rouen." in text
    assert "La communauté d'agglomération Evreux Portes de Normandie, représentée par son président" in text
    assert "par délibération du conseil communautaire en date du 15 octobre 2026" in text


def test_a_communaute_de_communes_deliberates_in_its_conseil_communautaire():
    siren = referentiel.charger().commune("76057").epci_siren  # CC Caux - Austreberthe
    answers = _csi(commune="76057", epci=siren, territoire__dispositifs_existants=[], signature__lieu="Barentin")
    answers["signataires"]["procureur"]["tribunal"] = "Rouen"
    text = _generer("csi", answers)
    assert "Vu la délibération du conseil communautaire de la communauté de communes Caux - Austreberthe" in text
    assert "La commune de Barentin, représentée par son maire" in text


def test_assemblies_follow_the_nature_of_the_body():
    ref = referentiel.charger()
    assert institutions.assemblee_epci(ref.epci("200046977"))["nom"] == "conseil de la Métropole"
    assert institutions.assemblee_epci(ref.epci("243100518"))["designation"] == \
        "le conseil métropolitain de la métropole Toulouse Métropole"
    assert institutions.assemblee_epci(ref.epci("200084952"))["nom"] == "conseil communautaire"
    assert institutions.assemblee_commune("75056", ref.commune("75056").toponyme)["du"] == "du Conseil de Paris"
    assert institutions.assemblee_commune("76351", ref.commune("76351").toponyme)["du"] == "du conseil municipal du Havre"


def test_regional_titles_come_from_the_reference_data():
    ref = referentiel.charger()
    titles = {code: institutions.titre_prefet(ref.departement(code), ref, feminin=False)
              for code in ref.codes_departements()}
    regional = {code for code, title in titles.items() if "région" in title or title.startswith("préfet de Corse")}
    assert regional == {"13", "21", "2A", "31", "33", "35", "44", "45", "59", "67", "69", "76"}
    assert titles["13"] == "préfet de la région Provence-Alpes-Côte d'Azur, préfet des Bouches-du-Rhône"
    assert titles["2A"] == "préfet de Corse, préfet de la Corse-du-Sud"
    assert titles["45"] == "préfet de la région Centre-Val de Loire, préfet du Loiret"
    assert titles["75"] == "préfet de police"
    assert institutions.titre_prefet(ref.departement("59"), ref, feminin=True) == \
        "préfète de la région Hauts-de-France, préfète du Nord"


def test_every_departement_has_a_police_direction_and_an_administrative_court():
    ref = referentiel.charger()
    for code in ref.codes_departements():
        departement = ref.departement(code)
        if code in {"975", "977", "978", "984", "986", "987", "988", "989"}:
            continue
        direction = institutions.police(departement)
        assert direction.type in institutions.TYPES_POLICE, code
        assert institutions.tribunal_administratif(departement).startswith("tribunal administratif"), code
    kinds = {code: institutions.police(ref.departement(code)).type for code in ("76", "24", "25", "27", "75", "93", "974")}
    assert kinds == {"76": "DIPN", "24": "DIPN", "25": "DIPN", "27": "DDPN", "75": "DSPAP", "93": "DSPAP", "974": "DTPN"}
    assert institutions.tribunal_administratif(ref.departement("93")) == "tribunal administratif de Montreuil"
    assert institutions.tribunal_administratif(ref.departement("45")) == "tribunal administratif d'Orléans"


def test_the_answers_override_the_police_table():
    answers = _csi(commune="27229", epci="200071454", territoire__dispositifs_existants=[], signature__lieu="Évreux")
    answers["signataires"]["procureur"]["tribunal"] = "Évreux"
    answers["signataires"]["education"]["ressort"] = "Eure"
    answers["police_nationale"] = {"type": "DIPN"}
    text = _generer("csi", answers)
    assert "la direction interdépartementale de la police nationale de l'Eure" in text
    assert "direction départementale de la police nationale" not in text


def test_clcs_is_an_administrative_contract_before_the_named_court():
    text = _generer("clcs", lire_yaml(charger_plan("clcs").exemple))
    assert "est un contrat administratif." in text
    assert "le litige est porté devant le tribunal administratif de Rouen." in text


def test_a_dasen_of_another_departement_is_refused_naming_the_field():
    answers = _csi()
    answers["signataires"]["education"]["ressort"] = "Eure"
    with pytest.raises(ReponsesInvalides) as raised:
        generation.generer("csi", answers, "reponses.yaml")
    fields = [p.champ for p in raised.value.problemes]
    assert fields == ["signataires.education.ressort"]
    assert "département de la commune (Seine-Maritime)" in str(raised.value)


def test_a_tribunal_judiciaire_outside_the_departement_is_refused_naming_the_field():
    answers = _csi()
    answers["signataires"]["procureur"]["tribunal"] = "Évreux"
    with pytest.raises(ReponsesInvalides) as raised:
        generation.generer("csi", answers, "reponses.yaml")
    assert [p.champ for p in raised.value.problemes] == ["signataires.procureur.tribunal"]
    assert "(valeur : Évreux)" in str(raised.value) or "Évreux" in str(raised.value)


def test_an_empty_dasen_ressort_is_derived_from_the_commune():
    answers = _csi()
    answers["signataires"]["education"].pop("ressort")
    text = _generer("csi", answers)
    assert "directrice académique des services de l'éducation nationale de la Seine-Maritime" in text


_ABOLI = [
    re.compile(r"\bDDSP\b"),
    re.compile(r"s[ée]curit[ée] publique\s*\(DDSP\)|direction d[ée]partementale de la s[ée]curit[ée] publique", re.I),
    re.compile(r"circonscriptions? de s[ée]curit[ée] publique", re.I),
    re.compile(r"police de proximit[ée]", re.I),
]


@pytest.mark.parametrize("type_document", types_disponibles())
def test_no_abolished_institution_in_any_generated_example(type_document):
    plan = charger_plan(type_document)
    text = _generer(type_document, lire_yaml(plan.exemple))
    for pattern in _ABOLI:
        assert not pattern.search(text), f"{type_document} : « {pattern.search(text).group(0)} »"


def _ems_paris(forces: str) -> dict:
    answers = copy.deepcopy(lire_yaml(Path(EXEMPLE_CSI).parent / "ems-arrete-seine-maritime.yaml"))
    answers.update(departement="75", forces=forces, tribunal_administratif="Paris", formations=[])
    answers["signataires"]["procureur"]["tribunal"] = "Paris"
    answers["reunions"] = {"lieu": "la préfecture de police", "secretariat": "le cabinet du préfet de police"}
    return answers


@pytest.mark.parametrize("forces", ["mixte", "gendarmerie"])
def test_gendarmerie_is_refused_where_the_prefecture_de_police_is_exclusively_competent(forces):
    """Paris and the petite couronne: the State forces are the police nationale's (préfecture de police)."""
    with pytest.raises(ReponsesInvalides) as raised:
        generation.generer("ems-arrete", _ems_paris(forces), "ems-paris.yaml")
    message = str(raised.value)
    assert "forces" in message and "compétence exclusive de la préfecture de police" in message
    assert "répondez « police »" in message and "data.guardint.org" in message
    clcs = copy.deepcopy(lire_yaml(Path(EXEMPLE_CSI).parent / "clcs-vatine.yaml"))
    clcs["zone"]["communes"] = ["93066"]
    clcs["forces"] = forces
    clcs["signataires"]["chef_gendarmerie"] = {"civilite": "M.", "prenom": "Paul", "nom": "Martin"}
    with pytest.raises(ReponsesInvalides, match="compétence exclusive de la préfecture de police"):
        generation.generer("clcs", clcs, "clcs-saint-denis.yaml")


def test_a_paris_ems_arrete_with_the_police_names_no_gendarmerie():
    text = _generer("ems-arrete", _ems_paris("police"))
    assert "directeur de la sécurité de proximité de l'agglomération parisienne" in text
    assert "gendarmerie" not in text.lower()


def test_a_paris_ems_arrete_left_without_forces_takes_the_police_alone():
    """The State forces question left empty follows the département: the police nationale alone where the
    préfecture de police is exclusively competent (an explicit « mixte » is still refused, above)."""
    answers = _ems_paris("police")
    del answers["forces"]
    text = _generer("ems-arrete", answers)
    assert "directeur de la sécurité de proximité de l'agglomération parisienne" in text
    assert "gendarmerie" not in text.lower()


def test_an_ems_arrete_left_without_forces_elsewhere_names_both_forces_with_their_departement():
    answers = copy.deepcopy(lire_yaml(Path(EXEMPLE_CSI).parent / "ems-arrete-seine-maritime.yaml"))
    answers.pop("forces", None)
    text = _generer("ems-arrete", answers)
    assert "le directeur interdépartemental de la police nationale de la Seine-Maritime" in text
    assert "le commandant du groupement de gendarmerie départementale de la Seine-Maritime" in text


def test_a_dipn_departement_keeps_the_police_nationale_commitments():
    """Le Havre (DIPN de la Seine-Maritime): the paragraph on the police nationale's groupes de partenariat
    opérationnel follows the forces present, whatever the kind of police direction (DDPN, DIPN, DTPN, DSPAP)."""
    text = _generer("csi", _csi())
    assert "Elle prend part aux groupes de partenariat opérationnel (GPO) réunis par la police nationale" in text
    assert "contrats opérationnels territoriaux de la gendarmerie" not in text
