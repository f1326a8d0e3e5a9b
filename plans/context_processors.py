from django.utils.functional import SimpleLazyObject

from .models import Organisation
from .navigation import PlanChoices, navigation_items


def plan_navigation(request) -> dict:
    """The menu, the plan switcher and the council the header names. Each is worked out
    only if the page draws it; together they cost at most two queries."""
    choices = PlanChoices(request)

    def only_organisation() -> str:
        """The organisation of every plan the person sees, when there is only one: named
        in the header of pages that show no plan (Plans, imports, the audit trail)."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return ""
        names = list(Organisation.objects.visible_to(user).values_list("name", flat=True)[:2])
        return names[0] if len(names) == 1 else ""

    return {
        "navigation": SimpleLazyObject(lambda: navigation_items(request, choices)),
        "plan_choices": choices,
        "user_organisation": SimpleLazyObject(only_organisation),
    }
