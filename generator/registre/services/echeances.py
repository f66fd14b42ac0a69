"""Renewal alerts: terms within the window (D-180, D-90, D-30), signed agreements without
an entry-into-force date, renewals prepared on a diagnostic more than twelve months old."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from generator.registre import models as m
from generator.registre.fiche import ajouter_annees
from generator.registre.services.accords import ENGAGES, EN_PREPARATION, actifs

SEUILS = (30, 90, 180)


@dataclass
class Echeance:
    accord: m.Accord
    jours: int  # negative: the term is past

    @property
    def alerte(self) -> str:
        if self.jours < 0:
            return "dépassée"
        return f"J-{next(s for s in SEUILS if self.jours <= s)}" if self.jours <= SEUILS[-1] else ""


@dataclass
class Echeances:
    aujourd_hui: dt.date
    jours: int
    a_echeance: list[Echeance] = field(default_factory=list)
    sans_entree_en_vigueur: list[m.Accord] = field(default_factory=list)
    diagnostics_anciens: list[m.Accord] = field(default_factory=list)


def echeances(jours: int = 180, aujourd_hui: dt.date | None = None) -> Echeances:
    today = aujourd_hui or timezone.localdate()
    out = Echeances(today, jours)
    engaged = actifs().filter(statut__in=ENGAGES)
    for accord in engaged.filter(date_echeance__lte=today + dt.timedelta(days=jours)).order_by("date_echeance", "reference"):
        out.a_echeance.append(Echeance(accord, (accord.date_echeance - today).days))
    out.sans_entree_en_vigueur = list(engaged.filter(statut__in=(m.SIGNE, m.PUBLIE), date_entree_vigueur__isnull=True)
                                      .order_by("date_signature", "reference"))
    limit = ajouter_annees(today, -1)
    out.diagnostics_anciens = list(actifs().filter(remplace__isnull=False, statut__in=EN_PREPARATION + (m.SIGNE, m.PUBLIE),
                                                   date_diagnostic__lt=limit).order_by("date_diagnostic", "reference"))
    return out
