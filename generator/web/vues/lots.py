"""Batches: template download, upload, validation by row and column, launch, progress, downloads."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from generator.lot.modele import ecrire_modele
from generator.plan import charger_plan
from generator.web import acces, fichiers, travail
from generator.web.formulaires import FormulaireFichier
from generator.web.models import Lot
from generator.web.taches import produire_lot, valider_lot

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _types_lot():
    return [t for t in travail.types_documents() if t.en_ligne]


def lots(request):
    if request.method == "POST":
        return _televerser(request)
    return render(request, "web/lots.html", {"lots": acces.lots(request)[:50], "types": _types_lot(),
                                             "sans_service": acces.service_de(request.user) is None})


def modele(request, code: str):
    chosen = travail.type_document(code)
    if chosen is None or not chosen.en_ligne:
        raise Http404("type inconnu")
    with tempfile.TemporaryDirectory(prefix="continuum-modele-") as work:
        path = Path(work) / "modele.xlsx"
        ecrire_modele(chosen.code, path)
        content = path.read_bytes()
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="lot-{chosen.code}.xlsx"'
    return response


def _televerser(request):
    service = acces.service_requis(request)
    chosen = travail.type_document(request.POST.get("type_document", ""))
    form = FormulaireFichier(request.POST, request.FILES, extensions=("xlsx", "csv"))
    if chosen is None or not chosen.en_ligne or not form.is_valid():
        messages.error(request, form.message_erreur() if chosen else "Choisissez un type de document.")
        return redirect("web:lots")
    content = form.cleaned_data["fichier"].read()
    shared = FormulaireFichier(request.POST, request.FILES, extensions=("yaml", "yml"), champ="communes", requis=False)
    if not shared.is_valid():
        messages.error(request, shared.message_erreur())
        return redirect("web:lots")
    base = shared.cleaned_data.get("communes")
    with transaction.atomic():
        lot = Lot.objects.create(service=service, auteur=request.user, type_document=chosen.code,
                                 nom_tableau=form.nom_sur(), tableau=fichiers.stocker(content, form.extension),
                                 extension=form.extension, brouillon=request.POST.get("mode") != "final",
                                 avec_pdf=request.POST.get("pdf") == "oui",
                                 base=fichiers.stocker(base.read(), "yaml") if base else "")
        transaction.on_commit(lambda: valider_lot.enqueue(lot.pk))
    return redirect("web:lot", lot.pk)


def lot(request, pk: int):
    item = acces.lot(request, pk)
    template = "web/lot_etat.html" if request.headers.get("HX-Request") else "web/lot.html"
    return render(request, template, {"lot": item, "intitule": charger_plan(item.type_document).intitule})


@require_POST
def lancer(request, pk: int):
    item = acces.lot(request, pk)
    if item.etat != Lot.VALIDE or not item.valides:
        messages.error(request, "Ce lot ne peut pas être lancé (aucune ligne valide, ou déjà lancé).")
        return redirect("web:lot", item.pk)
    with transaction.atomic():
        Lot.objects.filter(pk=item.pk).update(etat=Lot.PRODUCTION, faits=0)
        transaction.on_commit(lambda: produire_lot.enqueue(item.pk))
    return redirect("web:lot", item.pk)


_TELECHARGEMENTS = {
    "zip": ("archive", "zip", "application/zip", "documents.zip"),
    "dossier": ("dossier", "pdf", "application/pdf", "dossier.pdf"),
    "manifeste": ("manifeste_csv", "csv", "text/csv; charset=utf-8", "manifeste.csv"),
}


def telecharger(request, pk: int, quoi: str):
    item = acces.lot(request, pk)
    if quoi not in _TELECHARGEMENTS:
        raise Http404("fichier inconnu")
    attribute, extension, mime, name = _TELECHARGEMENTS[quoi]
    sha = getattr(item, attribute)
    if not sha:
        raise Http404("fichier non disponible")
    response = HttpResponse(fichiers.lire(sha, extension), content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="lot-{item.pk}-{name}"'
    return response
