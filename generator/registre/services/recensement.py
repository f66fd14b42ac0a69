"""Yearly census of a département: counts, the year's signatures, renewals and avenants,
next year's terms, coverage (communes and population, COG data), EMS meetings by semester.

Avenants are counted apart from the agreements they amend. An agreement « en vigueur »
without communes (PADRSQ, arrêté of the état-major) covers its whole département.

By default each agreement counts with its current status. With ``au`` (a date), statuses
are those in force on that date, read from the audit trail of status changes (their
effective dates), agreements not yet created on that date are left out, and signatures
after that date are not counted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from generator import referentiel
from generator.registre import models as m
from generator.registre.services.accords import ENGAGES, actifs

Statuts = dict[int, str]  # agreement id -> its status for the census


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
    au: dt.date | None = None  # statuses as of that date (None: current statuses)


def statut_au(accord: m.Accord, au: dt.date) -> str | None:
    """The agreement's status on ``au`` from its status changes (effective dates), None if it did not exist yet.

    Before its first change an agreement had that change's former status; one recorded without any change
    (attached by hand, or created signed for an avenant) has its current status once created, or signed."""
    changes = sorted(accord.changements.all(), key=lambda c: (c.date_effet, c.horodatage, c.pk))
    applied = [c for c in changes if c.date_effet <= au]
    if applied:
        return applied[-1].nouveau
    signed_later = accord.date_signature is not None and accord.date_signature > au
    if changes:
        before = changes[0].ancien or m.PROJET
    else:
        before = m.PROJET if accord.statut in ENGAGES and signed_later else accord.statut
    created = timezone.localdate(accord.cree_le) <= au or (accord.date_signature is not None and not signed_later)
    return before if created else None


def _statuts(accords: list[m.Accord], au: dt.date | None) -> Statuts:
    if au is None:
        return {a.pk: a.statut for a in accords}
    found = {a.pk: statut_au(a, au) for a in accords}
    return {pk: status for pk, status in found.items() if status is not None}


def _compter(accords: list[m.Accord], statuts: Statuts) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for (kind, status), count in sorted(Counter((a.type_document, statuts[a.pk]) for a in accords).items()):
        out.setdefault(kind, {})[status] = count
    return out


def _couverture(accords: list[m.Accord], statuts: Statuts, populations: dict[str, int]) -> dict[str, Couverture]:
    total = sum(populations.values()) or 1
    covered: dict[str, set[str]] = {}
    for accord in accords:
        if statuts[accord.pk] != m.EN_VIGUEUR:
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


def recenser_departement(annee: int, departement: str, au: dt.date | None = None) -> RecensementDepartement:
    ref = referentiel.charger()
    populations = ref.populations_du_departement(departement)
    name = ref.departement(departement).nom
    everything = list(actifs().filter(departement=departement).prefetch_related("communes", "changements")
                      .order_by("reference"))
    statuts = _statuts(everything, au)
    everything = [a for a in everything if a.pk in statuts]  # as of ``au``: those that existed then

    def signed_in_year(accord: m.Accord) -> bool:
        signed = accord.date_signature
        return signed is not None and signed.year == annee and (au is None or signed <= au)

    main = [a for a in everything if a.accord_initial_id is None]
    avenants = [a for a in everything if a.accord_initial_id is not None]
    out = RecensementDepartement(annee, departement, name, len(populations), sum(populations.values()), au=au)
    out.par_type_statut = _compter(main, statuts)
    out.signes = [a for a in main if signed_in_year(a)]
    out.renouveles = [a for a in out.signes if a.remplace_id is not None]
    out.avenants = [a for a in avenants if signed_in_year(a)]
    amended = {a.accord_initial_id for a in out.avenants}
    out.modifies = [a for a in main if a.pk in amended]
    out.echeant = [a for a in main
                   if statuts[a.pk] in ENGAGES and a.date_echeance and a.date_echeance.year == annee + 1]
    out.couverture = _couverture(main, statuts, populations)
    out.reunions = _reunions(departement, annee)
    return out


def recensement(annee: int, departement: str | None = None, au: dt.date | None = None) -> list[RecensementDepartement]:
    """The census of one département, or of every département that has agreements; ``au``: statuses as of
    that date (audit trail) instead of the current ones."""
    if departement:
        codes = [referentiel.charger().resoudre_departement(departement).code]
    else:
        codes = sorted(set(actifs().exclude(departement="").values_list("departement", flat=True)))
    return [recenser_departement(annee, code, au) for code in codes]
