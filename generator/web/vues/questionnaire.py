"""Questionnaire pages, conditional questions (htmx), review screen and generation."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from generator.erreurs import ContinuumError
from generator.web import acces, formulaire, mesures, travail
from generator.web import pages as web_pages
from generator.web.pages import ident
from generator.accords import nombre


def _page(accord, cle: str) -> tuple[list[web_pages.Page], int, web_pages.Page]:
    pages = travail.pages_de(accord)
    for index, page in enumerate(pages):
        if page.cle == cle:
            return pages, index, page
    raise Http404("page inconnue")


def _lien_probleme(accord, pages, probleme) -> tuple[str, str]:
    """(link, label) of a problem: the page and field where it is fixed."""
    for page in pages:
        if page.contient(probleme.champ):
            field = probleme.champ.split("[")[0] if page.est_mesures else probleme.champ
            anchor = ident(field) if not page.est_mesures else "contenu"
            url = reverse("web:questionnaire", args=[accord.pk, page.cle]) + f"?erreurs=1#{anchor}"
            return url, f"{page.titre} › {probleme.champ}"
    return "", probleme.champ


def resume(accord, pages, problemes, page=None) -> list[dict]:
    out = []
    for probleme in problemes:
        url, label = _lien_probleme(accord, pages, probleme)
        if page is not None and page.contient(probleme.champ):
            field = probleme.champ if not page.est_mesures else None
            url = f"#{ident(field)}" if field else url
        message = probleme.message.split(" : écrivez")[0]
        if probleme.valeur not in (None, ""):
            message += f" (valeur : « {probleme.valeur} »)"
        out.append({"lien": url, "libelle": label, "message": message})
    return out


def _contexte_page(request, accord, pages, index, page, reponses, problemes, normalised) -> dict:
    champs, restants = formulaire.champs_de_page(page, reponses, problemes, normalised)
    groupes = []
    if page.est_mesures:
        groupes, restants = mesures.groupes(accord.type_document, reponses, restants)
    tout = formulaire.tous(champs)
    summary = resume(accord, pages, [p for p in problemes if page.contient(p.champ)], page)
    for item, probleme in zip(summary, [p for p in problemes if page.contient(p.champ)]):
        match = next((c for c in tout if probleme.champ in (c.nom,) or probleme.champ.startswith(c.nom + "[")), None)
        if match is not None:
            item["lien"], item["libelle"] = f"#{match.id}", match.question.libelle
    return {
        "accord": accord, "pages": pages, "page": page, "numero_page": index + 1, "nombre_etapes": len(pages) + 1,
        "champs": champs, "groupes_mesures": groupes, "erreurs_resume": summary,
        "precedente": pages[index - 1] if index > 0 else None,
        "suivante": pages[index + 1] if index + 1 < len(pages) else None,
        "conditions": bool(formulaire.conditionnels(champs)),
        "retour": request.GET.get("retour") == "revue" or request.POST.get("retour") == "revue",
    }


def questionnaire(request, pk: int, cle: str):
    accord = acces.accord(request, pk)
    pages, index, page = _page(accord, cle)
    if request.method == "POST":
        return _enregistrer(request, accord, pages, index, page)
    normalised, problemes = travail.valider(accord)
    shown = travail.problemes_de_page(page, problemes) if request.GET.get("erreurs") else []
    return render(request, "web/questionnaire.html",
                  _contexte_page(request, accord, pages, index, page, accord.reponses, shown, normalised))


def _reponses_postees(request, accord, page) -> dict:
    answers = web_pages.lire_page(request.POST, page)
    if page.est_mesures:
        answers.update(mesures.lire(request.POST, accord.type_document, travail.questionnaire_de(accord)))
    return web_pages.fusionner(accord.reponses, answers)


def _enregistrer(request, accord, pages, index, page):
    merged = _reponses_postees(request, accord, page)
    normalised, _ = travail.valider(accord, merged)
    merged = formulaire.retirer_masques(merged, page.questions, normalised)
    travail.enregistrer_reponses(accord, merged, acces.auteur(request), page.cle)
    normalised, problemes = travail.valider(accord)
    action = request.POST.get("action", "suivant")
    if request.POST.get("ajouter") or request.POST.get("retirer"):
        context = _contexte_page(request, accord, pages, index, page, accord.reponses, [], normalised)
        return render(request, "web/questionnaire.html", context)
    if action == "precedent" and index > 0:
        return redirect("web:questionnaire", accord.pk, pages[index - 1].cle)
    mine = travail.problemes_de_page(page, problemes)
    if mine:
        context = _contexte_page(request, accord, pages, index, page, accord.reponses, mine, normalised)
        return render(request, "web/questionnaire.html", context)
    if request.POST.get("retour") == "revue" or index + 1 >= len(pages):
        return redirect("web:revue", accord.pk)
    return redirect("web:questionnaire", accord.pk, pages[index + 1].cle)


@require_POST
def conditions(request, pk: int, cle: str):
    """htmx: conditional questions shown or hidden as the answers change (nothing is saved)."""
    accord = acces.accord(request, pk)
    _pages, _index, page = _page(accord, cle)
    merged = _reponses_postees(request, accord, page)
    normalised, _ = travail.valider(accord, merged)
    champs, _rest = formulaire.champs_de_page(page, merged, [], normalised)
    changed = [c for c in formulaire.conditionnels(champs)
               if request.POST.get(f"__visible.{c.nom}") != ("1" if c.visible else "0")]
    html = render_to_string("web/conditions.html", {"changes": changed}, request=request)
    return HttpResponse(html)


def revue(request, pk: int):
    accord = acces.accord(request, pk)
    pages = travail.pages_de(accord)
    normalised, problemes = travail.valider(accord)
    sections = []
    for page in pages:
        champs, _ = formulaire.champs_de_page(page, accord.reponses, [], normalised)
        lignes = [(c.question.libelle, _affiche(c, normalised)) for c in formulaire.tous(champs)
                  if c.visible and c.widget not in ("groupe", "blocs")]
        if page.est_mesures:
            groupes, _ = mesures.groupes(accord.type_document, accord.reponses, [])
            lignes += _lignes_mesures(groupes)
        sections.append({"page": page, "lignes": lignes})
    return render(request, "web/revue.html", {
        "accord": accord, "pages": pages, "page": None, "numero_page": len(pages) + 1,
        "nombre_etapes": len(pages) + 1, "sections": sections,
        "erreurs_resume": _sans_doublons(resume(accord, pages, problemes)
                                         + request.session.pop(f"erreurs-generation-{accord.pk}", [])),
        "generable": not problemes,
    })


def _sans_doublons(items: list[dict]) -> list[dict]:
    seen, out = set(), []
    for item in items:
        key = (item["libelle"], item["message"])
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _affiche(champ, normalised) -> str:
    text = champ.texte
    if champ.question.type == "choix" and text in champ.question.choix:
        return champ.question.choix[text]
    if not text and champ.question.defaut not in (None, "", []):
        default = champ.question.defaut
        return f"{champ.question.choix.get(default, default)} (par défaut)" if isinstance(default, str) else "(par défaut)"
    return text or "—"


def _lignes_mesures(groupes) -> list[tuple[str, str]]:
    retained = [line for g in groupes for line in g.lignes if line.etat in (mesures.RETENUE, mesures.MAINTENUE)]
    dropped = [line for g in groupes for line in g.lignes if line.etat == mesures.ECARTEE]
    lines = [("Mesures retenues", f"{nombre(len(retained), 'mesure')}, dont {sum(1 for l in retained if l.socle)} du socle")]
    for line in dropped:
        lines.append((f"Écartée : {line.clause.titre}", line.motif or "(sans motif)"))
    return lines


@require_POST
def generer(request, pk: int):
    accord = acces.accord(request, pk)
    brouillon = request.POST.get("mode") != "final"
    try:
        version = travail.generer(accord, brouillon=brouillon, auteur=acces.auteur(request),
                                  service=acces.service_de(request.user))
    except ContinuumError as exc:
        pages = travail.pages_de(accord)
        messages.error(request, "Le document n'a pas pu être généré : corrigez les problèmes ci-dessous.")
        request.session[f"erreurs-generation-{accord.pk}"] = [
            item for item in resume(accord, pages, travail.erreurs_de_generation(exc))]
        return redirect("web:revue", accord.pk)
    from generator.web.taches import demander_apercu

    demander_apercu(version)
    messages.success(request, f"Version {version.numero} générée ({'projet' if brouillon else 'version définitive'}).")
    return redirect("web:version", accord.pk, version.numero)
