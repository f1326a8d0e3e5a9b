"""Whole-database snapshots, for proving that something wrote nothing."""

from django.apps import apps

# Rows that carry no business data: what any request may legitimately write.
BOOKKEEPING = {
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "improvement_board.auditevent",
}


def row_counts() -> dict[str, int]:
    """The number of rows in every table the project's models keep, bookkeeping aside."""
    return {
        model._meta.label_lower: model.objects.count()
        for model in apps.get_models()
        if model._meta.label_lower not in BOOKKEEPING and model._meta.managed
    }
