"""The body of a document written as WordprocessingML text: paragraphs, tables, clause blocks.

:class:`Redacteur` writes each clause inside a bookmark named after its id, marks the socle
clauses of a draft and comments them with their source, and keeps what a block wrote so that a
batch writes each reused block once (generator/blocs_assembles.py gives the same frozen block
objects to every document). The text goes through French typography once, here
(generator/typographie.py). XML strings come from generator/oxml_texte.py (CorpsXml); the
reference path inserts them with python-docx (generator/oxml.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from generator import oxml_rapide, typographie
from generator.oxml_texte import CorpsXml
from generator.document import IMAGE, LISTE, TABLEAU, Bloc
from generator.erreurs import ModeleInvalide
from generator.proprietes_document import AUTEUR
from generator.rendu_texte import nettoyer
from generator.reserve_bornee import ReserveBornee

if TYPE_CHECKING:  # python-docx is imported by the reference path only (see ``inserer``)
    from docx.document import Document as DocumentWord
    from docx.text.paragraph import Paragraph

MARQUE_SOCLE = " — mesure du socle obligatoire"
_PREMIER_SIGNET = 1000  # keeps bookmark ids apart from comment ids


# Styles added to the templates later: a template edited before them falls back on an older style.
_REPLIS = {"Légende": "Corps de clause", "Titre de sommaire": "Titre de bloc", "toc 1": "Corps de clause",
           "toc 2": "Corps de clause", "toc 3": "Corps de clause"}
LARGEUR_UTILE = 9070  # twips: A4 width less 2.5 cm margins (16 cm)
_LARGEUR_FIGURE = 15 * 360_000  # EMU: 15 cm (python-docx's Cm(15))
_OMBRE_ENTETE = "DCDCF0"  # header rows of tables: a light Marianne blue
_ESPACE_APRES_TABLEAU = 160  # twentieths of a point (8 pt) before the paragraph that follows a table
_NOMBRE = re.compile(r"[—–-]|[+-]?\d[\d\u00a0\u202f ]*(?:,\d+)?(?:[\u00a0\u202f ]?(?:%|€|h))?")


@lru_cache(maxsize=4096)
def texte_compose(texte: str) -> str:
    """Text as the Word file writes it: cleaned for XML, with French typography (typographie.composer)."""
    return typographie.composer(nettoyer(texte))


def runs(texte: str, *, gras: bool = False) -> list[str]:
    """The runs of a text with French typography, ordinal endings ("1er") in superscript."""
    return list(_runs_composes(texte, gras))


@lru_cache(maxsize=4096)
def _runs_composes(texte: str, gras: bool) -> tuple[str, ...]:
    """Composed once per process: a batch writes the same texts in every document."""
    return tuple(CorpsXml.run(piece, gras=gras, exposant=exposant)
                 for piece, exposant in typographie.exposants(texte_compose(texte)))


def _numerique(valeurs: list[str]) -> bool:
    """A column of numbers, amounts or percentages (dashes for "none" allowed): right-aligned."""
    filled = [v.strip() for v in valeurs if v.strip()]
    return bool(filled) and any(c.isdigit() for v in filled for c in v) and all(_NOMBRE.fullmatch(v) for v in filled)


def _largeurs(colonnes: int, largeurs: tuple[float, ...] | None) -> list[int]:
    """Column widths in twips, scaled so the table spans exactly the text width."""
    if not largeurs:
        return [LARGEUR_UTILE // colonnes] * colonnes
    total = sum(largeurs)
    return [int(LARGEUR_UTILE * w / total) for w in largeurs]


@dataclass
class _Ecrit:
    """What Redacteur.bloc wrote for a block: its XML elements, its comments, the writer's state after it,
    and the same elements ready for the package (bytes, deflated, bookmark texts), made on first need."""

    xml: tuple[str, ...]
    commentaires: tuple[tuple[int, str], ...]
    etat: tuple[int, bool, bool]  # bookmark number, after a table, page break pending
    morceau: oxml_rapide.Morceau | None = None
    ecritures: int = 0

    def pour_le_paquet(self) -> oxml_rapide.Morceau | None:
        """The piece, from the second document that writes the block on (a block of one row only is
        written as text: making its piece would cost more than it saves)."""
        self.ecritures += 1
        if self.morceau is None and self.ecritures > 1:
            self.morceau = oxml_rapide.morceau(self.xml)
        return self.morceau


_BLOCS_ECRITS: ReserveBornee[_Ecrit] = ReserveBornee(512)  # by block and writer state
_TABLEAUX_ECRITS: ReserveBornee[str] = ReserveBornee(64)  # tables (annex, signatures) by content


class Redacteur:
    """Writes the body of one document as WordprocessingML, then inserts it before ``{{ corps }}``."""

    def __init__(self, document: DocumentWord | None, brouillon: bool, styles: dict[str, str],
                 images: dict[str, bytes] | None = None):
        self.document = document
        self.images = images or {}
        self.a_illustrer: list[tuple[int, object]] = []  # (index of an empty paragraph, PNG or Graphique)
        self.brouillon = brouillon
        self.corps = CorpsXml()
        self.signet = _PREMIER_SIGNET
        self.commentaires: list[tuple[int, str]] = []  # (comment id, text)
        self._styles = styles
        self._apres_tableau = False  # the next paragraph gets space before it
        self.a_garder: list[int] = []  # indexes of blocks kept with the next one (signature page)
        self.a_lier: list[int] = []  # indexes of tables whose rows stay together (signatures)
        self.figures = 0
        self.saut_de_page = False  # the next paragraph starts a new page
        self._cle_styles = tuple(sorted(styles.items()))
        self.ecrits: list[tuple[int, _Ecrit]] = []  # (index of its first element, what it wrote) per block

    def style(self, nom: str) -> str:
        """Style id of a named style of the template (a template older than a style uses its fallback)."""
        try:
            return self._styles[nom] if nom in self._styles else self._styles[_REPLIS[nom]]
        except KeyError:
            raise ModeleInvalide(f"le modèle ne définit pas le style « {nom} »") from None

    def paragraphe(self, texte: str, style: str, **options) -> int:
        options.setdefault("espace_avant", self.espace_avant())
        options.setdefault("saut_de_page", self.saut())
        return self.corps.ajouter(self.corps.p(self.style(style), *runs(texte), **options))

    def tableau(self, lignes: list[list[str]], largeurs: tuple[float, ...] | None = None) -> int:
        """A bordered table spanning the text width, its header row shaded and repeated on each page,
        columns of numbers right-aligned; ``largeurs`` are relative (default: equal columns)."""
        key = (tuple(map(tuple, lignes)), largeurs, self._cle_styles)
        xml = _TABLEAUX_ECRITS.lire(key)
        if xml is None:
            columns = max(len(r) for r in lignes)
            rows = [list(r) + [""] * (columns - len(r)) for r in lignes]
            numeric = [_numerique([row[c] for row in rows[1:]]) for c in range(columns)]
            style = self.style("Texte de tableau")
            cells = [[[self.corps.p(style, *runs(value, gras=index == 0), alignement="right" if numeric[c] else None)]
                      for c, value in enumerate(row)] for index, row in enumerate(rows)]
            xml = self.corps.tableau(cells, style, self.style("Table Grid"), _largeurs(columns, largeurs),
                                     ombre=_OMBRE_ENTETE)
            _TABLEAUX_ECRITS.garder(key, xml)
        self._apres_tableau = True
        return self.corps.ajouter(xml)

    def bloc(self, bloc: Bloc) -> None:
        """A clause: its title (unless hidden), paragraphs and tables, inside a bookmark named after its id.

        In draft mode a socle clause carries a visible mark and a comment on its first paragraph.
        A batch writes the same blocks at the same place in every document (the same frozen objects:
        generator/blocs_assembles.py): what a block wrote is kept, under everything it depends on (the
        block, the styles, the mode, the bookmark and comment numbers, the spacing and page break
        pending), and written again as it was.
        """
        key = (self._cle_styles, self.brouillon, self.signet, len(self.commentaires), self._apres_tableau,
               self.saut_de_page)
        written = _BLOCS_ECRITS.lire_pour((bloc,), key)  # blocks are frozen: the same object, the same XML
        first = self.corps.suivant()
        if written is None:
            if any(p.style == IMAGE for p in bloc.paragraphes):  # a chart is inserted later: never kept
                self._bloc(bloc)
                return
            comments = len(self.commentaires)
            self._bloc(bloc)
            written = _Ecrit(tuple(self.corps.blocs(first)), tuple(self.commentaires[comments:]),
                             (self.signet, self._apres_tableau, self.saut_de_page))
            _BLOCS_ECRITS.garder_pour((bloc,), key, written)
        else:
            for xml in written.xml:
                self.corps.ajouter(xml)
            self.commentaires.extend(written.commentaires)
            self.signet, self._apres_tableau, self.saut_de_page = written.etat
        self.ecrits.append((first, written))

    def _bloc(self, bloc: Bloc) -> None:
        identifier = self.signet
        self.signet += 1
        body = self.style("Corps de clause")
        parts: list = []
        if bloc.titre_visible:
            style = self.style("Titre d'article" if bloc.numero is not None else "Titre de bloc")
            parts.append((style, runs(bloc.intitule)))
        pending_rows: list[list[str]] = []
        for para in bloc.paragraphes:
            if para.style == TABLEAU:
                pending_rows.append(para.cellules)
                continue
            if pending_rows:
                parts.append(pending_rows)
                pending_rows = []
            if para.style == IMAGE:
                if para.texte not in self.images:
                    raise ModeleInvalide(f"la clause {bloc.cle} appelle le graphique {para.texte!r}, absent des données")
                parts.append(("image", para.texte))
                continue
            style = self.style("Liste de clause") if para.style == LISTE else body
            parts.append((style, runs(para.texte)))
        if pending_rows:
            parts.append(pending_rows)
        # bookmarks start and end in text paragraphs, never in a table or a figure
        if not parts or isinstance(parts[0], list) or parts[0][0] == "image":
            parts.insert(0, (body, []))
        if isinstance(parts[-1], list) or parts[-1][0] == "image":
            parts.append((body, []))
        if self.brouillon and bloc.socle:
            parts[0][1].append(self.corps.run(_marque(bloc), style_car=self.style("Mention socle")))
        for position, part in enumerate(parts):
            if isinstance(part, list):
                self.tableau(part)
                continue
            if part[0] == "image":
                self.figure(self.images[part[1]])
                continue
            style, content = part
            comment = None
            if position == 0 and self.brouillon and (bloc.socle or bloc.variante):
                comment = len(self.commentaires)
                self.commentaires.append((comment, _commentaire(bloc)))
            self.corps.ajouter(self.corps.p(
                style, *content,
                signet=(identifier, bloc.cle) if position == 0 else None,
                fin_signet=identifier if position == len(parts) - 1 else None,
                commentaire=comment, espace_avant=self.espace_avant(), saut_de_page=self.saut(),
            ))

    def saut(self) -> bool:
        """Whether the next paragraph starts a new page (after the table of contents)."""
        pending, self.saut_de_page = self.saut_de_page, False
        return pending

    def espace_avant(self) -> int | None:
        """Space before the paragraph that follows a table (tables have no space after of their own)."""
        if not self._apres_tableau:
            return None
        self._apres_tableau = False
        return _ESPACE_APRES_TABLEAU

    def figure(self, image) -> None:
        """A chart and, below it, its numbered caption (period and source); the picture is added on insertion."""
        self.figures += 1
        index = self.corps.ajouter(self.corps.p(self.style("Figure"), avec_suivant=True, espace_avant=self.espace_avant()))
        self.a_illustrer.append((index, image))
        caption = getattr(image, "legende", "")
        if caption:
            self.paragraphe(f"Figure {self.figures} – {caption}", "Légende")

    def inserer(self, ancre: Paragraph) -> None:
        """The body inserted before ``ancre`` in the python-docx document (the reference path)."""
        from docx.text.paragraph import Paragraph

        from generator import oxml

        elements = self.corps.inserer_avant(ancre._p)
        for index, image in self.a_illustrer:
            paragraph = Paragraph(elements[index], ancre._parent)
            if isinstance(image, bytes):  # a plain PNG
                oxml.ajouter_image(paragraph, image, _LARGEUR_FIGURE, "Graphique")
            else:
                oxml.ajouter_image(paragraph, image.png, _LARGEUR_FIGURE, texte_compose(image.description),
                                   texte_compose(image.legende), svg=image.svg)
        for index in self.a_garder:
            oxml.garder_avec_suivant(elements[index])
        for index in self.a_lier:
            oxml.lignes_liees(elements[index])
        oxml.ajouter_commentaires(self.document, self.commentaires, AUTEUR, "CT")


def _marque(bloc: Bloc) -> str:
    """The visible draft label: the plan's wording for this clause (socle, requirement, recommended axis)."""
    return f" — {bloc.mention}" if bloc.mention else MARQUE_SOCLE


def _commentaire(bloc: Bloc) -> str:
    mention = bloc.mention or MARQUE_SOCLE[3:]
    text = (f"{mention[:1].upper()}{mention[1:]}.\n" if bloc.socle else "") + "Source : " + bloc.citation
    if bloc.references:
        text += "\nFondement : " + " ; ".join(bloc.references)
    text += f"\nClause {bloc.cle}, version {bloc.version}."
    return text + (f"\n{bloc.variante}" if bloc.variante else "")
