"""Render an assembled :class:`Document` into a Word file from its template.

The template (modeles/<type>.docx) carries the named styles, the header and
footer, and the placeholders ``{{ intitule }}``, ``{{ sous_titre }}``,
``{{ mention_projet }}``, ``{{ entete }}``, ``{{ intitule_court }}`` and
``{{ corps }}`` (where the clauses go). Each clause is wrapped in a bookmark
named after its id; in draft mode each socle clause is visibly marked and
carries a comment citing its source.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import docx
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from generator import empreintes, oxml, oxml_rapide, typographie
from generator.document import IMAGE, LISTE, TABLEAU, Bloc, Document
from generator.erreurs import ModeleInvalide
from generator.rendu_texte import nettoyer
from generator.reserve_bornee import ReserveBornee

AUTEUR = "Continuum"
MARQUE_SOCLE = " — mesure du socle obligatoire"
PROPRIETE_VARIANTES = "Continuum – variantes locales"  # user-defined property listing the local clauses used
PROPRIETE_IDENTIFIANT = "Identifiant Continuum"  # user-defined property: continuum:<type>:<fingerprint>
APPLICATION = "Continuum"  # docProps/app.xml, instead of the template's "Microsoft Macintosh Word"
LANGUE = "fr-FR"
_PREMIER_SIGNET = 1000  # keeps bookmark ids apart from comment ids


# Styles added to the templates later: a template edited before them falls back on an older style.
_REPLIS = {"Légende": "Corps de clause", "Titre de sommaire": "Titre de bloc", "toc 1": "Corps de clause",
           "toc 2": "Corps de clause", "toc 3": "Corps de clause"}
_LARGEUR_UTILE = 9070  # twips: A4 width less 2.5 cm margins (16 cm)
_LARGEUR_FIGURE = Cm(15)
_OMBRE_ENTETE = "DCDCF0"  # header rows of tables: a light Marianne blue
_ESPACE_APRES_TABLEAU = 160  # twentieths of a point (8 pt) before the paragraph that follows a table
_NOMBRE = re.compile(r"[—–-]|[+-]?\d[\d\u00a0\u202f ]*(?:,\d+)?(?:[\u00a0\u202f ]?(?:%|€|h))?")


@lru_cache(maxsize=4096)
def texte_compose(texte: str) -> str:
    """Text as the Word file writes it: cleaned for XML, with French typography (typographie.composer)."""
    return typographie.composer(nettoyer(texte))


def _runs(texte: str, *, gras: bool = False) -> list[str]:
    """The runs of a text with French typography, ordinal endings ("1er") in superscript."""
    return list(_runs_composes(texte, gras))


@lru_cache(maxsize=4096)
def _runs_composes(texte: str, gras: bool) -> tuple[str, ...]:
    """Composed once per process: a batch writes the same texts in every document."""
    return tuple(oxml.CorpsXml.run(piece, gras=gras, exposant=exposant)
                 for piece, exposant in typographie.exposants(texte_compose(texte)))


def _numerique(valeurs: list[str]) -> bool:
    """A column of numbers, amounts or percentages (dashes for "none" allowed): right-aligned."""
    filled = [v.strip() for v in valeurs if v.strip()]
    return bool(filled) and any(c.isdigit() for v in filled for c in v) and all(_NOMBRE.fullmatch(v) for v in filled)


def _largeurs(colonnes: int, largeurs: tuple[float, ...] | None) -> list[int]:
    """Column widths in twips, scaled so the table spans exactly the text width."""
    if not largeurs:
        return [_LARGEUR_UTILE // colonnes] * colonnes
    total = sum(largeurs)
    return [int(_LARGEUR_UTILE * w / total) for w in largeurs]


@dataclass
class _Ecrit:
    """What _Redacteur.bloc wrote for a block: its XML elements, its comments, the writer's state after it,
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
_ELEMENTS_ECRITS = oxml_rapide.MorceauxRepetes(1024)  # elements between blocks (titles, annex) by content


class _Redacteur:
    """Writes the body of one document as WordprocessingML, then inserts it before ``{{ corps }}``."""

    def __init__(self, document: docx.document.Document, brouillon: bool, styles: dict[str, str],
                 images: dict[str, bytes] | None = None):
        self.document = document
        self.images = images or {}
        self.a_illustrer: list[tuple[int, object]] = []  # (index of an empty paragraph, PNG or Graphique)
        self.brouillon = brouillon
        self.corps = oxml.CorpsXml()
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
        return self.corps.ajouter(self.corps.p(self.style(style), *_runs(texte), **options))

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
            cells = [[[self.corps.p(style, *_runs(value, gras=index == 0), alignement="right" if numeric[c] else None)]
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
        if any(p.style == IMAGE for p in bloc.paragraphes):
            self._bloc(bloc)
            return
        key = (self._cle_styles, self.brouillon, self.signet, len(self.commentaires), self._apres_tableau,
               self.saut_de_page)
        written = _BLOCS_ECRITS.lire_pour((bloc,), key)  # blocks are frozen: the same object, the same XML
        first = self.corps.suivant()
        if written is None:
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
            parts.append((style, _runs(bloc.intitule)))
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
            parts.append((style, _runs(para.texte)))
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


@lru_cache(maxsize=16)
def _modele_analyse(modele: Path, _version: float):
    """The template parsed once per process (and per modification), with its style ids by name.

    Each document starts from a copy: a batch never parses the template twice.
    """
    try:
        word = docx.Document(str(modele))
    except Exception as exc:  # noqa: BLE001 - any unreadable template is reported the same way
        raise ModeleInvalide(f"{modele} : modèle Word illisible ({exc})") from None
    return word, {style.name: style.style_id for style in word.styles}


def rendre(document: Document, modele: Path, rapide: bool = True) -> bytes:
    """The .docx bytes of ``document`` on its template.

    The body is written as WordprocessingML text (``_Redacteur``). It then goes into the template
    either through python-docx (the reference path: copy of the parsed template, insertion, fields,
    comments, properties, serialisation), or, with ``rapide``, through the template split once into
    bytes and slots (generator/oxml_rapide.py), which gives the same parts byte for byte; a document
    with pictures always takes the reference path.
    """
    try:
        version = modele.stat().st_mtime
    except OSError as exc:
        raise ModeleInvalide(f"{modele} : modèle Word introuvable ({exc.strerror})") from None
    template, style_ids = _modele_analyse(modele, version)
    valeurs = _valeurs_modele(document)
    writer = _Redacteur(None, document.brouillon, style_ids, document.images)
    sommaire = _rediger(writer, document)
    if rapide:
        content = _rendre_rapide(document, modele, version, valeurs, writer, sommaire)
        if content is not None:
            return content
    word = copy.deepcopy(template)
    ancre = _remplir_modele(word, valeurs, modele)
    writer.document = word
    if sommaire:
        oxml.mettre_a_jour_champs(word)
    writer.inserer(ancre)
    oxml.supprimer(ancre._p)
    _proprietes(word, document)
    return oxml.enregistrer(word)


def _valeurs_modele(document: Document) -> dict[str, str]:
    """The values of the template's placeholders."""
    return {
        "intitule": document.intitule,
        "intitule_court": document.intitule,
        "sous_titre": document.sous_titre,
        "entete": document.entete,
        "mention_projet": mention_projet(document),
    }


def _rediger(writer: _Redacteur, document: Document) -> bool:
    """The body, as text, in reading order; whether it starts with a table of contents."""
    sommaire = _sommaire(writer, document)
    for bloc in document.avant_propos:
        writer.bloc(bloc)
    if document.formule:
        writer.paragraphe(document.formule, "Formule")
    for titre in document.titres:
        if titre.intitule:
            writer.paragraphe(titre.intitule, "Titre de partie")
        for chapitre in titre.chapitres:
            if chapitre.intitule:
                writer.paragraphe(chapitre.intitule, "Titre de chapitre")
            for bloc in chapitre.blocs:
                writer.bloc(bloc)
    closing = writer.corps.suivant()
    for bloc in document.cloture:
        writer.bloc(bloc)
    _signatures(writer, document, closing)
    _annexe(writer, document)
    return sommaire


# -- the fast path: the template split once (generator/oxml_rapide.py) -------------------------------
_DATE_SONDE = dt.datetime(1999, 9, 9, 9, 9, 9)  # the probe's creation date, found again in core.xml
_CORE = "core_"


def _rendre_rapide(document: Document, modele: Path, version: float, valeurs: dict[str, str],
                   writer: _Redacteur, sommaire: bool) -> bytes | None:
    """The document through the split template; None when only the reference path can write it."""
    clean = {key: texte_compose(value) for key, value in valeurs.items()}
    core = _proprietes_coeur(document)
    if (writer.a_illustrer or any(c in v for v in clean.values() for c in "\t\n\r")
            or any(len(v) > 255 for v in core.values())):  # pictures; text python-docx writes its own way
        return None
    blanks = tuple((key, value) for key, value in clean.items() if not value.strip())
    template = _gabarit(modele, version, blanks, bool(writer.commentaires), sommaire)
    blocks = writer.corps.blocs()
    for index in writer.a_garder:
        blocks[index] = oxml_rapide.garder_avec_suivant(blocks[index])
    for index in writer.a_lier:
        blocks[index] = oxml_rapide.lignes_liees(blocks[index])
    now = _maintenant()
    slots = {key: oxml_rapide.texte(value).encode("utf-8") for key, value in clean.items() if value.strip()}
    slots["date"] = now.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    slots.update({_CORE + name: oxml_rapide.texte(value).encode("utf-8") for name, value in core.items()})
    slots["app"] = oxml.xml_proprietes_application(APPLICATION, service(document))
    if writer.commentaires:
        slots["commentaires"] = oxml_rapide.commentaires(
            writer.commentaires, AUTEUR, "CT", dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        ).encode("utf-8")
    before, after = template.autour("word/document.xml", "corps", slots)
    pieces = _morceaux(writer, blocks)
    try:  # the body's paragraphs one by one, or a block written before with its texts
        texts = oxml_rapide.textes_des_signets(before.decode("utf-8"), *pieces, after.decode("utf-8"))
    except oxml_rapide.RevisionPresente:
        return None
    body = oxml_rapide.membre_morceaux("word/document.xml", [before, *pieces, after])  # before, after: bytes
    custom = _proprietes_propres(document)
    custom.update(empreintes.proprietes_des_textes(texts, {b.cle for b in document.blocs() if b.socle},
                                                   [text for _id, text in writer.commentaires], AUTEUR))
    slots["custom"] = oxml.xml_proprietes_personnalisees({name: value for name, value in custom.items() if value})
    return template.ecrire(slots, {"word/document.xml": body})


def _morceaux(writer: _Redacteur, blocks: list[str]) -> list[str | oxml_rapide.Morceau]:
    """The body in pieces: each block written before as its piece (bytes, deflated and texts made once),
    the other elements one by one (a piece too when the same element was written before: titles, annex);
    a block whose elements the signature page changed (kept together) goes element by element."""
    changed = set(writer.a_garder) | set(writer.a_lier)
    pieces: list[str | oxml_rapide.Morceau] = []
    position = 0
    for first, written in writer.ecrits:
        end = first + len(written.xml)
        if any(first <= index < end for index in changed):
            continue
        piece = written.pour_le_paquet()
        if piece is None:
            continue
        pieces.extend(_ELEMENTS_ECRITS.morceau(xml) for xml in blocks[position:first])
        pieces.append(piece)
        position = end
    pieces.extend(_ELEMENTS_ECRITS.morceau(xml) for xml in blocks[position:])
    return pieces


@lru_cache(maxsize=32)
def _gabarit(modele: Path, version: float, blancs: tuple[tuple[str, str], ...], commentaires: bool,
             sommaire: bool) -> oxml_rapide.Gabarit:
    """The template rendered once through the reference path with marker values, then split.

    One per template and variant: placeholders left blank (their paragraph may go), comments or
    not, table of contents (fields updated on opening) or not.
    """
    template, style_ids = _modele_analyse(modele, version)
    word = copy.deepcopy(template)
    blank = dict(blancs)
    markers = {key: oxml_rapide.marque(key) for key in ("intitule", "intitule_court", "sous_titre", "entete",
                                                          "mention_projet") if key not in blank}
    anchor = _remplir_modele(word, {**markers, **blank}, modele)
    markers.update(corps=oxml_rapide.marque("corps"), app=oxml_rapide.marque("app"),
                   custom=oxml_rapide.marque("custom"))
    writer = _Redacteur(word, True, style_ids)
    writer.corps.ajouter(f'<w:p><w:r><w:t>{markers["corps"]}</w:t></w:r></w:p>')
    if commentaires:
        markers["commentaires"] = oxml_rapide.marque("commentaires")
        writer.commentaires.append((0, markers["commentaires"]))
    if sommaire:
        oxml.mettre_a_jour_champs(word)
    writer.inserer(anchor)
    oxml.supprimer(anchor._p)
    props = word.core_properties
    for name in _proprietes_coeur(None):
        markers[_CORE + name] = oxml_rapide.marque(_CORE + name)
        setattr(props, name, markers[_CORE + name])
    props.created = props.modified = _DATE_SONDE
    props.revision = 1
    markers["date"] = _DATE_SONDE.strftime("%Y-%m-%dT%H:%M:%SZ")
    oxml.proprietes_application(word, "", contenu=markers["app"].encode())
    oxml.proprietes_personnalisees(word, {}, contenu=markers["custom"].encode())
    return oxml_rapide.Gabarit(oxml.enregistrer(word), markers, {"corps": "w:p", "commentaires": "w:comment"})


def mention_projet(document: Document, jour: dt.date | None = None) -> str:
    """ "PROJET – version du 1er décembre 2026" on every page of a draft (header and title page); nothing in a final."""
    if not document.brouillon:
        return ""
    return f"PROJET – version du {typographie.date_longue(jour or dt.date.today())}"


def _remplir_modele(word, valeurs: dict, modele: Path) -> Paragraph:
    """Fill the template's placeholders (body, headers, footers); return the ``{{ corps }}`` paragraph."""
    body = word.element.body
    anchor = next((p for p in body.iter(oxml.qn("w:p")) if "{{ corps }}" in "".join(p.itertext())), None)
    if anchor is None:
        raise ModeleInvalide(f"{modele} : le modèle ne contient pas le paragraphe {{{{ corps }}}}")
    clean = {key: texte_compose(value) for key, value in valeurs.items()}
    stories = [body] + [part.element for part in word.part.package.iter_parts()
                        if str(part.partname).startswith(("/word/header", "/word/footer"))]
    holders = [p for story in stories for p in story.iter(oxml.qn("w:p"))
               if p is not anchor and "{{" in "".join(p.itertext())]
    for story in stories:
        for paragraph in oxml.remplacer_champs(story, clean):
            if paragraph is not anchor:  # a placeholder Word split across runs
                _remplacer(Paragraph(paragraph, None), clean)
    for paragraph in holders:  # a line left empty, such as the draft mention in final mode
        if not "".join(paragraph.itertext()).strip() and len(paragraph.getparent()) > 1:
            oxml.supprimer(paragraph)
    return Paragraph(anchor, word._body)


def _remplacer(paragraph: Paragraph, valeurs: dict) -> None:
    text = paragraph.text
    for key, value in valeurs.items():
        text = text.replace("{{ " + key + " }}", value).replace("{{" + key + "}}", value)
    oxml.remplacer_texte(paragraph, text)


def _signatures(writer: _Redacteur, document: Document, cloture: int) -> None:
    """One signature block per signatory, two per row, without borders.

    The signature page never holds signatures alone: the rows are tied together and to the closing
    blocks ("Fait à …, le …", from index ``cloture``) and the last lines of text before them.
    """
    if not document.signataires:
        return
    style = writer.style("Signature")
    corps = writer.corps
    last_text = corps.dernier_texte(cloture)
    writer.a_garder.extend(range(cloture if last_text is None else last_text, corps.suivant()))

    def block(qualite: str, nom: str) -> list[str]:
        room = "<w:r>" + "<w:br/>" * 3 + "</w:r>"
        return [corps.p(style, *_runs(qualite, gras=True)), corps.p(style, room),
                corps.p(style, *_runs(nom), espace_apres=480)]

    blocks = [block(s.qualite, s.nom) for s in document.signataires]
    if len(blocks) == 1:  # a single signatory (arrêté, note) signs on the right
        blocks.insert(0, [corps.p(style)])
    if len(blocks) % 2:
        blocks.append([corps.p(style)])
    rows = [blocks[i:i + 2] for i in range(0, len(blocks), 2)]
    half = _LARGEUR_UTILE // 2
    writer.a_lier.append(corps.ajouter(corps.tableau(rows, style, None, [half, half], entete=False)))


def _entrees_sommaire(document: Document) -> list[tuple[int, str, str]]:
    """(level, heading, bookmark) of each heading with an outline level, in reading order.

    A part or a chapter heading points to the bookmark of the first clause under it: headings keep
    with the next paragraph, so they always share its page.
    """
    entries: list[tuple[int, str, str | None]] = []

    def blocs(items, level_of_article: int) -> None:
        for bloc in items:
            if bloc.titre_visible:
                entries.append((level_of_article if bloc.numero is not None else 1, bloc.intitule, bloc.cle))

    blocs(document.avant_propos, 3)
    for titre in document.titres:
        if titre.intitule:
            entries.append((1, titre.intitule, None))
        for chapitre in titre.chapitres:
            if chapitre.intitule:
                entries.append((2, chapitre.intitule, None))
            blocs(chapitre.blocs, 3)
    blocs(document.cloture, 3)
    if document.annexe:
        entries.append((1, document.annexe_intitule, "annexe_recapitulatif"))
    resolved, following = [], None
    for level, heading, bookmark in reversed(entries):
        following = bookmark or following
        if following:
            resolved.append((level, heading, following))
    return resolved[::-1]


def _sommaire(writer: _Redacteur, document: Document) -> bool:
    """A table of contents after the title, when the answers ask for it (``table_des_matieres``,
    advised beyond about fifteen articles); the body then starts on a new page."""
    if not document.proprietes.get("table_des_matieres"):
        return False
    writer.paragraphe("Sommaire", "Titre de sommaire")
    entries = [(writer.style(f"toc {level}"), "".join(_runs(heading)), bookmark)
               for level, heading, bookmark in _entrees_sommaire(document)]
    for paragraph in writer.corps.sommaire(entries):
        writer.corps.ajouter(paragraph)
    writer.saut_de_page = True
    return True


def _annexe(writer: _Redacteur, document: Document) -> None:
    if not document.annexe:
        return
    identifier = writer.signet
    writer.signet += 1
    # the bookmark opens after the heading's text: LibreOffice 7.4 drops a bookmark that opens a
    # paragraph right after a table (here, the signatures)
    writer.corps.ajouter(writer.corps.p(writer.style("Titre d'annexe"), *_runs(document.annexe_intitule),
                                        writer.corps.debut_signet(identifier, "annexe_recapitulatif"), saut_de_page=True))
    rows = [["Code", "Partie", "Volet", "Mesure", "Statut", "Article"]]
    for line in document.annexe:
        rows.append([line.code, line.partie, line.volet, line.libelle, line.statut,
                     str(line.article) if line.article else "—"])
    writer.tableau(rows, largeurs=(1.3, 2.0, 3.0, 6.2, 2.5, 1.5))
    writer.paragraphe(document.annexe_note, "Corps de clause", fin_signet=identifier)


def service(document: Document) -> str:
    """The issuing service named as the document's author: the préfecture of the header, unless the
    document names its own service."""
    return document.proprietes.get("service") or document.entete or AUTEUR


def _proprietes(word, document: Document) -> None:
    """Every document property in one place: core (title, subject, author…), application and custom ones.

    Custom properties (docProps/custom.xml) are gathered in one mapping and written once: add new
    ones to ``_proprietes_propres`` (the fast path writes the same, ``_rendre_rapide``).
    """
    props = word.core_properties
    for name, value in _proprietes_coeur(document).items():
        setattr(props, name, value)
    now = _maintenant()
    props.created = now
    props.modified = now
    props.revision = 1
    oxml.proprietes_application(word, APPLICATION, service(document))
    custom = _proprietes_propres(document)
    # per-clause fingerprints and own comments, checked by `relire --strict` (generator/empreintes.py)
    custom.update(empreintes.proprietes(word, {b.cle for b in document.blocs() if b.socle}, AUTEUR))
    oxml.proprietes_personnalisees(word, {name: value for name, value in custom.items() if value})


def _maintenant() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)


def _proprietes_coeur(document: Document | None) -> dict[str, str]:
    """Core properties (python-docx names), in the order they are set; ``None``: the names only."""
    if document is None:
        return dict.fromkeys(("title", "subject", "author", "last_modified_by", "category", "identifier", "version",
                              "content_status", "keywords", "comments", "language"), "")
    return {
        "title": document.proprietes.get("titre", document.intitule),
        "subject": " ".join(part for part in (document.intitule, document.sous_titre) if part),
        "author": service(document),
        "last_modified_by": service(document),
        "category": document.type_document,
        "identifier": document.proprietes.get("identifiant", ""),
        "version": document.proprietes.get("version", ""),  # one generation (registry); survives LibreOffice
        "content_status": "Projet" if document.brouillon else "Version définitive",
        "keywords": f"continuum; {document.type_document}",
        "comments": "Document généré par Continuum.",
        "language": LANGUE,
    }


def _proprietes_propres(document: Document) -> dict[str, str]:
    """User-defined properties other than the fingerprints."""
    custom = {PROPRIETE_IDENTIFIANT: document.proprietes.get("identifiant", "")}
    if document.proprietes.get("variantes_locales"):
        custom[PROPRIETE_VARIANTES] = "; ".join(document.proprietes["variantes_locales"])
    return custom
