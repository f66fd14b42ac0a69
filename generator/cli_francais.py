"""French wording for click's own texts: help headings, help option, usage errors."""

from __future__ import annotations

import re

import click

_TITRES = {"Options": "Options", "Commands": "Commandes", "Arguments": "Arguments"}


class _Formateur(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="Utilisation : ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(_TITRES.get(heading, heading))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(term, text.replace("[required]", "[obligatoire]").replace("default: ", "défaut : "))
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


class Commande(_AideFrancaise, click.Command):
    pass


class Groupe(_AideFrancaise, click.Group):
    command_class = Commande
    group_class = type  # sub-groups are of this class too


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
        where = exc.param.get_error_hint(exc.ctx) if exc.param is not None and exc.ctx is not None else "paramètre"
        choice = re.fullmatch(r"(.+) is not one of (.+)\.", exc.message)
        if choice:
            return f"valeur invalide pour {where} : {choice.group(1)}, attendu l'une de : {choice.group(2)}"
        return f"valeur invalide pour {where} : {exc.message}"
    message = exc.format_message()
    if message.startswith("No such command"):
        return "commande inconnue : " + message.split("'")[1] + " (voir continuum --aide)"
    if message.startswith("Got unexpected extra argument"):
        return "argument en trop : " + message.split("(")[-1].rstrip(")")
    return message
