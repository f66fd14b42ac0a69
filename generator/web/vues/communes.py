"""Commune autocompletion from the COG data, with the commune's EPCI suggested."""

from __future__ import annotations

import json
import re

from django.shortcuts import render

from generator import referentiel
from generator.erreurs import ReferentielErreur

_ID = re.compile(r"^champ-[A-Za-z0-9_-]{1,120}$")


def suggestions(request):
    field_id = request.GET.get("champ", "")
    if not _ID.match(field_id):
        field_id = ""
    text = next((v for k, v in request.GET.items() if k != "champ"), "").strip()[:100]
    ref = referentiel.charger()
    items = []
    chosen = None
    if re.fullmatch(r"\d{5}|2[ABab]\d{3}", text):
        try:
            chosen = ref.commune(text)
        except ReferentielErreur:
            chosen = None
    if chosen is None and len(text) >= 2:
        for commune in ref.suggerer_communes(text, limite=8):
            items.append({"commune": commune, "remplir": json.dumps({field_id: commune.code}),
                          "epci": _epci(ref, commune)})
    epci = _epci(ref, chosen) if chosen else None
    return render(request, "web/suggestions_communes.html", {
        "items": items, "choisie": chosen, "epci": epci, "texte": text,
        "remplir_epci": json.dumps({"champ-epci": epci.siren}) if epci else "",
    })


def _epci(ref, commune):
    if commune is None or not commune.epci_siren:
        return None
    try:
        return ref.epci(commune.epci_siren)
    except ReferentielErreur:
        return None
