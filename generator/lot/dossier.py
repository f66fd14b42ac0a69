"""Merge the batch's PDFs into one dossier with pypdf.

The dossier opens with a cover page (summary table with each convention's
first page), has one bookmark per convention, carries document metadata,
and in draft mode every page is stamped « PROJET ».
"""

from __future__ import annotations

import datetime as dt
import io
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path

import docx
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, FloatObject, NameObject

from generator import oxml, typographie
from generator.ecriture import ecrire_atomique
from generator.erreurs import LibreOfficeIntrouvable
from generator.lot import pdf as conversion
from generator.rendu_texte import nettoyer
from generator.accords import nombre

_TAILLE_FILIGRANE = 96
_ANGLE = math.radians(35)


# The plural of each document title, for the cover (« Dossier des conventions locales… »).
_PLURIELS = {
    "Convention locale de coopération de sécurité": "conventions locales de coopération de sécurité",
    "Contrat local de sécurité": "contrats locaux de sécurité",
    "Contrat de sécurité intégrée": "contrats de sécurité intégrée",
    "Arrêté préfectoral": "arrêtés préfectoraux",
    "Plan d'action départemental de restauration de la sécurité quotidienne":
        "plans d'action départementaux de restauration de la sécurité quotidienne",
}


def titre_du_dossier(intitule: str) -> str:
    """ "Dossier des conventions locales de coopération de sécurité"; "Dossier – …" for other titles."""
    pluriel = _PLURIELS.get(intitule)
    return f"Dossier des {pluriel}" if pluriel else f"Dossier – {intitule}"


@dataclass(frozen=True)
class Piece:
    titre: str  # bookmark and summary label
    detail: str  # communes, dates…
    pdf: Path


def _filigrane(writer: PdfWriter, width: float, height: float) -> PageObject:
    """A transparent page with « PROJET » written diagonally across it."""
    page = PageObject.create_blank_page(width=width, height=height)
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica-Bold"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    })
    state = DictionaryObject({NameObject("/Type"): NameObject("/ExtGState"),
                              NameObject("/ca"): FloatObject(0.2), NameObject("/CA"): FloatObject(0.2)})
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject("/FProjet"): font}),
        NameObject("/ExtGState"): DictionaryObject({NameObject("/GSProjet"): state}),
    })
    text_width = 0.667 * 6 * _TAILLE_FILIGRANE  # Helvetica-Bold capitals, about 2/3 em each
    cos, sin = math.cos(_ANGLE), math.sin(_ANGLE)
    x, y = width / 2 - cos * text_width / 2, height / 2 - sin * text_width / 2
    stream = DecodedStreamObject()
    stream.set_data(
        f"q /GSProjet gs 0.8 0 0 rg BT /FProjet {_TAILLE_FILIGRANE} Tf "
        f"{cos:.4f} {sin:.4f} {-sin:.4f} {cos:.4f} {x:.1f} {y:.1f} Tm (PROJET) Tj ET Q".encode("ascii"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    return page


def _couverture(modele: Path, intitule: str, pieces: list[Piece], premieres_pages: list[int], brouillon: bool) -> bytes:
    """The cover page: title and a summary table, built on the family's Word template."""
    word = docx.Document(str(modele))
    mention = f"PROJET – version du {typographie.date_longue(dt.date.today())}" if brouillon else ""
    for section in word.sections:
        for paragraph in section.header.paragraphs + section.footer.paragraphs:
            if "{{" in paragraph.text:
                for run in paragraph.runs:
                    run.text = (run.text.replace("{{ entete }}", "").replace("{{ intitule_court }}", f"Dossier – {intitule}")
                                .replace("{{ mention_projet }}", mention))
    for paragraph in list(word.paragraphs):
        oxml.supprimer(paragraph._p)
    word.add_paragraph(titre_du_dossier(intitule), style="Titre du document")
    word.add_paragraph(
        f"{nombre(len(pieces), 'document')} – édité le {typographie.date_longue(dt.date.today())}"
        + (" – PROJET" if brouillon else ""), style="Sous-titre du document")
    table = word.add_table(rows=1, cols=4)
    table.style = word.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, ("N°", "Document", "Détail", "Page")):
        cell.paragraphs[0].add_run(text).bold = True
    for index, (piece, page) in enumerate(zip(pieces, premieres_pages), start=1):
        cells = table.add_row().cells
        for cell, text in zip(cells, (str(index), piece.titre, piece.detail, str(page))):
            cell.paragraphs[0].add_run(nettoyer(text))
    oxml.entete_de_tableau_repete(table)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _pages(path: Path) -> int:
    return len(PdfReader(str(path)).pages)


def assembler(pieces: list[Piece], destination: Path, modele: Path, intitule: str, brouillon: bool,
              metadonnees: dict[str, str]) -> int:
    """Write the merged dossier; return its page count."""
    counts = [_pages(p.pdf) for p in pieces]
    cover_pages = 1
    with tempfile.TemporaryDirectory(prefix=".dossier-", dir=destination.parent) as work:
        work_path = Path(work)
        for _attempt in range(3):  # the cover's own length shifts the first pages
            firsts, page = [], cover_pages + 1
            for count in counts:
                firsts.append(page)
                page += count
            cover_docx = work_path / "couverture.docx"
            cover_docx.write_bytes(_couverture(modele, intitule, pieces, firsts, brouillon))
            converted = conversion.convertir([cover_docx], work_path, 1)[cover_docx]
            if isinstance(converted, str):
                raise LibreOfficeIntrouvable(converted)
            if _pages(converted) == cover_pages:
                break
            cover_pages = _pages(converted)

        writer = PdfWriter()
        writer.append(str(converted), import_outline=False)
        for piece in pieces:
            # one bookmark per document, its own headings (titles, articles) nested under it
            writer.append(str(piece.pdf), outline_item=piece.titre)
        if brouillon:
            for page_object in writer.pages:
                box = page_object.mediabox
                page_object.merge_page(_filigrane(writer, float(box.width), float(box.height)))
        writer.add_metadata({f"/{key}": value for key, value in metadonnees.items()})
        buffer = io.BytesIO()
        writer.write(buffer)
    ecrire_atomique(destination, buffer.getvalue())
    return cover_pages + sum(counts)
