"""Lint of the clause library: `continuum clauses verifier`.

Checks the schema, Jinja syntax, that every variable is declared and answered
by the questionnaire, that every sample renders to its expected text, and
that every measure of an annex catalogue is mapped to a clause.
"""

from __future__ import annotations

from collections.abc import Iterator

import jinja2

from generator import rendu_texte
from generator.bibliotheque import Bibliotheque, Clause, lire_bibliotheque
from generator.erreurs import ContinuumError, Probleme
from generator.analyse_gabarits import chemins_utilises, references_articles, renvois_inconditionnels, textes_cites
from generator.gabarits import environnement
from generator.lignes_yaml import ligne_du_texte, position
from generator.plan import Plan, charger_plan, types_disponibles
from generator.questionnaire.definition import charger_questionnaire


def verifier() -> tuple[Bibliotheque, list[Probleme]]:
    bibliotheque, problemes = lire_bibliotheque()
    plans: dict[str, Plan] = {}
    catalogues: dict[str, dict[str, str]] = {}
    for type_document in types_disponibles():
        try:
            plans[type_document] = charger_plan(type_document)
            catalogues[type_document] = charger_questionnaire(plans[type_document].questionnaire).catalogue()
            problemes += _verifier_regles(charger_questionnaire(plans[type_document].questionnaire))
        except ContinuumError as exc:
            problemes.append(Probleme(f"data/documents/{type_document}.yaml", str(exc)))
    motives = {t for t in plans if _socle_ecartable(plans[t])}
    for clause in bibliotheque.clauses.values():
        problemes += _verifier_clause(clause, bibliotheque, catalogues)
        problemes += _verifier_renvois_socle(clause, bibliotheque, motives)
    for type_document, plan in plans.items():
        problemes += _verifier_plan(plan, bibliotheque)
    return bibliotheque, problemes


def _verifier_regles(questionnaire) -> list[Probleme]:
    """A ``requis_si`` that reads an unknown answer (a typo) would silently never apply."""
    from generator.questionnaire.validation import regles_inconnues

    return [Probleme(f"{questionnaire.fichier} › {question.chemin}.requis_si",
                     "la règle lit une réponse inconnue du questionnaire (faute de frappe ?)", path)
            for question in questionnaire.parcourir() if question.requis_si
            for path in regles_inconnues(questionnaire, question.requis_si)]


def _p(clause: Clause, champ: str, message: str, valeur: object = None) -> Probleme:
    return Probleme(position(clause.fichier, champ), message, valeur)


def _couvert(path: str, declared: dict[str, str]) -> bool:
    """A path is covered by a declaration of itself or of one of its prefixes."""
    parts = path.split(".")
    return any(".".join(parts[:i]) in declared for i in range(1, len(parts) + 1))


def _verifier_clause(clause: Clause, bibliotheque: Bibliotheque, catalogues: dict[str, dict[str, str]]) -> list[Probleme]:
    env = environnement()
    try:
        env.parse(clause.texte)
    except jinja2.TemplateSyntaxError as exc:
        line = ligne_du_texte(clause.fichier, "texte", exc.lineno or 1)
        where = f"texte, ligne {line} du fichier" if line else f"texte, ligne {exc.lineno} du texte"
        return [_p(clause, where, f"syntaxe Jinja invalide : {exc.message}")]
    declared = {path: str(kind).rstrip("?") for path, kind in clause.variables.items()}
    return [
        *_variables_non_declarees(clause, declared),
        *_regles(clause, env, catalogues),
        *_accord_questionnaires(clause, declared, catalogues),
        *(_p(clause, "texte", "renvoi à une clause inexistante", target)
          for target in sorted(references_articles(clause.texte)) if target not in bibliotheque.clauses),
        *_verifier_textes_cites(clause, bibliotheque),
        *_verifier_redaction(clause),
        *_exemples(clause),
    ]


def _variables_non_declarees(clause: Clause, declared: dict[str, str]) -> Iterator[Probleme]:
    """Every answer the text reads must be declared (``element`` and ``rang`` are a repeated clause's own)."""
    local = {"element", "rang"} if clause.repeter else set()
    used = chemins_utilises(clause.texte) | (chemins_utilises(clause.titre) if clause.repeter else set())
    for path in sorted(used):
        if path.split(".")[0] not in local and not _couvert(path, declared):
            yield _p(clause, "variables", "variable utilisée dans le texte mais non déclarée", path)


def _regles(clause: Clause, env, catalogues: dict[str, dict[str, str]]) -> Iterator[Probleme]:
    """``obligatoire_si`` and ``inclure_si``: valid expressions, reading only answers the questionnaires ask."""
    for champ in ("obligatoire_si", "inclure_si"):
        rule = getattr(clause, champ)
        if rule is None:
            continue
        try:
            env.compile_expression(rule)
        except jinja2.TemplateSyntaxError as exc:
            yield _p(clause, champ, f"règle invalide : {exc.message}", rule)
            continue
        for path in chemins_utilises("{{ " + rule + " }}"):
            for type_document in clause.types:
                if type_document in catalogues and not _couvert(path, catalogues[type_document]):
                    yield _p(clause, champ, f"la règle lit une réponse inconnue du questionnaire {type_document}", path)


def _accord_questionnaires(clause: Clause, declared: dict[str, str],
                           catalogues: dict[str, dict[str, str]]) -> Iterator[Probleme]:
    """Each document type exists; the declared variables and the repeated list are in its questionnaire, typed alike."""
    for type_document in clause.types:
        catalogue = catalogues.get(type_document)
        if catalogue is None:
            yield _p(clause, "types", "type de document sans plan ni questionnaire", type_document)
            continue
        if clause.repeter and catalogue.get(clause.repeter) not in ("liste_objets", "personnes", "liste", "communes"):
            yield _p(clause, "repeter", f"le questionnaire {type_document} n'a pas de liste à ce chemin", clause.repeter)
        for path, kind in declared.items():
            if path not in catalogue:
                yield _p(clause, "variables", f"variable inconnue du questionnaire {type_document}", path)
            elif catalogue[path] != kind:
                yield _p(clause, "variables", f"type {kind!r} déclaré, le questionnaire {type_document} donne {catalogue[path]!r}", path)


def _exemples(clause: Clause) -> Iterator[Probleme]:
    """Each sample renders to its expected text; a difference is shown line by line."""
    for index, exemple in enumerate(clause.exemples, start=1):
        numeros = dict(exemple.numeros)
        try:
            rendered = rendu_texte.rendre(clause, exemple.reponses, numeros, set(numeros) | set(exemple.retenues))
        except ContinuumError as exc:
            yield _p(clause, f"exemples[{index}]", f"rendu impossible : {exc}")
            continue
        expected = rendu_texte.normaliser(exemple.attendu)
        if rendered != expected:
            yield _p(clause, f"exemples[{index}]", "le rendu diffère du texte attendu :\n" + _difference(expected, rendered))


def _socle_ecartable(plan: Plan) -> bool:
    """A document type whose answers may set a socle measure aside (a ``mesures_motivees`` question)."""
    try:
        questionnaire = charger_questionnaire(plan.questionnaire)
    except ContinuumError:
        return False
    return any(q.type == "mesures_motivees" for q in questionnaire.parcourir())


def _verifier_renvois_socle(clause: Clause, bibliotheque: Bibliotheque, types: set[str]) -> list[Probleme]:
    """Where a socle measure may be set aside after study, a cross-reference to it is conditioned by retenue()."""
    if not types.intersection(clause.types):
        return []
    problemes = []
    for target in sorted(renvois_inconditionnels(clause.texte)):
        cible = bibliotheque.get(target)
        if cible is not None and cible.nature != "structure" and cible.socle_possible:
            problemes.append(_p(clause, "texte", "renvoi à une mesure du socle, que les parties peuvent écarter "
                                                 "après étude : conditionnez-le par {% if retenue('…') %}", target))
    return problemes


def _verifier_textes_cites(clause: Clause, bibliotheque: Bibliotheque) -> list[Probleme]:
    """Every text cited by key exists in data/sources.yaml; a visa never cites an undated text."""
    problemes = []
    visas = clause.id.endswith("visas")
    for cle in sorted(textes_cites(clause.texte) | textes_cites(clause.titre)):
        known = bibliotheque.sources.get(cle)
        if known is None:
            problemes.append(_p(clause, "texte", f"texte cité inconnu de data/sources.yaml (clés connues : "
                                                 f"{', '.join(bibliotheque.sources)})", cle))
        elif visas and not known.get("date"):
            problemes.append(_p(clause, "texte", "un visa ne cite pas un texte non daté", cle))
        elif visas and known.get("vigueur") not in VIGUEURS_VISABLES:
            problemes.append(_p(clause, "texte", _NON_VISABLE.format(vigueur=known.get("vigueur")), cle))
    if visas:  # a title typed in full instead of texte_source('…') is checked too
        for cle, known in bibliotheque.sources.items():
            title = _intitule_court(known)
            if title and known.get("vigueur") not in VIGUEURS_VISABLES and title in clause.texte:
                problemes.append(_p(clause, "texte", _NON_VISABLE.format(vigueur=known.get("vigueur")), cle))
    return problemes


# A visa cites only a text whose publication is established (article L. 312-2 du code des relations entre
# le public et l'administration); the others may be cited in a preamble, as background (data/sources.yaml).
VIGUEURS_VISABLES = ("en_vigueur",)
_NON_VISABLE = ("un visa ne cite qu'un texte dont la publication est constatée (vigueur : en_vigueur dans "
                "data/sources.yaml ; ici : {vigueur}) : citez-le plutôt dans le préambule")


def _intitule_court(known: dict) -> str:
    """The title without its trailing NOR: "circulaire du … relative aux contrats locaux de sécurité"."""
    if known.get("nature") not in ("circulaire", "instruction"):
        return ""
    return str(known.get("intitule") or "").split(" (NOR")[0].strip()


def _verifier_redaction(clause: Clause) -> list[Probleme]:
    """Detail lines carry no commitment; the concise level leaves no list introduction without its list."""
    problemes = []
    for number, line in enumerate(clause.texte.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith(rendu_texte.DETAIL) and "s'engage" in stripped:
            problemes.append(_p(clause, f"texte, ligne {number}", "un paragraphe de détail ne porte pas d'engagement "
                                                                  "(« s'engage ») : la rédaction concise le supprimerait"))
    if rendu_texte.DETAIL not in clause.texte:
        return problemes
    for index, exemple in enumerate(clause.exemples, start=1):
        numeros = dict(exemple.numeros)
        try:
            concise = rendu_texte.rendre(clause, {**exemple.reponses, "redaction": rendu_texte.CONCISE}, numeros,
                                         set(numeros) | set(exemple.retenues))
        except ContinuumError as exc:
            problemes.append(_p(clause, f"exemples[{index}]", f"rendu concis impossible : {exc}"))
            continue
        lines = concise.splitlines()
        for rank, line in enumerate(lines):
            following = lines[rank + 1] if rank + 1 < len(lines) else ""
            if line.endswith(":") and not following.startswith(("- ", "|")):
                problemes.append(_p(clause, f"exemples[{index}]", "en rédaction concise, une introduction de liste "
                                                                  "reste sans sa liste", line))
    return problemes


def _difference(expected: str, rendered: str) -> str:
    import difflib

    lines = difflib.unified_diff(expected.splitlines(), rendered.splitlines(), "attendu", "obtenu", lineterm="", n=0)
    return "\n".join(f"      {line}" for line in lines)


def _verifier_plan(plan: Plan, bibliotheque: Bibliotheque) -> list[Probleme]:
    where = str(plan.fichier)
    problemes = []
    for clause_id in sorted(plan.clauses_nommees()):
        clause = bibliotheque.get(clause_id)
        if clause is None:
            problemes.append(Probleme(where, "clause du plan absente de la bibliothèque", clause_id))
        elif plan.type_document not in clause.types:
            problemes.append(Probleme(where, f"la clause {clause_id} ne sert pas le type {plan.type_document}", clause_id))
    if not plan.modele.exists():
        problemes.append(Probleme(where, "modèle Word introuvable", str(plan.modele)))
    if not plan.exemple.exists():
        problemes.append(Probleme(where, "fichier de réponses d'exemple introuvable", str(plan.exemple)))

    clauses = bibliotheque.pour_type(plan.type_document)
    by_code: dict[str, list[Clause]] = {}
    for clause in clauses:
        if clause.mesure:
            by_code.setdefault(clause.mesure, []).append(clause)
    codes = {m.code for m in plan.mesures_annexe}
    for mesure in plan.mesures_annexe:
        mapped = by_code.get(mesure.code, [])
        if not mapped:
            problemes.append(Probleme(where, f"mesure de l'annexe sans clause : {mesure.libelle}", mesure.code))
            continue
        if len(mapped) > 1:
            problemes.append(Probleme(where, f"mesure reprise par plusieurs clauses : {', '.join(c.id for c in mapped)}", mesure.code))
        for clause in mapped:
            if mesure.gras and not clause.socle_possible:
                problemes.append(_p(clause, "obligatoire", f"la mesure {mesure.code} est en gras dans l'annexe : elle appartient au socle"))
            if not mesure.gras and clause.obligatoire:
                problemes.append(_p(clause, "obligatoire", f"la mesure {mesure.code} n'est pas en gras dans l'annexe : elle est facultative"))
            if (clause.partie, clause.volet) != (mesure.partie, mesure.volet):
                problemes.append(_p(clause, "partie", f"la mesure {mesure.code} relève de {mesure.partie}/{mesure.volet}",
                                    f"{clause.partie}/{clause.volet}"))
    for code, mapped in by_code.items():
        if code not in codes:
            for clause in mapped:
                problemes.append(_p(clause, "mesure", f"code absent du catalogue de l'annexe ({plan.type_document})", code))
    return problemes
