"""Guard for output paths: a user's file is never destroyed silently.

Every command that writes a file calls :func:`proteger_sortie` before it
starts working, so that a refusal costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from generator.erreurs import SortieRefusee


def _meme_fichier(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()


def proteger_sortie(sortie: Path, entrees: Iterable[Path | None] = (), ecraser: bool = False,
                    extensions: Iterable[str] = ()) -> None:
    """Refuse an output that is one of the inputs, has the wrong extension, or exists without ``ecraser``.

    ``extensions`` lists the accepted suffixes (".docx", ".pdf"…); empty means any.
    """
    sortie = Path(sortie)
    for entree in entrees:
        if entree is not None and (_meme_fichier(sortie, Path(entree)) or sortie.resolve() == Path(entree).resolve()):
            raise SortieRefusee(f"{sortie} : le fichier de sortie est aussi un fichier d'entrée ; "
                                "choisissez un autre nom pour ne pas le détruire")
    accepted = [e.lower() for e in extensions]
    if accepted and sortie.suffix.lower() not in accepted:
        raise SortieRefusee(f"{sortie} : extension « {sortie.suffix or '(aucune)'} » inattendue ; "
                            f"attendu : {', '.join(accepted)}")
    if sortie.is_dir():
        raise SortieRefusee(f"{sortie} : c'est un dossier ; indiquez un nom de fichier")
    if sortie.exists() and not ecraser:
        raise SortieRefusee(f"{sortie} : le fichier existe déjà ; il n'est pas remplacé "
                            "(ajoutez --ecraser pour le remplacer)")
