"""French wording for click's own texts: help headings, help option, option types, usage errors.

click marks its messages with ``gettext``; :func:`installer` gives its modules a French
catalogue, so that every message click writes (help, errors, prompts) is French, whichever
command module declared the option.
"""

from __future__ import annotations

import re

import click

CONTEXTE = {"help_option_names": ["-h", "--aide", "--help"]}

_CATALOGUE = {
    "Show this message and exit.": "Affiche cette aide et quitte.",
    "Show the version and exit.": "Affiche la version et quitte.",
    "Options": "Options",
    "Commands": "Commandes",
    "Arguments": "Arguments",
    "default: {default}": "défaut : {default}",
    "required": "obligatoire",
    "env var: {var}": "variable d'environnement : {var}",
    "deprecated": "obsolète",
    "(dynamic)": "(calculé)",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Aide : {command} {option}",
    "Invalid value: {message}": "valeur invalide : {message}",
    "Invalid value for {param_hint}: {message}": "valeur invalide pour {param_hint} : {message}",
    "Missing argument": "argument manquant",
    "Missing option": "option manquante",
    "Missing parameter": "paramètre manquant",
    "Missing {param_type}": "{param_type} manquant",
    "Missing parameter: {param_name}": "paramètre manquant : {param_name}",
    "Missing command.": "commande manquante (voir continuum --aide)",
    "No such option {name!r}.": "option inconnue : {name}",
    "No such command {name!r}.": "commande inconnue : {name}",
    "Did you mean {possibility}?": "Vouliez-vous dire {possibility} ?",
    "(Did you mean one of: {possibilities}?)": "(vouliez-vous dire l'une de : {possibilities} ?)",
    "Got unexpected extra argument ({args})": "argument en trop : {args}",
    "Got unexpected extra arguments ({args})": "arguments en trop : {args}",
    "Option {name!r} requires an argument.": "Option « {name} » : argument attendu",
    "Option {name!r} requires {nargs} arguments.": "Option « {name} » : {nargs} arguments attendus",
    "Option {name!r} does not take a value.": "Option « {name} » : aucune valeur attendue",
    "Argument {name!r} takes {nargs} values.": "Argument « {name} » : {nargs} valeurs attendues",
    "Invalid start character for option ({option})": "Option mal écrite : {option}",
    "{value!r} is not {choice}.": "« {value} », attendu : {choice}",
    "{value!r} is not one of {choices}.": "{value!r}, attendu l'une de : {choices}",
    "Choose from:\n\t{choices}": "Choisissez parmi :\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "« {value} » n'est pas un nombre valide ({number_type})",
    "integer": "entier",
    "float": "nombre",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}",
    "{value!r} does not match the format {format}.": "« {value} » n'est pas une date valide, attendu JJ/MM/AAAA",
    "{value!r} does not match the formats {formats}.": "« {value} » n'est pas une date valide, attendu JJ/MM/AAAA",
    "{value!r} is not a valid boolean. Recognized values: {states}": "« {value} » : répondez oui ou non",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "{name} {filename!r} does not exist.": "{name} « {filename} » introuvable",
    "{name} {filename!r} is a file.": "« {filename} » est un fichier, un dossier est attendu",
    "{name} {filename!r} is a directory.": "« {filename} » est un dossier, un fichier est attendu",
    "{name} {filename!r} is not readable.": "{name} « {filename} » illisible (droits d'accès)",
    "{name} {filename!r} is not writable.": "{name} « {filename} » non modifiable (droits d'accès)",
    "{name} {filename!r} is not executable.": "{name} « {filename} » non exécutable",
    "Could not open file {filename!r}: {message}": "ouverture impossible de « {filename} » : {message}",
    "unknown error": "erreur inconnue",
    "Aborted!": "Interrompu.",
    "Error: invalid input": "Erreur : réponse invalide",
    "Repeat for confirmation": "Répétez pour confirmer",
    "Error: The two entered values do not match.": "Erreur : les deux saisies diffèrent.",
    "Error: The value you entered was invalid.": "Erreur : valeur invalide.",
    "Do you want to continue?": "Voulez-vous continuer ?",
    "Press any key to continue...": "Appuyez sur une touche pour continuer…",
    "Value must be an iterable.": "une liste de valeurs est attendue",
    "Takes {nargs} values but 1 was given.": "{nargs} valeurs attendues, 1 donnée",
    "Takes {nargs} values but {len} were given.": "{nargs} valeurs attendues, {len} données",
}

# Metavars click derives from types (help): French, and dates as a jurist writes them.
_METAVARS = [
    (re.compile(r"\[%Y-%m-%d\|%d/%m/%Y\]|\[%d/%m/%Y\|%Y-%m-%d\]|\[%[^\]]*%[^\]]*\]"), "JJ/MM/AAAA"),
    (re.compile(r"\bINTEGER RANGE\b"), "ENTIER"),
    (re.compile(r"\bFLOAT RANGE\b"), "NOMBRE"),
    (re.compile(r"\bINTEGER\b"), "ENTIER"),
    (re.compile(r"\bFLOAT\b"), "NOMBRE"),
    (re.compile(r"\bTEXT\b"), "TEXTE"),
    (re.compile(r"\bBOOLEAN\b"), "OUI/NON"),
    (re.compile(r"\bDIRECTORY\b"), "DOSSIER"),
    (re.compile(r"\bFILE\b"), "FICHIER"),
    (re.compile(r"\bPATH\b"), "CHEMIN"),
]


def _traduire(message: str) -> str:
    return _CATALOGUE.get(message, message)


def _ntraduire(singulier: str, pluriel: str, nombre: int) -> str:
    return _traduire(singulier if nombre == 1 else pluriel)


def installer() -> None:
    """Give click's modules the French catalogue (they call ``gettext`` at message time)."""
    import importlib

    for name in ("core", "exceptions", "types", "parser", "decorators", "termui", "formatting", "utils",
                 "shell_completion", "_termui_impl"):
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # optional click modules
            continue
        if hasattr(module, "_"):
            module._ = _traduire
        if hasattr(module, "ngettext"):
            module.ngettext = _ntraduire


def metavar_francais(text: str) -> str:
    for pattern, replacement in _METAVARS:
        text = pattern.sub(replacement, text)
    return text


class _Formateur(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = metavar_francais(args).replace("COMMAND [ARGS]...", "COMMANDE [ARGUMENTS]...")
        super().write_usage(prog, args, prefix="Utilisation : ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(_traduire(heading))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(metavar_francais(term), text.replace("[required]", "[obligatoire]").replace("default: ", "défaut : "))
                for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


class _Contexte(click.Context):
    formatter_class = _Formateur


class _AideFrancaise:
    context_class = _Contexte

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Affiche cette aide et quitte."
        return option

    def format_help_text(self, ctx, formatter) -> None:
        super().format_help_text(ctx, formatter)
        if any(isinstance(p, click.Argument) and p.metavar == "TYPE" for p in getattr(self, "params", [])):
            _types_de_documents(formatter)


def _types_de_documents(formatter) -> None:
    """The document types, listed in the help of every command taking a TYPE."""
    from generator.erreurs import ContinuumError
    from generator.plan import charger_plan, types_disponibles

    try:
        rows = [(t, charger_plan(t).intitule) for t in types_disponibles()]
    except ContinuumError:
        return
    with formatter.section("Types de documents (TYPE)"):
        formatter.write_dl(rows)


class Commande(_AideFrancaise, click.Command):
    pass


class Groupe(_AideFrancaise, click.Group):
    command_class = Commande
    group_class = type  # sub-groups are of this class too

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """A command declared elsewhere with plain click gets the French help too."""
        _franciser(cmd)
        super().add_command(cmd, name)


def _franciser(cmd: click.Command) -> None:
    if not isinstance(cmd, _AideFrancaise):
        cmd.context_class = _Contexte
    for sub in getattr(cmd, "commands", {}).values():
        _franciser(sub)


def _indication(exc: click.UsageError) -> str:
    param = getattr(exc, "param", None)
    if param is not None and getattr(param, "opts", None):
        return " / ".join(f"« {o} »" for o in param.opts) if isinstance(param, click.Option) else param.human_readable_name
    return "paramètre"


def message_usage(exc: click.UsageError) -> str:
    """A French message for click's usage errors."""
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        if isinstance(exc.param, click.Argument):
            return f"argument manquant : {exc.param.human_readable_name}"
        return f"option obligatoire manquante : {' / '.join(exc.param.opts)}"
    if isinstance(exc, click.NoSuchOption):
        hint = f" ; vouliez-vous dire {', '.join(exc.possibilities)} ?" if exc.possibilities else ""
        return f"option inconnue : {exc.option_name}{hint}"
    if isinstance(exc, click.BadParameter):
        return f"valeur invalide pour {_indication(exc)} : {exc.message}"
    message = exc.format_message()
    if message.startswith("No such command"):  # catalogue not installed (library use)
        return "commande inconnue : " + message.split("'")[1] + " (voir continuum --aide)"
    if message.startswith("commande inconnue"):
        return message + " (voir continuum --aide)"
    return message
