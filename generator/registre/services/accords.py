"""Agreements: finding them, creating them from a generation, their references, visibility, deletion."""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Q, QuerySet
from django.utils import timezone

from generator.erreurs import RegistreErreur
from generator.registre import models as m
from generator.registre.services.ecriture import journaliser, transaction_ecriture

EN_PREPARATION = (m.PROJET, m.EN_CONCERTATION, m.RELU)
ENGAGES = (m.SIGNE, m.PUBLIE, m.EN_VIGUEUR)
TERMINES = (m.ECHU, m.DENONCE, m.REMPLACE)


def actifs() -> QuerySet:
    return m.Accord.objects.filter(supprime=False)


def trouver(identifiant: str | int) -> m.Accord:
    """An agreement by its reference (« CSI-76351-2026-0001 ») or its number."""
    text = str(identifiant).strip()
    query = actifs().filter(reference__iexact=text)
    if not query.exists() and text.isdigit():
        query = actifs().filter(pk=int(text))
    accord = query.first()
    if accord is None:
        raise RegistreErreur(f"registre : aucun accord n'a la référence ou le numéro {text!r} "
                             "(voir « continuum registre lister »)")
    return accord


def accords_visibles(service: m.Service | None) -> QuerySet:
    """Agreements a service may see: its own, and those it is a party to. None sees nothing."""
    if service is None:
        return actifs().none()
    return actifs().filter(Q(service=service) | Q(services_parties__service=service)).distinct()


# -- references ------------------------------------------------------------------
def _prefixe(fiche: dict) -> str:
    place = (fiche.get("communes") or [None])[0] or (fiche.get("epcis") or [None])[0] or fiche.get("departement") or "00"
    return f"{fiche['type_document'].upper()}-{place}-{timezone.localdate().year}-"


def nouvelle_reference(fiche: dict) -> str:
    """Next free reference for this type, place and year (called inside a write transaction)."""
    prefix = _prefixe(fiche)
    numbers = [int(r[len(prefix):]) for r in m.Accord.objects.filter(reference__startswith=prefix)
               .values_list("reference", flat=True) if re.fullmatch(r"\d{4,}", r[len(prefix):])]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


# -- from a generation -------------------------------------------------------------
def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def appliquer_fiche(accord: m.Accord, fiche: dict) -> None:
    """Copy what the answers say onto the agreement (territory, parties, dates); keeps dates set by hand."""
    accord.type_document = fiche["type_document"]
    accord.intitule = fiche["intitule"][:500]
    accord.departement = fiche.get("departement", "")
    accord.zone = fiche.get("zone", "")[:300]
    accord.cle_territoire = fiche.get("cle_territoire", "")[:500]
    accord.force = fiche.get("force", "")
    accord.parties = fiche.get("parties", [])
    accord.signataires = fiche.get("signataires", [])
    accord.reponses = fiche.get("reponses", {})
    accord.terme = fiche.get("terme", "")[:300]
    if accord.statut in EN_PREPARATION:  # the answers govern until signature
        accord.date_echeance = _date(fiche.get("date_echeance")) or accord.date_echeance
        accord.preavis_mois = fiche.get("preavis_mois") or accord.preavis_mois
        accord.date_diagnostic = _date(fiche.get("date_diagnostic")) or accord.date_diagnostic
    accord.save()
    _territoire(accord, fiche)


def _territoire(accord: m.Accord, fiche: dict) -> None:
    communes, epcis = set(fiche.get("communes", [])), set(fiche.get("epcis", []))
    accord.communes.exclude(code_insee__in=communes).delete()
    accord.epcis.exclude(siren__in=epcis).delete()
    have = set(accord.communes.values_list("code_insee", flat=True))
    m.AccordCommune.objects.bulk_create([m.AccordCommune(accord=accord, code_insee=c) for c in sorted(communes - have)])
    have = set(accord.epcis.values_list("siren", flat=True))
    m.AccordEpci.objects.bulk_create([m.AccordEpci(accord=accord, siren=s) for s in sorted(epcis - have)])


def _meme_signature(accord: m.Accord, fiche: dict) -> bool:
    signed = _date(fiche.get("date_signature"))
    return accord.date_signature is None or signed is None or accord.date_signature == signed


def _du_service(query: QuerySet, service: m.Service | None) -> QuerySet:
    """Only the agreements owned by ``service`` (None: those recorded without a service, from the command line).

    A generation never lands in another service's agreement, even for the same territory: each service
    only ever sees its own agreements (and those it is a party to, read-only for matching)."""
    return query.filter(service=service) if service is not None else query.filter(service__isnull=True)


def accord_pour_fiche(fiche: dict, *, auteur: str, service: m.Service | None = None) -> tuple[m.Accord, bool]:
    """(agreement, created): the agreement this generation belongs to, created when there is none.

    Same type, territory (``cle_territoire``) and owning service: an agreement still in preparation,
    or an engaged one with the same signature date, receives a new version; otherwise a new
    agreement is created that renews the latest one.
    """
    candidates = list(_du_service(actifs().filter(cle_territoire=fiche["cle_territoire"], accord_initial__isnull=True),
                                  service).order_by("-cree_le", "-id"))
    for accord in candidates:
        if accord.statut in EN_PREPARATION or (accord.statut in ENGAGES and _meme_signature(accord, fiche)):
            return accord, False
    accord = m.Accord.objects.create(reference=nouvelle_reference(fiche), type_document=fiche["type_document"],
                                     service=service, remplace=candidates[0] if candidates else None)
    journaliser(accord, "creation", auteur, reference=accord.reference,
                renouvelle=candidates[0].reference if candidates else None)
    return accord, True


def accord_initial_pour(fiche: dict, *, auteur: str, service: m.Service | None = None) -> m.Accord:
    """The agreement an avenant amends: the engaged one of that territory (and service), else the latest,
    else a new one."""
    candidates = list(_du_service(actifs().filter(cle_territoire=fiche["cle_territoire"], accord_initial__isnull=True),
                                  service).order_by("-cree_le", "-id"))
    for accord in candidates:
        if accord.statut in ENGAGES:
            return accord
    if candidates:
        return candidates[0]
    accord = m.Accord.objects.create(reference=nouvelle_reference(fiche), type_document=fiche["type_document"],
                                     service=service, statut=m.SIGNE if fiche.get("date_signature") else m.PROJET)
    appliquer_fiche(accord, fiche)
    accord.date_signature = _date(fiche.get("date_signature"))
    accord.save(update_fields=["date_signature"])
    journaliser(accord, "creation", auteur, reference=accord.reference, motif="accord modifié par un avenant, "
                "enregistré d'après la version ancienne des réponses (sans fichier)")
    return accord


def avenant_pour(initial: m.Accord, numero: int, fiche: dict, *, auteur: str) -> tuple[m.Accord, bool]:
    existing = actifs().filter(accord_initial=initial, numero_avenant=numero).first()
    if existing is not None:
        return existing, False
    accord = m.Accord.objects.create(reference=f"{initial.reference}-AV{numero}", type_document=initial.type_document,
                                     accord_initial=initial, numero_avenant=numero, service=initial.service,
                                     departement=initial.departement, intitule=f"Avenant n° {numero} – {initial.intitule}"[:500])
    journaliser(accord, "creation", auteur, reference=accord.reference, avenant_de=initial.reference, numero=numero)
    return accord, True


# -- changes by hand ----------------------------------------------------------------
CHAMPS_MODIFIABLES = {"numero_acte", "date_diagnostic", "date_avis_procureur", "date_entree_vigueur",
                      "date_echeance", "preavis_mois", "date_signature", "intitule", "zone", "force"}


def modifier(accord: m.Accord, *, auteur: str = "", **valeurs) -> m.Accord:
    """Set dates and numbers the answers do not hold (act number, procureur's opinion…), logged."""
    unknown = set(valeurs) - CHAMPS_MODIFIABLES
    if unknown:
        raise RegistreErreur(f"registre : champ non modifiable : {', '.join(sorted(unknown))}")
    with transaction_ecriture():
        accord = m.Accord.objects.select_for_update().get(pk=accord.pk)
        changes = {}
        for name, value in valeurs.items():
            before = getattr(accord, name)
            if before != value:
                changes[name] = [str(before) if before is not None else None, str(value) if value is not None else None]
                setattr(accord, name, value)
        if changes:
            accord.save()
            journaliser(accord, "modification", auteur, champs=changes)
    return accord


def supprimer(accord: m.Accord, *, auteur: str = "", motif: str = "") -> None:
    """Mark an agreement deleted (hidden everywhere); the audit trail keeps it and its files stay stored."""
    with transaction_ecriture():
        accord = m.Accord.objects.select_for_update().get(pk=accord.pk)
        if accord.avenants.filter(supprime=False).exists():
            raise RegistreErreur(f"registre : {accord.reference} a des avenants enregistrés ; supprimez-les d'abord")
        accord.supprime = True
        accord.save(update_fields=["supprime", "modifie_le"])
        journaliser(accord, "suppression", auteur, reference=accord.reference, statut=accord.statut, motif=motif,
                    versions=list(accord.versions.values_list("sha256", flat=True)))


def rattacher(accord: m.Accord, service: m.Service, *, auteur: str = "") -> m.Accord:
    """Give ``service`` an agreement recorded without one (from the command line), with its avenants: it then
    appears in that service's workspace. An agreement that already has an owner keeps it. Logged."""
    if accord.accord_initial_id is not None:
        raise RegistreErreur(f"registre : {accord.reference} est un avenant ; rattachez l'accord qu'il modifie "
                             f"({accord.accord_initial.reference}) : ses avenants le suivent")
    with transaction_ecriture():
        accord = m.Accord.objects.select_for_update().get(pk=accord.pk)
        if accord.service_id == service.pk:
            return accord
        if accord.service_id is not None:
            raise RegistreErreur(f"registre : {accord.reference} appartient déjà au service {accord.service} ; "
                                 "seul un administrateur peut le confier à un autre (administration de l'espace de "
                                 "travail)")
        accord.service = service
        accord.save(update_fields=["service", "modifie_le"])
        moved = accord.avenants.filter(service__isnull=True).update(service=service)
        journaliser(accord, "rattachement", auteur, service=f"{service.nature}:{service.code}", nom=service.nom,
                    avenants=moved)
    return accord


def lieu_du_service(service: m.Service | None) -> dict:
    """The territory a service stands for, as in a record (``communes``, ``epcis`` or ``departement``)."""
    if service is None:
        return {}
    if service.nature == "commune":
        return {"communes": [service.code]}
    if service.nature == "epci":
        return {"epcis": [service.code]}
    return {"departement": service.code}


def creer_accord(type_document: str, *, service: m.Service | None, auteur: str, origine: str = "web") -> m.Accord:
    """A new agreement in « projet » with empty answers, owned by ``service`` (the workspace's « Commencer »).

    Its reference is built from the service's territory until the answers name one."""
    from generator.plan import charger_plan

    plan = charger_plan(type_document)  # an unknown type is refused before anything is written
    with transaction_ecriture():
        accord = m.Accord.objects.create(
            reference=nouvelle_reference({"type_document": type_document, **lieu_du_service(service)}),
            type_document=type_document, intitule=plan.intitule[:500], service=service,
            reponses={"type": type_document})
        journaliser(accord, "creation", auteur, reference=accord.reference, origine=origine)
    return accord


def creer(type_document: str, *, intitule: str = "", departement: str = "", communes: list[str] = (),
          epcis: list[str] = (), auteur: str, service: m.Service | None = None) -> m.Accord:
    """An agreement entered by hand (a document made before the registry existed)."""
    fiche = {"type_document": type_document, "intitule": intitule or type_document.upper(), "departement": departement,
             "communes": list(communes), "epcis": list(epcis), "zone": "", "force": "", "parties": [], "signataires": [],
             "reponses": {}, "terme": "",
             "cle_territoire": "|".join([type_document, departement, ",".join(sorted(communes)), ",".join(sorted(epcis))])}
    with transaction_ecriture():
        accord = m.Accord.objects.create(reference=nouvelle_reference(fiche), type_document=type_document, service=service)
        appliquer_fiche(accord, fiche)
        journaliser(accord, "creation", auteur, reference=accord.reference, motif="saisi à la main")
    return accord
