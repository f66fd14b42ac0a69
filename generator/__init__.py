"""Continuum: document assembly for French local security agreements.

The pipeline reads as the module list:
questionnaire (questions as data) -> reponses (read and validate answers)
-> contexte (derive render variables) -> selection (choose clauses)
-> assemblage (order, number, render clause texts) -> rendu (Word output)
-> ecriture (atomic write).
"""

__version__ = "0.1.0"
