"""Create the editable Word templates modeles/<type>.docx (the .docx files are versioned).

Legal officers may restyle the template in Word: Continuum only relies on
the style names below and on the placeholders {{ … }} of the header, footer
and body. ``{{ corps }}`` marks where the assembled clauses go.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from lxml import etree

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Cm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator.ecriture import ecrire_atomique  # noqa: E402
from generator.oxml import ajouter_champ, langue_par_defaut, niveau_de_plan  # noqa: E402

RACINE = Path(__file__).resolve().parent.parent
MARIANNE_BLUE = RGBColor(0x00, 0x00, 0x91)
LANGUE = "fr-FR"  # Word checks spelling and hyphenates in French
# Outline levels (0 = level 1): Word's navigation pane, the table of contents and PDF bookmarks.
NIVEAUX = {"Titre de bloc": 0, "Titre de partie": 0, "Titre d'annexe": 0, "Titre de chapitre": 1, "Titre d'article": 2}


def _style(doc, name, base="Normal", size=11, bold=False, italic=False, align=None, before=0, after=6,
           keep_next=False, caps=False, color=None):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.font.all_caps = caps
    if color is not None:
        style.font.color.rgb = color
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.keep_with_next = keep_next
    if align is not None:
        fmt.alignment = align
    return style


def creer(destination: Path, intitule_pied: str) -> None:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Serif"
    normal.font.size = Pt(11)
    langue_par_defaut(doc, LANGUE)
    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY

    _style(doc, "Titre du document", size=20, bold=True, align=center, before=36, after=12, caps=True, color=MARIANNE_BLUE)
    _style(doc, "Sous-titre du document", size=14, align=center, after=24)
    _style(doc, "Mention projet", size=12, bold=True, align=center, after=24, color=RGBColor(0xC0, 0x00, 0x00))
    _style(doc, "Titre de bloc", size=12, bold=True, align=center, before=18, after=12, keep_next=True, caps=True)
    _style(doc, "Formule", size=12, bold=True, align=center, before=18, after=18, keep_next=True)
    _style(doc, "Titre de partie", size=13, bold=True, align=center, before=24, after=12, keep_next=True, color=MARIANNE_BLUE)
    _style(doc, "Titre de chapitre", size=12, bold=True, italic=True, align=center, before=12, after=12, keep_next=True)
    _style(doc, "Titre d'article", size=11, bold=True, before=12, after=6, keep_next=True)
    _style(doc, "Corps de clause", align=justify, after=6)
    _style(doc, "Liste de clause", base="List Bullet", align=justify, after=3)
    _style(doc, "Signature", align=center, after=0)
    _style(doc, "Titre d'annexe", size=13, bold=True, align=center, before=0, after=12, color=MARIANNE_BLUE)
    _style(doc, "Texte de tableau", size=9, after=0)
    _style(doc, "Figure", align=center, before=6, after=0, keep_next=True)
    _style(doc, "Légende", size=9, italic=True, align=center, after=12)
    _style(doc, "Titre de sommaire", size=13, bold=True, align=center, before=12, after=12, keep_next=True,
           color=MARIANNE_BLUE)
    for level, indent in ((1, 0), (2, 0.5), (3, 1.0)):  # Word's table of contents styles, "toc 1" to "toc 3"
        toc = _style(doc, f"toc {level}", size=10, bold=level == 1, after=2)
        toc.paragraph_format.left_indent = Cm(indent)
        toc.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    _style(doc, "En-tête Continuum", size=9, bold=True, align=center, after=0)
    _style(doc, "Mention projet en-tête", size=9, bold=True, align=center, after=0, color=RGBColor(0xC0, 0x00, 0x00))
    _style(doc, "Pied Continuum", size=8, align=center, after=0)
    for name, level in NIVEAUX.items():
        niveau_de_plan(doc.styles[name], level)
    mark = doc.styles.add_style("Mention socle", WD_STYLE_TYPE.CHARACTER)
    mark.font.bold = True
    mark.font.small_caps = True
    mark.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)

    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2)

    header = section.header
    header.paragraphs[0].text = "RÉPUBLIQUE FRANÇAISE"
    header.paragraphs[0].style = doc.styles["En-tête Continuum"]
    second = header.add_paragraph("{{ entete }}", style="En-tête Continuum")
    second.runs[0].font.bold = False
    header.add_paragraph("{{ mention_projet }}", style="Mention projet en-tête")  # draft only: on every page

    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Pied Continuum"]
    footer.add_run(f"{intitule_pied} – page ")
    ajouter_champ(footer, "PAGE")
    footer.add_run(" sur ")
    ajouter_champ(footer, "NUMPAGES")

    doc.add_paragraph("{{ intitule }}", style="Titre du document")
    doc.add_paragraph("{{ sous_titre }}", style="Sous-titre du document")
    doc.add_paragraph("{{ mention_projet }}", style="Mention projet")
    doc.add_paragraph("{{ corps }}", style="Corps de clause")

    props = doc.core_properties
    props.author = "Continuum"
    props.title = "Modèle Continuum"
    props.comments = "Modèle modifiable : conserver les noms de styles et les champs {{ … }}."
    buffer = io.BytesIO()
    doc.save(buffer)
    ecrire_atomique(destination, alleger(buffer.getvalue()))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_STYLES_GARDES = {"Normal", "header", "Header Char", "footer", "Footer Char", "Default Paragraph Font", "Normal Table",
                  "No List", "List Bullet", "List Paragraph", "Table Grid", "annotation text", "annotation reference",
                  "Comment Text", "Comment Reference"}
_PARTIES_INUTILES = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg", "customXml/")


def alleger(contenu: bytes) -> bytes:
    """Drop what python-docx's default template carries and Continuum never uses.

    The default template holds some 140 table styles and a stylesWithEffects
    part (800 KB of XML): every document would parse and compress them again.
    Only our styles, the ones they derive from and Word's defaults are kept.
    """
    source = zipfile.ZipFile(io.BytesIO(contenu))
    styles = etree.fromstring(source.read("word/styles.xml"))
    latent = styles.find(f"{_W}latentStyles")
    if latent is not None:
        styles.remove(latent)
    by_id = {s.get(f"{_W}styleId"): s for s in styles.findall(f"{_W}style")}
    keep = {sid for sid, s in by_id.items()
            if s.find(f"{_W}name").get(f"{_W}val") in _STYLES_GARDES or s.get(f"{_W}customStyle") == "1"}
    pending = list(keep)
    while pending:  # keep what kept styles derive from or link to
        style = by_id[pending.pop()]
        for tag in ("basedOn", "link", "next"):
            ref = style.find(f"{_W}{tag}")
            if ref is not None and ref.get(f"{_W}val") in by_id and ref.get(f"{_W}val") not in keep:
                keep.add(ref.get(f"{_W}val"))
                pending.append(ref.get(f"{_W}val"))
    for sid, style in by_id.items():
        if sid not in keep:
            styles.remove(style)

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename.startswith(_PARTIES_INUTILES):
                continue
            data = source.read(item.filename)
            if item.filename == "word/styles.xml":
                data = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif item.filename.endswith(".rels") or item.filename == "[Content_Types].xml":
                tree = etree.fromstring(data)
                for node in list(tree):
                    reference = (node.get("Target") or node.get("PartName") or "").lstrip("/")
                    if any(part in reference for part in ("stylesWithEffects", "thumbnail", "customXml")):
                        tree.remove(node)
                data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(item.filename, data)
    return out.getvalue()


if __name__ == "__main__":
    for name in ("csi", "clcs", "cls", "ems", "padrsq"):
        creer(RACINE / "modeles" / f"{name}.docx", "{{ intitule_court }}")
        print(f"modeles/{name}.docx écrit")
