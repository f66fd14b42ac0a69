"""Assemble the selected clauses into a document: order, number, render.

Articles are numbered here, once the selection is known, so dropping an
optional measure never leaves a gap, and ``article('id')`` cross-references
in clause texts resolve to the final numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import arbre, rendu_texte, typographie
from generator.bibliotheque import Bibliotheque, Clause
from generator.bibliotheque_locale import variantes_locales
from generator.blocs_assembles import BlocsAssembles
from generator.document import Bloc, Chapitre, Document, LigneAnnexe, Signataire, Titre
from generator.erreurs import AssemblageErreur, Probleme
from generator.plan import Plan
from generator.selection import AUTOMATIQUE, NON_RETENUE, RETENUE, SOCLE, SOCLE_ECARTEE, Choix

LIBRE = "libre"
_PARTIES = {"etat": "État", "collectivite": "Collectivité", "conjointe": "Conjointe"}
_blocs_assembles = BlocsAssembles()  # the same clause, text and place give the same block in every document
_STATUTS_ANNEXE = {SOCLE: "Socle obligatoire", RETENUE: "Retenue", AUTOMATIQUE: "Retenue", NON_RETENUE: "Non retenue",
                   SOCLE_ECARTEE: "Socle – étudiée, non retenue"}


@dataclass
class _Entree:
    """A clause placed in the plan, or a free measure written by the parties."""

    cle: str
    titre: str
    forme: str
    clause: Clause | None = None
    texte_libre: str = ""
    socle: bool = False
    element: object = None  # the list item of a repeated clause
    rang: int = 0


def variables_manquantes(choix: dict[str, Choix], contexte: dict) -> list[Probleme]:
    """Every required variable of every included clause that has no answer, listed before rendering."""
    missing: dict[str, set[str]] = {}
    for selected in choix.values():
        if not selected.inclus:
            continue
        for path, kind in selected.clause.variables.items():
            if str(kind).endswith("?"):
                continue
            if arbre.lire(contexte, path) in (None, ""):
                missing.setdefault(path, set()).add(selected.clause.id)
    return [
        Probleme(path, f"réponse nécessaire à la clause {', '.join(sorted(ids))}")
        for path, ids in sorted(missing.items())
    ]


def assembler(plan: Plan, bibliotheque: Bibliotheque, choix: dict[str, Choix], contexte: dict,
              brouillon: bool = True, libelles: dict[str, str] | None = None) -> Document:
    """``libelles`` maps article keys to the numbers of a signed contract ("4 bis"): cross-references
    then cite those numbers (an avenant quotes articles as the signed contract numbers them)."""
    included = {cid: c for cid, c in choix.items() if c.inclus}
    layout = _disposition(plan, bibliotheque, included, contexte)

    numeros, premiers = _numeroter(layout)
    inclus = set(included)
    renvois: dict[str, int | str] = dict(numeros)
    if libelles:
        renvois = {cle: libelles.get(premiers.get(cle, cle), numero) for cle, numero in numeros.items()}

    def bloc(entry: _Entree) -> Bloc:
        if entry.clause is None:
            return Bloc(entry.cle, entry.titre, rendu_texte.paragraphes_libres(entry.texte_libre), numeros.get(entry.cle),
                        citation="Mesure supplémentaire convenue entre les parties (annexe de la circulaire : "
                                 "« de nouvelles mesures non recensées pourront être ajoutées »)")
        clause = entry.clause
        context = contexte if clause.repeter is None else {**contexte, "element": entry.element, "rang": entry.rang}
        text = rendu_texte.rendre(clause, context, renvois, inclus, marques=True)
        title = clause.titre if clause.repeter is None else _texte(clause.titre, context, plan)
        return _blocs_assembles.bloc(plan, clause, entry.cle, entry.socle, numeros.get(entry.cle), text, title)

    titres = []
    for index, (title, chapters) in enumerate(layout["titres"], start=1):
        titres.append(Titre(index, title, [Chapitre(name, [bloc(e) for e in entries]) for name, entries in chapters]))
    signataires = [
        Signataire(f"{p['la_qualite'][:1].upper()}{p['la_qualite'][1:]},", p["signature"])
        for p in contexte.get("liste_signataires", [])
    ]
    return Document(
        type_document=plan.type_document,
        intitule=plan.intitule,
        sous_titre=_texte(plan.sous_titre, contexte, plan),
        entete=contexte.get("entete") or (f"Préfecture {contexte['departement']['de']}" if "departement" in contexte else ""),
        avant_propos=[bloc(e) for e in layout["avant_propos"]],
        formule=plan.formule,
        titres=titres,
        cloture=[bloc(e) for e in layout["cloture"]],
        signataires=signataires,
        annexe=_annexe(plan, bibliotheque, choix, numeros, contexte) if plan.annexe_recapitulative else [],
        annexe_intitule=f"Annexe – Récapitulatif des {plan.annexe_intitule}",
        annexe_note=plan.annexe_note,
        brouillon=brouillon,
        images=dict(contexte.get("graphiques") or {}),
        proprietes={
            "titre": f"{plan.intitule} – {contexte['commune']['nom']}" if "commune" in contexte else plan.intitule,
            "date": contexte.get("signature", {}).get("date"),
            "variantes_locales": variantes_locales(included),
            "table_des_matieres": bool(contexte.get("table_des_matieres")),  # answer: a contents page (rendu_docx)
        },
    )


def _numeroter(layout: dict) -> tuple[dict[str, int], dict[str, str]]:
    """Article numbers by key, in reading order, and each repeated clause's first article key."""
    numeros: dict[str, int] = {}
    premiers: dict[str, str] = {}  # repeated clause id -> key of its first article
    counter = 0
    for _title, chapters in layout["titres"]:
        for _chapter, entries in chapters:
            for entry in entries:
                if entry.forme == "article":
                    counter += 1
                    numeros[entry.cle] = counter
                    if entry.rang == 1:  # article('id') of a repeated clause names its first article
                        numeros[entry.clause.id] = counter
                        premiers[entry.clause.id] = entry.cle
    return numeros, premiers


def _disposition(plan: Plan, bibliotheque: Bibliotheque, included: dict[str, Choix], contexte: dict) -> dict:
    """Where each included clause goes: before the formula, in which title and chapter, at the end."""
    def entries_of(clause: Clause) -> list[_Entree]:
        socle = included[clause.id].statut == SOCLE
        if clause.repeter is None:
            return [_Entree(clause.id, clause.titre, clause.forme, clause, socle=socle)]
        items = arbre.lire(contexte, clause.repeter) or []
        return [_Entree(f"{clause.id}_{rank}", clause.titre, clause.forme, clause, socle=socle, element=item, rang=rank)
                for rank, item in enumerate(items, start=1)]

    def named(ids) -> list[_Entree]:
        out = []
        for clause_id in ids:
            if clause_id not in bibliotheque.clauses:
                raise AssemblageErreur(f"{plan.fichier} : la clause {clause_id!r} du plan n'existe pas dans la bibliothèque")
            if clause_id in included:
                out.extend(entries_of(bibliotheque.clauses[clause_id]))
        return out

    named_ids = plan.clauses_nommees()
    libres = list(contexte.get("mesures_supplementaires") or [])
    titres = []
    for titre in plan.titres:
        chapters: list[tuple[str, list[_Entree]]] = []
        if titre.partie is None:
            entries = named(titre.clauses)
            if entries:
                chapters.append(("", entries))
        else:
            by_volet: dict[str, list[Clause]] = {}
            for selected in included.values():
                clause = selected.clause
                if clause.partie == titre.partie and clause.id not in named_ids:
                    by_volet.setdefault(clause.volet, []).append(clause)
            volets = sorted(by_volet, key=lambda v: (bibliotheque.volets[v]["ordre"], v))
            for volet in volets:
                clauses = sorted(by_volet[volet], key=_ordre_clause)
                chapters.append((bibliotheque.volets[volet]["intitule"], [e for c in clauses for e in entries_of(c)]))
            free = [
                _Entree(f"{plan.type_document}_libre_{i}", m["titre"], "article", texte_libre=m["texte"])
                for i, m in enumerate(libres, start=1) if m["partie"] == titre.partie
            ]
            if free:
                chapters.append((bibliotheque.volets["complementaires"]["intitule"], free))
        if chapters:
            numbered = len(chapters) > 1 or chapters[0][0]
            if numbered:
                chapters = [(f"Chapitre {typographie.rang_titre(i)} – {name}", entries)
                            for i, (name, entries) in enumerate(chapters, start=1)]
            heading = _texte(titre.intitule, contexte, plan).upper() if titre.intitule else ""
            numbered = sum(1 for t in plan.titres if t.intitule) > 1
            if heading and numbered:
                heading = f"TITRE {typographie.rang_titre(len(titres) + 1)} – {heading}"
            titres.append((heading, chapters))
    return {"avant_propos": named(plan.avant_propos), "titres": titres, "cloture": named(plan.cloture)}


def _ordre_clause(clause: Clause) -> tuple:
    if clause.mesure:
        head, _, rank = clause.mesure.partition(".")
        return (0, clause.ordre, head, int(rank) if rank.isdigit() else 0, clause.id)
    return (1, clause.ordre, "", 0, clause.id)


def _annexe(plan: Plan, bibliotheque: Bibliotheque, choix: dict[str, Choix], numeros: dict[str, int],
            contexte: dict) -> list[LigneAnnexe]:
    by_measure = {c.clause.mesure: c for c in choix.values() if c.clause.mesure}
    rows = []
    for mesure in plan.mesures_annexe:
        selected = by_measure.get(mesure.code)
        statut = _STATUTS_ANNEXE[selected.statut] if selected else "Non retenue"
        if selected and selected.statut == SOCLE:
            statut = plan.statut(mesure.code)
        elif selected and selected.statut == SOCLE_ECARTEE:  # the family's own words ("Axe recommandé – non retenu")
            statut = plan.statut_ecartee
        if selected and selected.motif:  # studied and set aside: the reason is part of the contract
            statut = f"{statut} : {selected.motif}"
        rows.append(LigneAnnexe(
            mesure.code, _PARTIES[mesure.partie], bibliotheque.volets[mesure.volet]["intitule"], mesure.libelle, statut,
            numeros.get(selected.clause.id) if selected else None, selected.clause.id if selected else "",
        ))
    for selected in choix.values():
        clause = selected.clause
        if selected.inclus and clause.nature == "complementaire":
            rows.append(LigneAnnexe("—", _PARTIES[clause.partie], bibliotheque.volets[clause.volet]["intitule"],
                                    clause.titre, "Mesure complémentaire", numeros.get(clause.id), clause.id))
    for index, mesure in enumerate(contexte.get("mesures_supplementaires") or [], start=1):
        rows.append(LigneAnnexe("—", _PARTIES.get(mesure["partie"], ""), "Mesures complémentaires", mesure["titre"],
                                "Mesure supplémentaire", numeros.get(f"{plan.type_document}_libre_{index}"),
                                f"{plan.type_document}_libre_{index}"))
    # in article order, as the reader meets them; the measures not retained last, in the circulaire's order
    return sorted(rows, key=lambda line: (line.article is None, line.article or 0))


def _texte(template: str, contexte: dict, plan: Plan) -> str:
    try:
        return rendu_texte.normaliser(rendu_texte.compiler(template).render(**contexte))
    except Exception as exc:  # noqa: BLE001 - a broken plan template is reported with its file
        raise AssemblageErreur(f"{plan.fichier} : intitulé {template!r} impossible à rendre ({exc})") from None
