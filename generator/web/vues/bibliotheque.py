"""The clause library: types, volets and clauses with status, source, references and rendered sample."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from generator import bibliotheque as lib
from generator.web import travail
from generator.web.mesures import PARTIES


def bibliotheque(request):
    library = lib.charger()
    types = [(t, len(library.pour_type(t.code)), sum(1 for c in library.pour_type(t.code) if c.obligatoire))
             for t in travail.types_documents()]
    return render(request, "web/bibliotheque.html", {"types": types})


def par_type(request, code: str):
    chosen = travail.type_document(code)
    if chosen is None:
        raise Http404("type inconnu")
    library = lib.charger()
    volets: dict[str, list] = {}
    for clause in sorted(library.pour_type(code), key=lambda c: (c.partie, c.ordre, c.id)):
        volets.setdefault(clause.volet, []).append(clause)
    groups = sorted(volets.items(), key=lambda item: (library.volets.get(item[0]) or {}).get("ordre", 99))
    return render(request, "web/bibliotheque_type.html", {
        "type": chosen, "parties": PARTIES,
        "volets": [((library.volets.get(v) or {}).get("intitule", v), clauses) for v, clauses in groups]})


def clause(request, clause_id: str):
    item = lib.charger().get(clause_id)
    if item is None:
        raise Http404("clause inconnue")
    from generator.plan import charger_plan

    label = charger_plan(item.types[0]).libelle(item.mesure) if item.types else "mesure du socle"
    return render(request, "web/clause.html", {"clause": item, "parties": PARTIES, "libelle_socle": label,
                                               "type": travail.type_document(item.types[0]) if item.types else None})
