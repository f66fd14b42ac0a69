"""ASGI entry point (uvicorn ``generator.web.asgi:application``); static files served by the application."""

from generator.registre.configuration import configurer

configurer(web=True)

from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402

application = ASGIStaticFilesHandler(get_asgi_application())
