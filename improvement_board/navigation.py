"""The service navigation: which items a user sees and which one is current."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from .roles import Role, has_role


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


# (label, URL name, role needed, or a tuple of roles any of which will do, or None).
# An item whose URL does not exist is left out.
NAVIGATION = [
    ("Dashboard", "reports:dashboard", None),
    # Plan managers find completions waiting for their sign-off on My actions.
    ("My actions", "actions:my_actions", (Role.ACTION_OWNER, Role.PLAN_MANAGER)),
    ("All actions", "reports:all_actions", None),
    ("Recommendations", "reports:recommendations", None),
    ("Indicators", "indicators:scorecard", None),
    ("Reports", "reports:report_list", Role.PLAN_MANAGER),
    ("Plans", "plans:plan_list", Role.PLAN_MANAGER),
    ("Audit trail", "audit_trail", Role.PLAN_MANAGER),
]


def navigation_items(request) -> list[NavItem]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for label, url_name, role in NAVIGATION:
        roles = role if isinstance(role, tuple) else (role,)
        if role is not None and not any(has_role(user, one) for one in roles):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        current = request.path == url if url == "/" else request.path.startswith(url)
        items.append(NavItem(label=label, url=url, current=current))
    return items
