"""Hostile Word files handed to `relire` and `comparer`: bounded reading, refusals instead of silent loss.

The hostile packages are built here (zip bombs streamed, never held in memory) and every run is bounded.
"""

import copy
import time
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from generator.generation import generer
from generator.lecture import lire_yaml
from tests.conftest import EXEMPLE_CSI
from tests.hostile.borne import lancer, sans_trace

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def contrat(tmp_path_factory):
    path = tmp_path_factory.mktemp("docx") / "contrat.docx"
    path.write_bytes(generer("csi", copy.deepcopy(lire_yaml(EXEMPLE_CSI)), brouillon=False).contenu)
    return path


def _reemballer(source, destination, document_xml: bytes | None = None, extra: dict | None = None):
    """A copy of a package with word/document.xml replaced and parts added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "word/document.xml" and document_xml is not None:
                data = document_xml
            new.writestr(item, data)
        for name, data in (extra or {}).items():
            new.writestr(name, data)
    return destination


def test_a_zip_bomb_is_refused_before_it_inflates(contrat, tmp_path):
    bomb = tmp_path / "bombe.docx"
    with zipfile.ZipFile(contrat) as old, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as new:
        for item in old.infolist():
            new.writestr(item, old.read(item.filename))
        with new.open("word/media/remplissage.bin", "w") as part:  # streamed: 300 Mo of zeros, a few hundred Ko
            chunk = b"\0" * (1 << 20)
            for _ in range(300):
                part.write(chunk)
    assert bomb.stat().st_size < 2_000_000
    for args in (("relire", str(bomb), "--sans-registre"),
                 ("comparer", str(contrat), str(bomb), "-o", str(tmp_path / "r.docx"), "--sans-registre")):
        done = lancer(*args, memoire_mo=700)
        sans_trace(done)
        assert done.returncode == 5
        assert "word/media/remplissage.bin décompressée ferait 300 Mo, au plus 50 Mo acceptés" in done.stderr
    assert not (tmp_path / "r.docx").exists()


def test_too_many_parts_and_not_a_package_are_refused_in_french(contrat, tmp_path):
    many = _reemballer(contrat, tmp_path / "parties.docx", extra={f"x/{i}.xml": b"<a/>" for i in range(2500)})
    done = lancer("relire", str(many), "--sans-registre")
    sans_trace(done)
    assert done.returncode == 5 and "parties dans le paquet, au plus 2000 acceptées" in done.stderr
    fake = tmp_path / "faux.docx"
    fake.write_text("ceci n'est pas un document Word", encoding="utf-8")
    done = lancer("relire", str(fake), "--sans-registre")
    sans_trace(done)
    assert done.returncode == 5 and "ce n'est pas un document Word (.docx)" in done.stderr
    assert "Package not found" not in done.stderr


def test_relire_is_linear_on_thirty_thousand_unclosed_comment_ranges(contrat, tmp_path):
    with zipfile.ZipFile(contrat) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    first = body.find(f"{W}body/{W}p")
    for identifier in range(30_000):
        first.insert(0, etree.Element(f"{W}commentRangeStart", {f"{W}id": str(identifier)}))
    hostile = _reemballer(contrat, tmp_path / "commentaires.docx", etree.tostring(body))
    start = time.monotonic()
    done = lancer("relire", str(hostile), "--format", "json", "--sans-registre", memoire_mo=1024, delai=90)
    sans_trace(done)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - start < 60


def _docx(paragraphs: list[str], path, *, xml: str | None = None):
    word = docx.Document()
    for text in paragraphs:
        word.add_paragraph(text)
    if xml is not None:
        word.element.body.insert(len(word.element.body) - 1, parse_xml(xml))
    word.save(str(path))
    return path


def test_comparer_bounds_a_huge_grid_span(tmp_path):
    old = _docx(["Article 1"], tmp_path / "a.docx")
    new = _docx(["Article 1"], tmp_path / "b.docx", xml=(
        f'<w:tbl {nsdecls("w")}><w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr>'
        '<w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'))
    done = lancer("comparer", str(old), str(new), "-o", str(tmp_path / "r.docx"), "--sans-registre",
                  memoire_mo=800, delai=60)
    sans_trace(done)
    assert done.returncode == 5 and "tableau de plus de 64 colonnes" in done.stderr


def _vues(path):
    """(accepted text, rejected text) of a redline, read from its XML."""
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    accepted, rejected = [], []
    for p in body.iter(f"{W}p"):
        acc = "".join(t.text or "" for t in p.iter(f"{W}t") if not any(a.tag == f"{W}del" for a in t.iterancestors()))
        rej = "".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText")
                      if not any(a.tag == f"{W}ins" for a in t.iterancestors()))
        accepted.append(acc)
        rejected.append(rej)
    return "\n".join(a for a in accepted if a), "\n".join(r for r in rejected if r)


def test_comparer_is_not_quadratic_on_a_paragraph_of_sixty_thousand_words(tmp_path):
    words = [f"mot{i % 997}" for i in range(60_000)]
    changed = list(words)
    for index in (20_000, 30_000, 40_000):
        changed[index] = "modifié"
    old = _docx([" ".join(words)], tmp_path / "a.docx")
    new = _docx([" ".join(changed)], tmp_path / "b.docx")
    out = tmp_path / "r.docx"
    start = time.monotonic()
    done = lancer("comparer", str(old), str(new), "-o", str(out), "--sans-registre", delai=120)
    sans_trace(done)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - start < 60
    accepted, rejected = _vues(out)
    assert accepted == " ".join(changed) and rejected == " ".join(words)


@pytest.mark.parametrize(("xml", "attendu"), [
    (f'<w:p {nsdecls("w")}><w:ins w:id="1" w:author="X" w:date="2027-01-01T00:00:00Z"><w:r><w:t>ajout</w:t></w:r></w:ins></w:p>',
     "modifications suivies non acceptées"),
    (f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>contrôle</w:t></w:r></w:p></w:sdtContent></w:sdt>',
     "contrôle de contenu"),
    (f'<w:p {nsdecls("w")}><w:fldSimple w:instr=" DATE "><w:r><w:t>1/1/2027</w:t></w:r></w:fldSimple></w:p>', "champ"),
    (f'<w:tbl {nsdecls("w")}><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>dedans</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
     '<w:p/></w:tc></w:tr></w:tbl>', "tableau imbriqué"),
    (f'<w:p {nsdecls("w")}><w:smartTag w:uri="u" w:element="e"><w:r><w:t>balise</w:t></w:r></w:smartTag></w:p>',
     "balise active"),
    (f'<w:p {nsdecls("w")}><w:r><w:drawing/></w:r></w:p>', "image ou dessin"),
])
def test_comparer_refuses_content_it_cannot_carry(tmp_path, xml, attendu):
    old = _docx(["Article 1", "Texte."], tmp_path / "a.docx")
    new = _docx(["Article 1", "Texte."], tmp_path / "b.docx", xml=xml)
    out = tmp_path / "r.docx"
    done = lancer("comparer", str(old), str(new), "-o", str(out), "--sans-registre")
    sans_trace(done)
    assert done.returncode == 5 and attendu in done.stderr
    assert not out.exists(), "aucune comparaison incomplète n'est écrite"


def test_the_docx_redline_drops_comments_that_lose_their_anchor(tmp_path):
    old = _docx(["Article 1", "Texte ancien."], tmp_path / "a.docx")
    word = docx.Document()
    word.add_paragraph("Article 1")
    paragraph = word.add_paragraph("Texte nouveau.")
    word.add_comment(runs=paragraph.runs, text="Voir avec la mairie.", author="Préfecture")
    new = tmp_path / "b.docx"
    word.save(str(new))
    out = tmp_path / "r.docx"
    done = lancer("comparer", str(old), str(new), "-o", str(out), "--sans-registre")
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        body = archive.read("word/document.xml")
        comments = archive.read("word/comments.xml") if "word/comments.xml" in names else b""
    assert b"commentReference" not in body
    assert b"Voir avec la mairie" not in comments
    assert _vues(out)[0].endswith("Texte nouveau.")


@pytest.mark.parametrize("auteur", ["Préfecture\x01", "A\x1b[31mB", "x" * 500])
def test_a_control_character_or_a_huge_author_is_refused(tmp_path, auteur):
    done = lancer("comparer", str(EXEMPLE_CSI), str(EXEMPLE_CSI), "-o", str(tmp_path / "r.docx"), "--sans-registre",
                  env={"CONTINUUM_AUTEUR": auteur})
    sans_trace(done)
    assert done.returncode == 2 and "--auteur" in done.stderr
    done = lancer("comparer", str(EXEMPLE_CSI), str(EXEMPLE_CSI), "-o", str(tmp_path / "r.docx"), "--sans-registre",
                  "--auteur", auteur)
    assert done.returncode == 2 and not (tmp_path / "r.docx").exists()
