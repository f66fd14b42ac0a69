"""Upload a reviewed Word document: the `relire` report by article, socle alerts first."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from generator import bibliotheque, relecture
from generator.erreurs import ContinuumError
from generator.registre.services.relectures import enregistrer_relecture
from generator.registre.services.versions import proprietes_docx, version_par_proprietes
from generator.web import acces, observations
from generator.web.formulaires import FormulaireFichier


def _lire(contenu: bytes):
    """The CLI's `relire`, on the upload written under a fixed name in a private folder."""
    with tempfile.TemporaryDirectory(prefix="continuum-relecture-") as work:
        path = Path(work) / "document-relu.docx"
        path.write_bytes(contenu)
        rapport = relecture.relire(path, bibliotheque.charger())
    rapport.fichier = "document relu"
    return rapport


@require_POST
def relire(request, pk: int):
    accord = acces.accord(request, pk)
    form = FormulaireFichier(request.POST, request.FILES, extensions=("docx",))
    if not form.is_valid():
        messages.error(request, form.message_erreur())
        return redirect("web:accord", accord.pk)
    contenu = form.cleaned_data["fichier"].read()
    try:
        rapport = _lire(contenu)
        origin = version_par_proprietes(proprietes_docx(contenu) | {"identifiant": rapport.identifiant})
        if origin is None or origin.accord_id != accord.pk:  # checked before anything is recorded
            messages.error(request, f"« {form.nom_sur()} » ne porte pas l'identifiant d'une version de cet accord : "
                                    "envoyez le document Word généré par Continuum pour cet accord, puis relu.")
            return redirect("web:accord", accord.pk)
        review = enregistrer_relecture(rapport, contenu, auteur=acces.auteur(request))
    except ContinuumError as exc:
        messages.error(request, exc.message)
        return redirect("web:accord", accord.pk)
    review.rapport = {**review.rapport, "details": {
        "modifications": [dataclasses.asdict(c) for c in rapport.modifications],
        "commentaires": [dataclasses.asdict(c) for c in rapport.commentaires]}}
    review.save(update_fields=["rapport"])
    return redirect("web:relecture", accord.pk, review.pk)


def _articles(review):
    return observations.par_article(review.rapport, review.rapport.get("details", {}),
                                    observations.articles_de(review.version))


def voir(request, pk: int, relecture_pk: int):
    review = acces.relecture(request, pk, relecture_pk)
    return render(request, "web/relecture.html", {"accord": review.accord, "relecture": review,
                                                  "articles": _articles(review)})


def tableau(request, pk: int, relecture_pk: int, fmt: str):
    review = acces.relecture(request, pk, relecture_pk)
    title = f"Tableau des observations — {review.accord.reference}, version {review.version.numero if review.version else '?'}"
    if fmt == "xlsx":
        content, mime = observations.tableau_xlsx(title, _articles(review)), \
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content, mime = observations.tableau_docx(title, _articles(review)), \
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{review.accord.reference}-observations.{fmt}"'
    return response
