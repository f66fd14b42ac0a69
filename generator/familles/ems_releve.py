"""Record of decisions of a meeting: every point examined carries its decisions and the service in charge."""

from __future__ import annotations

from generator.erreurs import Probleme
from generator.familles.ems import problemes_signataires
from generator.familles.ems_reunion import deriver  # noqa: F401 - same derived context as the agenda
from generator.referentiel import Referentiel


def problemes(contexte: dict, referentiel: Referentiel) -> list[Probleme]:
    found = problemes_signataires(contexte, referentiel)
    for rank, point in enumerate(contexte.get("points") or [], start=1):
        if not point.get("decisions"):
            found.append(Probleme(f"points[{rank}].decisions",
                                  "le relevé de décisions indique au moins une décision pour chaque point examiné"))
        if not point.get("responsable"):
            found.append(Probleme(f"points[{rank}].responsable",
                                  "le relevé de décisions désigne le service responsable de la mise en œuvre"))
    return found
