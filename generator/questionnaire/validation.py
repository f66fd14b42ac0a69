"""Validation of an answers mapping against a questionnaire.

Every problem is collected, with the dotted path of the field and the value,
so that the user sees them all at once. The result is a normalised mapping:
defaults filled in, dates as ``datetime.date``, communes as INSEE codes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable
from dataclasses import replace

from generator import arbre
from generator.erreurs import Probleme, ReferentielErreur
from generator.gabarits import expression
from generator.questionnaire import reponses_partagees
from generator.questionnaire.definition import Question, Questionnaire
from generator.reserve_bornee import ReserveBornee
from generator.referentiel import Referentiel

_PARTIES_LIBRES = ("etat", "collectivite", "conjointe")
_VIDE = (None, "", [], {})
# Bounds of free answers (a question may set a lower longueur_max).
TEXTE_MAX = 2_000  # characters of a one-line answer
TEXTE_LONG_MAX = 20_000  # characters of a multi-paragraph answer
ELEMENTS_MAX = 200  # items of a list
VOLUME_MAX = 500_000  # characters of all the answers together
NOMBRE_MAX = 10 ** 12  # absolute value of a number
ANNEES = (1900, 2200)  # years of a date


class _Absent:
    """Marker for a field the answers file does not contain."""


ABSENT = _Absent()

# Checks the measures named in answers: (field path, ids) -> problems.
VerificateurMesures = Callable[[str, list[str]], list[Probleme]]


class Validateur:
    def __init__(self, questionnaire: Questionnaire, referentiel: Referentiel,
                 verifier_mesures: VerificateurMesures | None = None):
        self.questionnaire = questionnaire
        self.referentiel = referentiel
        self.verifier_mesures = verifier_mesures
        self.problemes: list[Probleme] = []

    # -- entry point ----------------------------------------------------
    def valider(self, reponses: dict) -> tuple[dict, list[Probleme]]:
        self.problemes = []
        if not isinstance(reponses, dict):
            return {}, [Probleme("(fichier)", "le fichier de réponses doit être un dictionnaire de clés YAML")]
        volume = _volume(reponses)
        if volume > VOLUME_MAX:
            return {}, [Probleme("(fichier)", f"réponses trop volumineuses (plus de {VOLUME_MAX} caractères ou "
                                              "éléments au total) : raccourcissez les textes et les listes")]
        declared = reponses.get("type", self.questionnaire.type_document)
        if declared != self.questionnaire.type_document:
            self._pb("type", f"ce fichier répond au questionnaire {declared!r}, pas {self.questionnaire.type_document!r}", declared)
        self._inconnues("", reponses, self.questionnaire.questions, extra={"type", "version"})
        result = {"type": self.questionnaire.type_document}
        for question in self.questionnaire.questions:
            result[question.id] = self._valeur(question, reponses.get(question.id, ABSENT))
        self._exigences_conditionnelles(result)
        return result, self.problemes

    # -- helpers ----------------------------------------------------------
    def _pb(self, champ: str, message: str, valeur: object = None) -> None:
        self.problemes.append(Probleme(champ, message, valeur))

    def _inconnues(self, parent: str, raw: dict, questions: list[Question], extra: set[str] = frozenset()) -> None:
        known = {q.id for q in questions} | set(extra)
        for key in raw:
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=1)
                hint = f" ; vouliez-vous dire {close[0]!r} ?" if close else ""
                self._pb(f"{parent}{key}", f"clé inconnue du questionnaire{hint}")

    def valeur(self, question: Question, raw: object) -> object:
        """Validate one answer (problems are added to ``self.problemes``) and return it normalised."""
        return self._valeur(question, raw)

    def _valeur(self, question: Question, raw: object) -> object:
        if type(raw) in (dict, list) and reponses_partagees.partagee(raw):  # a part every row of a batch shares
            kept = reponses_partagees.validee(question, raw)
            if kept is not None:
                value, problems = kept
                self.problemes.extend(problems)
                return value
            start = len(self.problemes)
            value = self._valeur_propre(question, raw)
            reponses_partagees.garder(question, raw, value, self.problemes[start:])
            return value
        return self._valeur_propre(question, raw)

    def _valeur_propre(self, question: Question, raw: object) -> object:
        if question.type in ("groupe", "personne"):
            return self._groupe(question, raw)
        if raw is ABSENT or raw in _VIDE:
            if question.requis:
                self._pb(question.chemin, question.message or f"réponse obligatoire ({question.libelle})")
            default = question.defaut
            return list(default) if isinstance(default, list) else default
        parser = getattr(self, f"_type_{question.type}")
        return parser(question, raw)

    def _groupe(self, question: Question, raw: object) -> dict | None:
        if raw is ABSENT or raw is None:
            raw = {}
        if not isinstance(raw, dict):
            self._pb(question.chemin, "une rubrique est attendue (des sous-clés YAML)", raw)
            raw = {}
        self._inconnues(f"{question.chemin}.", raw, question.champs)
        optional = question.type == "personne" and not question.requis
        if optional and all(v in _VIDE for v in raw.values()):
            return None  # an optional signatory left empty; requis_si is checked afterwards
        return {child.id: self._valeur(child, raw.get(child.id, ABSENT)) for child in question.champs}

    def _exigences_conditionnelles(self, result: dict) -> None:
        for question in self.questionnaire.parcourir():
            if not question.requis_si:
                continue
            unknown = regles_inconnues(self.questionnaire, question.requis_si)
            if unknown:
                self._pb(question.chemin, f"règle « requis_si » invalide dans {self.questionnaire.fichier} : "
                                          f"réponse inconnue du questionnaire ({', '.join(unknown)}), faute de frappe ?",
                         question.requis_si)
                continue
            try:
                needed = bool(expression(question.requis_si)(**result))
            except Exception as exc:  # noqa: BLE001 - a broken condition is reported, never raised
                self._pb(question.chemin, f"règle « requis_si » impossible à évaluer ({type(exc).__name__})",
                         question.requis_si)
                continue
            if needed and arbre.lire(result, question.chemin) in _VIDE:
                self._pb(question.chemin, question.message or f"réponse obligatoire dans ce cas ({question.libelle})")

    # -- scalar types -----------------------------------------------------
    def _type_texte(self, question: Question, raw: object) -> str | None:
        if isinstance(raw, dict | list):
            self._pb(question.chemin, "un texte est attendu", raw)
            return None
        text = str(raw).strip()
        limit = question.longueur_max or (TEXTE_LONG_MAX if question.type == "texte_long" else TEXTE_MAX)
        if len(text) > limit and not question.longueur_max:
            self._pb(question.chemin, f"texte trop long ({len(text)} caractères, au plus {limit})", _abrege(text))
        if question.longueur_min and len(text) < question.longueur_min:
            self._pb(question.chemin, question.message or f"texte trop court (au moins {question.longueur_min} caractères)", _abrege(text))
        if question.longueur_max and len(text) > question.longueur_max:
            self._pb(question.chemin, f"texte trop long ({len(text)} caractères, au plus {question.longueur_max})", _abrege(text))
        return text

    _type_texte_long = _type_texte

    def _nombre(self, question: Question, raw: object, integer: bool) -> float | int | None:
        value = raw
        if isinstance(raw, str):
            cleaned = re.sub(r"[\s\u00a0\u202f€]", "", raw).replace(",", ".")
            try:
                value = int(cleaned) if integer else float(cleaned)
            except ValueError:
                value = None
        if isinstance(raw, str) and sum(c.isdigit() for c in raw) > 15:
            value = None
            self._pb(question.chemin, f"nombre trop grand (au plus {NOMBRE_MAX:_} en valeur absolue)".replace("_", " "),
                     _abrege(raw))
            return None
        if isinstance(value, int | float) and not isinstance(value, bool) and (
                not math.isfinite(value) or abs(value) > NOMBRE_MAX):
            self._pb(question.chemin, f"nombre trop grand (au plus {NOMBRE_MAX:_} en valeur absolue)".replace("_", " "),
                     _abrege(str(raw)))
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or (integer and not float(value).is_integer()):
            self._pb(question.chemin, "un nombre entier est attendu" if integer else "un montant en euros est attendu", raw)
            return None
        if question.min is not None and value < question.min:
            self._pb(question.chemin, f"doit être au moins {question.min:g}", raw)
        if question.max is not None and value > question.max:
            self._pb(question.chemin, f"doit être au plus {question.max:g}", raw)
        if integer:
            return int(value)
        return int(value) if float(value).is_integer() else round(float(value), 2)

    def _type_entier(self, question: Question, raw: object):
        return self._nombre(question, raw, integer=True)

    def _type_montant(self, question: Question, raw: object):
        return self._nombre(question, raw, integer=False)

    def _type_booleen(self, question: Question, raw: object) -> bool | None:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("oui", "o", "vrai", "true", "1"):
            return True
        if text in ("non", "n", "faux", "false", "0"):
            return False
        self._pb(question.chemin, "répondez oui ou non", raw)
        return None

    def _type_date(self, question: Question, raw: object) -> dt.date | None:
        parsed = lire_date(raw)
        if parsed is None:
            self._pb(question.chemin, "date invalide, attendu AAAA-MM-JJ ou JJ/MM/AAAA", raw)
        elif not ANNEES[0] <= parsed.year <= ANNEES[1]:
            self._pb(question.chemin, f"date hors de la période admise (années {ANNEES[0]} à {ANNEES[1]})", str(raw))
            return None
        return parsed

    def _type_choix(self, question: Question, raw: object) -> str | None:
        key = str(raw).strip()
        if key not in question.choix:
            self._pb(question.chemin, f"choix inconnu, attendu l'un de : {', '.join(question.choix)}", raw)
            return None
        return key

    def _borner(self, question: Question, items: list) -> list:
        """At most ELEMENTS_MAX items; more is a problem, and only the first are looked at."""
        if len(items) > ELEMENTS_MAX:
            self._pb(question.chemin, f"liste trop longue ({len(items)} éléments, au plus {ELEMENTS_MAX})")
            return items[:ELEMENTS_MAX]
        return items

    def _type_liste(self, question: Question, raw: object) -> list[str]:
        items = self._borner(question, raw if isinstance(raw, list) else [raw])
        out = []
        for index, item in enumerate(items, start=1):
            if isinstance(item, dict | list) or item in _VIDE:
                self._pb(f"{question.chemin}[{index}]", "un texte non vide est attendu", item)
                continue
            text = str(item).strip()
            if not question.longueur_max and len(text) > TEXTE_MAX:
                self._pb(f"{question.chemin}[{index}]", f"texte trop long ({len(text)} caractères, au plus {TEXTE_MAX})", _abrege(text))
            if question.longueur_max and len(text) > question.longueur_max:
                self._pb(f"{question.chemin}[{index}]", f"texte trop long ({len(text)} caractères, au plus {question.longueur_max})", _abrege(text))
            out.append(text)
        return out

    def _type_commune(self, question: Question, raw: object) -> str | None:
        try:
            return self.referentiel.resoudre_commune(str(raw)).code
        except ReferentielErreur as exc:
            self._pb(question.chemin, exc.message)
            return None

    def _type_departement(self, question: Question, raw: object) -> str | None:
        try:
            return self.referentiel.resoudre_departement(str(raw)).code
        except ReferentielErreur as exc:
            self._pb(question.chemin, exc.message)
            return None

    def _type_communes(self, question: Question, raw: object) -> list[str]:
        codes = []
        for index, item in enumerate(self._borner(question, raw if isinstance(raw, list) else [raw]), start=1):
            try:
                code = self.referentiel.resoudre_commune(str(item)).code
            except ReferentielErreur as exc:
                self._pb(f"{question.chemin}[{index}]", exc.message)
                continue
            if code in codes:
                self._pb(f"{question.chemin}[{index}]", "commune citée deux fois", item)
            codes.append(code)
        return codes

    def _liste_de_groupes(self, question: Question, raw: object, kind: str, attendu: str) -> list[dict]:
        """Each item of the list validated as a group of the question's fields, with indexed field paths."""
        if not isinstance(raw, list):
            self._pb(question.chemin, f"une liste est attendue ({attendu})", raw)
            return []
        items = []
        for index, item in enumerate(self._borner(question, raw), start=1):
            items.append(self._groupe(_question_d_element(question, kind, index), item))
        return items

    def _type_personnes(self, question: Question, raw: object) -> list[dict]:
        """A list of people, each with the fields of a ``personne``."""
        return self._liste_de_groupes(question, raw, "personne", "civilite, prenom, nom pour chaque personne")

    def _type_liste_objets(self, question: Question, raw: object) -> list[dict]:
        """A list of records (fiches-actions…), each with the question's fields."""
        fields = ", ".join(c.id for c in question.champs)
        return self._liste_de_groupes(question, raw, "groupe", f"chaque élément avec : {fields}")

    def _type_epci(self, question: Question, raw: object) -> str | None:
        try:
            return self.referentiel.resoudre_epci(str(raw)).siren
        except ReferentielErreur as exc:
            self._pb(question.chemin, exc.message)
            return None

    def _type_mesures(self, question: Question, raw: object) -> list[str]:
        ids = self._type_liste(question, raw)
        if self.verifier_mesures is not None:
            self.problemes.extend(self.verifier_mesures(question.chemin, ids))
        return ids

    def _type_mesures_motivees(self, question: Question, raw: object) -> list[dict]:
        """Measures set aside after study: each an id, ``{id, motif}`` or "id : motif"; normalised to ``{id, motif}``."""
        items = raw if isinstance(raw, list) else [raw]
        out = []
        for index, item in enumerate(items, start=1):
            where = f"{question.chemin}[{index}]"
            if isinstance(item, dict):
                for key in set(item) - {"id", "motif"}:
                    self._pb(f"{where}.{key}", "clé inconnue (attendu id, motif)")
                clause_id, motif = str(item.get("id") or "").strip(), str(item.get("motif") or "").strip()
            elif isinstance(item, list) or item in _VIDE:
                self._pb(where, "un identifiant de mesure, ou « id » et « motif », est attendu", item)
                continue
            else:
                clause_id, _, motif = (part.strip() for part in str(item).partition(":"))
            if not clause_id:
                self._pb(f"{where}.id", "identifiant de la mesure obligatoire")
                continue
            if len(motif) > 1000:
                self._pb(f"{where}.motif", f"motif trop long ({len(motif)} caractères, au plus 1000)", _abrege(motif))
            out.append({"id": clause_id, "motif": motif or None})
        if self.verifier_mesures is not None:
            self.problemes.extend(self.verifier_mesures(question.chemin, out))
        return out

    def _type_mesures_libres(self, question: Question, raw: object) -> list[dict]:
        if not isinstance(raw, list):
            self._pb(question.chemin, "une liste de mesures est attendue (titre, partie, texte)", raw)
            return []
        out = []
        for index, item in enumerate(self._borner(question, raw), start=1):
            where = f"{question.chemin}[{index}]"
            if not isinstance(item, dict):
                self._pb(where, "une mesure doit avoir un titre, une partie et un texte", item)
                continue
            for key in set(item) - {"titre", "partie", "texte"}:
                self._pb(f"{where}.{key}", "clé inconnue (attendu titre, partie, texte)")
            titre = str(item.get("titre") or "").strip()
            texte = str(item.get("texte") or "").strip()
            partie = str(item.get("partie") or "").strip()
            if not titre:
                self._pb(f"{where}.titre", "titre obligatoire")
            elif len(titre) > 300:
                self._pb(f"{where}.titre", f"titre trop long ({len(titre)} caractères, au plus 300)", _abrege(titre))
            if not texte:
                self._pb(f"{where}.texte", "texte de l'engagement obligatoire")
            elif len(texte) > TEXTE_LONG_MAX:
                self._pb(f"{where}.texte", f"texte trop long ({len(texte)} caractères, au plus {TEXTE_LONG_MAX})", _abrege(texte))
            if partie not in _PARTIES_LIBRES:
                self._pb(f"{where}.partie", f"partie inconnue, attendu l'une de : {', '.join(_PARTIES_LIBRES)}", item.get("partie"))
            out.append({"titre": titre, "partie": partie, "texte": texte})
        return out


_ELEMENTS: ReserveBornee[Question] = ReserveBornee(1024)  # questions of list items, made once per process
_REGLES: ReserveBornee[list[str]] = ReserveBornee(256)


def _question_d_element(question: Question, kind: str, index: int) -> Question:
    """The group question of item ``index`` of a list question, its fields renamed under the item.
    Questions never change once loaded: each is made once, not for every row of a batch."""
    child = _ELEMENTS.lire_pour((question,), (kind, index))
    if child is None:
        child = Question(id=f"{question.id}[{index}]", chemin=f"{question.chemin}[{index}]", libelle=question.libelle,
                         type=kind, requis=True,
                         champs=[_enraciner(c, f"{question.chemin}[{index}]") for c in question.champs])
        _ELEMENTS.garder_pour((question,), (kind, index), child)
    return child


def _enraciner(question: Question, parent: str) -> Question:
    """A field of a list item, with its own fields, renamed under the item: ``organismes[2].representant.nom``."""
    chemin = f"{parent}.{question.id}"
    return replace(question, chemin=chemin, champs=[_enraciner(c, chemin) for c in question.champs])


def _volume(raw: object) -> int:
    """Characters and items of the answers, counted without recursion, stopping past VOLUME_MAX."""
    total, stack = 0, [raw]
    while stack and total <= VOLUME_MAX:
        item = stack.pop()
        shared = reponses_partagees.volume(item)
        if shared is not None:  # counted once for the batch
            total += shared
            continue
        total += 1
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif isinstance(item, str):
            total += len(item)
    return total


def regles_inconnues(questionnaire: Questionnaire, regle: str) -> list[str]:
    """Answer paths a ``requis_si`` rule reads that the questionnaire does not know (typos); once per
    questionnaire and rule."""
    unknown = _REGLES.lire_pour((questionnaire,), regle)
    if unknown is None:
        unknown = _regles_inconnues(questionnaire, regle)
        _REGLES.garder_pour((questionnaire,), regle, unknown)
    return list(unknown)


def _regles_inconnues(questionnaire: Questionnaire, regle: str) -> list[str]:
    from generator.analyse_gabarits import chemins_utilises

    try:
        paths = chemins_utilises("{{ " + regle + " }}")
    except Exception:  # noqa: BLE001 - a syntax error is reported as an unknown rule
        return [regle]
    known = set(questionnaire.catalogue()) | {"type"}
    out = []
    for path in sorted(paths):
        parts = path.split(".")
        if not any(".".join(parts[:i]) in known for i in range(1, len(parts) + 1)):
            out.append(path)
    return out


def lire_date(raw: object) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip()
    for pattern, order in _DATES:
        match = pattern.fullmatch(text)
        if match:
            values = dict(zip(order, map(int, match.groups())))
            year = values["Y"] if "Y" in values else values["y"] + (2000 if values["y"] <= 68 else 1900)  # as %y
            try:
                return dt.date(year, values["m"], values["d"])
            except ValueError:
                return None
    return None


# The formats strptime would read ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y"), matched here:
# importing _strptime (and calendar) costs 15 ms of every start. tests/test_validation_dates.py compares them.
_JOUR, _MOIS = r"(3[01]|[12][0-9]|0[1-9]|[1-9])", r"(1[0-2]|0[1-9]|[1-9])"
_DATES = tuple((re.compile(pattern), order) for pattern, order in (
    (rf"([0-9]{{4}})-{_MOIS}-{_JOUR}", "Ymd"),
    (rf"{_JOUR}/{_MOIS}/([0-9]{{4}})", "dmY"),
    (rf"{_JOUR}/{_MOIS}/([0-9]{{2}})", "dmy"),
    (rf"{_JOUR}-{_MOIS}-([0-9]{{4}})", "dmY"),
    (rf"{_JOUR}\.{_MOIS}\.([0-9]{{4}})", "dmY"),
))


def _abrege(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
