"""The fast writer (generator/oxml_rapide.py) gives the reference path's parts byte for byte.

Every shipped example, draft and final, is rendered both ways from the same assembled
document: same members in the same order, same bytes in each (dates aside: both paths
stamp the time of writing). Hostile texts and the helpers that rewrite strings as lxml
would (escaping, keep-together flags, bookmark texts) are checked against lxml itself.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path

import pytest
from docx.oxml import parse_xml
from lxml import etree

from generator import chemins, empreintes, generation, oxml, oxml_rapide, paquet_decoupe, redacteur, rendu_docx, zip_brut
from generator.document import Bloc, Paragraphe
from generator.lecture import lire_yaml
from generator.plan import charger_plan

RACINE = Path(__file__).resolve().parent.parent
EXEMPLES = sorted((RACINE / "data" / "exemples").glob("*.yaml"))
_DATE = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def _cas():
    for exemple in EXEMPLES:
        kind = lire_yaml(exemple)["type"]
        for type_document in (["ems-ordre-du-jour", "ems-releve"] if kind == "ems-reunion" else [kind]):
            for brouillon in (True, False):
                yield pytest.param(exemple, type_document, brouillon,
                                   id=f"{type_document}-{'projet' if brouillon else 'final'}")


def _membres(contenu: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
        assert archive.testzip() is None
        return [(name, _DATE.sub(b"DATE", archive.read(name))) for name in archive.namelist()]


def _deux_chemins(document, type_document: str) -> tuple[list, list]:
    modele = charger_plan(type_document).modele
    return (_membres(rendu_docx.rendre(document, modele, rapide=False)),
            _membres(rendu_docx.rendre(document, modele, rapide=True)))


@pytest.mark.parametrize("exemple, type_document, brouillon", list(_cas()))
def test_fast_path_writes_the_reference_parts(exemple, type_document, brouillon):
    with chemins.reponses_dans(exemple):
        document, _, _ = generation.assembler(type_document, lire_yaml(exemple), str(exemple), brouillon)
    reference, fast = _deux_chemins(document, type_document)
    assert [name for name, _ in fast] == [name for name, _ in reference]
    for (name, expected), (_, got) in zip(reference, fast):
        assert got == expected, f"{name} diffère"


def test_fast_path_is_taken_for_a_convention_and_escapes_hostile_text():
    exemple = RACINE / "data" / "exemples" / "clcs-vatine.yaml"
    with chemins.reponses_dans(exemple):
        document, _, _ = generation.assembler("clcs", lire_yaml(exemple), str(exemple), True)
    hostile = copy.deepcopy(document)
    hostile.sous_titre = 'Zone « A & B » <script> "x" \'y\' ]]> &amp;'
    first = hostile.titres[0].chapitres[0].blocs[0]
    first.paragraphes.append(Paragraphe('Texte & <balise> "guillemets" ]]> \x85 fin'))
    first.paragraphes.append(Paragraphe(""))
    hostile.cloture.append(Bloc("essai_vide", "Titre & <vide>", [Paragraphe("Seul & unique")], socle=True,
                                citation='Source « x » & <y> "z"', version="1.0"))
    calls = []
    original = paquet_decoupe.Gabarit.ecrire
    try:
        paquet_decoupe.Gabarit.ecrire = lambda self, *a, **k: calls.append(1) or original(self, *a, **k)
        reference, fast = _deux_chemins(hostile, "clcs")
    finally:
        paquet_decoupe.Gabarit.ecrire = original
    assert calls, "le chemin rapide n'a pas été pris"
    assert fast == reference


def test_a_document_with_pictures_takes_the_reference_path(monkeypatch):
    exemple = next(p for p in EXEMPLES if lire_yaml(p)["type"] == "padrsq")
    with chemins.reponses_dans(exemple):
        document, _, _ = generation.assembler("padrsq", lire_yaml(exemple), str(exemple), True)
    assert document.images
    monkeypatch.setattr(paquet_decoupe.Gabarit, "ecrire", lambda *a, **k: pytest.fail("chemin rapide avec images"))
    with zipfile.ZipFile(io.BytesIO(rendu_docx.rendre(document, charger_plan("padrsq").modele))) as archive:
        assert any(name.startswith("word/media/") for name in archive.namelist())


@pytest.mark.parametrize("valeur", ["a & b < c > d", 'guillemets "doubles"', "retour\rchariot", "tab\tet\nligne"])
def test_text_and_attribute_escaping_is_lxml_s(valeur):
    element = etree.Element("e")
    element.text = valeur
    element.set("a", valeur)
    expected = etree.tostring(element, encoding="unicode")
    assert expected == f'<e a="{oxml_rapide.attribut(valeur)}">{oxml_rapide.texte(valeur)}</e>'


def _comme_analyse(fragment: str, transformation=None) -> str:
    body = parse_xml(f'<w:body xmlns:w="{oxml.W_NS}">{fragment}</w:body>')
    for element in body:
        if transformation:
            transformation(element)
    return "".join(etree.tostring(e, encoding="unicode").replace(f' xmlns:w="{oxml.W_NS}"', "") for e in body)


def test_keep_together_flags_match_the_element_helpers():
    corps = oxml.CorpsXml
    paragraph = corps.p("S", corps.run("a & b"), corps.run(""))
    kept = corps.p("S", corps.run("x"), avec_suivant=True)
    table = corps.tableau([["a", "b"], ["c", ""], ["e", "f"]], "S", "T", [100, 100])
    for block in (paragraph, kept, table):
        assert oxml_rapide.comme_lxml(block) == _comme_analyse(block)
        assert (oxml_rapide.comme_lxml(oxml_rapide.garder_avec_suivant(block))
                == _comme_analyse(block, oxml.garder_avec_suivant))
    assert oxml_rapide.comme_lxml(oxml_rapide.lignes_liees(table)) == _comme_analyse(table, oxml.lignes_liees)


def test_bookmark_texts_match_the_walk_of_a_revised_layout():
    """Text before a bookmark, after its end, nested bookmarks, empty paragraphs: as empreintes walks them."""
    body = ('<w:p><w:r><w:t>avant </w:t></w:r><w:bookmarkStart w:id="1" w:name="a"/><w:r><w:t>A &amp; A</w:t></w:r></w:p>'
            '<w:p/><w:p><w:bookmarkStart w:id="2" w:name="b"/><w:r><w:t>B</w:t></w:r><w:bookmarkEnd w:id="1"/>'
            '<w:r><w:t xml:space="preserve"> après</w:t></w:r><w:r><w:noBreakHyphen/><w:t/></w:r></w:p>'
            '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cellule</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
            '<w:p><w:r><w:t>fin</w:t></w:r><w:bookmarkEnd w:id="2"/><w:bookmarkStart w:id="3" w:name="_GoBack"/></w:p>')
    document = f'<w:document xmlns:w="{oxml.W_NS}"><w:body>{body}</w:body></w:document>'
    walked = empreintes.textes_d_origine(etree.fromstring(document)[0])
    assert oxml_rapide.textes_des_signets(document) == walked
    with pytest.raises(oxml_rapide.RevisionPresente):
        oxml_rapide.textes_des_signets(document.replace("<w:r><w:t>fin", '<w:ins w:id="9"><w:r><w:t>fin'))


def test_paragraphs_inside_a_bookmark_read_whole_give_the_texts_of_the_token_walk(monkeypatch):
    """The body in one fragment per element, as the fast path cuts it: paragraphs without bookmark inside an
    open one (read whole), text outside every bookmark, an empty paragraph, a table, a revision mark."""
    elements = ['<w:p><w:bookmarkStart w:id="1" w:name="clause_a"/><w:r><w:t>Titre</w:t></w:r></w:p>',
                '<w:p><w:r><w:t>Premier &amp; alinéa, </w:t></w:r><w:r><w:t>suite.</w:t></w:r></w:p>',
                '<w:p/>',
                '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cellule</w:t></w:r></w:p></w:tc></w:tr></w:tbl>',
                '<w:p><w:r><w:t>Dernier</w:t></w:r><w:bookmarkEnd w:id="1"/></w:p>',
                '<w:p><w:r><w:t>hors signet</w:t></w:r></w:p>',
                ('<w:p><w:bookmarkStart w:id="2" w:name="clause_b"/><w:bookmarkStart w:id="3" w:name="clause_c"/>'
                 '<w:r><w:t>B et C</w:t></w:r></w:p>'),
                '<w:p><w:r><w:t>encore B et C</w:t></w:r></w:p>',
                '<w:p><w:bookmarkEnd w:id="3"/><w:r><w:t>B seul</w:t></w:r><w:bookmarkEnd w:id="2"/></w:p>',
                '<w:p><w:r><w:t>après</w:t></w:r></w:p>']
    before, after = f'<w:document xmlns:w="{oxml.W_NS}"><w:body>', "</w:body></w:document>"
    walked = empreintes.textes_d_origine(etree.fromstring(before + "".join(elements) + after)[0])
    whole = oxml_rapide.textes_des_signets(before, *elements, after)
    monkeypatch.setattr(oxml_rapide, "_paragraphes_sans_signet", lambda fragment: None)
    assert whole == oxml_rapide.textes_des_signets(before, *elements, after) == walked
    assert whole["clause_a"] == "TitrePremier & alinéa, suite.celluleDernier"
    revised = [*elements[:1], elements[1].replace("<w:r>", '<w:ins w:id="9"><w:r>', 1), *elements[2:]]
    monkeypatch.undo()
    with pytest.raises(oxml_rapide.RevisionPresente):
        oxml_rapide.textes_des_signets(before, *revised, after)


def test_archive_is_a_zip_word_and_zipfile_read():
    members = [zip_brut.membre("a.xml", b"<a/>" * 100, 1), zip_brut.membre("dossier/b.xml", b"", 9)]
    with zipfile.ZipFile(io.BytesIO(zip_brut.archive(members))) as archive:
        assert archive.testzip() is None
        assert archive.read("a.xml") == b"<a/>" * 100 and archive.read("dossier/b.xml") == b""


@pytest.mark.parametrize("exemple, type_document, brouillon", list(_cas()))
def test_clauses_written_again_from_the_store_are_the_clauses_written_afresh(exemple, type_document, brouillon,
                                                                            monkeypatch):
    with chemins.reponses_dans(exemple):
        document, _, _ = generation.assembler(type_document, lire_yaml(exemple), str(exemple), brouillon)
    modele = charger_plan(type_document).modele
    rendu_docx.rendre(document, modele)  # fills the store
    assert redacteur._BLOCS_ECRITS
    stored = _membres(rendu_docx.rendre(document, modele))
    monkeypatch.setattr(redacteur.Redacteur, "bloc", redacteur.Redacteur._bloc)
    assert stored == _membres(rendu_docx.rendre(document, modele))
