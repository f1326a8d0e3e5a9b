from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = "Performance indicators"

    def ready(self) -> None:
        from plans.revisions import follow

        from . import revisions

        follow(revisions.FOLLOWED)
