"""Figures for many plans at once, in a fixed number of queries however many plans (the
home page's list; the cross-council summary builds on it).

Each plan's counts are the Board summary's total row (``reports.summary``) as at the day:
the same actions (those in the plan by then) and the same rating in force, counted by
the database grouped by plan. ``plan_standings`` adds what the dashboard compares them
with (each plan's own last Board) and its exception counts.
"""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, DateField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from actions.models import Action, ActionUpdate, Rating
from actions.rules import (
    counts_on_day_q,
    has_moved,
    is_overdue,
    is_stale,
    one_reporting_month_before,
)
from plans.models import Plan

from .models import BoardMeeting
from .movement import (
    Comparison,
    RatingChange,
    default_comparison,
    direction,
    previous_board_meeting,
)
from .page_cache import plans_records
from .summary import SummaryRow


@dataclass
class PlanFigures:
    plan: Plan
    total: SummaryRow = field(default_factory=lambda: SummaryRow(section=None))
    last_board: datetime.date | None = None

    @property
    def one_line(self) -> str:
        """The BRAG counts in words, e.g. "40 actions: 12 Blue, 20 Green, 6 Amber, 2 Red"."""
        total = self.total
        if not total.total:
            return "No actions yet"
        parts = [f"{n} {Rating(value).colour}" for value, n in total.counts.items()]
        if total.not_rated:
            parts.append(f"{total.not_rated} not yet rated")
        noun = "action" if total.total == 1 else "actions"
        return f"{total.total} {noun}: " + ", ".join(parts)


def rating_totals(
    plans: list[Plan], as_at: datetime.date, *, known_now: bool = False
) -> dict[int, SummaryRow]:
    """Each plan's total row of the Board summary as at ``as_at``: two queries."""
    rows = {plan.pk: SummaryRow(section=None) for plan in plans}
    if not rows:
        return rows
    actions = Action.objects.filter(plan__in=list(rows)).in_plan_as_at(as_at)
    for entry in actions.values("plan_id").annotate(n=Count("pk")).order_by():
        rows[entry["plan_id"]].total = entry["n"]
    rated = (
        actions.with_rating_as_at(as_at, "rating_in_force", known_now=known_now)
        .values("plan_id", "rating_in_force")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for entry in rated:
        if entry["rating_in_force"]:
            rows[entry["plan_id"]].counts[entry["rating_in_force"]] = entry["n"]
    return rows


def plan_figures(plans, as_at: datetime.date, *, known_now: bool = False) -> list[PlanFigures]:
    """For each plan of the queryset ``plans``: its summary total and its last Board
    meeting before ``as_at``, in three queries."""
    listed = list(plans.annotate(last_board=previous_board_meeting(as_at + datetime.timedelta(1))))
    totals = rating_totals(listed, as_at, known_now=known_now)
    return [
        PlanFigures(plan=plan, total=totals[plan.pk], last_board=plan.last_board) for plan in listed
    ]


# --- Where each plan stands and what moved since its own last Board -------------------


@dataclass
class PlanStanding:
    """One plan's dashboard figures as at a day: the summary's total row then and now,
    what moved between them, and how many actions were overdue or quiet."""

    plan: Plan
    as_at: datetime.date
    comparison: Comparison
    last_board: datetime.date | None
    now: SummaryRow = field(default_factory=lambda: SummaryRow(section=None))
    then: SummaryRow = field(default_factory=lambda: SummaryRow(section=None))
    # Actions rated now whose rating differs from the comparison date's (rules.has_moved),
    # by ``movement.direction``: improved, worsened or new (not rated then).
    moved: dict[str, int] = field(default_factory=lambda: {"improved": 0, "worsened": 0, "new": 0})
    overdue: int = 0
    stale: int = 0

    @property
    def not_started(self) -> bool:
        return self.as_at < self.plan.start_date

    @property
    def changes(self) -> list[RatingChange]:
        """Each rating's count on the comparison date and now: the total row of the
        dashboard's direction of travel."""
        return [
            RatingChange(rating=Rating(value), then=self.then.counts[value], now=n)
            for value, n in self.now.counts.items()
        ]

    @property
    def change_words(self) -> str:
        """ "Green +4, Amber −5", "No change" or "Plan not started": the change by rating."""
        if self.not_started:
            return "Plan not started"
        moved = [
            f"{change.rating.colour} {change.signed}" for change in self.changes if change.delta
        ]
        return ", ".join(moved) or "No change"


def plan_standings(plans, as_at: datetime.date, *, known_now: bool = False) -> list[PlanStanding]:
    """For each plan of the queryset ``plans`` (in its order), what its dashboard says as
    at ``as_at`` compared with its default comparison date: its previous Board meeting
    before ``as_at``, else one month earlier (``movement.default_comparison``). Two
    queries, however many plans: the plans with both Board dates, then where every
    action of them stands.

    Every plan has its own comparison date, so the rating each action had then cannot be
    one ``with_rating_as_at(date)`` for all. The date is worked out in the database
    instead, per action from its plan's meetings (``comparison_date``), and the rating in
    force on it read by the same rule with that column for the day
    (``rules.counts_on_day_q``). The meeting lookup is repeated in the second query as a
    subquery rather than passed in as one value per plan, so its SQL does not grow with
    the number of plans either.

    The actions come back one small row each and are counted here with the Python forms
    of the rules (``has_moved``, ``is_overdue``, ``is_stale``), as the dashboard counts
    its own. Counting them grouped in SQL was tried and does the same work in the
    database, but repeating the rules' expressions in the grouping pushes PostgreSQL's
    cost estimate past its JIT thresholds: on 30 plans of 9,000 actions, 1.2 s of
    compiling for a query that runs in 0.4 s. Read this way, the 9,000 rows take about 0.5 s
    in all; so each plan's counts are kept per plan revision (``page_cache.plans_records``)
    and the query reads only the plans whose counts are not kept: after a change to one
    plan, that plan's actions alone.
    """
    return standings_of(plans_with_board_dates(plans, as_at), as_at, known_now=known_now)


def plans_with_board_dates(plans, as_at: datetime.date) -> list[Plan]:
    """The plans of the queryset ``plans``, each with its last Board on or before
    ``as_at`` and its previous one before it (what ``standings_of`` needs). One query."""
    return list(
        plans.annotate(
            last_board=previous_board_meeting(as_at + datetime.timedelta(1)),
            previous_meeting=previous_board_meeting(as_at),
        )
    )


def standings_of(
    listed: list[Plan], as_at: datetime.date, *, known_now: bool = False
) -> list[PlanStanding]:
    """``plan_standings`` of plans read by ``plans_with_board_dates``: one query, of the
    plans whose counts are not kept."""
    standings = {
        plan.pk: PlanStanding(
            plan=plan,
            as_at=as_at,
            comparison=default_comparison(plan, as_at, plan.previous_meeting),
            last_board=plan.last_board,
        )
        for plan in listed
    }
    if not standings:
        return []
    counted = plans_records(
        plans=listed,
        name="standings",
        day=as_at,
        mode="now" if known_now else "then",
        compute=lambda some: _standing_counts(some, as_at, known_now=known_now),
    )
    for pk, standing in standings.items():
        now_total, now_counts, then_total, then_counts, moved, overdue, stale = counted[pk]
        standing.now.total, standing.then.total = now_total, then_total
        standing.now.counts.update(now_counts)
        standing.then.counts.update(then_counts)
        standing.moved.update(moved)
        standing.overdue, standing.stale = overdue, stale
    return list(standings.values())


def _standing_counts(plans: list[Plan], as_at: datetime.date, *, known_now: bool) -> dict:
    """For each of ``plans`` (read with ``previous_meeting``), what its standing counts,
    as plain values (kept per plan revision by ``plans_records``): the totals and counts
    now and then, what moved, how many overdue and stale. One query."""
    standings = {
        plan.pk: PlanStanding(
            plan=plan,
            as_at=as_at,
            comparison=default_comparison(plan, as_at, plan.previous_meeting),
            last_board=None,
        )
        for plan in plans
    }
    meeting_before = (
        BoardMeeting.objects.filter(plan=OuterRef("plan_id")).before(as_at).values("date")[:1]
    )
    rating_then = (
        ActionUpdate.objects.rated()
        .filter(counts_on_day_q(OuterRef("comparison_date"), known_now=known_now))
        .filter(action=OuterRef("pk"))
        .latest_first()
        .values("rating")[:1]
    )
    actions = (
        Action.objects.filter(plan__in=list(standings))
        .in_plan_as_at(as_at)
        .with_standing_as_at(as_at, known_now=known_now)
        .annotate(
            comparison_date=Coalesce(
                Subquery(meeting_before),
                Value(one_reporting_month_before(as_at)),
                output_field=DateField(),
            )
        )
        .annotate(rating_before=Subquery(rating_then))
        .order_by()
        .values_list(*ActionStanding._fields)
    )
    for action in map(ActionStanding._make, actions):
        standing = standings[action.plan_id]
        now, before = action.rating_as_at, action.rating_before
        standing.now.total += 1
        if now:
            standing.now.counts[now] += 1
        if action.added_on <= action.comparison_date:
            standing.then.total += 1
            if before:
                standing.then.counts[before] += 1
        if has_moved(action):
            standing.moved[direction(before, now)] += 1
        standing.overdue += is_overdue(action, as_at)
        standing.stale += is_stale(action, as_at)
    return {
        pk: (
            s.now.total,
            dict(s.now.counts),
            s.then.total,
            dict(s.then.counts),
            dict(s.moved),
            s.overdue,
            s.stale,
        )
        for pk, s in standings.items()
    }


class ActionStanding(NamedTuple):
    """Where one action stands, under the names the rules read (``actions.rules``)."""

    plan_id: int
    added_on: datetime.date
    comparison_date: datetime.date
    rating_as_at: str | None
    rating_before: str | None
    due_date_as_at: datetime.date | None
    updated_on_as_at: datetime.date | None
