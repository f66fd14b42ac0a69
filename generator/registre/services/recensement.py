"""Yearly census of a département: counts, the year's signatures, renewals and avenants,
next year's terms, coverage (communes and population, COG data), EMS meetings by semester.

Avenants are counted apart from the agreements they amend. An agreement « en vigueur »
without communes (PADRSQ, arrêté of the état-major) covers its whole département.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from generator import referentiel
from generator.registre import models as m
from generator.registre.services.accords import ENGAGES, actifs


@dataclass
class Couverture:
    communes: int
    population: int
    part: float  # share of the département's population, 0..1


@dataclass
class RecensementDepartement:
    annee: int
    departement: str
    nom: str
    communes_departement: int
    population_departement: int
    par_type_statut: dict[str, dict[str, int]] = field(default_factory=dict)
    signes: list[m.Accord] = field(default_factory=list)
    renouveles: list[m.Accord] = field(default_factory=list)
    modifies: list[m.Accord] = field(default_factory=list)
    avenants: list[m.Accord] = field(default_factory=list)
    echeant: list[m.Accord] = field(default_factory=list)
    couverture: dict[str, Couverture] = field(default_factory=dict)
    reunions: dict[str, int] | None = None


def _compter(accords: list[m.Accord]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for (kind, status), count in sorted(Counter((a.type_document, a.statut) for a in accords).items()):
        out.setdefault(kind, {})[status] = count
    return out


def _couverture(accords: list[m.Accord], populations: dict[str, int]) -> dict[str, Couverture]:
    total = sum(populations.values()) or 1
    covered: dict[str, set[str]] = {}
    for accord in accords:
        if accord.statut != m.EN_VIGUEUR:
            continue
        codes = {c.code_insee for c in accord.communes.all()}
        covered.setdefault(accord.type_document, set()).update(codes & populations.keys() if codes else populations)
    return {kind: Couverture(len(codes), sum(populations[c] for c in codes), sum(populations[c] for c in codes) / total)
            for kind, codes in sorted(covered.items())}


def _reunions(departement: str, annee: int) -> dict[str, int] | None:
    dates = list(m.Reunion.objects.filter(departement=departement, date__year=annee).values_list("date", flat=True))
    if not dates:
        return None
    return {"1er semestre": sum(1 for d in dates if d.month <= 6), "2e semestre": sum(1 for d in dates if d.month > 6)}


def recenser_departement(annee: int, departement: str) -> RecensementDepartement:
    ref = referentiel.charger()
    populations = ref.populations_du_departement(departement)
    name = ref.departement(departement).nom
    everything = list(actifs().filter(departement=departement).prefetch_related("communes").order_by("reference"))
    main = [a for a in everything if a.accord_initial_id is None]
    avenants = [a for a in everything if a.accord_initial_id is not None]
    out = RecensementDepartement(annee, departement, name, len(populations), sum(populations.values()))
    out.par_type_statut = _compter(main)
    out.signes = [a for a in main if a.date_signature and a.date_signature.year == annee]
    out.renouveles = [a for a in out.signes if a.remplace_id is not None]
    out.avenants = [a for a in avenants if a.date_signature and a.date_signature.year == annee]
    amended = {a.accord_initial_id for a in out.avenants}
    out.modifies = [a for a in main if a.pk in amended]
    out.echeant = [a for a in main if a.statut in ENGAGES and a.date_echeance and a.date_echeance.year == annee + 1]
    out.couverture = _couverture(main, populations)
    out.reunions = _reunions(departement, annee)
    return out


def recensement(annee: int, departement: str | None = None) -> list[RecensementDepartement]:
    """The census of one département, or of every département that has agreements."""
    if departement:
        codes = [referentiel.charger().resoudre_departement(departement).code]
    else:
        codes = sorted(set(actifs().exclude(departement="").values_list("departement", flat=True)))
    return [recenser_departement(annee, code) for code in codes]
