from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Operations on the whole service: ``manage.py backup`` and ``manage.py restore``."""

    name = "operations"
    verbose_name = "Operations"
