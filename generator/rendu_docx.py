"""Render an assembled :class:`Document` into a Word file from its template.

The template (modeles/<type>.docx) carries the named styles, the header and
footer, and the placeholders ``{{ intitule }}``, ``{{ sous_titre }}``,
``{{ mention_projet }}``, ``{{ entete }}``, ``{{ intitule_court }}`` and
``{{ corps }}`` (where the clauses go). Each clause is wrapped in a bookmark
named after its id; in draft mode each socle clause is visibly marked and
carries a comment citing its source.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from generator import oxml
from generator.document import LISTE, TABLEAU, Bloc, Document
from generator.erreurs import ContinuumError
from generator.rendu_texte import nettoyer

AUTEUR = "Continuum"
MARQUE_SOCLE = " — mesure du socle obligatoire"
_PREMIER_SIGNET = 1000  # keeps bookmark ids apart from comment ids


class ModeleInvalide(ContinuumError):
    exit_code = 4


class _Redacteur:
    """Writes blocks before the ``{{ corps }}`` anchor of one document."""

    def __init__(self, document: docx.document.Document, ancre: Paragraph, brouillon: bool):
        self.document = document
        self.ancre = ancre
        self.brouillon = brouillon
        self.signet = _PREMIER_SIGNET
        self._styles: dict[str, str] = {}

    def style(self, nom: str) -> str:
        """Style id of a named style, looked up once per document (python-docx scans every time)."""
        if nom not in self._styles:
            try:
                self._styles[nom] = self.document.styles[nom].style_id
            except KeyError:
                raise ModeleInvalide(f"le modèle ne définit pas le style « {nom} »") from None
        return self._styles[nom]

    def paragraphe(self, texte: str, style: str) -> Paragraph:
        element = oxml.paragraphe_avant(self.ancre._p, nettoyer(texte), self.style(style))
        return Paragraph(element, self.ancre._parent)

    def paragraphe_de_cellule(self, cell, texte: str, style: str, nouveau: bool = False) -> Paragraph:
        paragraph = cell.add_paragraph() if nouveau else cell.paragraphs[0]
        paragraph._p.style = self.style(style)
        if texte:
            paragraph.add_run(nettoyer(texte))
        return paragraph

    def tableau(self, lignes: list[list[str]], style: str | None = "Table Grid",
                largeurs: tuple[float, ...] | None = None):
        """A table; ``largeurs`` gives the column widths in centimetres."""
        columns = max(len(r) for r in lignes)
        table = self.document.add_table(rows=0, cols=columns)
        if style:
            table.style = self.document.styles[style]
        if largeurs:
            table.autofit = False
            for column, width in zip(table.columns, largeurs):
                column.width = Cm(width)
        widths = [int(Cm(w).twips) for w in largeurs] if largeurs else None
        text_style = self.style("Texte de tableau")
        for index, cells in enumerate(lignes):
            padded = list(cells) + [""] * (columns - len(cells))
            oxml.ajouter_ligne(table._tbl, [nettoyer(v) for v in padded], text_style, widths, gras=index == 0)
        if style:
            oxml.entete_de_tableau_repete(table)
        oxml.deplacer_avant(table._tbl, self.ancre._p)
        return table

    def bloc(self, bloc: Bloc) -> None:
        title = self.paragraphe(bloc.intitule, "Titre d'article" if bloc.numero is not None else "Titre de bloc")
        if self.brouillon and bloc.socle:
            mark = title.add_run(MARQUE_SOCLE)
            mark._r.style = self.style("Mention socle")
            comment = "Mesure du socle obligatoire.\nSource : " + bloc.citation
            if bloc.references:
                comment += "\nFondement : " + " ; ".join(bloc.references)
            comment += f"\nClause {bloc.cle}, version {bloc.version}."
            self.document.add_comment(runs=[title.runs[0], mark], text=comment, author=AUTEUR, initials="CT")
        last = title
        rows: list[list[str]] = []
        for para in bloc.paragraphes + [None]:
            if para is not None and para.style == TABLEAU:
                rows.append(para.cellules)
                continue
            if rows:
                self.tableau(rows)
                rows = []
                last = self.paragraphe("", "Corps de clause")  # keeps the bookmark end in a paragraph
            if para is None:
                break
            last = self.paragraphe(para.texte, "Liste de clause" if para.style == LISTE else "Corps de clause")
        oxml.ajouter_signet(title, last, bloc.cle, self.signet)
        self.signet += 1


def rendre(document: Document, modele: Path) -> bytes:
    try:
        word = docx.Document(str(modele))
    except Exception as exc:  # noqa: BLE001 - any unreadable template is reported the same way
        raise ModeleInvalide(f"{modele} : modèle Word illisible ({exc})") from None
    valeurs = {
        "intitule": document.intitule,
        "intitule_court": document.intitule,
        "sous_titre": document.sous_titre,
        "entete": document.entete,
        "mention_projet": "PROJET – document de travail" if document.brouillon else "",
    }
    ancre = _remplir_modele(word, valeurs, modele)
    writer = _Redacteur(word, ancre, document.brouillon)

    for bloc in document.avant_propos:
        writer.bloc(bloc)
    writer.paragraphe(document.formule, "Formule")
    for titre in document.titres:
        writer.paragraphe(titre.intitule, "Titre de partie")
        for chapitre in titre.chapitres:
            if chapitre.intitule:
                writer.paragraphe(chapitre.intitule, "Titre de chapitre")
            for bloc in chapitre.blocs:
                writer.bloc(bloc)
    for bloc in document.cloture:
        writer.bloc(bloc)
    _signatures(writer, document)
    _annexe(writer, document)
    oxml.supprimer(ancre._p)
    _proprietes(word, document)

    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _remplir_modele(word, valeurs: dict, modele: Path) -> Paragraph:
    anchor = None
    parts = [word.paragraphs]
    for section in word.sections:
        parts += [section.header.paragraphs, section.footer.paragraphs]
    for paragraphs in parts:
        for paragraph in list(paragraphs):
            if "{{ corps }}" in paragraph.text:
                anchor = paragraph
                continue
            _remplacer(paragraph, valeurs)
    if anchor is None:
        raise ModeleInvalide(f"{modele} : le modèle ne contient pas le paragraphe {{{{ corps }}}}")
    return anchor


def _remplacer(paragraph: Paragraph, valeurs: dict) -> None:
    if "{{" not in paragraph.text:
        return
    def fill(text: str) -> str:
        for key, value in valeurs.items():
            text = text.replace("{{ " + key + " }}", value).replace("{{" + key + "}}", value)
        return text
    runs_with = [r for r in paragraph.runs if "{{" in r.text]
    if runs_with and all("}}" in r.text for r in runs_with):
        for run in runs_with:
            run.text = nettoyer(fill(run.text))
    else:  # a placeholder split across runs by Word: rewrite the paragraph text
        oxml.remplacer_texte(paragraph, nettoyer(fill(paragraph.text)))
    if not paragraph.text.strip() and paragraph._p.getparent().tag.endswith("body"):
        oxml.supprimer(paragraph._p)


def _signatures(writer: _Redacteur, document: Document) -> None:
    if not document.signataires:
        return
    cells = []
    for signataire in document.signataires:
        cells.append((signataire.qualite, signataire.nom))
    table = writer.document.add_table(rows=(len(cells) + 1) // 2, cols=2)
    for index, (qualite, nom) in enumerate(cells):
        cell = table.cell(index // 2, index % 2)
        first = writer.paragraphe_de_cellule(cell, "", "Signature")
        first.add_run(nettoyer(qualite)).bold = True
        spacer = writer.paragraphe_de_cellule(cell, "", "Signature", nouveau=True)
        for _ in range(3):
            spacer.add_run().add_break(WD_BREAK.LINE)
        writer.paragraphe_de_cellule(cell, nom, "Signature", nouveau=True).paragraph_format.space_after = Pt(18)
    oxml.lignes_insecables(table)
    oxml.deplacer_avant(table._tbl, writer.ancre._p)


def _annexe(writer: _Redacteur, document: Document) -> None:
    if not document.annexe:
        return
    heading = writer.paragraphe(document.annexe_intitule, "Titre d'annexe")
    oxml.saut_de_page_avant(heading)
    rows = [["Code", "Partie", "Volet", "Mesure", "Statut", "Article"]]
    for line in document.annexe:
        rows.append([line.code, line.partie, line.volet, line.libelle, line.statut,
                     str(line.article) if line.article else "—"])
    writer.tableau(rows, largeurs=(1.3, 2.0, 3.0, 6.2, 2.5, 1.5))
    note = writer.paragraphe(document.annexe_note, "Corps de clause") if document.annexe_note else heading
    oxml.ajouter_signet(heading, note, "annexe_recapitulatif", writer.signet)
    writer.signet += 1


def _proprietes(word, document: Document) -> None:
    props = word.core_properties
    props.title = document.proprietes.get("titre", document.intitule)
    props.subject = document.intitule
    props.author = AUTEUR
    props.last_modified_by = AUTEUR
    props.category = document.type_document
    props.identifier = document.proprietes.get("identifiant", "")
    props.content_status = "Projet" if document.brouillon else "Version définitive"
    props.keywords = f"continuum; {document.type_document}"
    props.comments = "Document généré par Continuum."
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props.created = now
    props.modified = now
    props.revision = 1
