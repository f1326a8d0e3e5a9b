"""The service navigation and the plan switcher: which items a person sees, which one is
current, and which plan the plan items point at.

Plan items (Dashboard, All actions, Reports...) point at the plan in the address when
the page shows one, else at the person's default plan (plans.access.default_plan), so a
menu link never changes plan under someone's feet.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Exists, OuterRef
from django.urls import NoReverseMatch, reverse

from improvement_board.roles import Role, has_role

from .access import plans_in_order
from .models import Plan

# Past this many plans the switcher lists the first ones and links to the full list.
SWITCHER_LIMIT = 12


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


# (label, URL name, role needed or a tuple of roles any of which will do, or None, and
# whether the URL is of one plan). An item whose URL does not exist is left out.
NAVIGATION = [
    ("Dashboard", "reports:dashboard", None, True),
    # Plan managers find completions waiting for their sign-off on My actions.
    ("My actions", "actions:my_actions", (Role.ACTION_OWNER, Role.PLAN_MANAGER), False),
    ("All actions", "reports:all_actions", None, True),
    ("Recommendations", "reports:recommendations", None, True),
    ("Assurance", "reports:assurance", None, True),
    ("Indicators", "indicators:scorecard", None, True),
    ("Risks and issues", "risks:log", None, True),
    ("Reports", "reports:report_list", None, True),
    ("Oversight", "reports:oversight", Role.OVERSEER, False),
    ("Plans", "plans:plan_list", Role.PLAN_MANAGER, False),
    ("People", "people:list", Role.PLAN_MANAGER, False),
    ("Audit trail", "audit_trail", Role.PLAN_MANAGER, False),
]


class PlanChoices:
    """The plans a person may read that are in default lists, read once per request and
    only if a page asks: the switcher's list and the default plan of the menu."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def plans(self) -> list[Plan]:
        user = self.request.user
        if not user.is_authenticated:
            return []
        membership = Plan.members.through.objects.filter(plan=OuterRef("pk"), user=user)
        plans = (
            Plan.objects.visible_to(user)
            .in_default_lists()
            .select_related("organisation")
            .annotate(is_member=Exists(membership))
            .only("pk", "slug", "title", "status", "start_date", "organisation__name")
        )
        return list(plans_in_order(plans))

    @property
    def current_slug(self) -> str:
        match = getattr(self.request, "resolver_match", None)
        return (match.kwargs.get("plan_slug") or "") if match else ""

    @cached_property
    def default(self) -> Plan | None:
        plans = self.plans
        return next((plan for plan in plans if plan.is_member), plans[0] if plans else None)

    def link_slug(self) -> str:
        """The plan the menu's plan items point at."""
        if self.current_slug:
            return self.current_slug
        return self.default.slug if self.default else ""

    def shown(self) -> list[Plan]:
        return self.plans[:SWITCHER_LIMIT]

    def more(self) -> int:
        return max(0, len(self.plans) - SWITCHER_LIMIT)

    def several_organisations(self) -> bool:
        return len({plan.organisation_id for plan in self.plans}) > 1


def navigation_items(request, choices: PlanChoices) -> list[NavItem]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for label, url_name, role, of_plan in NAVIGATION:
        roles = role if isinstance(role, tuple) else (role,)
        if role is not None and not any(has_role(user, one) for one in roles):
            continue
        args = []
        if of_plan:
            slug = choices.link_slug()
            if not slug:
                continue
            args = [slug]
        try:
            url = reverse(url_name, args=args)
        except NoReverseMatch:
            continue
        if url_name == "reports:dashboard":
            current = request.path == url
        else:
            current = request.path.startswith(url)
        items.append(NavItem(label=label, url=url, current=current))
    return items
