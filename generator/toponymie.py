"""French articles, elision and contraction for place names.

The INSEE "type de nom en clair" (TNCC) tells which article a name takes and
how it contracts with "de" and "à":

====  =======  =========  ==========
TNCC  article  "de"       "à"
====  =======  =========  ==========
0     —        de         à
1     —        d'         à
2     le       du         au
3     la       de la      à la
4     les      des        aux
5     l'       de l'      à l'
6     aux      des        aux
7     las      de las     à las
8     los      de los     à los
====  =======  =========  ==========

Commune names carry their article ("Le Havre"); département names do not
("Seine-Maritime", TNCC 3). :class:`Toponyme` handles both. For a commune, an
article that does not contract keeps its capital, as the name is official:
"de La Rochelle", "à L'Haÿ-les-Roses", but "du Havre", "aux Mureaux".
"""

from __future__ import annotations

from dataclasses import dataclass

_ARTICLES = {2: "le ", 3: "la ", 4: "les ", 5: "l'", 6: "aux ", 7: "las ", 8: "los "}
_DE = {0: "de ", 1: "d'", 2: "du ", 3: "de la ", 4: "des ", 5: "de l'", 6: "des ", 7: "de las ", 8: "de los "}
_A = {0: "à ", 1: "à ", 2: "au ", 3: "à la ", 4: "aux ", 5: "à l'", 6: "aux ", 7: "à las ", 8: "à los "}
_KEEPS_ARTICLE = {3, 5, 7, 8}
_VOWELS = set("aeiouyàâäéèêëîïôöùûüœæ")


def _starts_with_vowel(text: str) -> bool:
    return text[:1].lower() in _VOWELS


def deviner_tncc(nom: str) -> int:
    """Guess the TNCC of a free-text place name (answers, tribunal towns).

    "h" is never elided: aspirated and mute h cannot be told apart from spelling.
    """
    lowered = nom.strip().lower()
    for tncc, article in ((4, "les "), (2, "le "), (3, "la "), (6, "aux ")):
        if lowered.startswith(article):
            return tncc
    if lowered.startswith(("l'", "l’")):
        return 5
    return 1 if _starts_with_vowel(lowered) else 0


@dataclass(frozen=True)
class Toponyme:
    """A place name with its TNCC.

    ``article_inclus`` is True when ``nom`` already starts with its article
    (communes, "Le Havre"), False when it does not (départements).
    """

    nom: str
    tncc: int = 0
    article_inclus: bool = True

    @classmethod
    def libre(cls, nom: str) -> "Toponyme":
        return cls(nom=nom.strip(), tncc=deviner_tncc(nom), article_inclus=True)

    @property
    def radical(self) -> str:
        """The name without its leading article: "Havre" for "Le Havre"."""
        article = _ARTICLES.get(self.tncc)
        if self.article_inclus and article:
            for candidate in (article, article.replace("'", "’")):
                if self.nom.lower().startswith(candidate):
                    return self.nom[len(candidate):]
        return self.nom

    def _avec(self, table: dict[int, str]) -> str:
        if self.article_inclus and self.tncc in _KEEPS_ARTICLE:
            return f"{table[0]}{self.nom}"
        prefix = table.get(self.tncc, table[0])
        return f"{prefix}{self.radical}"

    @property
    def de(self) -> str:
        """ "du Havre", "des Mureaux", "d'Indre-et-Loire", "de la Seine-Maritime"."""
        return self._avec(_DE)

    @property
    def a(self) -> str:
        """ "au Havre", "aux Mureaux", "à Toulouse"."""
        return self._avec(_A)

    @property
    def avec_article(self) -> str:
        """ "le Havre"-style form, for départements: "la Seine-Maritime"."""
        return f"{_ARTICLES.get(self.tncc, '')}{self.radical}"

    def __str__(self) -> str:
        return self.nom
