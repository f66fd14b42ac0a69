"""What a batch reuses from one document to the next never changes a document.

- blocks assembled once and given again (generator/blocs_assembles.py), written once and
  copied (generator/rendu_docx.py), deflated once and copied raw into each package
  (generator/oxml_rapide.py: Morceau, membre_morceaux);
- the bounded stores behind them (generator/reserve_bornee.py);
- the answers tree copied per row (arbre.copier) and the atomic write (ecriture).

Timings live in benchmarks/, never here.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import itertools
import os
import stat
import zipfile
import zlib
from pathlib import Path

import pytest

from generator import arbre, ecriture, generation, oxml_rapide, rendu_docx, zip_brut
from generator.lecture import lire_yaml
from generator.questionnaire.definition import charger_questionnaire
from generator.lot import colonnes
from generator.lot import verrou
from generator.plan import charger_plan
from generator.reserve_bornee import ReserveBornee
from tests.libreoffice import vue
from tests.test_ecriture_rapide import _membres

RACINE = Path(__file__).resolve().parent.parent
BASE = RACINE / "data" / "exemples" / "clcs-vatine.yaml"
COMMUNES = ["76351", "76540", "76451", "76108"]


def _ligne(index: int) -> dict:
    """The example convention with one zone per row, as `lot` builds it from a table."""
    answers = lire_yaml(BASE)
    answers["zone"].update(nom=f"zone d'activités n° {index}", communes=[COMMUNES[index % len(COMMUNES)]],
                           perimetre=f"Le périmètre n° {index} comprend les voies internes de la zone et ses abords.")
    answers["signataires"].update(maires=[{"civilite": "Mme", "prenom": "Anne", "nom": f"Martin-{index}"}],
                                  deliberations=["24/11/2026"])
    return answers


# -- whole documents -------------------------------------------------------------------------
@pytest.mark.parametrize("brouillon", [True, False], ids=["projet", "final"])
def test_a_batch_writes_every_row_as_the_reference_path_does(brouillon):
    """Rows in a row (stores warm, pieces copied from the third document on): every part of every
    document is the reference path's (python-docx, nothing reused)."""
    modele = charger_plan("clcs").modele
    for index in range(8):
        document, _, _ = generation.assembler("clcs", _ligne(index), f"ligne {index}", brouillon)
        fast = rendu_docx.rendre(document, modele)
        reference = rendu_docx.rendre(document, modele, rapide=False)
        assert _membres(fast) == _membres(reference), f"ligne {index}"
        with zipfile.ZipFile(io.BytesIO(fast)) as archive:
            assert f"zone d'activités n° {index}" in archive.read("word/document.xml").decode("utf-8") \
                .replace("\u00a0", " ").replace("\u202f", " ").replace("&apos;", "'")


def test_libreoffice_reads_a_document_made_of_reused_pieces(tmp_path):
    """The body of a later row of a batch is mostly pieces deflated apart: LibreOffice loads all of it."""
    results = [generation.generer("clcs", _ligne(index), f"ligne {index}") for index in range(4)]
    path = tmp_path / "ligne-3.docx"
    path.write_bytes(results[-1].contenu)
    seen = vue(path, tmp_path / "lo")
    prose = "\n".join(seen["paragraphes"])
    assert "zone d'activités n° 3" in prose and "Martin-3" in prose
    assert "zone d'activités n° 2" not in prose
    assert "clcs_perimetre" in seen["signets"] and seen["commentaires"] > 0
    assert seen["tableaux"] >= 2  # the annex and the signatures


def test_a_changed_row_changes_only_its_document():
    first = generation.assembler("clcs", _ligne(1), "ligne 1")[0]
    again = generation.assembler("clcs", _ligne(1), "ligne 1")[0]
    other = generation.assembler("clcs", _ligne(2), "ligne 2")[0]
    same = [a is b for a, b in zip(first.blocs(), again.blocs())]
    assert all(same), "the same row gives the very same blocks"
    changed = {a.cle for a, b in zip(first.blocs(), other.blocs()) if a is not b}
    assert "clcs_perimetre" in changed and "clcs_principes" not in changed


# -- pieces deflated apart -------------------------------------------------------------------
_CORPS = ('<w:p><w:r><w:t>avant </w:t></w:r><w:bookmarkStart w:id="1" w:name="a"/><w:r><w:t>A &amp; A</w:t></w:r></w:p>',
          '<w:p/>',
          '<w:p><w:bookmarkStart w:id="2" w:name="b"/><w:r><w:t>B</w:t></w:r><w:bookmarkEnd w:id="1"/>'
          '<w:r><w:t xml:space="preserve"> après</w:t></w:r></w:p>',
          '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cellule</w:t></w:r></w:p></w:tc></w:tr></w:tbl>',
          '<w:p><w:r><w:t>fin</w:t></w:r><w:bookmarkEnd w:id="2"/></w:p>',
          '<w:p><w:bookmarkStart w:id="3" w:name="c"/><w:r><w:t>C seul</w:t></w:r><w:bookmarkEnd w:id="3"/></w:p>',
          '<w:p><w:r><w:t>hors signet</w:t></w:r></w:p>')


@pytest.mark.parametrize("debut, fin", [(0, 7), (2, 4), (5, 6), (5, 7), (6, 7), (1, 2)])
def test_bookmark_texts_of_pieces_are_those_of_the_whole(debut, fin):
    """A piece read apart brings its texts only when it starts and ends outside every bookmark;
    otherwise its elements are read in place: the result is always the walk of the whole."""
    whole = oxml_rapide.textes_des_signets(*_CORPS)
    piece = oxml_rapide.morceau(_CORPS[debut:fin])
    assert oxml_rapide.textes_des_signets(*_CORPS[:debut], piece, *_CORPS[fin:]) == whole


def test_pieces_deflated_apart_make_one_member_zip_and_word_read():
    pieces = [b"<w:document><w:body>", oxml_rapide.morceau(_CORPS[:3]), _CORPS[3], "",
              oxml_rapide.morceau(_CORPS[3:]), oxml_rapide.morceau(("<w:p><w:r><w:t></w:t></w:r></w:p>",)),
              b"</w:body></w:document>"]
    member = oxml_rapide.membre_morceaux("word/document.xml", pieces)
    expected = (b"<w:document><w:body>" + "".join(_CORPS[:3]).encode() + _CORPS[3].encode()
                + "".join(_CORPS[3:]).encode() + b'<w:p><w:r><w:t/></w:r></w:p></w:body></w:document>')
    assert zlib.decompress(member.donnees, -15) == expected
    assert member.taille == len(expected) and member.crc == zlib.crc32(expected)
    with zipfile.ZipFile(io.BytesIO(zip_brut.archive([member]))) as archive:
        assert archive.testzip() is None
        assert archive.read("word/document.xml") == expected


def test_an_element_becomes_a_piece_when_written_a_second_time():
    store = oxml_rapide.MorceauxRepetes(8)
    element = "<w:p><w:r><w:t>Titre</w:t></w:r></w:p>"
    assert store.morceau(element) == element  # once: text
    piece = store.morceau(element)
    assert isinstance(piece, oxml_rapide.Morceau) and store.morceau(element) is piece
    for index in range(20):  # bounded
        store.morceau(f"<w:p>{index}</w:p>")
    assert len(store._vus) <= 8


# -- bounded stores ----------------------------------------------------------------------------
def test_the_store_keeps_the_most_recently_used_and_stays_bounded():
    store: ReserveBornee[int] = ReserveBornee(4)
    for key in "abcd":
        store.garder(key, ord(key))
    assert store.lire("a") == ord("a")  # a is now the most recent
    store.garder("e", 5)
    assert store.lire("b") is None and store.lire("a") == ord("a") and len(store) == 4


def test_values_kept_for_objects_never_answer_an_equal_other_object():
    store: ReserveBornee[str] = ReserveBornee(8)
    first, twin = {"texte": "a"}, {"texte": "a"}
    store.garder_pour((first,), "cle", "valeur")
    assert store.lire_pour((first,), "cle") == "valeur"
    assert store.lire_pour((twin,), "cle") is None and store.lire_pour((first,), "autre") is None


# -- answers copied per row, atomic writes -----------------------------------------------------------
def test_a_copied_answers_tree_shares_nothing_mutable():
    base = {"zone": {"communes": ["76351"], "date": dt.date(2026, 11, 24)}, "n": 3,
            "liste": [{"a": [1, 2]}], "paire": (["x"], 1)}
    copy = arbre.copier(base)
    assert copy == base
    copy["zone"]["communes"].append("76540")
    copy["liste"][0]["a"].append(3)
    copy["paire"][0].append("y")
    assert base["zone"]["communes"] == ["76351"] and base["liste"][0]["a"] == [1, 2] and base["paire"][0] == ["x"]


def test_rows_of_a_table_never_share_their_answers():
    questionnaire_columns = {c.nom: c for c in colonnes.colonnes(charger_questionnaire(
        charger_plan("clcs").questionnaire))}
    base = {"zone": {"type": "zone d'activités"}, "signataires": {"maires": []}}
    one = colonnes.reponses_de_la_ligne({"zone.nom": "A"}, questionnaire_columns, base)
    two = colonnes.reponses_de_la_ligne({"zone.nom": "B"}, questionnaire_columns, base)
    assert one["zone"]["nom"] == "A" and two["zone"]["nom"] == "B" and "nom" not in base["zone"]


def test_generating_rows_leaves_the_shared_answers_as_they_were():
    """Rows share the untouched parts of the batch's answers: generating them never changes those."""
    columns = {c.nom: c for c in colonnes.colonnes(charger_questionnaire(charger_plan("clcs").questionnaire))}
    base = lire_yaml(BASE)
    for key in ("nom", "communes", "perimetre"):
        base["zone"].pop(key)
    base["signataires"].pop("maires")
    base["signataires"]["deliberations"] = ["24/11/2026"]
    before = copy.deepcopy(base)
    for index in range(3):
        cells = {"zone.nom": f"zone {index}", "zone.communes": COMMUNES[index],
                 "zone.perimetre": f"Le périmètre n° {index} comprend les voies internes de la zone.",
                 "signataires.maires": f"Mme Anne Martin-{index}"}
        generation.generer("clcs", colonnes.reponses_de_la_ligne(cells, columns, base), f"ligne {index}")
    assert base == before


def test_an_atomic_write_honours_the_umask_and_never_follows_a_planted_link(tmp_path, monkeypatch):
    outside = tmp_path / "ailleurs.txt"
    outside.write_text("intact")
    folder = tmp_path / "lot"
    folder.mkdir()
    monkeypatch.setattr(ecriture, "_numeros", itertools.count())
    (folder / f".doc.docx.{os.getpid()}-0.tmp").symlink_to(outside)  # the first temporary name, planted
    old = os.umask(0o027)
    try:
        ecriture.ecrire_atomique(folder / "doc.docx", b"contenu", synchroniser=False)
    finally:
        os.umask(old)
    assert (folder / "doc.docx").read_bytes() == b"contenu" and outside.read_text() == "intact"
    assert stat.S_IMODE((folder / "doc.docx").stat().st_mode) == 0o640
    leftovers = [p.name for p in folder.iterdir() if p.name != "doc.docx"]
    assert leftovers == [f".doc.docx.{os.getpid()}-0.tmp"]
    assert all(verrou._RESTES_FICHIERS.match(name) for name in leftovers)  # cleaned by the next batch


def test_an_atomic_write_creates_its_folder(tmp_path):
    ecriture.ecrire_atomique(tmp_path / "a" / "b" / "doc.docx", b"x")
    assert (tmp_path / "a" / "b" / "doc.docx").read_bytes() == b"x"


def test_a_batch_file_name_never_leads_out_of_its_folder(tmp_path):
    from generator.erreurs import EcritureErreur
    from generator.lot.nommage import Nommeur

    folder = tmp_path / "lot"
    folder.mkdir()
    (tmp_path / "ailleurs.docx").write_bytes(b"x")
    (folder / "clcs-piege.docx").symlink_to(tmp_path / "ailleurs.docx")
    (folder / "clcs-deja.docx").write_bytes(b"y")
    for namer in (Nommeur(folder, "clcs"), Nommeur(folder, "clcs", lister=True)):  # asked, or from the listing
        assert namer.chemin("clcs-zone.docx") == folder.resolve() / "clcs-zone.docx"
        assert namer.existe(namer.chemin("clcs-deja.docx")) and not namer.existe(namer.chemin("clcs-zone.docx"))
        for name in ("clcs-piege.docx", "../ailleurs.docx", "a/b.docx", "..", "", "x\0.docx"):
            with pytest.raises(EcritureErreur, match="nom de fichier refusé"):
                namer.chemin(name)


def test_a_full_store_spares_once_the_values_read_since_they_were_kept():
    store: ReserveBornee[int] = ReserveBornee(8)
    for index in range(8):
        store.garder(index, index)
    for index in (0, 1, 2):  # read: spared at the next eviction
        assert store.lire(index) == index
    store.garder(8, 8)  # full: a quarter (2) goes, the oldest not read
    assert [store.lire(i) for i in range(9)] == [0, 1, 2, None, None, 5, 6, 7, 8] and len(store) == 7
    for index in range(9, 30):  # never more than its size, whatever is read
        store.lire(0)
        store.garder(index, index)
        assert len(store) <= 8
    assert store.lire(0) == 0  # read before every eviction: always spared
