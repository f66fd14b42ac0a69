"""WSGI entry point for production (gunicorn ``generator.web.wsgi:application``).

Settings come from the environment (see ``generator/web/reglages.py``); static
files are served by the application itself (or by the reverse proxy after
``collectstatic`` into ``CONTINUUM_STATIQUES``).
"""

from generator.registre.configuration import configurer

configurer(web=True)

from django.contrib.staticfiles.handlers import StaticFilesHandler  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

application = StaticFilesHandler(get_wsgi_application())
