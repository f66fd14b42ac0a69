"""How agreements read in French: rows for lists and exports, the detailed view, the alerts."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from generator import referentiel
from generator.erreurs import ReferentielErreur
from generator.registre import models as m
from generator.registre.services.echeances import Echeances
from generator.accords import nombre

COLONNES = ("reference", "type", "intitule", "statut", "departement", "communes", "epci", "zone", "force",
            "numero_acte", "date_signature", "date_entree_vigueur", "date_echeance", "preavis_mois", "date_fin",
            "versions", "remplace", "avenant_de", "numero_avenant")


def date_fr(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def nom_commune(code: str) -> str:
    try:
        return referentiel.charger().commune(code).nom
    except ReferentielErreur:
        return code


def ligne(accord: m.Accord) -> dict:
    """One agreement as a flat row (list, JSON, CSV, spreadsheet)."""
    return {
        "reference": accord.reference,
        "type": accord.type_document,
        "intitule": accord.intitule,
        "statut": accord.libelle_statut,
        "departement": accord.departement,
        "communes": " | ".join(c.code_insee for c in accord.communes.all()),
        "epci": " | ".join(e.siren for e in accord.epcis.all()),
        "zone": accord.zone,
        "force": accord.force,
        "numero_acte": accord.numero_acte,
        "date_signature": date_fr(accord.date_signature),
        "date_entree_vigueur": date_fr(accord.date_entree_vigueur),
        "date_echeance": date_fr(accord.date_echeance),
        "preavis_mois": accord.preavis_mois if accord.preavis_mois is not None else "",
        "date_fin": date_fr(accord.date_fin),
        "versions": accord.versions.count(),
        "remplace": accord.remplace.reference if accord.remplace_id else "",
        "avenant_de": accord.accord_initial.reference if accord.accord_initial_id else "",
        "numero_avenant": accord.numero_avenant or "",
    }


def _dates(accord: m.Accord) -> list[str]:
    pairs = [("Diagnostic", accord.date_diagnostic), ("Avis du procureur", accord.date_avis_procureur),
             ("Signature", accord.date_signature),
             ("Prise d'effet" if accord.accord_initial_id else "Entrée en vigueur", accord.date_entree_vigueur),
             ("Échéance", accord.date_echeance), ("Fin", accord.date_fin)]
    out = [f"  {label} : {date_fr(value)}" for label, value in pairs if value]
    if accord.terme:
        out.append(f"  Terme : {accord.terme}")
    if accord.preavis_mois:
        out.append(f"  Préavis : {accord.preavis_mois} mois")
    return out


def _entete(accord: m.Accord) -> list[str]:
    communes = ", ".join(f"{nom_commune(c.code_insee)} ({c.code_insee})" for c in accord.communes.all())
    lines = [f"{accord.reference} — {accord.intitule}",
             f"  Type : {accord.type_document} ; statut : {accord.libelle_statut}"
             + (f" ; acte n° {accord.numero_acte}" if accord.numero_acte else "")
             + (f" ; RAA : {accord.raa}" if accord.raa else ""),
             f"  Département : {accord.departement or '—'}" + (f" ; communes : {communes}" if communes else "")]
    epcis = ", ".join(e.siren for e in accord.epcis.all())
    if epcis or accord.zone:
        lines.append(f"  EPCI (SIREN) : {epcis or '—'}" + (f" ; zone : {accord.zone}" if accord.zone else ""))
    if accord.force:
        lines.append(f"  Force de l'État : {accord.get_force_display()}")
    if accord.parties:
        lines.append("  Parties : " + " ; ".join(accord.parties))
    owner = accord.service
    lines.append(f"  Service : {owner.nom} ({owner.nature}:{owner.code})" if owner is not None else
                 "  Service : aucun (ligne de commande ; continuum registre rattacher pour le confier à un service)")
    return lines


def _liens(accord: m.Accord) -> list[str]:
    lines = []
    if accord.accord_initial_id:
        lines.append(f"  Avenant n° {accord.numero_avenant} à {accord.accord_initial.reference}")
    if accord.remplace_id:
        lines.append(f"  Renouvelle ou remplace : {accord.remplace.reference} ({accord.remplace.libelle_statut})")
    for successor in accord.remplacants.filter(supprime=False):
        lines.append(f"  Renouvelé par : {successor.reference} ({successor.libelle_statut})")
    for avenant in accord.avenants.filter(supprime=False).order_by("numero_avenant"):
        lines.append(f"  Avenant n° {avenant.numero_avenant} : {avenant.reference} ({avenant.libelle_statut})"
                     + (f", prend effet le {date_fr(avenant.date_entree_vigueur)}" if avenant.date_entree_vigueur else ""))
    return lines


def _versions(accord: m.Accord) -> list[str]:
    lines = []
    for version in accord.versions.all():
        kind = "projet" if version.brouillon else "définitive"
        local = sum(1 for c in version.clauses if c.get("variante_locale"))
        lines.append(f"  v{version.numero} {date_fr(version.cree_le)} — {version.origine}, {kind}, {version.format}, "
                     + nombre(len(version.clauses), "clause") + (f" dont {nombre(local, 'variante locale')}" if local else "")
                     + f", par {version.auteur or '?'} — {version.nom_original or '—'} — SHA-256 {version.sha256[:12]}…")
    return lines


def _historique(accord: m.Accord) -> list[str]:
    lines = []
    for change in accord.changements.all():
        before = m.LIBELLES_STATUTS.get(change.ancien, change.ancien or "—")
        lines.append(f"  {date_fr(change.date_effet)} : {before} → {m.LIBELLES_STATUTS.get(change.nouveau)} "
                     f"(par {change.auteur or '?'}, le {date_fr(change.horodatage)})"
                     + (f" — motif : {change.motif}" if change.motif else "") + (f" — RAA : {change.raa}" if change.raa else ""))
    return lines


def _relectures(accord: m.Accord) -> list[str]:
    lines = []
    for review in accord.relectures.select_related("version"):
        report = review.rapport
        by_clause = ", ".join(f"{k} : {v}" for k, v in report.get("modifications_par_clause", {}).items())
        version = f"version {review.version.numero}" if review.version_id else "version inconnue"
        lines.append(f"  {date_fr(review.horodatage)} — {version}, par {review.auteur or '?'} : "
                     f"{nombre(report.get('modifications', 0), 'modification')}, {nombre(report.get('commentaires', 0), 'commentaire')}, "
                     f"{nombre(review.alertes_socle, 'alerte')} sur le socle" + (f" — {by_clause}" if by_clause else ""))
    return lines


def vue(accord: m.Accord) -> str:
    """The detailed view: agreement, dates, links, versions, status history, reviews, signatures."""
    sections = [_entete(accord), ["Dates :"] + (_dates(accord) or ["  —"])]
    links = _liens(accord)
    if links:
        sections.append(["Liens :"] + links)
    sections.append([f"Versions ({accord.versions.count()}) :"] + (_versions(accord) or ["  aucune"]))
    sections.append(["Historique des statuts :"] + (_historique(accord) or ["  aucun changement"]))
    sections.append([f"Relectures ({accord.relectures.count()}) :"] + (_relectures(accord) or ["  aucune"]))
    signatures = [f"  {s.signataire} ({s.qualite}) — {date_fr(s.date)}" for s in accord.signatures.all()]
    if signatures:
        sections.append(["Signatures :"] + signatures)
    return "\n".join("\n".join(section) for section in sections)


def vue_json(accord: m.Accord) -> dict:
    data = ligne(accord) | {"parties": accord.parties, "signataires": accord.signataires,
                            "statut_code": accord.statut, "terme": accord.terme, "raa": accord.raa}
    data["versions"] = [{"numero": v.numero, "origine": v.origine, "brouillon": v.brouillon, "sha256": v.sha256,
                         "identifiant": v.identifiant, "format": v.format, "auteur": v.auteur,
                         "cree_le": v.cree_le.isoformat(), "clauses": v.clauses} for v in accord.versions.all()]
    data["historique"] = [{"ancien": c.ancien, "nouveau": c.nouveau, "date": c.date_effet.isoformat(), "motif": c.motif,
                           "raa": c.raa, "auteur": c.auteur} for c in accord.changements.all()]
    data["relectures"] = [{"version": r.version.numero if r.version_id else None, "auteur": r.auteur,
                           "alertes_socle": r.alertes_socle, "rapport": r.rapport} for r in accord.relectures.all()]
    data["avenants"] = [a.reference for a in accord.avenants.filter(supprime=False).order_by("numero_avenant")]
    data["effets_avenants"] = {a.reference: a.date_entree_vigueur.isoformat() if a.date_entree_vigueur else None
                               for a in accord.avenants.filter(supprime=False)}
    return data


def texte_echeances(resultat: Echeances) -> str:
    lines = [f"Échéances au {date_fr(resultat.aujourd_hui)} (fenêtre de {resultat.jours} jours) :"]
    for item in resultat.a_echeance:
        accord = item.accord
        when = (f"échue depuis {nombre(-item.jours, 'jour')}" if item.jours < 0 else f"dans {nombre(item.jours, 'jour')}")
        lines.append(f"  [{item.alerte}] {accord.reference} — {accord.intitule} : échéance le "
                     f"{date_fr(accord.date_echeance)} ({when}) ; statut {accord.libelle_statut}")
    if not resultat.a_echeance:
        lines.append("  aucune")
    lines.append("Signés sans date d'entrée en vigueur :")
    lines += [f"  {a.reference} — {a.intitule} (signé le {date_fr(a.date_signature) or '?'}, statut {a.libelle_statut})"
              for a in resultat.sans_entree_en_vigueur] or ["  aucun"]
    lines.append("Renouvellements dont le diagnostic a plus de douze mois :")
    lines += [f"  {a.reference} — {a.intitule} (diagnostic du {date_fr(a.date_diagnostic)}, renouvelle "
              f"{a.remplace.reference})" for a in resultat.diagnostics_anciens] or ["  aucun"]
    return "\n".join(lines)
