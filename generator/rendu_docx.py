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
import io
from functools import lru_cache
from pathlib import Path

import docx
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from generator import oxml
from generator.document import IMAGE, LISTE, TABLEAU, Bloc, Document
from generator.erreurs import ModeleInvalide
from generator.rendu_texte import nettoyer

AUTEUR = "Continuum"
MARQUE_SOCLE = " — mesure du socle obligatoire"
_PREMIER_SIGNET = 1000  # keeps bookmark ids apart from comment ids


_LARGEUR_UTILE = 9070  # twips: A4 width less 2.5 cm margins (16 cm)


def _twips(centimetres: float) -> int:
    return int(Cm(centimetres).twips)


class _Redacteur:
    """Writes the body of one document as WordprocessingML, then inserts it before ``{{ corps }}``."""

    def __init__(self, document: docx.document.Document, brouillon: bool, styles: dict[str, str],
                 images: dict[str, bytes] | None = None):
        self.document = document
        self.images = images or {}
        self.a_illustrer: list[tuple[int, bytes]] = []  # (index of an empty paragraph, PNG)
        self.brouillon = brouillon
        self.corps = oxml.CorpsXml()
        self.signet = _PREMIER_SIGNET
        self.commentaires: list[tuple[int, str]] = []  # (comment id, text)
        self._styles = styles

    def style(self, nom: str) -> str:
        """Style id of a named style of the template."""
        try:
            return self._styles[nom]
        except KeyError:
            raise ModeleInvalide(f"le modèle ne définit pas le style « {nom} »") from None

    def paragraphe(self, texte: str, style: str, **options) -> int:
        return self.corps.ajouter(self.corps.p(self.style(style), self.corps.run(nettoyer(texte)), **options))

    def tableau(self, lignes: list[list[str]], largeurs: tuple[float, ...] | None = None) -> int:
        """A bordered table, header row repeated; ``largeurs`` in centimetres (default: equal columns)."""
        columns = max(len(r) for r in lignes)
        widths = [_twips(w) for w in largeurs] if largeurs else [_LARGEUR_UTILE // columns] * columns
        rows = [[nettoyer(v) for v in r] + [""] * (columns - len(r)) for r in lignes]
        return self.corps.ajouter(self.corps.tableau(rows, self.style("Texte de tableau"), self.style("Table Grid"), widths))

    def bloc(self, bloc: Bloc) -> None:
        """A clause: its title (unless hidden), paragraphs and tables, inside a bookmark named after its id.

        In draft mode a socle clause carries a visible mark and a comment on its first paragraph.
        """
        identifier = self.signet
        self.signet += 1
        body = self.style("Corps de clause")
        parts: list = []
        if bloc.titre_visible:
            style = self.style("Titre d'article" if bloc.numero is not None else "Titre de bloc")
            parts.append((style, [self.corps.run(nettoyer(bloc.intitule))]))
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
            parts.append((style, [self.corps.run(nettoyer(para.texte))]))
        if pending_rows:
            parts.append(pending_rows)
        # bookmarks start and end in text paragraphs, never in a table or a figure
        if not parts or isinstance(parts[0], list) or parts[0][0] == "image":
            parts.insert(0, (body, []))
        if isinstance(parts[-1], list) or parts[-1][0] == "image":
            parts.append((body, []))
        if self.brouillon and bloc.socle:
            parts[0][1].append(self.corps.run(MARQUE_SOCLE, style_car=self.style("Mention socle")))
        for position, part in enumerate(parts):
            if isinstance(part, list):
                self.tableau(part)
                continue
            if part[0] == "image":
                index = self.corps.ajouter(self.corps.p(self.style("Figure")))
                self.a_illustrer.append((index, self.images[part[1]]))
                continue
            style, content = part
            comment = None
            if position == 0 and self.brouillon and bloc.socle:
                comment = len(self.commentaires)
                self.commentaires.append((comment, _commentaire(bloc)))
            self.corps.ajouter(self.corps.p(
                style, *content,
                signet=(identifier, bloc.cle) if position == 0 else None,
                fin_signet=identifier if position == len(parts) - 1 else None,
                commentaire=comment,
            ))

    def inserer(self, ancre: Paragraph) -> None:
        elements = self.corps.inserer_avant(ancre._p)
        for index, png in self.a_illustrer:
            Paragraph(elements[index], ancre._parent).add_run().add_picture(io.BytesIO(png), width=Cm(15))
        oxml.ajouter_commentaires(self.document, self.commentaires, AUTEUR, "CT")


def _commentaire(bloc: Bloc) -> str:
    text = "Mesure du socle obligatoire.\nSource : " + bloc.citation
    if bloc.references:
        text += "\nFondement : " + " ; ".join(bloc.references)
    return text + f"\nClause {bloc.cle}, version {bloc.version}."


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


def rendre(document: Document, modele: Path) -> bytes:
    try:
        version = modele.stat().st_mtime
    except OSError as exc:
        raise ModeleInvalide(f"{modele} : modèle Word introuvable ({exc.strerror})") from None
    template, style_ids = _modele_analyse(modele, version)
    word = copy.deepcopy(template)
    valeurs = {
        "intitule": document.intitule,
        "intitule_court": document.intitule,
        "sous_titre": document.sous_titre,
        "entete": document.entete,
        "mention_projet": "PROJET – document de travail" if document.brouillon else "",
    }
    ancre = _remplir_modele(word, valeurs, modele)
    writer = _Redacteur(word, document.brouillon, style_ids, document.images)

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
    for bloc in document.cloture:
        writer.bloc(bloc)
    _signatures(writer, document)
    _annexe(writer, document)
    writer.inserer(ancre)
    oxml.supprimer(ancre._p)
    _proprietes(word, document)

    return oxml.enregistrer(word)


def _remplir_modele(word, valeurs: dict, modele: Path) -> Paragraph:
    """Fill the template's placeholders (body, headers, footers); return the ``{{ corps }}`` paragraph."""
    body = word.element.body
    anchor = next((p for p in body.iter(oxml.qn("w:p")) if "{{ corps }}" in "".join(p.itertext())), None)
    if anchor is None:
        raise ModeleInvalide(f"{modele} : le modèle ne contient pas le paragraphe {{{{ corps }}}}")
    clean = {key: nettoyer(value) for key, value in valeurs.items()}
    holders = [p for p in body.iter(oxml.qn("w:p")) if p is not anchor and "{{" in "".join(p.itertext())]
    stories = [body] + [part.element for part in word.part.package.iter_parts()
                        if str(part.partname).startswith(("/word/header", "/word/footer"))]
    for story in stories:
        for paragraph in oxml.remplacer_champs(story, clean):
            if paragraph is not anchor:  # a placeholder Word split across runs
                _remplacer(Paragraph(paragraph, None), clean)
    for paragraph in holders:  # a line left empty, such as the draft mention in final mode
        if not "".join(paragraph.itertext()).strip():
            oxml.supprimer(paragraph)
    return Paragraph(anchor, word._body)


def _remplacer(paragraph: Paragraph, valeurs: dict) -> None:
    text = paragraph.text
    for key, value in valeurs.items():
        text = text.replace("{{ " + key + " }}", value).replace("{{" + key + "}}", value)
    oxml.remplacer_texte(paragraph, text)


def _signatures(writer: _Redacteur, document: Document) -> None:
    """One signature block per signatory, two per row, without borders."""
    if not document.signataires:
        return
    style = writer.style("Signature")
    corps = writer.corps

    def block(qualite: str, nom: str) -> list[str]:
        room = "<w:r>" + "<w:br/>" * 3 + "</w:r>"
        return [corps.p(style, corps.run(nettoyer(qualite), gras=True)), corps.p(style, room),
                corps.p(style, corps.run(nettoyer(nom)), espace_apres=480)]

    blocks = [block(s.qualite, s.nom) for s in document.signataires]
    if len(blocks) % 2:
        blocks.append([corps.p(style)])
    rows = [blocks[i:i + 2] for i in range(0, len(blocks), 2)]
    half = _LARGEUR_UTILE // 2
    corps.ajouter(corps.tableau(rows, style, None, [half, half], entete=False))


def _annexe(writer: _Redacteur, document: Document) -> None:
    if not document.annexe:
        return
    identifier = writer.signet
    writer.signet += 1
    writer.paragraphe(document.annexe_intitule, "Titre d'annexe", saut_de_page=True,
                      signet=(identifier, "annexe_recapitulatif"))
    rows = [["Code", "Partie", "Volet", "Mesure", "Statut", "Article"]]
    for line in document.annexe:
        rows.append([line.code, line.partie, line.volet, line.libelle, line.statut,
                     str(line.article) if line.article else "—"])
    writer.tableau(rows, largeurs=(1.3, 2.0, 3.0, 6.2, 2.5, 1.5))
    writer.paragraphe(document.annexe_note, "Corps de clause", fin_signet=identifier)


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
