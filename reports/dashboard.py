"""Everything the plan dashboard shows, from two queries whatever the size of the plan."""

import datetime
from dataclasses import dataclass

from actions.models import Action, Rating, SlippageReason
from plans.models import Plan, Section

from .exceptions import is_overdue, is_red_or_amber, is_stale, one_reporting_month_before
from .movement import SectionChange, direction_of, has_moved, section_changes
from .summary import PlanSummary, summary_from_actions


@dataclass
class Dashboard:
    as_at: datetime.date
    since: datetime.date
    summary: PlanSummary
    summary_then: PlanSummary
    changes: list[SectionChange]
    moved: list[Action]
    red_amber: list[Action]
    overdue: list[Action]
    stale: list[Action]
    stale_before: datetime.date


def plan_dashboard(plan: Plan, as_at: datetime.date, since: datetime.date) -> Dashboard:
    """The summary as at both dates, what moved between them and the exceptions.

    One query for the sections, one for the plan's actions with their state on both
    days; the counting and sorting happens here, on a few hundred rows at most in any
    real plan.
    """
    sections = list(Section.objects.filter(plan=plan).select_related("lead").order_by("number"))
    actions = list(
        Action.objects.in_plan(plan)
        .in_plan_as_at(as_at)
        .with_state_as_at(as_at)
        .with_rating_as_at(since, "rating_before")
        .select_related("section", "lead")
        .defer("description", "success_measures", "partners")
        .order_by("section__number", "reference")
    )
    for action in actions:
        # Read by the template, which cannot look these up itself.
        action.direction = direction_of(action.rating_before, action.rating_as_at)
        reason = action.slippage_reason_as_at
        action.slippage_reason_label = SlippageReason(reason).label if reason else ""
        due = action.due_date_as_at
        action.days_overdue = (as_at - due).days if due else None
    summary = summary_from_actions(plan, as_at, sections, actions)
    summary_then = summary_from_actions(plan, since, sections, actions, "rating_before")
    # Red before Amber, then the plan's order (the sort is stable).
    red_amber = sorted(
        (a for a in actions if is_red_or_amber(a)), key=lambda a: a.rating_as_at != Rating.RED
    )
    return Dashboard(
        as_at=as_at,
        since=since,
        summary=summary,
        summary_then=summary_then,
        changes=section_changes(summary_then, summary),
        moved=[a for a in actions if has_moved(a)],
        red_amber=red_amber,
        overdue=[a for a in actions if is_overdue(a, as_at)],
        stale=[a for a in actions if is_stale(a, as_at)],
        stale_before=one_reporting_month_before(as_at),
    )
