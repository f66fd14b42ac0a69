"""The dashboard's data: échéances and the yearly census, limited to what the user may see."""

from __future__ import annotations

import base64
import datetime as dt
import io
import tempfile
from pathlib import Path

from generator import referentiel
from generator.erreurs import ReferentielErreur
from generator.registre import models as m
from generator.registre.classeurs import ecrire_recensement, exporter
from generator.registre.services.echeances import echeances
from generator.registre.services.recensement import recensement


def departement_du_service(service: m.Service | None) -> str | None:
    if service is None:
        return None
    ref = referentiel.charger()
    try:
        if service.nature == "prefecture":
            return ref.resoudre_departement(service.code).code
        if service.nature == "commune":
            return ref.commune(service.code).departement.code
        members = ref.epci(service.code).membres
        return ref.commune(members[0]).departement.code if members else None
    except ReferentielErreur:
        return None


def echeances_visibles(visibles, jours: int = 180):
    ids = set(visibles.values_list("pk", flat=True))
    result = echeances(jours)
    result.a_echeance = [e for e in result.a_echeance if e.accord.pk in ids]
    result.sans_entree_en_vigueur = [a for a in result.sans_entree_en_vigueur if a.pk in ids]
    result.diagnostics_anciens = [a for a in result.diagnostics_anciens if a.pk in ids]
    return result


def recensement_visible(visibles, annee: int, departement: str | None, au: dt.date | None = None):
    """The census of the user's département (statuses as of ``au``, else current); the lists of agreements keep
    only visible ones."""
    if not departement:
        return None
    ids = set(visibles.values_list("pk", flat=True))
    census = recensement(annee, departement, au)[0]
    for name in ("signes", "renouveles", "modifies", "avenants", "echeant"):
        setattr(census, name, [a for a in getattr(census, name) if a.pk in ids])
    return census


def graphique_couverture(census) -> str:
    """Coverage by type as a PNG data URI (the same figures are given in a table next to it)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    kinds = list(census.couverture)
    shares = [100 * census.couverture[k].part for k in kinds]
    figure, axis = plt.subplots(figsize=(6, 0.6 + 0.5 * max(1, len(kinds))), dpi=100)
    axis.barh(kinds or ["aucun"], shares or [0], color="#1f4e8c")
    axis.set_xlim(0, 100)
    axis.set_xlabel("Part de la population couverte (%)")
    axis.invert_yaxis()
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def export_xlsx(visibles) -> bytes:
    with tempfile.TemporaryDirectory(prefix="continuum-export-") as work:
        path = Path(work) / "registre.xlsx"
        exporter(list(visibles.order_by("reference")), path)
        return path.read_bytes()


def recensement_xlsx(census, annee: int) -> bytes:
    with tempfile.TemporaryDirectory(prefix="continuum-recensement-") as work:
        path = Path(work) / "recensement.xlsx"
        ecrire_recensement([census], annee, path)
        return path.read_bytes()
