"""Registry of agreements (Django app ``registre``): what Continuum produced, its versions, status and dates."""
