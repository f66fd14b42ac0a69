"""An avenant drawn from two versions of the same document's answers.

Each changed article is replaced, each new one inserted (« article 4 bis »),
each removed one abrogated, citing the article numbers of the signed
contract. The avenant has its own parties, visas, effective date and
signatures, taken from the new version.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator import generation, rendu_docx, typographie
from generator.document import CORPS, LISTE, Bloc, Chapitre, Document, Paragraphe, Titre, numero_article
from generator.plan import charger_plan

_RANGS = ["bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "nonies", "decies"]


def _articles(document: Document) -> dict[str, Bloc]:
    return {b.cle: b for b in document.blocs() if b.numero is not None}


def _contenu(bloc: Bloc) -> tuple:
    return bloc.titre, tuple((p.style, p.texte) for p in bloc.paragraphes)


def _cite(bloc: Bloc, numero: str) -> list[Paragraphe]:
    """The article as the avenant quotes it, between French quotation marks."""
    lines = [f"« Article {numero} – {bloc.titre}"] + [p.texte for p in bloc.paragraphes]
    lines[-1] += " »"
    return [Paragraphe(line, LISTE if p_style == LISTE else CORPS)
            for line, p_style in zip(lines, [CORPS] + [p.style for p in bloc.paragraphes])]


def changements(ancien: Document, nouveau: Document) -> list[tuple[str, str, list[Paragraphe]]]:
    """(title, chapeau, quoted text) of each article of the avenant, in the new document's order."""
    old, new = _articles(ancien), _articles(nouveau)
    out = []
    previous_old: Bloc | None = None
    inserted_after: dict[str, int] = {}
    for key, bloc in new.items():
        if key in old:
            before = old[key]
            number = numero_article(before.numero)
            if _contenu(before) != _contenu(bloc):
                out.append((f"Modification de l'article {number}",
                            f"L'article {number} du contrat est remplacé par les dispositions suivantes :",
                            _cite(bloc, number)))
            previous_old = before
            continue
        anchor = previous_old.cle if previous_old else ""
        rank = inserted_after.get(anchor, 0)
        inserted_after[anchor] = rank + 1
        if previous_old:
            number = f"{numero_article(previous_old.numero)} {_RANGS[min(rank, len(_RANGS) - 1)]}"
            chapeau = f"Il est inséré après l'article {numero_article(previous_old.numero)} du contrat un article {number} ainsi rédigé :"
        else:
            number = f"1er A{'' if rank == 0 else rank + 1}"
            chapeau = f"Il est inséré avant l'article 1er du contrat un article {number} ainsi rédigé :"
        out.append((f"Insertion d'un article {number}", chapeau, _cite(bloc, number)))
    for key, bloc in old.items():
        if key not in new:
            number = numero_article(bloc.numero)
            out.append((f"Abrogation de l'article {number}", f"L'article {number} du contrat est abrogé.", []))
    return out


def avenant(ancien: Path, nouveau: Path, numero: int = 1, effet: dt.date | None = None) -> tuple[Document, bytes]:
    type_document, (old, old_context), (new, new_context) = generation.deux_versions(ancien, nouveau)
    plan = charger_plan(type_document)
    signed = old_context.get("signature", {}).get("date")
    effect = effet or new_context.get("signature", {}).get("date") or dt.date.today()
    reference = f"le {typographie.date_longue(signed)}" if signed else ""

    articles = []
    for title, chapeau, quoted in changements(old, new):
        articles.append(Bloc(f"avenant_article_{len(articles) + 1}", title, [Paragraphe(chapeau)] + quoted,
                             numero=len(articles) + 1))
    articles.append(Bloc("avenant_entree_en_vigueur", "Entrée en vigueur", [
        Paragraphe(f"Le présent avenant prend effet le {typographie.date_longue(effect)}."),
        Paragraphe("Les stipulations du contrat qui ne sont pas modifiées par le présent avenant demeurent applicables."),
    ], numero=len(articles) + 1))
    preamble = Bloc("avenant_objet", "Objet de l'avenant", [Paragraphe(
        f"Le présent avenant n° {numero} modifie le {plan.intitule.lower()} signé {reference} entre les parties, "
        f"dans les conditions prévues par ses stipulations relatives à sa modification.".replace("  ", " ")),
        Paragraphe(f"Il comporte {len(articles) - 1} modification(s) du contrat.")])
    keep = [b for b in new.avant_propos if b.cle.endswith(("_parties", "_visas", "_autorite"))]
    document = Document(
        type_document=type_document,
        intitule=f"Avenant n° {numero} au {plan.intitule.lower()}",
        sous_titre=new.sous_titre,
        entete=new.entete,
        avant_propos=keep + [preamble],
        formule=new.formule or "Il est convenu ce qui suit :",
        titres=[Titre(1, "", [Chapitre("", articles)])],
        cloture=list(new.cloture),
        signataires=new.signataires,
        annexe=[],
        annexe_intitule="",
        annexe_note="",
        brouillon=False,
        proprietes={"titre": f"Avenant n° {numero} – {new.proprietes.get('titre', plan.intitule)}",
                    "identifiant": f"{new.proprietes.get('identifiant', '')};avenant:{numero}"},
    )
    return document, rendu_docx.rendre(document, plan.modele)
