import pytest

from generator.referentiel import charger
from generator.toponymie import Toponyme, deviner_tncc


@pytest.mark.parametrize(
    "code, de, a",
    [
        ("76351", "du Havre", "au Havre"),
        ("78440", "des Mureaux", "aux Mureaux"),
        ("31555", "de Toulouse", "à Toulouse"),
        ("17300", "de La Rochelle", "à La Rochelle"),
        ("13001", "d'Aix-en-Provence", "à Aix-en-Provence"),
    ],
)
def test_communes_contractions_from_reference_data(code, de, a):
    commune = charger().commune(code)
    assert commune.toponyme.de == de
    assert commune.toponyme.a == a


@pytest.mark.parametrize(
    "code, de",
    [("37", "d'Indre-et-Loire"), ("76", "de la Seine-Maritime"), ("69", "du Rhône"), ("01", "de l'Ain"),
     ("2A", "de la Corse-du-Sud"), ("13", "des Bouches-du-Rhône"), ("75", "de Paris")],
)
def test_departements(code, de):
    assert charger().departement(code).toponyme.de == de


def test_free_text_names_are_guessed():
    assert deviner_tncc("Le Havre") == 2
    assert Toponyme.libre("Les Mureaux").de == "des Mureaux"
    assert Toponyme.libre("Évreux").de == "d'Évreux"
    assert Toponyme.libre("Honfleur").de == "de Honfleur"  # h is never elided from spelling alone
