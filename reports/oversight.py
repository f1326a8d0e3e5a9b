"""The cross-council summary: for a regional or national adviser, a commissioner (the
Overseer role), every plan of the organisations they oversee, each with the figures its
own dashboard shows as at a day (``across_plans.plan_standings``).

Overseeing gives reading only, and only of the organisations given to the person
(``plans.Organisation.overseers``); superusers oversee every organisation.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied

from improvement_board.roles import Role, has_role
from plans.access import plans_in_order
from plans.models import Organisation, Plan

from .across_plans import PlanStanding, plans_with_board_dates, standings_of

REFUSAL = "Only overseers can read the summary across councils."


def require_overseer(user) -> None:
    """403 for anyone without the Overseer role, as the other pages of one role answer
    (the plans list, the audit trail): the page's address is no secret."""
    if not has_role(user, Role.OVERSEER):
        raise PermissionDenied(REFUSAL)


def overseen_plans(user, *, include_archived: bool = False):
    """The plans of the organisations ``user`` oversees, by council, then as every list
    of plans is ordered (``plans.access.plans_in_order``). Archived plans only if asked."""
    plans = Plan.objects.filter(
        organisation__in=Organisation.objects.overseen_by(user)
    ).select_related("organisation")
    if not include_archived:
        plans = plans.in_default_lists()
    return plans_in_order(plans).order_by(
        "organisation__name", "rank", "-start_date", "title", "pk"
    )


@dataclass
class OversightSummary:
    """The plans ``user`` oversees as at a day, read with their Board dates; where each
    stands (``standings``) is counted when first asked for."""

    as_at: datetime.date
    plans: list[Plan]
    known_now: bool = False

    @cached_property
    def standings(self) -> list[PlanStanding]:
        return standings_of(self.plans, self.as_at, known_now=self.known_now)

    @property
    def organisation_count(self) -> int:
        return len({plan.organisation_id for plan in self.plans})

    def describe(self) -> str:
        """ "12 plans of 9 councils", for the audit trail and the page."""
        plans, councils = len(self.plans), self.organisation_count
        return (
            f"{plans} plan{'' if plans == 1 else 's'} of "
            f"{councils} council{'' if councils == 1 else 's'}"
        )


def oversight_summary(
    user, as_at: datetime.date, *, known_now: bool = False, include_archived: bool = False
) -> OversightSummary:
    """What ``user`` oversees as at ``as_at``, in a fixed number of queries however many
    plans and councils: the user's roles (if not read yet), the plans with their Board
    dates, and (for ``standings``) where every action of them stands."""
    require_overseer(user)
    plans = overseen_plans(user, include_archived=include_archived)
    return OversightSummary(
        as_at=as_at, plans=plans_with_board_dates(plans, as_at), known_now=known_now
    )
