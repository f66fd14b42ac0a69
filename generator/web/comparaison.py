"""Redline and avenant between two recorded versions, through the CLI's modules.

``generator.redline`` and ``generator.avenant`` read answers files: each
version's answers snapshot is written to a temporary folder under fixed names
(never a name given by a user), then passed to them.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import yaml

from generator.erreurs import ContinuumError
from generator.registre import models as m


class ComparaisonImpossible(ContinuumError):
    exit_code = 3


@contextlib.contextmanager
def fichiers_reponses(*versions: m.Version):
    """Each version's answers as a YAML file in a private temporary folder."""
    with tempfile.TemporaryDirectory(prefix="continuum-versions-") as work:
        paths = []
        for rank, version in enumerate(versions, start=1):
            if not version.reponses:
                raise ComparaisonImpossible(
                    f"la version {version.numero} n'a pas de réponses enregistrées (document joint) : "
                    "choisissez deux versions générées par Continuum")
            answers = dict(version.reponses)
            answers["type"] = version.accord.type_document
            path = Path(work) / f"version-{rank}.yaml"
            path.write_text(yaml.safe_dump(answers, allow_unicode=True, sort_keys=False), encoding="utf-8")
            paths.append(path)
        yield paths


def redline(accord: m.Accord, ancienne: m.Version, nouvelle: m.Version, auteur: str) -> bytes:
    from generator import redline as redline_module

    with fichiers_reponses(ancienne, nouvelle) as (old, new):
        return redline_module.comparer(old, new, auteur)



def avenant(accord: m.Accord, ancienne: m.Version, nouvelle: m.Version, effet, auteur: str) -> m.Version:
    """Draft the avenant from the signed version to the new one, recorded as an avenant of THIS agreement."""
    from generator import avenant as avenant_module
    from generator.registre.enregistrement import effet_avenant, fiche_avenant
    from generator.registre.services.versions import enregistrer_avenant
    from generator.reponses_avenant import ReponsesAvenant

    numero = accord.avenants.filter(supprime=False).count() + 1
    with fichiers_reponses(ancienne, nouvelle) as (old, new):
        document, contenu = avenant_module.avenant(old, new, reponses=ReponsesAvenant(effet=effet), numero=numero,
                                                   effet=effet)
    record = fiche_avenant(dict(nouvelle.reponses, type=accord.type_document), f"version {nouvelle.numero}",
                           document, contenu)
    return enregistrer_avenant(None, record, numero, effet_avenant(document), contenu, auteur=auteur, initial=accord,
                               nom_original=f"{accord.reference}-avenant-{numero}.docx")
