from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "generator.web"
    label = "web"
    verbose_name = "Espace de travail"
    default_auto_field = "django.db.models.BigAutoField"
