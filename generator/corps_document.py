"""The body of a document in reading order: table of contents, clauses, signature page, annex.

Written through :class:`generator.redacteur.Redacteur`; the template receives it at ``{{ corps }}``.
"""

from __future__ import annotations

from generator.document import Document
from generator.redacteur import LARGEUR_UTILE, Redacteur, runs


def rediger(writer: Redacteur, document: Document) -> bool:
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


def _signatures(writer: Redacteur, document: Document, cloture: int) -> None:
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
        return [corps.p(style, *runs(qualite, gras=True)), corps.p(style, room),
                corps.p(style, *runs(nom), espace_apres=480)]

    blocks = [block(s.qualite, s.nom) for s in document.signataires]
    if len(blocks) == 1:  # a single signatory (arrêté, note) signs on the right
        blocks.insert(0, [corps.p(style)])
    if len(blocks) % 2:
        blocks.append([corps.p(style)])
    rows = [blocks[i:i + 2] for i in range(0, len(blocks), 2)]
    half = LARGEUR_UTILE // 2
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


def _sommaire(writer: Redacteur, document: Document) -> bool:
    """A table of contents after the title, when the answers ask for it (``table_des_matieres``,
    advised beyond about fifteen articles); the body then starts on a new page."""
    if not document.proprietes.get("table_des_matieres"):
        return False
    writer.paragraphe("Sommaire", "Titre de sommaire")
    entries = [(writer.style(f"toc {level}"), "".join(runs(heading)), bookmark)
               for level, heading, bookmark in _entrees_sommaire(document)]
    for paragraph in writer.corps.sommaire(entries):
        writer.corps.ajouter(paragraph)
    writer.saut_de_page = True
    return True


def _annexe(writer: Redacteur, document: Document) -> None:
    if not document.annexe:
        return
    identifier = writer.signet
    writer.signet += 1
    # the bookmark opens after the heading's text: LibreOffice 7.4 drops a bookmark that opens a
    # paragraph right after a table (here, the signatures)
    writer.corps.ajouter(writer.corps.p(writer.style("Titre d'annexe"), *runs(document.annexe_intitule),
                                        writer.corps.debut_signet(identifier, "annexe_recapitulatif"), saut_de_page=True))
    rows = [["Code", "Partie", "Volet", "Mesure", "Statut", "Article"]]
    for line in document.annexe:
        rows.append([line.code, line.partie, line.volet, line.libelle, line.statut,
                     str(line.article) if line.article else "—"])
    writer.tableau(rows, largeurs=(1.3, 2.0, 3.0, 6.2, 2.5, 1.5))
    writer.paragraphe(document.annexe_note, "Corps de clause", fin_signet=identifier)
