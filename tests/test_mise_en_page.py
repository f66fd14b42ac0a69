"""Word files that behave like a French document: language, outline, typography, draft mark,
tables, charts, properties and the signature page, checked in the XML and through LibreOffice."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from pypdf import PdfReader

from generator import typographie
from generator.generation import generer
from generator.lecture import lire_yaml
from generator.lot import pdf as conversion
from tests.conftest import EXEMPLE_CSI, RACINE
from tests.libreoffice import exiger_libreoffice

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "dc": "http://purl.org/dc/elements/1.1/"}
NBSP, FINE = "\u00a0", "\u202f"
EXEMPLES = RACINE / "data" / "exemples"
# A diagnostic typed by the user: the answers' text gets the same typography as the clauses.
DIAGNOSTIC = ("Constat partagé : « trafics en soirée » ; voir https://www.exemple.fr/rapport?annee=2025 ; "
              "150 000 € engagés depuis le 16 avril 2021, de 18 h – 24 h, soit 12 % des faits.")


def _csi(**options) -> dict:
    answers = copy.deepcopy(lire_yaml(EXEMPLE_CSI))
    answers["territoire"]["diagnostic"] = options.get("diagnostic", DIAGNOSTIC)
    answers["table_des_matieres"] = True
    return answers


def _xml(contenu: bytes, part: str):
    with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
        return etree.fromstring(archive.read(part))


def _parts(contenu: bytes, prefix: str) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
        return [name for name in archive.namelist() if name.startswith(prefix)]


def _paragraphs(contenu: bytes) -> list:
    return _xml(contenu, "word/document.xml").findall(".//w:body//w:p", NS)


def _text(paragraph) -> str:
    return "".join(paragraph.itertext())


@pytest.fixture(scope="module")
def projet():
    return generer("csi", _csi(), brouillon=True)


@pytest.fixture(scope="module")
def definitif():
    return generer("csi", _csi(), brouillon=False)


@pytest.fixture(scope="module")
def plan_padrsq():
    return generer("padrsq", lire_yaml(EXEMPLES / "padrsq-seine-maritime.yaml"), brouillon=True)


# --- Language and outline ------------------------------------------------------------------------


def test_styles_are_french_and_headings_have_outline_levels(projet):
    styles = _xml(projet.contenu, "word/styles.xml")
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(f"{{{W}}}val") == "fr-FR"
    levels = {}
    for style in styles.findall("w:style", NS):
        name = style.find("w:name", NS).get(f"{{{W}}}val")
        level = style.find("w:pPr/w:outlineLvl", NS)
        if level is not None:
            levels[name] = int(level.get(f"{{{W}}}val"))
    assert levels["Titre de partie"] == 0 and levels["Titre de chapitre"] == 1 and levels["Titre d'article"] == 2
    assert levels["Titre d'annexe"] == 0
    assert "Corps de clause" not in levels and "Titre du document" not in levels


def test_a_long_contract_opens_with_a_table_of_contents_refreshed_on_opening(projet):
    paragraphs = _paragraphs(projet.contenu)
    texts = [_text(p) for p in paragraphs]
    start = texts.index("Sommaire")
    entries = [p for p in paragraphs[start + 1:start + 200]
               if p.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val").startswith("toc")]
    assert len(entries) > projet.document.proprietes.get("articles", 47) // 2
    instructions = [" ".join(_text(i) for i in p.findall(".//w:instrText", NS)) for p in entries]
    assert sum("PAGEREF csi_objet" in i for i in instructions) == 2  # TITRE Ier and its first article, same page
    assert sum("PAGEREF annexe_recapitulatif" in i for i in instructions) == 1
    assert any(_text(p).startswith(f"Article{NBSP}1er") and p.find(".//w:hyperlink", NS).get(f"{{{W}}}anchor") == "csi_objet"
               for p in entries)
    body_start = paragraphs[paragraphs.index(entries[-1]) + 1]
    assert body_start.find("w:pPr/w:pageBreakBefore", NS) is not None  # the contract starts on a new page
    settings = _xml(projet.contenu, "word/settings.xml")
    assert settings.find("w:updateFields", NS).get(f"{{{W}}}val") == "true"


def test_no_table_of_contents_unless_the_answers_ask_for_it():
    plain = generer("csi", lire_yaml(EXEMPLE_CSI), brouillon=True)
    assert "Sommaire" not in [_text(p) for p in _paragraphs(plain.contenu)]
    assert _xml(plain.contenu, "word/settings.xml").find("w:updateFields", NS) is None


# --- Typography ----------------------------------------------------------------------------------


@pytest.mark.parametrize("texte, attendu", [
    ("Il est convenu ce qui suit :", f"Il est convenu ce qui suit{NBSP}:"),
    ("Vu le code ; et quoi ? et ! ", f"Vu le code{FINE}; et quoi{FINE}? et{FINE}! "),
    ("« texte »", f"«{NBSP}texte{NBSP}»"),
    ("«texte»", f"«{NBSP}texte{NBSP}»"),
    ("circulaire n° 6258/SG", f"circulaire n°{NBSP}6258/SG"),
    ("art. L. 132-4 et article R. 132-2", f"art.{NBSP}L.{NBSP}132-4 et article{NBSP}R.{NBSP}132-2"),
    ("le 16 avril 2021", f"le 16{NBSP}avril{NBSP}2021"),
    ("150 000 €", f"150{FINE}000{NBSP}€"),
    ("de 18 h – 24 h", f"de 18{NBSP}h{NBSP}–{NBSP}24{NBSP}h"),
    ("12 %", f"12{NBSP}%"),
    ("M. Étienne Lemaire", f"M.{NBSP}Étienne Lemaire"),
])
def test_french_spaces(texte, attendu):
    assert typographie.composer(texte) == attendu
    assert typographie.composer(attendu) == attendu  # applied once: composing twice changes nothing


@pytest.mark.parametrize("texte", [
    "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000025505384?a=1:2;3",
    "écrire à prefecture@seine-maritime.gouv.fr",
    "loi n°2021-646", "INTK2431138J", "2025-T1", "18:00", "0,5", "1234567",
])
def test_numbers_identifiers_and_urls_are_left_alone(texte):
    assert typographie.composer(texte) == texte
    assert typographie.exposants(texte) == [(texte, False)]


def test_ordinal_endings_are_cut_for_superscript():
    assert typographie.exposants("le 1er mars, TITRE Ier, 2e alinéa, 1re fois") == [
        ("le 1", False), ("er", True), (" mars, TITRE I", False), ("er", True), (", 2", False), ("e", True),
        (" alinéa, 1", False), ("re", True), (" fois", False)]
    assert typographie.exposants("loi n° 2021-646e, 3eme, https://x.fr/1er") == [
        ("loi n° 2021-646e, 3eme, https://x.fr/1er", False)]


def test_the_document_text_has_french_spaces_and_superscript_ordinals(projet):
    texts = [_text(p) for p in _paragraphs(projet.contenu)]
    assert f"Il est convenu ce qui suit{NBSP}:" in texts
    assert f"Vu le code de la sécurité intérieure{FINE};" in texts
    assert any(f"circulaire du Premier ministre n°{NBSP}6258/SG du 16{NBSP}avril{NBSP}2021" in t for t in texts)
    assert not any(re.search(r"\w :|\w ;|« | »", t) for t in texts)  # no plain space left before : ; or inside « »
    # "Article 1er": "er" is a real superscript run, right after the "1"
    heading = next(p for p in _paragraphs(projet.contenu)
                   if p.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "Titred'article")
    runs = heading.findall("w:r", NS)
    superscript = [r for r in runs if r.find("w:rPr/w:vertAlign[@w:val='superscript']", NS) is not None]
    assert [_text(r) for r in superscript] == ["er"]
    assert _text(runs[runs.index(superscript[0]) - 1]).endswith(f"Article{NBSP}1")


def test_the_answers_text_gets_the_same_typography_and_urls_stay_whole(projet):
    texts = [_text(p) for p in _paragraphs(projet.contenu)]
    diagnostic = next(t for t in texts if t.startswith("Constat partagé"))
    assert diagnostic == (
        f"Constat partagé{NBSP}: «{NBSP}trafics en soirée{NBSP}»{FINE}; voir https://www.exemple.fr/rapport?annee=2025{FINE}; "
        f"150{FINE}000{NBSP}€ engagés depuis le 16{NBSP}avril{NBSP}2021, de 18{NBSP}h{NBSP}–{NBSP}24{NBSP}h, soit 12{NBSP}% des faits.")


def test_an_avenant_of_two_changes_quotes_articles_between_french_quotation_marks(tmp_path):
    import yaml

    from generator.avenant import avenant

    old = lire_yaml(EXEMPLE_CSI)
    new = copy.deepcopy(old)
    new["engagements"]["commune"]["policiers_municipaux_cible"] = 100  # an article replaced
    new["mesures_ecartees"] = [m for m in new["mesures_ecartees"] if m != "csi_etat_si_zones_competence"
                               and not (isinstance(m, dict) and m.get("id") == "csi_etat_si_zones_competence")]
    new["mesures_retenues"].append("csi_etat_si_zones_competence")  # an article inserted
    paths = []
    for name, answers in (("ancien", old), ("nouveau", new)):
        paths.append(tmp_path / f"{name}.yaml")
        paths[-1].write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    _, contenu = avenant(*paths)
    texts = [_text(p) for p in _paragraphs(contenu)]
    assert any(t.startswith(f"«{NBSP}Article") for t in texts)
    assert any(t.endswith(f"{NBSP}»") for t in texts)
    assert any(t.startswith(f"Avenant n°{NBSP}1") for t in texts)
    assert not any(re.search(r"« | »|\w :", t) for t in texts)


def test_clause_samples_keep_plain_spaces():
    from generator.bibliotheque import charger

    clause = charger().clauses["csi_fait_a"]
    assert "le 1er décembre 2026" in clause.exemples[0].attendu  # the rendering layer adds the typography


# --- Draft mark ----------------------------------------------------------------------------------


def _header_texts(contenu: bytes) -> list[str]:
    return [_text(_xml(contenu, name)) for name in _parts(contenu, "word/header")]


def test_draft_mark_is_in_the_header_of_a_draft_only(projet, definitif):
    assert any(re.search(r"PROJET – version du \d+(er)?\u00a0\w+\u00a0\d{4}", t) for t in _header_texts(projet.contenu))
    assert not any("PROJET" in t for t in _header_texts(definitif.contenu))
    assert not any("{{" in t for t in _header_texts(definitif.contenu))


# --- Tables and charts ---------------------------------------------------------------------------


def test_tables_fit_the_width_repeat_a_shaded_header_and_right_align_numbers(plan_padrsq):
    body = _xml(plan_padrsq.contenu, "word/document.xml")
    tables = [t for t in body.iter(f"{{{W}}}tbl") if t.find("w:tr/w:trPr/w:tblHeader", NS) is not None]
    assert len(tables) >= 4
    for table in tables:
        assert int(table.find("w:tblPr/w:tblW", NS).get(f"{{{W}}}w")) <= 9072  # A4 less 2 × 2.5 cm
        header = table.find("w:tr", NS)
        assert all(cell.find("w:tcPr/w:shd", NS) is not None for cell in header.findall("w:tc", NS))
        following = table.getnext()
        assert int(following.find("w:pPr/w:spacing", NS).get(f"{{{W}}}before")) > 0  # space after the table
    first = tables[0]
    heading = [_text(c) for c in first.find("w:tr", NS).findall("w:tc", NS)]
    assert heading == ["Infraction", "Faits", "Part"]
    row = first.findall("w:tr", NS)[1]
    alignments = [c.find("w:p/w:pPr/w:jc", NS) for c in row.findall("w:tc", NS)]
    assert alignments[0] is None and [a.get(f"{{{W}}}val") for a in alignments[1:]] == ["right", "right"]


def test_charts_are_vector_with_a_fallback_alt_text_and_a_caption(plan_padrsq):
    body = _xml(plan_padrsq.contenu, "word/document.xml")
    pictures = body.findall(".//wp:inline", NS)
    assert len(pictures) == 3
    for inline in pictures:
        description = inline.find("wp:docPr", NS).get("descr")
        assert description.startswith("Diagramme en barres horizontales.") and len(description) > 60
        assert inline.find(".//a:blip/a:extLst/a:ext", NS).get("uri") == "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
    assert len(_parts(plan_padrsq.contenu, "word/media/")) == 6  # one SVG and one PNG per chart
    with zipfile.ZipFile(io.BytesIO(plan_padrsq.contenu)) as archive:
        svg = archive.read(next(n for n in archive.namelist() if n.endswith(".svg")))
        png = archive.read(next(n for n in archive.namelist() if n.endswith(".png")))
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    assert int.from_bytes(png[16:20], "big") >= 2000  # 7 inches at 300 dpi
    captions = [_text(p) for p in _paragraphs(plan_padrsq.contenu) if _text(p).startswith("Figure ")]
    assert len(captions) == 3
    assert captions[0].startswith("Figure 1 – Faits constatés par type d'infraction, 2025-T1 à 2025-T2 (source")
    assert all("padrsq-indicateurs.csv" in c for c in captions)


def test_the_annex_lists_measures_in_article_order(definitif):
    word = docx.Document(io.BytesIO(definitif.contenu))
    annex = word.tables[-1]
    articles = [row.cells[5].text for row in annex.rows[1:]]
    numbered = [int(a) for a in articles if a.isdigit()]
    assert numbered == sorted(numbered) and len(numbered) >= 24
    assert all(a == "—" for a in articles[len(numbered):])  # measures not retained come last


# --- Properties ----------------------------------------------------------------------------------


@pytest.mark.parametrize("type_document, exemple, service", [
    ("csi", EXEMPLE_CSI, "Préfecture de la Seine-Maritime"),
    ("clcs", EXEMPLES / "clcs-vatine.yaml", "Préfecture de la Seine-Maritime"),
])
def test_properties_name_the_document_the_service_and_the_identifier(type_document, exemple, service):
    result = generer(type_document, lire_yaml(exemple), brouillon=False)
    core = _xml(result.contenu, "docProps/core.xml")
    assert core.findtext("dc:title", namespaces=NS) == result.document.proprietes["titre"]
    assert core.findtext("dc:subject", namespaces=NS).startswith(result.document.intitule)
    assert core.findtext("dc:creator", namespaces=NS) == service
    assert core.findtext("cp:lastModifiedBy", namespaces=NS) == service
    custom = _xml(result.contenu, "docProps/custom.xml")
    identifiers = {p.get("name"): "".join(p.itertext()) for p in custom}
    assert identifiers["Identifiant Continuum"] == result.document.proprietes["identifiant"]
    assert identifiers["Identifiant Continuum"].startswith(f"continuum:{type_document}:")
    with zipfile.ZipFile(io.BytesIO(result.contenu)) as archive:
        app = archive.read("docProps/app.xml").decode()
        core_text = archive.read("docProps/core.xml").decode()
    assert "<Application>Continuum</Application>" in app
    for default in ("Microsoft", "Macintosh", "Normal.dotm", "python-docx"):
        assert default not in app and default not in core_text


# --- Through LibreOffice: draft mark, bookmarks, signature page ----------------------------------


@pytest.fixture(scope="module")
def pdf_csi(tmp_path_factory):
    """Draft CSIs whose diagnostic grows by 8 lines each time, so the signatures fall at every height
    of a page, and the final version: converted to PDF in one LibreOffice run (lot --pdf's converter)."""
    exiger_libreoffice()
    folder = tmp_path_factory.mktemp("mise-en-page")
    files = []
    for extra in range(0, 40, 8):
        diagnostic = DIAGNOSTIC + "".join("\nConstat complémentaire du diagnostic partagé." for _ in range(extra))
        path = folder / f"projet-{extra:02d}.docx"
        path.write_bytes(generer("csi", _csi(diagnostic=diagnostic), brouillon=True).contenu)
        files.append(path)
    final = folder / "definitif.docx"
    final.write_bytes(generer("csi", _csi(), brouillon=False).contenu)
    converted = conversion.convertir(files + [final], folder, 1)
    assert all(isinstance(p, Path) for p in converted.values()), converted
    readers = {path.stem: PdfReader(str(converted[path])) for path in files + [final]}
    return {name: (reader, _pages(reader)) for name, reader in readers.items()}


def _pages(reader) -> list[str]:
    """Each page's text, whitespace (no-break spaces included) read as single spaces."""
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def test_draft_mark_on_every_page_of_the_pdf_and_none_in_the_final(pdf_csi):
    for name, (_, pages) in pdf_csi.items():
        if name == "definitif":
            assert not any("PROJET" in page for page in pages)
        else:
            assert len(pages) > 20
            assert all(re.search(r"PROJET – version du \d+(er)? \w+ \d{4}", page) for page in pages), name


def test_the_signature_page_holds_the_closing_formula_and_text(pdf_csi):
    for name, (_, pages) in pdf_csi.items():
        first = next(i for i, page in enumerate(pages) if "Claire VASSEUR" in page)
        last = next(i for i, page in enumerate(pages) if "Nadia BENALI" in page)
        assert first == last, f"{name} : les signatures sont réparties sur deux pages"
        page = pages[first]
        assert "Fait au Havre, le 1er décembre 2026" in page, name
        body = page.split("PROJET – version du", 1)[-1] if "PROJET" in page else page
        before = body.split("SIGNATURE", 1)[0]
        assert len(re.sub(r"[^\w]", "", before.split("2026", 1)[-1])) > 40, f"{name} : page de signatures sans texte"


def test_pdf_bookmarks_follow_the_outline_and_the_table_of_contents_gives_the_right_pages(pdf_csi):
    reader, pages = pdf_csi["projet-00"]
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "TITRE Ier – OBJET ET ÉCONOMIE GÉNÉRALE DU CONTRAT" in titles
    contents = " ".join(pages[:3])
    entry = re.search(r"Article 47 – Règlement des litiges\.{3,}(\d+)", contents)
    assert entry, "entrée du sommaire introuvable"
    assert "Article 47 – Règlement des litiges Les parties" in pages[int(entry.group(1)) - 1]
