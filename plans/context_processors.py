from django.utils.functional import SimpleLazyObject

from .navigation import PlanChoices, navigation_items


def plan_navigation(request) -> dict:
    """The menu, the plan switcher and the council the header names, from one list of the
    person's plans, read only if the page draws one of them (one query)."""
    choices = PlanChoices(request)

    def only_organisation() -> str:
        """The organisation of every plan the person may choose, when there is only one:
        named in the header of pages that show no plan (Plans, imports, the audit trail)."""
        names = {plan.organisation.name for plan in choices.plans}
        return names.pop() if len(names) == 1 else ""

    return {
        "navigation": SimpleLazyObject(lambda: navigation_items(request, choices)),
        "plan_choices": choices,
        "user_organisation": SimpleLazyObject(only_organisation),
    }
