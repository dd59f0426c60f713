from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit trail: history, voiding, versions and edit conflicts, for every app."""

    name = "audit"
    verbose_name = "Audit trail"
