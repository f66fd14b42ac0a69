"""Read a user's file whole, but never more than a bound: one reader for YAML, tables and .docx."""

from __future__ import annotations

from pathlib import Path

from generator.erreurs import FichierIllisible, raison_systeme

MIO = 1024 * 1024


def lire_borne(chemin: Path, maximum: int, nature: str) -> bytes:
    """The file's bytes; a French error names the file when it is missing, a folder, unreadable or too big.

    ``nature`` says what was expected ("fichier YAML", "fichier .csv ou .xlsx"…).
    """
    try:
        with open(chemin, "rb") as stream:
            data = stream.read(maximum + 1)
    except FileNotFoundError:
        raise FichierIllisible(f"{chemin} : fichier introuvable") from None
    except IsADirectoryError:
        raise FichierIllisible(f"{chemin} : c'est un dossier ; indiquez un {nature}") from None
    except OSError as exc:
        raise FichierIllisible(f"{chemin} : lecture impossible ({raison_systeme(exc)})") from None
    if len(data) > maximum:
        raise FichierIllisible(f"{chemin} : fichier trop volumineux (plus de {maximum // MIO} Mo)")
    return data
