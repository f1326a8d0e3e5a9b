from django.utils.functional import SimpleLazyObject

from .models import Plan


def organisation(request) -> dict:
    """The council the header names on pages that do not show one plan (Plans, imports,
    the audit trail, error pages): the organisation of every plan the user sees, when
    there is only one. Read only if the page has no organisation of its own to show."""

    def only_organisation() -> str:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return ""
        names = list(
            Plan.objects.visible_to(user).values_list("organisation", flat=True).distinct()[:2]
        )
        return names[0] if len(names) == 1 else ""

    return {"user_organisation": SimpleLazyObject(only_organisation)}
