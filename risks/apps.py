from django.apps import AppConfig


class RisksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "risks"
    verbose_name = "Risks and issues"

    def ready(self) -> None:
        from plans.revisions import follow

        from . import (
            panels,  # noqa: F401  (connects its receivers)
            revisions,
        )

        follow(revisions.FOLLOWED)
