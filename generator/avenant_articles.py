"""The articles of an avenant: what changed between two versions, in the words an avenant uses.

Each article of the signed contract that changed becomes one article of the avenant, in the signed
contract's order: a targeted amendment (« Au huitième alinéa de l'article 42 du contrat, le mot : « deux »
est remplacé par le mot : « quatre » ») when the change is small enough (generator/modification_ciblee.py),
else the article replaced as a whole; articles inserted (« Après l'article 4 du contrat, il est inséré un
article 4 bis ainsi rédigé ») or abrogated; then the annex table, line by line.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import modification_ciblee
from generator.document import CORPS, LISTE, Bloc, Document, LigneAnnexe, Paragraphe


@dataclass(frozen=True)
class Acte:
    """How the amended act is named: « le contrat », « la convention »."""

    nom: str  # "contrat de sécurité intégrée"
    feminin: bool

    @property
    def court(self) -> str:
        return self.nom.split()[0]

    def le(self, complet: bool = False) -> str:
        return f"{'la' if self.feminin else 'le'} {self.nom if complet else self.court}"

    def du(self, complet: bool = False) -> str:
        return f"{'de la' if self.feminin else 'du'} {self.nom if complet else self.court}"

    def au(self, complet: bool = False) -> str:
        return f"{'à la' if self.feminin else 'au'} {self.nom if complet else self.court}"

    @property
    def signe(self) -> str:
        return "signée" if self.feminin else "signé"


@dataclass
class Modification:
    """One article of the avenant: its title, its chapeau and the quoted or amending text."""

    titre: str
    paragraphes: list[Paragraphe]
    resume: str  # "la modification de l'article 8", for the avenant's object


def modifications(old: Document, new: Document, old_labels: dict[str, str], new_labels: dict[str, str],
                  acte: Acte) -> list[Modification]:
    """Every change of article content, in the signed contract's order, then the annex."""
    before = {b.cle: b for b in old.blocs() if b.numero is not None}
    after = {b.cle: b for b in new.blocs() if b.numero is not None}
    events: list[tuple[tuple, Modification]] = []
    old_order = {key: index for index, key in enumerate(before)}
    anchor, inserted = -1, 0
    for key, bloc in after.items():
        if key in before:
            anchor, inserted = old_order[key], 0
            change = _modification(before[key], bloc, old_labels[key], acte)
            if change:
                events.append(((anchor, 0), change))
            continue
        inserted += 1
        label = new_labels[key]
        previous = next((old_labels[k] for k in reversed(list(after)[:list(after).index(key)]) if k in before), None)
        where = (f"Après l'article {previous} {acte.du()}, il est inséré" if previous
                 else f"Avant l'article 1er {acte.du()}, il est inséré")
        events.append(((anchor, inserted), Modification(
            f"Insertion d'un article {label}", [Paragraphe(f"{where} un article {label} ainsi rédigé :")] + _cite(bloc, label),
            f"l'insertion d'un article {label}")))
    for key, bloc in before.items():
        if key not in after:
            label = old_labels[key]
            events.append(((old_order[key], 0), Modification(
                f"Abrogation de l'article {label}", [Paragraphe(f"L'article {label} {acte.du()} est abrogé.")],
                f"l'abrogation de l'article {label}")))
    out = [change for _, change in sorted(events, key=lambda e: e[0])]
    annex = _annexe(old.annexe, new.annexe, old_labels, new_labels, acte)
    return out + ([annex] if annex else [])


def _modification(old: Bloc, new: Bloc, label: str, acte: Acte) -> Modification | None:
    if (old.titre, [(p.style, p.texte, p.cellules) for p in old.paragraphes]) == \
            (new.titre, [(p.style, p.texte, p.cellules) for p in new.paragraphes]):
        return None
    title, summary = f"Modification de l'article {label}", f"la modification de l'article {label}"
    targeted = modification_ciblee.changements(old.paragraphes, new.paragraphes) if old.titre == new.titre else None
    if targeted is None:
        return Modification(title, [Paragraphe(f"L'article {label} {acte.du()} est remplacé par les dispositions suivantes :")]
                            + _cite(new, label), summary)
    single = len(old.paragraphes) == 1
    if len(targeted) == 1:
        change = targeted[0]
        where = change.emplacement(single)
        head = f"{where[:1].upper()}{where[1:]} de l'article {label} {acte.du()}" if where else \
            f"À l'article {label} {acte.du()}"
        return Modification(title, [Paragraphe(f"{head}, {change.operation()}.")], summary)
    lines = [Paragraphe(f"L'article {label} {acte.du()} est ainsi modifié :")]
    for index, change in enumerate(targeted, start=1):
        end = "." if index == len(targeted) else " ;"
        where = change.emplacement(single)
        lines.append(Paragraphe(f"{index}° {where[:1].upper()}{where[1:]}, {change.operation()}{end}"))
    return Modification(title, lines, summary)


def _cite(bloc: Bloc, label: str) -> list[Paragraphe]:
    """The article as the avenant quotes it, between French quotation marks."""
    quoted = [Paragraphe(f"« Article {label} – {bloc.titre}")]
    for paragraph in bloc.paragraphes:
        style = LISTE if paragraph.style == LISTE else CORPS
        quoted.append(Paragraphe(paragraph.texte, style))
    quoted[-1] = Paragraphe(quoted[-1].texte + " »", quoted[-1].style)
    return quoted


def _ligne(row: LigneAnnexe, labels: dict[str, str]) -> str:
    label = labels.get(row.cle) if row.cle else None
    return f"{row.statut}, article {label}" if label else row.statut


def _annexe(old: list[LigneAnnexe], new: list[LigneAnnexe], old_labels: dict[str, str],
            new_labels: dict[str, str], acte: Acte) -> Modification | None:
    """The annex table amended where a measure's status (or the article that carries it) changes."""
    def key(row: LigneAnnexe) -> str:
        return row.code if row.code != "—" else row.libelle

    before = {key(r): r for r in old}
    items = []
    for row in new:
        previous = before.get(key(row))
        was = _ligne(previous, old_labels) if previous else None
        now = _ligne(row, new_labels)
        if was == now:
            continue
        name = f"la mesure {row.code} (« {row.libelle} »)" if row.code != "—" else f"la mesure « {row.libelle} »"
        if was is None:
            items.append(f"une ligne relative à {name} est ajoutée, avec la mention : « {now} »")
        else:
            items.append(f"à la ligne relative à {name}, la mention : « {was} » est remplacée par la mention : « {now} »")
    now_keys = {key(r) for r in new}
    for row in old:
        if key(row) not in now_keys:
            items.append(f"la ligne relative à la mesure « {row.libelle} » est supprimée")
    if not items:
        return None
    lines = [Paragraphe(f"Le tableau récapitulatif annexé {acte.au()} est ainsi modifié :")]
    for index, item in enumerate(items, start=1):
        lines.append(Paragraphe(f"{index}° {item[:1].upper()}{item[1:]}{'.' if index == len(items) else ' ;'}"))
    return Modification("Modification de l'annexe", lines, "la modification du tableau récapitulatif annexé")
