from django.apps import AppConfig


class ActionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "actions"

    def ready(self) -> None:
        from plans.revisions import follow, mark_actions_with

        from . import plan_life, revisions  # noqa: F401  (plan_life connects its receivers)

        follow(revisions.FOLLOWED)
        mark_actions_with(revisions.mark_changed)
