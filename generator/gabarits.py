"""The Jinja environment shared by clause texts, conditions and templates.

Rendering is strict (``StrictUndefined``): a variable that is not answered is
an error, never an empty string. User answers are data: they are inserted as
values and never compiled as templates.
"""

from __future__ import annotations

import marshal
import re
import time
import types
from collections.abc import Iterable
from contextvars import ContextVar
from functools import cache, lru_cache

import jinja2
import jinja2.filters
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from generator import cache_disque, empreintes_fichiers, typographie
from generator.toponymie import Toponyme


def _toponyme(value) -> Toponyme:
    if isinstance(value, Toponyme):
        return value
    if isinstance(value, dict):
        return Toponyme(value["nom"], int(value.get("tncc", 0)), bool(value.get("article_inclus", True)))
    toponyme = getattr(value, "toponyme", None)
    if isinstance(toponyme, Toponyme):
        return toponyme
    return Toponyme.libre(str(value))


def de(value) -> str:
    """ "du Havre", "de la Seine-Maritime", "d'Indre-et-Loire"."""
    return _toponyme(value).de


def a(value) -> str:
    """ "au Havre", "aux Mureaux"."""
    return _toponyme(value).a


def liste_fr(items: Iterable, conjonction: str = "et") -> str:
    """ "a, b et c"."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjonction} {items[-1]}"


def majuscule(text: str) -> str:
    """First letter in capital, the rest untouched: "la commune" -> "La commune"."""
    text = str(text)
    return text[:1].upper() + text[1:]


def incise(text: str) -> str:
    """Close an apposition before the sentence goes on: "la préfète de la région Normandie, préfète de la
    Seine-Maritime" + "," ; a title without apposition is left as it is ("le préfet de l'Eure")."""
    text = str(text)
    return f"{text}," if ", " in text else text


FILTRES = {
    "incise": incise,
    "date_longue": typographie.date_longue,
    "nombre": typographie.nombre,
    "euros": typographie.euros,
    "euros_en_lettres": typographie.euros_en_lettres,
    "en_lettres": typographie.en_lettres,
    "de": de,
    "a": a,
    "liste_fr": liste_fr,
    "majuscule": majuscule,
}


# -- limits: a bad local clause gives a clear error, never a hang or a crash -----------------------
RANGE_MAX = 10_000  # items of range()
TAILLE_MAX = 200_000  # characters (or items) one operation may produce
SORTIE_MAX = 2_000_000  # characters of one rendered text
DELAI = 3.0  # seconds of rendering for one clause
PUISSANCE_MAX = 64  # exponent of **
_LARGEUR = re.compile(r"%[-#0 +]*(\*|\d{4,})|%[-#0 +]*\d*\.(\*|\d{4,})|\{[^{}]*:[^{}]*\d{4,}[^{}]*\}")
_echeance: ContextVar[float | None] = ContextVar("echeance_gabarit", default=None)


def _refus(message: str) -> SecurityError:
    return SecurityError(message)


def _trop_long() -> SecurityError:
    return _refus(f"rendu trop long (plus de {DELAI:g} secondes) : boucle démesurée ?")


def verifier_delai() -> None:
    deadline = _echeance.get()
    if deadline is not None and time.monotonic() > deadline:
        raise _trop_long()


def _taille(value) -> int | None:
    return len(value) if isinstance(value, str | list | tuple) else None


def _range_borne(*args):
    items = range(*args)
    if len(items) > RANGE_MAX:
        raise _refus(f"range() de {len(items)} éléments, au plus {RANGE_MAX}")
    for item in items:
        verifier_delai()
        yield item


def _remplacer_borne(value, old, new, count=None):
    text, old, new = str(value), str(old), str(new)
    if old and len(text) + text.count(old) * max(0, len(new) - len(old)) > TAILLE_MAX:
        raise _refus(f"replace produirait plus de {TAILLE_MAX} caractères")
    return text.replace(old, new) if count is None else text.replace(old, new, count)


def _largeur_bornee(name: str):
    builtin = jinja2.filters.FILTERS[name]

    def bounded(value, width=80, *args, **kwargs):
        if isinstance(width, int) and width > 1000:
            raise _refus(f"{name}({width}) : largeur au plus 1000")
        return builtin(value, width, *args, **kwargs)

    return bounded


class _BacASable(ImmutableSandboxedEnvironment):
    """The sandbox, with bounds on what a template may compute: sizes, exponents, formats, time."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def call_binop(self, context, operator, left, right):
        verifier_delai()
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if _taille(seq) is not None and isinstance(count, int) and _taille(seq) * max(count, 0) > TAILLE_MAX:
                    raise _refus(f"répétition de {_taille(seq)} × {count} : au plus {TAILLE_MAX} caractères ou éléments")
        elif operator == "**":
            if isinstance(right, int | float) and abs(right) > PUISSANCE_MAX and isinstance(left, int | float) and abs(left) > 1:
                raise _refus(f"puissance {right} : exposant au plus {PUISSANCE_MAX}")
        elif operator == "+":
            if _taille(left) is not None and _taille(right) is not None and _taille(left) + _taille(right) > TAILLE_MAX:
                raise _refus(f"concaténation de plus de {TAILLE_MAX} caractères ou éléments")
        elif operator == "%" and isinstance(left, str) and _LARGEUR.search(left):
            raise _refus("format « % » avec une largeur ou une précision démesurée")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        verifier_delai()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj, attribute):
        verifier_delai()
        return super().getattr(obj, attribute)

    def wrap_str_format(self, value):
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and _LARGEUR.search(str(getattr(value, "__self__", ""))):
            def refused(*_args, **_kwargs):
                raise _refus("format() avec une largeur ou une précision démesurée")

            return refused
        return wrapped


def _format_borne(value, *args, **kwargs):
    if _LARGEUR.search(str(value)):
        raise _refus("format avec une largeur ou une précision démesurée")
    return jinja2.filters.FILTERS["format"](value, *args, **kwargs)


def _nouvel_environnement(**options) -> jinja2.Environment:
    # Clause texts are edited by legal officers: a sandbox keeps them to data access, bounded.
    env = _BacASable(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        **options,
    )
    env.filters.update(FILTRES)
    env.filters.update({"replace": _remplacer_borne, "center": _largeur_bornee("center"),
                        "indent": _largeur_bornee("indent"), "wordwrap": _largeur_bornee("wordwrap"),
                        "format": _format_borne})
    env.globals["range"] = _range_borne
    env.globals.pop("lipsum", None)
    return env


@cache
def environnement() -> jinja2.Environment:
    return _nouvel_environnement()


# -- user text stays text ------------------------------------------------------------------------
# The clause renderer reads its own markup in the rendered text (rendu_texte.paragraphes): "- " list
# items, "| a | b |" table rows, "[[graphique:x]]" charts, "[détail]" lines. A value inserted by
# {{ … }} (an answer typed by a user) is escaped first: each of its lines that would read as markup
# starts with MARQUE_LIGNE, and its "|" become MARQUE_BARRE; the renderer removes both.
MARQUE_LIGNE = "\ue000"
MARQUE_BARRE = "\ue001"
_BALISES = ("- ", "[[", "[détail]", "-\t")


def echapper(value):
    """Jinja ``finalize`` of clause texts: a value's markup-like lines marked as plain text."""
    if not isinstance(value, str):
        return value
    value = value.replace("|", MARQUE_BARRE)
    if "\n" not in value and not value.lstrip().startswith(_BALISES):
        return value
    return "\n".join(MARQUE_LIGNE + line if line.lstrip().startswith(_BALISES) else line for line in value.split("\n"))


def sans_marques(text: str) -> str:
    return text.replace(MARQUE_LIGNE, "").replace(MARQUE_BARRE, "|")


@cache
def environnement_clauses() -> jinja2.Environment:
    """The environment of clause texts: values escaped (``echapper``) before the renderer reads its markup."""
    return _nouvel_environnement(finalize=echapper)


def depuis_source(environment: jinja2.Environment, nom: str, source: str) -> jinja2.Template:
    """Exactly ``environment.from_string(source)``, its compiled code kept on disk between runs.

    ``from_string`` is ``template_class.from_code(env, env.compile(source), env.make_globals(None), None)``;
    only the code object (lex, parse, codegen, Python compile) is stored. The sandbox checks calls and
    attributes at render time, but its ``intercepted_binops`` and the environment's options shape the
    generated code: the key holds this module's source (where environments are configured), the
    environment's name and Jinja's version. A syntax error is raised by ``compile`` as before.
    """
    parts = ("jinja-code", nom, jinja2.__version__, empreintes_fichiers.empreinte_fichier(__file__), source)
    code = cache_disque.obtenir(parts, lambda: environment.compile(source), marshal.dumps,
                                cache_disque.decodeur(marshal.loads, types.CodeType))
    return environment.template_class.from_code(environment, code, environment.make_globals(None), None)


_CONTROLE_TOUS_LES = 32  # output chunks between two looks at the clock (calls, attributes and loops look at each)


def rendre_borne(template: jinja2.Template, **contexte) -> str:
    """Render within the time budget and the output size cap (a runaway loop stops with a clear error).

    The size is checked at every chunk of output, the clock every ``_CONTROLE_TOUS_LES`` chunks (and by
    the sandbox at every call, attribute and operation, through the budget set here)."""
    out, size = [], 0
    deadline = time.monotonic() + DELAI
    token = _echeance.set(deadline)  # read by ``verifier_delai`` in the sandbox's calls, attributes and loops
    try:
        for chunk in template.generate(**contexte):
            size += len(chunk)
            if size > SORTIE_MAX:
                raise _refus(f"texte rendu de plus de {SORTIE_MAX} caractères")
            out.append(chunk)
            if not len(out) % _CONTROLE_TOUS_LES and time.monotonic() > deadline:
                raise _trop_long()
    finally:
        _echeance.reset(token)
    return "".join(out)


@lru_cache(maxsize=512)
def expression(source: str):
    """A compiled Jinja expression (rules ``obligatoire_si``, ``requis_si``…), compiled once per process."""
    return environnement().compile_expression(source, undefined_to_none=True)


GLOBAUX_DOCUMENT = {"article", "retenue", "texte_source"}  # functions every document gives its clauses
