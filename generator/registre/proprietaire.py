"""The workspace service that owns what the command line records (``--service`` / ``CONTINUUM_SERVICE``).

An agreement belongs to a service (a préfecture, a commune, an EPCI): the web workspace shows each
user their service's agreements only. The command line records without a service unless told
which one (``continuum --service commune:76351 generer …``): a batch run by the préfecture's
legal office then lands in the préfecture's workspace. The service must already be in the registry
(an administrator creates it in the workspace's administration); an unknown one is refused before
anything is written. ``continuum registre rattacher`` gives an owner to an agreement recorded
without one.
"""

from __future__ import annotations

import os
import re

from generator.erreurs import RegistreErreur

ENV_SERVICE = "CONTINUUM_SERVICE"
NATURES = ("prefecture", "commune", "epci")
_CODE = re.compile(r"[0-9A-Z]{2,9}")  # département (2A…), code INSEE or SIREN


def lire_designation(texte: str) -> tuple[str, str]:
    """(nature, code) of « commune:76351 »; ValueError with the French reason otherwise."""
    nature, separator, code = texte.strip().partition(":")
    nature, code = nature.strip().lower(), code.strip().upper()  # « prefecture:2a » is Corse-du-Sud
    if not separator or nature not in NATURES or not _CODE.fullmatch(code):
        raise ValueError(f"« {texte} » : attendu NATURE:CODE, avec NATURE parmi {', '.join(NATURES)} et le code du "
                         "département, le code INSEE de la commune ou le SIREN de l'EPCI (par exemple prefecture:76, "
                         "commune:76351, epci:200023414)")
    return nature, code


def service(texte: str):
    """The registry's service designated by ``texte`` (the registry is open); RegistreErreur when it is unknown."""
    from generator.registre import models as m

    try:
        key = lire_designation(texte)
    except ValueError as exc:
        raise RegistreErreur(f"service {exc}") from None
    found = m.Service.objects.filter(nature=key[0], code=key[1]).first()
    if found is None:
        known = [f"{s.nature}:{s.code} ({s.nom})" for s in m.Service.objects.order_by("nature", "code")[:30]]
        raise RegistreErreur(
            f"service {key[0]}:{key[1]} absent du registre ; services enregistrés : {', '.join(known) or 'aucun'} ; "
            "un administrateur le crée dans l'administration de l'espace de travail (continuum serveur, page /admin/)")
    return found


def service_choisi():
    """The service named by ``--service`` / ``CONTINUUM_SERVICE``, or None (agreements of the command line)."""
    texte = os.environ.get(ENV_SERVICE, "").strip()
    return service(texte) if texte else None
