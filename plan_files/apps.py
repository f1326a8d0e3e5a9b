from django.apps import AppConfig


class PlanFilesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plan_files"
    verbose_name = "Plan files"

    def ready(self) -> None:
        from plans.revisions import follow

        from . import revisions

        follow({}, revisions.NOT_SHOWN)
