from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo plan and ``manage.py load_demo`` (DEMO ONLY)."""

    name = "demo"
    verbose_name = "Demo"
