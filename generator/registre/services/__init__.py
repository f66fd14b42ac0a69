"""Business functions of the registry, for the command line and the web workspace alike."""

from generator.registre.services.accords import accords_visibles, creer_accord, modifier, supprimer, trouver
from generator.registre.services.echeances import echeances
from generator.registre.services.recensement import recensement
from generator.registre.services.relectures import enregistrer_relecture
from generator.registre.services.statuts import changer_statut, retours_possibles, transitions_possibles
from generator.registre.services.versions import (
    enregistrer_avenant, enregistrer_fiche, enregistrer_generation, joindre, lire_fichier,
)

__all__ = [
    "accords_visibles", "changer_statut", "creer_accord", "echeances", "enregistrer_avenant", "enregistrer_fiche",
    "enregistrer_generation", "enregistrer_relecture", "joindre", "lire_fichier", "modifier", "recensement",
    "retours_possibles", "supprimer", "transitions_possibles", "trouver",
]
