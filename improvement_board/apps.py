from django.apps import AppConfig


class ImprovementBoardConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "improvement_board"
    verbose_name = "Improvement Board"

    def ready(self) -> None:
        from . import audit  # noqa: F401  (connects the sign-in signal receivers)
