"""Tableau de bord: échéances, the yearly census with its coverage chart, XLSX exports."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from generator.questionnaire.validation import lire_date
from generator.web import acces, tableau

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _annee(request) -> int:
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        year = timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _au(request) -> tuple[dt.date | None, str]:
    """The date whose statuses the census counts (« au », audit trail), None for the current ones; and the
    French message for a date that cannot be read (the census then counts the current statuses)."""
    text = request.GET.get("au", "").strip()
    if not text:
        return None, ""
    day = lire_date(text[:20])
    if day is None:
        return None, (f"date des statuts illisible : « {text[:20]} » ; attendu une date du calendrier, JJ/MM/AAAA "
                      "ou AAAA-MM-JJ (statuts actuels affichés)")
    return day, ""


def tableau_de_bord(request):
    visibles = acces.accords(request)
    year = _annee(request)
    au, au_erreur = _au(request)
    departement = tableau.departement_du_service(acces.service_de(request.user))
    census = tableau.recensement_visible(visibles, year, departement, au)
    return render(request, "web/tableau_de_bord.html", {
        "echeances": tableau.echeances_visibles(visibles), "recensement": census, "annee": year,
        "au": au, "au_saisi": au.isoformat() if au else request.GET.get("au", "")[:20],
        "au_erreur": au_erreur,
        "graphique": tableau.graphique_couverture(census) if census and census.couverture else "",
    })


def export(request):
    response = HttpResponse(tableau.export_xlsx(acces.accords(request)), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="registre.xlsx"'
    return response


def recensement_xlsx(request):
    year = _annee(request)
    au, _erreur = _au(request)
    census = tableau.recensement_visible(acces.accords(request), year,
                                         tableau.departement_du_service(acces.service_de(request.user)), au)
    if census is None:
        raise Http404("aucun département")
    response = HttpResponse(tableau.recensement_xlsx(census, year), content_type=XLSX)
    suffix = f"-au-{au.isoformat()}" if au else ""
    response["Content-Disposition"] = f'attachment; filename="recensement-{census.departement}-{year}{suffix}.xlsx"'
    return response
