"""The figures of a Board paper: counts, movement, exceptions and appendix as at its date.

The queries behind a paper live here (a fixed number whatever the plan's size); the
document around them is assembled in ``report_content``.
"""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from actions.models import Action, Rating, SlippageReason
from actions.rules import has_moved
from indicators.reporting import impact_rows
from indicators.scorecard import IndicatorRow
from plans.models import Plan, Section

from .exceptions import is_red_or_amber
from .movement import SectionMovement, direction, section_movements
from .paper_chart import Chart, summary_chart
from .summary import PlanSummary, SummaryRow, summary_from_actions


class ReportError(Exception):
    """A report that cannot be produced as asked, with a message for the person asking."""


@dataclass
class SectionActions:
    """Some of the actions of one section, e.g. those whose rating changed."""

    title: str
    actions: list[Action]
    anchor: str
    row: SummaryRow | None = None


@dataclass
class ReportFigures:
    """The generated sections: all computed from the data as at ``as_at``."""

    plan: Plan
    as_at: datetime.date
    since: datetime.date
    summary: PlanSummary
    before: PlanSummary
    movements: list[SectionMovement]
    changed: list[Action]
    completed: list[Action]
    exceptions: list[Action]
    chart: Chart
    appendix: list[SectionActions] | None = None
    impact: list[IndicatorRow] = field(default_factory=list)

    @property
    def changed_by_section(self) -> list[SectionActions]:
        """Every section, with the actions in it whose rating changed (maybe none)."""
        changed = {
            section_id: list(actions)
            for section_id, actions in groupby(self.changed, key=lambda a: a.section_id)
        }
        return [
            SectionActions(
                title=f"Section {row.section.number}: {row.section.title}",
                actions=changed.get(row.section.pk, []),
                anchor=f"changes-{row.section.number}",
                row=row,
            )
            for row in self.summary.rows
        ]

    @property
    def improved(self) -> int:
        return sum(1 for action in self.changed if action.direction == "improved")

    @property
    def worsened(self) -> int:
        return sum(1 for action in self.changed if action.direction == "worsened")


def report_figures(
    *, plan: Plan, as_at: datetime.date, since: datetime.date, appendix: bool
) -> ReportFigures:
    """The figures for a report on ``plan`` as at ``as_at``, with movement since ``since``.

    Four queries whatever the size of the plan: the sections, every action with its
    state on both days (the summaries, movement, exceptions and appendix are all counted
    and sorted from those rows, as the dashboard does), and two for the indicators.
    """
    if as_at < plan.start_date:
        raise ReportError(
            f"The “as at” date {as_at:%-d %B %Y} is before the plan started "
            f"({plan.start_date:%-d %B %Y}). Choose a date on or after it."
        )
    sections = list(Section.objects.filter(plan=plan).select_related("lead").order_by("number"))
    if not sections:
        raise ReportError(
            f"The plan “{plan.title}” has no sections yet, so there is nothing to report. "
            "Add its sections and actions first."
        )
    since = min(max(since, plan.start_date), as_at)
    actions = list(
        Action.objects.in_plan(plan)
        .in_plan_as_at(as_at)
        .with_state_as_at(as_at)
        .with_rating_as_at(since, "rating_before")
        .select_related("lead")
        .defer("description", "success_measures", "partners")
        .order_by("section__number", "reference")
    )
    section_of = {section.pk: section for section in sections}
    for action in actions:
        action.section = section_of[action.section_id]
        action.rating_as_at_choice = Rating(action.rating_as_at) if action.rating_as_at else None
    summary = summary_from_actions(plan, as_at, sections, actions)
    before = summary_from_actions(plan, since, sections, actions, "rating_before")

    changed = [action for action in actions if has_moved(action)]
    for action in changed:
        action.direction = direction(action.rating_before, action.rating_as_at)
        action.rating_before_choice = Rating(action.rating_before) if action.rating_before else None
    completed = [
        action
        for action in changed
        if action.rating_as_at == Rating.BLUE and action.rating_before != Rating.BLUE
    ]
    # Red first: the Board reads the worst news first (the sort keeps the plan's order).
    exceptions = sorted(
        (action for action in actions if is_red_or_amber(action)),
        key=lambda action: action.rating_as_at != Rating.RED,
    )
    for action in exceptions:
        reason = action.slippage_reason_as_at
        action.slippage_reason_label = SlippageReason(reason).label if reason else ""

    appendix_sections = None
    if appendix:
        appendix_sections = [
            SectionActions(
                title=f"Section {section.number}: {section.title}",
                actions=list(group),
                anchor=f"appendix-{section.number}",
            )
            for section, group in groupby(actions, key=lambda a: a.section)
        ]

    return ReportFigures(
        plan=plan,
        as_at=as_at,
        since=since,
        summary=summary,
        before=before,
        movements=section_movements(before, summary),
        changed=changed,
        completed=completed,
        exceptions=exceptions,
        chart=summary_chart(summary),
        appendix=appendix_sections,
        impact=impact_rows(plan, as_at),
    )
