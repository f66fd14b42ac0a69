"""The Word file itself: styles, header, bookmarks, comments, annex table."""

import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from generator import oxml
from generator.generation import generer


@pytest.fixture(scope="module")
def brouillon(request):
    from tests.conftest import EXEMPLE_CSI
    from generator.lecture import lire_yaml

    return generer("csi", lire_yaml(EXEMPLE_CSI), brouillon=True)


@pytest.fixture(scope="module")
def definitif():
    from tests.conftest import EXEMPLE_CSI
    from generator.lecture import lire_yaml

    return generer("csi", lire_yaml(EXEMPLE_CSI), brouillon=False)


def _word(result):
    return docx.Document(io.BytesIO(result.contenu))


def test_every_clause_is_bookmarked_by_its_id(brouillon):
    word = _word(brouillon)
    names = oxml.noms_signets(word.element.body)
    expected = [b.cle for b in brouillon.document.blocs()]
    assert [n for n in names if n != "annexe_recapitulatif"] == expected
    assert len(set(names)) == len(names)


def test_header_names_the_republic_and_the_prefecture_and_footer_numbers_pages(brouillon):
    word = _word(brouillon)
    header = [p.text for p in word.sections[0].header.paragraphs]
    assert header[:2] == ["RÉPUBLIQUE FRANÇAISE", "Préfecture de la Seine-Maritime"]
    assert header[2].startswith("PROJET – version du")  # a draft: the mark on every page
    footer = word.sections[0].footer.paragraphs[0]._p
    instructions = [f.get(qn("w:instr")).strip() for f in footer.iter(qn("w:fldSimple"))]
    assert instructions == ["PAGE", "NUMPAGES"]


def test_named_styles_are_used(brouillon):
    word = _word(brouillon)
    used = {p.style.name for p in word.paragraphs}
    assert {"Titre du document", "Titre de partie", "Titre de chapitre", "Titre d'article", "Corps de clause", "Formule"} <= used


def test_draft_marks_each_socle_clause_and_comments_its_source(brouillon):
    word = _word(brouillon)
    socle = [b for b in brouillon.document.blocs() if b.socle]
    comments = list(word.comments)
    assert len(comments) == len(socle)
    assert all("Circulaire n° 6258/SG du 16 avril 2021" in c.text for c in comments)
    marked = [p for p in word.paragraphs if any(r.style.name == "Mention socle" for r in p.runs)]
    assert len(marked) == len(socle)
    assert any("PROJET" in p.text for p in word.paragraphs)


def test_final_removes_marks_and_comments_but_keeps_the_annex(definitif):
    word = _word(definitif)
    assert len(list(word.comments)) == 0
    assert not any(r.style.name == "Mention socle" for p in word.paragraphs for r in p.runs)
    assert not any("PROJET" in p.text for p in word.paragraphs)
    with zipfile.ZipFile(io.BytesIO(definitif.contenu)) as archive:
        assert "word/comments.xml" not in archive.namelist() or b"<w:comment " not in archive.read("word/comments.xml")
    annex = word.tables[-1]
    assert [c.text for c in annex.rows[0].cells] == ["Code", "Partie", "Volet", "Mesure", "Statut", "Article"]
    assert len(annex.rows) >= 45
    statuses = {row.cells[4].text for row in annex.rows[1:]}
    assert {"Socle – étudiée, retenue", "Retenue", "Non retenue"} <= statuses


def test_document_properties(definitif):
    props = _word(definitif).core_properties
    assert props.category == "csi"
    assert props.title == "Contrat de sécurité intégrée – Le Havre"
    assert props.content_status == "Version définitive"
    assert props.identifier.startswith("continuum:csi:")
