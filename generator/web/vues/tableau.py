"""Tableau de bord: échéances, the yearly census with its coverage chart, XLSX exports."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from generator.web import acces, tableau

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _annee(request) -> int:
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        year = timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def tableau_de_bord(request):
    visibles = acces.accords(request)
    year = _annee(request)
    departement = tableau.departement_du_service(acces.service_de(request.user))
    census = tableau.recensement_visible(visibles, year, departement)
    return render(request, "web/tableau_de_bord.html", {
        "echeances": tableau.echeances_visibles(visibles), "recensement": census, "annee": year,
        "graphique": tableau.graphique_couverture(census) if census and census.couverture else "",
    })


def export(request):
    response = HttpResponse(tableau.export_xlsx(acces.accords(request)), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="registre.xlsx"'
    return response


def recensement_xlsx(request):
    year = _annee(request)
    census = tableau.recensement_visible(acces.accords(request), year,
                                         tableau.departement_du_service(acces.service_de(request.user)))
    if census is None:
        raise Http404("aucun département")
    response = HttpResponse(tableau.recensement_xlsx(census, year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="recensement-{census.departement}-{year}.xlsx"'
    return response
