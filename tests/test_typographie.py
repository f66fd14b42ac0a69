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


def test_date_longue_comme_babel_pour_chaque_mois_et_le_premier_du_mois():
    """The month table gives what babel's French long date gives (day 1 as "1er")."""
    from babel.dates import format_date

    for month in range(1, 13):
        for day in (1, 2, 15, 28):
            date = dt.date(2026, month, day)
            expected = format_date(date, "d MMMM y", locale="fr_FR")
            assert t.date_longue(date) == ("1er" + expected[1:] if day == 1 else expected)


def test_en_lettres_par_le_cache_disque_puis_sans(tmp_path, monkeypatch):
    """The number in words comes from the disk cache on a second process, and equals num2words' without it."""
    from num2words import num2words

    from generator import cache_disque

    for folder in (str(tmp_path / "cache"), "off"):
        monkeypatch.setenv("CONTINUUM_CACHE", folder)
        for number in (0, 1, 21, 71, 80, 1999, 150_000):
            t.en_lettres.cache_clear()
            assert t.en_lettres(number) == num2words(number, lang="fr")
    monkeypatch.setenv("CONTINUUM_CACHE", str(tmp_path / "cache"))
    key = cache_disque.cle("en_lettres", *t._sources_num2words(), "71")
    assert cache_disque.lire(tmp_path / "cache", key) == "soixante et onze".encode()
