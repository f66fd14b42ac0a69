"""The web workspace (Django app ``web``): questionnaire to signed document in a browser.

Views call the same pipeline as the command line (``generator.generation``,
``relecture``, ``redline``, ``avenant``, ``lot``) and the registry's services;
no generation logic lives here.
"""
