"""The single exception tree of Continuum.

The CLI catches only :class:`ContinuumError`; every subclass carries a French
message naming the file, the field or the row, and an exit code.
"""

from __future__ import annotations

from dataclasses import dataclass


class ContinuumError(Exception):
    """Base of every error reported to the user."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Probleme:
    """One problem found in a file: where it is and what is wrong."""

    champ: str
    message: str
    valeur: object = None

    def __str__(self) -> str:
        if self.valeur is None:
            return f"{self.champ} : {self.message}"
        return f"{self.champ} : {self.message} (valeur : {valeur_abregee(self.valeur)})"


def valeur_abregee(valeur: object, limite: int = 120) -> str:
    """The repr of a value, cut to ``limite`` characters: a huge value never floods a message."""
    if isinstance(valeur, str) and len(valeur) > limite:
        valeur = valeur[:limite]
        return repr(valeur)[:-1] + "…'"
    if isinstance(valeur, (list, dict, tuple, set)) and len(valeur) > 20:
        return f"<{type(valeur).__name__} de {len(valeur)} éléments>"
    text = repr(valeur)
    return text if len(text) <= limite else text[:limite] + "…"


_RAISONS = {
    "ENOENT": "fichier ou dossier introuvable", "EISDIR": "c'est un dossier, pas un fichier",
    "ENOTDIR": "un élément du chemin n'est pas un dossier", "EACCES": "permission refusée",
    "EPERM": "opération non permise", "ENOSPC": "disque plein", "EROFS": "système de fichiers en lecture seule",
    "ENAMETOOLONG": "nom de fichier trop long", "EEXIST": "le fichier existe déjà", "EDQUOT": "quota disque dépassé",
    "EMFILE": "trop de fichiers ouverts", "EBUSY": "fichier occupé", "ELOOP": "trop de liens symboliques",
}


def raison_systeme(exc: OSError) -> str:
    """The French reason of a system error (never Python's English ``strerror``)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _RAISONS.get(name, f"erreur système {name or exc.errno}")


def compter(nombre: int, nom: str) -> str:
    """ "1 problème", "3 problèmes": French agreement, never "(s)"."""
    return f"{nombre} {nom}{'s' if nombre > 1 else ''}"


class ProblemesMultiples(ContinuumError):
    """Several problems found at once in one file; all are listed."""

    intro = ""  # what the problems are in: " dans les réponses"

    def __init__(self, fichier: str, problemes: list[Probleme]):
        self.fichier = fichier
        self.problemes = list(problemes)
        lignes = [f"{fichier} : {compter(len(self.problemes), 'problème')}{self.intro} :"]
        lignes += [f"  - {p}" for p in self.problemes]
        super().__init__("\n".join(lignes))


class ReponsesInvalides(ProblemesMultiples):
    """The answers file does not satisfy the questionnaire."""

    exit_code = 3
    intro = " dans les réponses"


class BibliothequeInvalide(ProblemesMultiples):
    """The clause library (or a document plan) is malformed."""

    exit_code = 4
    intro = " dans la bibliothèque de clauses"


class FichierIllisible(ContinuumError):
    """A file could not be read or parsed."""

    exit_code = 5


class ReferentielErreur(ContinuumError):
    """A commune, EPCI or département cannot be found or is ambiguous."""

    exit_code = 3


class TypeDocumentInconnu(ContinuumError):
    exit_code = 2


class AssemblageErreur(ContinuumError):
    """The selected clauses cannot be assembled (unknown reference, render error)."""

    exit_code = 6


class ModeleInvalide(ContinuumError):
    """A Word template cannot be read or lacks a style or placeholder."""

    exit_code = 4


class TableauInvalide(ReponsesInvalides):
    """A batch table cannot be used (unknown or duplicate columns)."""


class LibreOfficeIntrouvable(ContinuumError):
    """LibreOffice is needed (PDF, dossier) and is not installed."""

    exit_code = 5


class EcritureErreur(ContinuumError):
    """The output file cannot be written."""

    exit_code = 5


class SortieRefusee(ContinuumError):
    """The output would destroy a file the user owns (an input, or an existing document)."""

    exit_code = 5


class RegistreErreur(ContinuumError):
    """The registry of agreements cannot be reached, or refuses an operation (unknown id, forbidden status change)."""

    exit_code = 7


class AucuneModification(ContinuumError):
    """Two versions with no difference in their articles: there is no avenant to draft."""

    exit_code = 3


class Interrompu(ContinuumError):
    """The user interrupted a long run (Ctrl-C); the message says what was written."""

    exit_code = 130


class ArgumentInvalide(ContinuumError):
    """A command-line value that cannot be used as given (a control character in --auteur…)."""

    exit_code = 2
