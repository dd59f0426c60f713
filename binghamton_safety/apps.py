from django.apps import AppConfig


class BinghamtonSafetyConfig(AppConfig):
    """The project package is also an app: it owns the roles and the composed pages."""

    name = "binghamton_safety"
    verbose_name = "Binghamton public safety"
