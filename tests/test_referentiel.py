import pytest

from generator.erreurs import ReferentielErreur
from generator.referentiel import charger


def test_extract_records_its_source_and_licence():
    source = charger().source
    assert source["paquet"] == "@etalab/decoupage-administratif"
    assert source["version"] == "6.0.0"
    assert "Licence Ouverte" in source["licence"]


def test_commune_by_code_fills_departement_population_epci_prefecture():
    ref = charger()
    commune = ref.commune("76351")
    assert commune.nom == "Le Havre"
    assert commune.departement.nom == "Seine-Maritime"
    assert commune.population > 100_000
    assert ref.epci(commune.epci_siren).designation == "la communauté urbaine Le Havre Seine Métropole"
    assert ref.prefecture(commune.departement).nom == "Rouen"


def test_codes_that_lost_their_leading_zero_and_corsica():
    ref = charger()
    assert ref.commune("1053").nom == "Bourg-en-Bresse"
    assert ref.commune("2a004").nom == "Ajaccio"


def test_homonyms_ask_for_the_insee_code():
    with pytest.raises(ReferentielErreur) as err:
        charger().resoudre_commune("Saint-Denis")
    assert "93066 (Seine-Saint-Denis)" in str(err.value)
    assert "code INSEE" in str(err.value)


def test_names_are_matched_without_accents_or_case():
    assert charger().resoudre_commune("les mureaux").code == "78440"
