"""French dates as documents write them (« 1er mars 2032 », « 29 novembre 2026 à 10 h 24 ») and status labels."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from generator import typographie

register = template.Library()


@register.filter
def date_longue(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{typographie.date_longue(local.date())} à {local.hour} h {local.minute:02d}"
    return typographie.date_longue(value)


@register.filter
def libelle_statut(value: str) -> str:
    """An agreement's status as the legal office says it: « en vigueur », « dénoncé »… (not its code)."""
    from generator.registre import models

    return models.LIBELLES_STATUTS.get(value, value)
