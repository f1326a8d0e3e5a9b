from django.apps import AppConfig


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"

    def ready(self) -> None:
        from . import revisions

        revisions.follow(revisions.PLANS_FOLLOWED, revisions.PLANS_NOT_SHOWN)
