"""The assembled document, independent of Word: titles, articles, paragraphs.

The renderer turns this model into OOXML; the tests and the annex table read
it directly. Legal concepts live here; XML lives in generator/oxml.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.typographie import romain

CORPS, LISTE, TABLEAU, IMAGE = "corps", "liste", "tableau", "image"


def numero_article(numero: int | str) -> str:
    """French usage: "Article 1er", "article 2"; a label of a signed contract ("4 bis") is kept as it is."""
    return "1er" if numero == 1 else str(numero)


@dataclass(frozen=True)
class Paragraphe:
    """One paragraph of rendered text, with its style (or the cells of a table row)."""

    texte: str
    style: str = CORPS
    cellules: list[str] = field(default_factory=list)  # for table rows


@dataclass(frozen=True)
class Bloc:
    """One clause, rendered: an article when ``numero`` is set, else a block.

    Frozen: a batch gives the same block to every document that places the same text at the same
    place (generator/blocs_assembles.py)."""

    cle: str  # clause id, also the bookmark name
    titre: str
    paragraphes: list[Paragraphe]
    numero: int | None = None
    socle: bool = False
    citation: str = ""  # source citation for the comment
    references: tuple[str, ...] = ()
    version: str = ""
    titre_visible: bool = True
    mention: str = ""  # draft label of a required clause ("mesure du socle obligatoire", "axe recommandé…")
    section: bool = False  # numbered "I. – …" (minutes, notes) rather than "Article 1er – …"
    variante: str = ""  # draft comment lines of a clause of the local library (provenance, socle replaced)

    @property
    def intitule(self) -> str:
        if self.numero is None:
            return self.titre
        if self.section and isinstance(self.numero, int):
            return f"{romain(self.numero)}. – {self.titre}"
        return f"Article {numero_article(self.numero)} – {self.titre}"


@dataclass
class Chapitre:
    """A chapter of a title and its clause blocks."""

    intitule: str
    blocs: list[Bloc]


@dataclass
class Titre:
    """A numbered title of the document and its chapters."""

    numero: int
    intitule: str
    chapitres: list[Chapitre]  # a title without chapters has one unnamed chapter


@dataclass
class LigneAnnexe:
    """One row of the annex table of measures, with the status the agreement gives it."""

    code: str
    partie: str
    volet: str
    libelle: str
    statut: str
    article: int | None
    cle: str = ""  # id of the clause that carries the measure, when one does


@dataclass
class Signataire:
    """A signatory: capacity as written above the signature, and name."""

    qualite: str  # "Le préfet de la Seine-Maritime,"
    nom: str  # "Jean DUPONT"


@dataclass
class Document:
    """A whole agreement before it is written to Word: header, preamble, titles, annex, signatures."""

    type_document: str
    intitule: str
    sous_titre: str
    entete: str  # préfecture named in the header
    avant_propos: list[Bloc]
    formule: str
    titres: list[Titre]
    cloture: list[Bloc]
    signataires: list[Signataire]
    annexe: list[LigneAnnexe]
    annexe_intitule: str
    annexe_note: str
    brouillon: bool
    images: dict[str, bytes] = field(default_factory=dict)  # charts named in clause texts
    proprietes: dict = field(default_factory=dict)

    def blocs(self):
        yield from self.avant_propos
        for titre in self.titres:
            for chapitre in titre.chapitres:
                yield from chapitre.blocs
        yield from self.cloture

    def texte(self) -> str:
        """Plain text of the document, in reading order (for tests and previews)."""
        lines = [self.intitule, self.sous_titre]
        for bloc in self.avant_propos:
            lines += [bloc.titre] + [p.texte for p in bloc.paragraphes]
        lines.append(self.formule)
        for titre in self.titres:
            lines.append(titre.intitule)
            for chapitre in titre.chapitres:
                if chapitre.intitule:
                    lines.append(chapitre.intitule)
                for bloc in chapitre.blocs:
                    lines += [bloc.intitule] + [p.texte for p in bloc.paragraphes]
        for bloc in self.cloture:
            lines += [p.texte for p in bloc.paragraphes]
        lines += [f"{s.qualite} {s.nom}" for s in self.signataires]
        return "\n".join(lines)
