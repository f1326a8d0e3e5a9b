"""Who needs reminding to update which actions this reporting month.

One email per owner listing every action of theirs that needs an update (across their
plans), and one digest per plan manager of who has not updated, plan by plan.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from improvement_board.models import User
from improvement_board.roles import Role
from plans.models import Plan

from .models import Action
from .reporting import ReportingMonth


@dataclass
class OwnerReminder:
    owner: User
    actions: list[Action] = field(default_factory=list)


@dataclass
class PlanStragglers:
    plan: Plan
    deadline: datetime.date
    by_owner: list[tuple[User, list[Action]]]


@dataclass
class ManagerDigest:
    manager: User
    plans: list[PlanStragglers] = field(default_factory=list)


@dataclass
class Reminders:
    month: ReportingMonth
    owners: list[OwnerReminder]
    managers: list[ManagerDigest]


def reminders_due(today: datetime.date) -> Reminders:
    """The reminders for the reporting month containing ``today``, for active plans."""
    month = ReportingMonth.containing(today)
    plans = Plan.objects.filter(status=Plan.Status.ACTIVE)
    active_people = User.objects.filter(is_active=True)
    stale = list(
        Action.objects.filter(plan__in=plans)
        .needing_update(month.start, today)
        .select_related("plan", "section", "lead")
        .prefetch_related(Prefetch("delegates", queryset=active_people))
        .order_by("plan__title", "plan_id", "section__number", "reference")
    )

    owners: dict[int, OwnerReminder] = {}
    per_plan: dict[int, dict[int, tuple[User, list[Action]]]] = defaultdict(dict)
    for action in stale:
        action.deadline = month.deadline(action.plan)
        people = [action.lead] if action.lead.is_active else []
        people += [d for d in action.delegates.all() if d.pk != action.lead_id]
        for person in people:
            owners.setdefault(person.pk, OwnerReminder(owner=person)).actions.append(action)
            per_plan[action.plan_id].setdefault(person.pk, (person, []))[1].append(action)

    plans_by_pk = {action.plan_id: action.plan for action in stale}
    managers: dict[int, ManagerDigest] = {}
    memberships = Plan.members.through.objects.filter(
        plan_id__in=per_plan,
        user__is_active=True,
        user__groups__name=Role.PLAN_MANAGER.value,
    ).select_related("user")
    for membership in memberships.order_by("plan_id", "user_id").distinct():
        plan = plans_by_pk[membership.plan_id]
        digest = managers.setdefault(membership.user_id, ManagerDigest(manager=membership.user))
        by_owner = sorted(per_plan[plan.pk].values(), key=lambda item: str(item[0]))
        digest.plans.append(
            PlanStragglers(plan=plan, deadline=month.deadline(plan), by_owner=by_owner)
        )
    return Reminders(
        month=month,
        owners=sorted(owners.values(), key=lambda r: str(r.owner)),
        managers=sorted(managers.values(), key=lambda d: str(d.manager)),
    )
