import datetime as dt

from generator import typographie as t


def test_dates_use_the_french_ordinal_for_the_first():
    assert t.date_longue(dt.date(2026, 3, 1)) == "1er mars 2026"
    assert t.date_longue("2021-04-16") == "16 avril 2021"


def test_numbers_and_amounts():
    assert t.nombre(12500) == "12\u202f500"
    assert t.euros(150000) == "150\u202f000\u00a0€"
    assert t.euros(1250.5) == "1\u202f250,50\u00a0€"
    assert t.euros_en_lettres(150000) == "150\u202f000\u00a0€ (cent cinquante mille euros)"
    assert t.euros_en_lettres(2_000_000).endswith("(deux millions d'euros)")


def test_title_numbering():
    assert [t.rang_titre(i) for i in (1, 2, 4, 9)] == ["Ier", "II", "IV", "IX"]
    assert t.ordinal(1) == "1er" and t.ordinal(1, feminin=True) == "1re" and t.ordinal(3) == "3e"
