from django.apps import AppConfig


class RegistreConfig(AppConfig):
    name = "generator.registre"
    label = "registre"
    verbose_name = "Registre des accords"
    default_auto_field = "django.db.models.BigAutoField"
