"""An avenant drawn from the versions of a contract's answers.

The versions are given in order: the contract as signed, then the contract as
each earlier avenant left it, then the new version. Only the articles whose
content changes are amended; renumbering is never a modification, since the
signed contract keeps its numbers (``numerotation_signee``). Small changes are
drafted as targeted amendments (« Au deuxième alinéa de l'article 8 du
contrat, le nombre : « 25 » est remplacé par le nombre : « 40 ». »), larger
ones replace the article. The avenant has its own answers (number, signature,
effective date, deliberations: ``reponses_avenant``) and visas the contract and
the earlier avenants.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator import generation, rendu_docx, typographie
from generator.avenant_articles import Acte, modifications
from generator.document import Bloc, Chapitre, Document, Paragraphe, Titre
from generator.erreurs import AucuneModification, Probleme, ReponsesInvalides
from generator.lecture import lire_yaml
from generator.numerotation_signee import cles_articles, libelles_initiaux, libelles_suivants
from generator.plan import charger_plan
from generator.reponses_avenant import ReponsesAvenant, appliquer_deliberations
from generator.accords import nombre

TYPES_AVENANT = ("csi", "clcs", "cls")
_PRESENT_ACTE = [("du présent contrat", "du présent avenant"), ("le présent contrat", "le présent avenant"),
                 ("de la présente convention", "du présent avenant"), ("la présente convention", "le présent avenant")]


@dataclass
class _Version:
    raw: dict
    fichier: str


def avenant(*versions: Path, reponses: ReponsesAvenant | None = None, numero: int | None = None,
            effet: dt.date | None = None) -> tuple[Document, bytes]:
    """The avenant between the last two ``versions`` (answers files), numbered as the first was signed."""
    document = rediger(list(versions), reponses or ReponsesAvenant(), numero, effet)
    return document, rendu_docx.rendre(document, charger_plan(document.type_document).modele)


def rediger(chemins: list[Path], reponses: ReponsesAvenant, numero: int | None = None,
            effet: dt.date | None = None) -> Document:
    type_document, versions = _lire_versions(chemins)
    plan = charger_plan(type_document)
    acte = Acte(plan.intitule[:1].lower() + plan.intitule[1:], plan.intitule.split()[0].lower() in ("convention",))
    number = _numero(numero, reponses, len(versions), chemins[-1])

    signed_context, old, old_labels, new, labels = _deux_dernieres_versions(type_document, versions)
    changes = modifications(old, new, old_labels, labels, acte)
    if not changes:
        raise AucuneModification(
            f"{chemins[-1]} : aucun article ni l'annexe ne diffère de la version précédente ({chemins[-2]}) : "
            "aucun avenant n'est à rédiger")

    signing = _signature(versions, reponses, signed_context)
    frame, frame_context = _cadre(type_document, versions[-1], reponses, signing)
    effect = effet or reponses.effet or signing
    articles = _articles(changes, effect, acte)

    contract_date = signed_context.get("signature", {}).get("date")
    history = _historique(acte, contract_date, reponses, len(versions) - 2)
    procedure = next((label for key, label in labels.items() if key == f"{type_document}_avenant"), None)
    object_ = Bloc("avenant_objet", "Objet de l'avenant", [
        Paragraphe(f"Le présent avenant n° {number} modifie {acte.le(True)} {history}"
                   + (f", dans les conditions prévues à son article {procedure}." if procedure else ".")),
        Paragraphe(f"Il apporte {acte.au()} {_compte(len(changes))} : {_liste(c.resume for c in changes)}."),
    ])
    return Document(
        type_document=type_document,
        intitule=f"Avenant n° {number} {acte.au(True)}",
        sous_titre=new.sous_titre,
        entete=new.entete,
        avant_propos=_parties_et_visas(frame, acte, contract_date, reponses) + [object_],
        formule=new.formule or "Il est convenu ce qui suit :",
        titres=[Titre(1, "", [Chapitre("", articles)])],
        cloture=[_fait_a(frame_context, signing)],
        signataires=frame.signataires,
        annexe=[],
        annexe_intitule="",
        annexe_note="",
        brouillon=False,
        proprietes={"titre": f"Avenant n° {number} – {new.proprietes.get('titre', plan.intitule)}",
                    "date": signing,
                    "effet": effect,  # the effective date it states (None: the last signature), for the registry
                    "identifiant": f"{new.proprietes.get('identifiant', '')};avenant:{number}",
                    "version": new.proprietes.get("version", "")},  # this generation, for the registry
    )


def _deux_dernieres_versions(type_document: str, versions: list) -> tuple[dict, Document, dict, Document, dict]:
    """The signed contract's context, then the previous and the last version assembled, each with its article
    labels: articles keep the numbers the signed contract gave them, new ones take « bis », abrogated ones stay
    abrogated (libelles_suivants), version after version."""
    signed, _, signed_context = generation.assembler(type_document, versions[0].raw, versions[0].fichier, brouillon=False)
    labels, abrogated = libelles_initiaux(signed), set()
    old, old_labels = signed, labels
    for previous, current in zip(versions, versions[1:]):
        natural, _, _ = generation.assembler(type_document, current.raw, current.fichier, brouillon=False)
        new_labels = libelles_suivants(labels, cles_articles(natural), abrogated)
        abrogated |= {label for key, label in labels.items() if key not in new_labels}
        if current is versions[-1]:
            old = generation.assembler(type_document, previous.raw, previous.fichier, brouillon=False, libelles=labels)[0]
            old_labels = labels
        labels = new_labels
    new = generation.assembler(type_document, versions[-1].raw, versions[-1].fichier, brouillon=False,
                               libelles=labels)[0]
    return signed_context, old, old_labels, new, labels


def _articles(changes: list, effect: dt.date | None, acte: Acte) -> list[Bloc]:
    """One article per change, then the entry into force."""
    articles = [Bloc(f"avenant_article_{i}", c.titre, c.paragraphes, numero=i) for i, c in enumerate(changes, start=1)]
    articles.append(Bloc("avenant_entree_en_vigueur", "Entrée en vigueur", [
        Paragraphe(f"Le présent avenant prend effet le {typographie.date_longue(effect)}." if effect else
                   "Le présent avenant prend effet à la date de sa signature par la dernière des parties."),
        Paragraphe(f"Les stipulations {acte.du()} qui ne sont pas modifiées par le présent avenant demeurent applicables."),
    ], numero=len(articles) + 1))
    return articles


def _lire_versions(chemins: list[Path]) -> tuple[str, list[_Version]]:
    if len(chemins) < 2:
        raise ReponsesInvalides("avenant", [Probleme("versions", "indiquez au moins deux versions : le contrat signé et la nouvelle version")])
    versions, problems = [], []
    for path in chemins:
        raw = lire_yaml(path)
        if not isinstance(raw, dict):
            problems.append(Probleme(str(path), "ce fichier ne contient pas des réponses (suite de « clé: valeur »)"))
            continue
        versions.append(_Version(raw, str(path)))
    if problems:
        raise ReponsesInvalides(str(chemins[-1]), problems)
    kinds = {v.raw.get("type") if isinstance(v.raw.get("type"), str) else None for v in versions}
    if len(kinds) != 1 or None in kinds:
        raise ReponsesInvalides(str(chemins[-1]), [Probleme(
            "type", "toutes les versions doivent être des réponses du même type de document",
            ", ".join(sorted(str(k) for k in kinds)))])
    type_document = kinds.pop()
    if type_document not in TYPES_AVENANT:
        raise ReponsesInvalides(str(chemins[-1]), [Probleme(
            "type", f"un avenant modifie un contrat ou une convention ({', '.join(TYPES_AVENANT)}) ; "
                    "un arrêté se modifie par un arrêté modificatif", type_document)])
    return type_document, versions


def _numero(numero: int | None, reponses: ReponsesAvenant, count: int, fichier: Path) -> int:
    """The avenant's number: given, or the number of versions after the signed one."""
    expected = count - 1
    given = [n for n in (numero, reponses.numero) if n is not None]
    if len(set(given)) > 1:
        raise ReponsesInvalides(str(fichier), [Probleme("numero", "le numéro de l'avenant diffère entre --numero et ses réponses",
                                                        ", ".join(str(n) for n in given))])
    number = given[0] if given else expected
    if reponses.precedents and len(reponses.precedents) != number - 1:
        raise ReponsesInvalides(str(fichier), [Probleme(
            "avenants_precedents", f"l'avenant n° {number} doit viser {nombre(number - 1, 'avenant précédent')}",
            len(reponses.precedents))])
    if count > 2 and len(reponses.precedents) != count - 2:
        raise ReponsesInvalides(str(fichier), [Probleme(
            "avenants_precedents", "indiquez le numéro et la date de signature de chaque avenant précédent, "
                                   f"un par version intermédiaire ({count - 2})", len(reponses.precedents))])
    return number


def _signature(versions: list[_Version], reponses: ReponsesAvenant, signed_context: dict) -> dt.date | None:
    """The avenant's signature date: its own answer, else the new version's when it differs from the contract's."""
    if reponses.date:
        return reponses.date
    contract = signed_context.get("signature", {}).get("date")
    from generator.questionnaire.validation import lire_date
    candidate = lire_date((versions[-1].raw.get("signature") or {}).get("date"))
    return candidate if candidate and candidate != contract else None


def _cadre(type_document: str, version: _Version, reponses: ReponsesAvenant,
           signing: dt.date | None) -> tuple[Document, dict]:
    """Parties, visas and signatories of the new version, with the avenant's own signature and deliberations."""
    raw = copy.deepcopy(version.raw)
    if "signataires" in raw:
        raw["signataires"] = appliquer_deliberations(raw["signataires"], reponses.deliberations)
    signature = dict(raw.get("signature") or {})
    if reponses.lieu:
        signature["lieu"] = reponses.lieu
    if signing:
        signature["date"] = signing
    raw["signature"] = signature
    document, _, context = generation.assembler(type_document, raw, version.fichier, brouillon=False)
    return document, context


def _parties_et_visas(frame: Document, acte: Acte, contract_date: dt.date | None,
                      reponses: ReponsesAvenant) -> list[Bloc]:
    out = []
    for bloc in frame.avant_propos:
        if bloc.cle.endswith(("_parties", "_autorite")):
            out.append(_pour_avenant(bloc))
        elif bloc.cle.endswith("_visas"):
            out.append(_visas(_pour_avenant(bloc), acte, contract_date, reponses))
    return out


def _pour_avenant(bloc: Bloc) -> Bloc:
    """The contract's parties or visas, now authorising the signature of the avenant."""
    def swap(text: str) -> str:
        for before, after in _PRESENT_ACTE:
            text = text.replace(before, after)
        return text
    return Bloc(bloc.cle, bloc.titre, [Paragraphe(swap(p.texte), p.style, p.cellules) for p in bloc.paragraphes],
                citation=bloc.citation, version=bloc.version, titre_visible=bloc.titre_visible)


def _visas(bloc: Bloc, acte: Acte, contract_date: dt.date | None, reponses: ReponsesAvenant) -> Bloc:
    """Visas of the contract and of each earlier avenant, placed before the deliberations."""
    added = [f"Vu {acte.le(True)} {acte.signe} le {typographie.date_longue(contract_date)}" if contract_date
             else f"Vu {acte.le(True)}"]
    added += [f"Vu l'avenant n° {p.numero} {acte.au()}, signé le {typographie.date_longue(p.date)}"
              for p in reponses.precedents]
    texts = [p.texte.rstrip(" ;.") for p in bloc.paragraphes]
    position = next((i for i, t in enumerate(texts) if t.startswith("Vu la délibération")), len(texts))
    texts[position:position] = added
    paragraphs = [Paragraphe(f"{t}{' ;' if i < len(texts) - 1 else '.'}") for i, t in enumerate(texts)]
    return Bloc(bloc.cle, bloc.titre, paragraphs, citation=bloc.citation, version=bloc.version,
                titre_visible=bloc.titre_visible)


def _historique(acte: Acte, contract_date: dt.date | None, reponses: ReponsesAvenant, earlier: int) -> str:
    signed = f"{acte.signe} le {typographie.date_longue(contract_date)}" if contract_date else acte.signe
    if not reponses.precedents:
        return signed
    amended = _liste(f"n° {p.numero} du {typographie.date_longue(p.date)}" for p in reponses.precedents)
    noun = "l'avenant" if len(reponses.precedents) == 1 else "les avenants"
    return f"{signed}, modifié{'e' if acte.feminin else ''} par {noun} {amended}"


def _fait_a(context: dict, signing: dt.date | None) -> Bloc:
    place = context.get("lieu_signature") or {}
    where = place.get("a") if isinstance(place, dict) else getattr(place, "a", None)
    date = typographie.date_longue(signing) if signing else "……………………"
    copies = context.get("nombre_exemplaires") or len(context.get("liste_signataires") or []) or 2
    return Bloc("avenant_fait_a", "Signature", [Paragraphe(
        f"Fait {where or 'à ……………………'}, le {date}, en {typographie.en_lettres(copies)} exemplaires originaux.")],
        titre_visible=False)


def _compte(count: int) -> str:
    return "une modification" if count == 1 else f"les {typographie.en_lettres(count)} modifications suivantes"


def _liste(items) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} et {items[-1]}"
