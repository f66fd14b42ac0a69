"""Dates typed in answers: read as strptime reads the accepted formats (generator/questionnaire/validation.py
matches them itself, without importing _strptime)."""

from __future__ import annotations

import datetime as dt

from generator.questionnaire.validation import lire_date

FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y")


def _strptime(text: str) -> dt.date | None:
    for pattern in FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def test_every_accepted_form_reads_as_strptime_reads_it():
    samples = ["2026-11-24", "2026-1-5", "24/11/2026", "1/2/2026", "01/02/26", "1/2/69", "31/12/68", "24-11-2026",
               "24.11.2026", " 24/11/2026 ", "29/02/2028", "29/02/2026", "31/04/2026", "32/01/2026", "24/13/2026",
               "00/01/2026", "2026/11/24", "24/11/202", "24/11/20266", "24-11-26", "24.11.26", "2026-11-24T10:00",
               "vingt-quatre", "", "24 novembre 2026", "0024-01-01", "0000-01-01", "1/1/00", "10/10/99"]
    for text in samples:
        assert lire_date(text) == _strptime(text.strip()), text


def test_dates_and_datetimes_are_taken_as_they_are():
    assert lire_date(dt.date(2026, 11, 24)) == dt.date(2026, 11, 24)
    assert lire_date(dt.datetime(2026, 11, 24, 10, 30)) == dt.date(2026, 11, 24)
