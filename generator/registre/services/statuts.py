"""Lifecycle: projet → en concertation → relu → signé → publié → en vigueur → échu | dénoncé | remplacé.

Moving forward (possibly skipping steps) is free; moving back, or from one end
state to another, requires a reason. Each change is kept with its author, its
effective date and its reason; side effects (dates, signatures, the renewed
agreement marked « remplacé ») are logged too.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from generator.erreurs import RegistreErreur
from generator.registre import models as m
from generator.registre.services.ecriture import auteur_par_defaut, journaliser, transaction_ecriture


def libelle(statut: str) -> str:
    return m.LIBELLES_STATUTS.get(statut, statut)


def _rang(statut: str) -> int:
    return m.ORDRE_STATUTS[statut]


def transitions_possibles(accord: m.Accord) -> list[str]:
    """Statuses reachable without a reason (forward)."""
    return [code for code, _ in m.STATUTS if _rang(code) > _rang(accord.statut)]


def retours_possibles(accord: m.Accord) -> list[str]:
    """Statuses reachable only with a reason (backward, or another end state)."""
    return [code for code, _ in m.STATUTS if code != accord.statut and _rang(code) <= _rang(accord.statut)]


def _verifier(accord: m.Accord, nouveau: str, motif: str, raa: str) -> None:
    if nouveau not in m.ORDRE_STATUTS:
        choices = ", ".join(code for code, _ in m.STATUTS)
        raise RegistreErreur(f"statut inconnu : {nouveau!r} ; statuts possibles : {choices}")
    if nouveau == accord.statut:
        raise RegistreErreur(f"{accord.reference} est déjà au statut « {libelle(nouveau)} »")
    if nouveau not in transitions_possibles(accord) and not motif.strip():
        raise RegistreErreur(f"{accord.reference} : passer de « {libelle(accord.statut)} » à « {libelle(nouveau)} » "
                             "revient en arrière dans le cycle de vie ; indiquez le motif (--motif)")
    if nouveau == m.PUBLIE and not (raa.strip() or accord.raa):
        raise RegistreErreur(f"{accord.reference} : la publication demande la référence au recueil des actes "
                             "administratifs (--raa)")


def _effets(accord: m.Accord, nouveau: str, date: dt.date, raa: str, auteur: str) -> None:
    if nouveau == m.SIGNE:
        accord.date_signature = date
        if not accord.signatures.exists():
            m.Signature.objects.bulk_create([
                m.Signature(accord=accord, signataire=s.get("signataire", "")[:200], qualite=s.get("qualite", "")[:300],
                            date=date) for s in accord.signataires or []])
    elif nouveau == m.PUBLIE and raa:
        accord.raa = raa[:200]
    elif nouveau == m.EN_VIGUEUR:
        accord.date_entree_vigueur = accord.date_entree_vigueur or date
        _remplacer(accord.remplace, accord, date, auteur)
    elif nouveau in (m.DENONCE, m.REMPLACE, m.ECHU):
        accord.date_fin = date


def _remplacer(ancien: m.Accord | None, nouveau: m.Accord, date: dt.date, auteur: str) -> None:
    """The renewed agreement ends when its successor enters into force."""
    if ancien is None or ancien.supprime or ancien.statut in (m.ECHU, m.DENONCE, m.REMPLACE):
        return
    motif = f"renouvelé par {nouveau.reference}"
    m.ChangementStatut.objects.create(accord=ancien, ancien=ancien.statut, nouveau=m.REMPLACE, date_effet=date,
                                      motif=motif, auteur=auteur)
    journaliser(ancien, "statut", auteur, ancien=ancien.statut, nouveau=m.REMPLACE, motif=motif)
    ancien.statut, ancien.date_fin = m.REMPLACE, date
    ancien.save(update_fields=["statut", "date_fin", "modifie_le"])


def changer_statut(accord: m.Accord, nouveau: str, *, auteur: str = "", date: dt.date | None = None, motif: str = "",
                   raa: str = "") -> m.ChangementStatut:
    auteur = auteur or auteur_par_defaut()
    date = date or timezone.localdate()
    with transaction_ecriture():
        accord = m.Accord.objects.select_for_update().get(pk=accord.pk)
        _verifier(accord, nouveau, motif, raa)
        change = m.ChangementStatut.objects.create(accord=accord, ancien=accord.statut, nouveau=nouveau, date_effet=date,
                                                   motif=motif.strip(), raa=raa.strip(), auteur=auteur)
        if nouveau in transitions_possibles(accord) or nouveau in (m.ECHU, m.DENONCE, m.REMPLACE):
            _effets(accord, nouveau, date, raa.strip(), auteur)  # moving back keeps the dates already known
        journaliser(accord, "statut", auteur, ancien=accord.statut, nouveau=nouveau, date=date.isoformat(),
                    motif=motif.strip(), raa=raa.strip())
        accord.statut = nouveau
        accord.save()
    return change
