"""Hostile answers never break the Word file."""

import io
import zipfile

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from generator.generation import generer
from generator.lecture import lire_yaml
from tests.conftest import EXEMPLE_CSI

EXEMPLE = lire_yaml(EXEMPLE_CSI)
HOSTILE = st.one_of(
    st.text(min_size=1, max_size=300),
    st.sampled_from(["&", "<w:p>", "]]>", "\"'«»", "{{ commune }}", "{% raw %}", "\x00\x07", "\ud800", "é" * 5000,
                     "Ω≈ç√∫ 中文 🚓", "a\nb\r\nc", "\u202e", "<script>alert(1)</script>"]),
)


def _with(value: str) -> dict:
    import copy

    answers = copy.deepcopy(EXEMPLE)
    answers["territoire"]["diagnostic"] = "Diagnostic partagé établi par les parties : " + value
    answers["signataires"]["prefet"]["nom"] = (value.strip()[:80] or "X")
    answers["territoire"]["qpv"] = [value[:200] if value.strip() else "Quartier"]
    answers["mesures_supplementaires"][0]["titre"] = value[:300] if value.strip() else "Titre"
    answers["mesures_supplementaires"][0]["texte"] = value if value.strip() else "Texte"
    return answers


def _assert_valid_docx(content: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                etree.fromstring(archive.read(name))
    docx.Document(io.BytesIO(content))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE)
def test_hostile_strings_still_give_a_valid_document(value):
    from generator.erreurs import ReponsesInvalides

    try:
        result = generer("csi", _with(value), brouillon=True)
    except ReponsesInvalides as err:  # a refusal is fine if it names the field, never a crash
        assert all(p.champ for p in err.problemes)
        return
    _assert_valid_docx(result.contenu)


def test_user_text_is_kept_verbatim_and_never_run_as_a_template():
    result = generer("csi", _with("A & B < C > D \"E\" {{ 7*7 }}"), brouillon=False)
    word = docx.Document(io.BytesIO(result.contenu))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "A & B < C > D \"E\" {{ 7*7 }}" in text
    assert "49" not in text.split("A & B")[1][:40]


def test_very_long_text_is_accepted():
    result = generer("csi", _with("Paragraphe du diagnostic. " * 700), brouillon=False)
    _assert_valid_docx(result.contenu)
