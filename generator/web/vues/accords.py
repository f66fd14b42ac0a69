"""Agreements: list, creation by type, the agreement's page, status, attachments and versions."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from generator.erreurs import ContinuumError
from generator.registre import models as m
from generator.registre.services import accords as services_accords
from generator.registre.services import statuts
from generator.registre.services.versions import joindre as joindre_fichier
from generator.registre.services.versions import lire_fichier
from generator.web import acces, comparaison, fichiers, travail
from generator.web.formulaires import FormulaireFichier, FormulaireStatut
from generator.web.models import PRET, Apercu

TYPES_MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
}


def accueil(request):
    visibles = acces.accords(request).select_related("service").order_by("-modifie_le")
    statut = request.GET.get("statut", "")
    if statut in m.LIBELLES_STATUTS:
        visibles = visibles.filter(statut=statut)
    return render(request, "web/accueil.html", {
        "accords": visibles[:200], "statuts": m.STATUTS, "statut_choisi": statut,
        "sans_service": acces.service_de(request.user) is None,
    })


def nouvel_accord(request):
    types = travail.types_documents()
    if request.method == "POST":
        service = acces.service_requis(request)
        chosen = travail.type_document(request.POST.get("type_document", ""))
        if chosen is None or not chosen.en_ligne:
            messages.error(request, "Choisissez un type de document proposé dans la liste.")
            return render(request, "web/nouvel_accord.html", {"types": types}, status=400)
        accord = services_accords.creer_accord(chosen.code, service=service, auteur=acces.auteur(request))
        messages.success(request, f"Accord {accord.reference} créé. Répondez aux questions, page par page.")
        return redirect("web:questionnaire", accord.pk, travail.pages_de(accord)[0].cle)
    return render(request, "web/nouvel_accord.html", {"types": types,
                                                      "sans_service": acces.service_de(request.user) is None})


def accord(request, pk: int):
    item = acces.accord(request, pk)
    versions = list(item.versions.order_by("-numero"))
    apercus = {a.version_id: a for a in Apercu.objects.filter(version__accord=item)}
    return render(request, "web/accord.html", {
        "accord": item, "versions": versions, "apercus": apercus,
        "avenants": acces.accords(request).filter(accord_initial=item).order_by("numero_avenant"),
        "changements": item.changements.order_by("-horodatage"),
        "relectures": item.relectures.order_by("-horodatage"),
        "suivants": [(code, statuts.libelle(code)) for code in statuts.transitions_possibles(item)],
        "retours": [(code, statuts.libelle(code)) for code in statuts.retours_possibles(item)],
        "formulaire_statut": FormulaireStatut(),
        "premiere_page": travail.pages_de(item)[0].cle if travail.type_document(item.type_document) else None,
        "aujourdhui": dt.date.today().isoformat(),
    })


@require_POST
def changer_statut(request, pk: int):
    item = acces.accord(request, pk)
    form = FormulaireStatut(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("web:accord", item.pk)
    try:
        statuts.changer_statut(item, form.cleaned_data["nouveau"], auteur=acces.auteur(request),
                               date=form.cleaned_data["date"], motif=form.cleaned_data["motif"],
                               raa=form.cleaned_data["raa"])
        messages.success(request, f"Statut : « {statuts.libelle(form.cleaned_data['nouveau'])} ».")
    except ContinuumError as exc:
        messages.error(request, exc.message)
    return redirect("web:accord", item.pk)


@require_POST
def joindre(request, pk: int):
    """Attach the signed PDF (or any final file) to the agreement."""
    item = acces.accord(request, pk)
    form = FormulaireFichier(request.POST, request.FILES, extensions=("pdf", "docx", "odt"))
    if not form.is_valid():
        messages.error(request, form.message_erreur())
        return redirect("web:accord", item.pk)
    upload = form.cleaned_data["fichier"]
    try:
        version = joindre_fichier(item, upload.read(), nom=form.nom_sur(), auteur=acces.auteur(request),
                                  brouillon=False)
        messages.success(request, f"Document joint comme version {version.numero}.")
    except ContinuumError as exc:
        messages.error(request, exc.message)
    return redirect("web:accord", item.pk)


def version(request, pk: int, numero: int):
    item = acces.version(request, pk, numero)
    return render(request, "web/version.html", {"accord": item.accord, "version": item,
                                                "apercu": Apercu.objects.filter(version=item).first()})


def apercu(request, pk: int, numero: int):
    """htmx fragment polled until the preview is ready."""
    item = acces.version(request, pk, numero)
    return render(request, "web/apercu.html", {"accord": item.accord, "version": item,
                                               "apercu": Apercu.objects.filter(version=item).first()})


def _nom(item: m.Version, extension: str) -> str:
    return f"{item.accord.reference}-v{item.numero}{'-projet' if item.brouillon else ''}.{extension}"


def telecharger(request, pk: int, numero: int, fmt: str):
    item = acces.version(request, pk, numero)
    if fmt == item.format:
        contenu = lire_fichier(item)
    else:
        preview = Apercu.objects.filter(version=item, etat=PRET).first()
        sha = getattr(preview, fmt, "") if preview and fmt in ("pdf", "odt") else ""
        if not sha:
            raise Http404("format non disponible")
        contenu = fichiers.lire(sha, fmt)
    response = HttpResponse(contenu, content_type=TYPES_MIME[fmt])
    response["Content-Disposition"] = f'attachment; filename="{_nom(item, fmt)}"'
    return response


def page_apercu(request, pk: int, numero: int, page: int):
    item = acces.version(request, pk, numero)
    preview = Apercu.objects.filter(version=item, etat=PRET).first()
    if preview is None or not 1 <= page <= len(preview.pages):
        raise Http404("page inconnue")
    return HttpResponse(fichiers.lire(preview.pages[page - 1], "png"), content_type="image/png")


def comparer(request, pk: int):
    """Redline between two versions of the agreement, as a Word document with tracked changes."""
    item = acces.accord(request, pk)
    try:
        old = item.versions.get(numero=int(request.GET.get("ancienne", "0")))
        new = item.versions.get(numero=int(request.GET.get("nouvelle", "0")))
    except (ValueError, m.Version.DoesNotExist):
        messages.error(request, "Choisissez deux versions de l'accord à comparer.")
        return redirect("web:accord", item.pk)
    try:
        contenu = comparaison.redline(item, old, new, acces.auteur(request))
    except ContinuumError as exc:
        messages.error(request, exc.message)
        return redirect("web:accord", item.pk)
    response = HttpResponse(contenu, content_type=TYPES_MIME["docx"])
    response["Content-Disposition"] = (f'attachment; filename="{item.reference}-comparaison-v{old.numero}-v{new.numero}.docx"')
    return response


@require_POST
def avenant(request, pk: int):
    item = acces.accord(request, pk)
    try:
        old = item.versions.get(numero=int(request.POST.get("ancienne", "0")))
        new = item.versions.get(numero=int(request.POST.get("nouvelle", "0")))
        effet = dt.date.fromisoformat(request.POST["effet"]) if request.POST.get("effet") else None
    except (ValueError, m.Version.DoesNotExist):
        messages.error(request, "Choisissez la version signée, la nouvelle version et une date d'effet valide.")
        return redirect("web:accord", item.pk)
    try:
        version = comparaison.avenant(item, old, new, effet, acces.auteur(request))
    except ContinuumError as exc:
        messages.error(request, exc.message)
        return redirect("web:accord", item.pk)
    from generator.web.taches import demander_apercu

    demander_apercu(version)
    messages.success(request, f"Avenant rédigé : {version.accord.reference}.")
    return redirect("web:version", version.accord.pk, version.numero)
