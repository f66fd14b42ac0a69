"""Questionnaires as data: definition, answers validation, interactive asking."""
