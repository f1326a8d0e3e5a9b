"""Everything the plan dashboard shows, from three queries whatever the size of the plan.

The plan's actions are read twice. First every action, as a few values: where it stands
on both days, which is all the summary, the direction of travel and the exception lists
need to count, sort and choose. Then, in full, only the actions the page will show
(the first few of each list), with the commentary and the lead the rows print. A plan of
400 actions therefore builds about 60 action objects, not 400 with their sections and
leads, and its commentary crosses from the database only for the rows shown.
"""

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Exists, OuterRef
from django.urls import reverse

from actions.models import Action, ActionUpdate, Rating, SlippageReason
from actions.rules import has_moved, is_overdue, is_stale, one_reporting_month_before, restated_q
from improvement_board.prepared import values_rows
from plans.models import Plan, Section

from .exceptions import is_red_or_amber
from .movement import SectionChange, section_changes
from .page_cache import action_records, kept_unless_changed
from .summary import PlanSummary, summary_from_actions


class Standing(NamedTuple):
    """Where one action stands: the values ``summary_from_actions`` and the exception
    rules read, under the names they read them by."""

    pk: int
    section_id: int
    added_on: datetime.date
    rating_as_at: str | None
    rating_before: str | None
    updated_on_as_at: datetime.date | None
    due_date_as_at: datetime.date | None
    original_due_date_as_at: datetime.date | None
    # An update describing the day or earlier was recorded after it (rules.restated_q).
    restated: bool


# How each value of a Standing, and of WORDS, is read back (improvement_board.prepared).
STANDING_KINDS = ("", "", "date", "", "", "date", "date", "date", "bool")


@dataclass
class ActionList:
    """One of the dashboard's lists: how many actions are in it, and the first of them
    in full, in the list's order."""

    total: int
    shown: list[Action] = field(default_factory=list)

    @property
    def more(self) -> bool:
        return self.total > len(self.shown)

    def __bool__(self) -> bool:
        return self.total > 0


@dataclass
class Dashboard:
    as_at: datetime.date
    since: datetime.date
    summary: PlanSummary
    summary_then: PlanSummary
    changes: list[SectionChange]
    moved: ActionList
    red_amber: ActionList
    overdue: ActionList
    stale: ActionList
    stale_before: datetime.date
    # Actions with updates about the period recorded after ``as_at``: left out of the
    # picture as known then, included (and listed) as known now.
    restated: ActionList
    known_now: bool = False
    # Each action of the plan on ``as_at``, by key, with its rating then.
    ratings: dict[int, str | None] = field(default_factory=dict)


def plan_dashboard(
    plan: Plan,
    as_at: datetime.date,
    since: datetime.date,
    *,
    limit: int | None = None,
    known_now: bool = False,
) -> Dashboard:
    """The summary as at both dates, what moved between them and the exceptions, each
    list with its first ``limit`` actions in full (all of them when ``limit`` is None).

    Both dates as known at the end of ``as_at``, or with ``known_now`` as known today.
    Kept across revisions (``page_cache``): the sections until the plan changes, where
    every action stands and what was said of it (``standings_as_at``, ``words_as_at``)
    read again after an update for that action alone. With nothing kept, four queries:
    the sections, the standings, the words and which actions changed.
    """
    sections = kept_unless_changed(
        plan=plan,
        name="sections",
        day=as_at,
        mode="",
        compute=lambda: (
            list(Section.objects.filter(plan=plan).select_related("lead").order_by("number")),
            frozenset(),
        ),
    )
    standings = list(standings_as_at(plan, as_at, since, known_now=known_now).values())
    summary = summary_from_actions(plan, as_at, sections, standings)
    summary_then = summary_from_actions(plan, since, sections, standings, "rating_before")
    # Red before Amber, then the plan's order (the sort is stable).
    red_amber = sorted(
        (s for s in standings if is_red_or_amber(s)), key=lambda s: s.rating_as_at != Rating.RED
    )
    lists = {
        "moved": [s for s in standings if has_moved(s)],
        "red_amber": red_amber,
        "overdue": [s for s in standings if is_overdue(s, as_at)],
        "stale": [s for s in standings if is_stale(s, as_at)],
        "restated": [s for s in standings if s.restated],
    }
    chosen = {name: members[:limit] for name, members in lists.items()}
    if not known_now:
        chosen["restated"] = []  # only counted: the picture as known then leaves them out
    shown = _actions_in_full(
        plan,
        {s.pk: s for members in chosen.values() for s in members},
        as_at=as_at,
        known_now=known_now,
        restated=[s.pk for s in chosen["restated"]],
    )
    return Dashboard(
        as_at=as_at,
        since=since,
        summary=summary,
        summary_then=summary_then,
        changes=section_changes(summary_then, summary),
        stale_before=one_reporting_month_before(as_at),
        known_now=known_now,
        ratings={s.pk: s.rating_as_at for s in standings},
        **{
            name: ActionList(total=len(lists[name]), shown=[shown[s.pk] for s in members])
            for name, members in chosen.items()
        },
    )


def standings_as_at(
    plan: Plan, as_at: datetime.date, since: datetime.date, *, known_now: bool = False
) -> dict[int, Standing]:
    """Where each of the plan's actions stands on ``as_at`` and ``since``, by key, in the
    plan's order; kept across revisions, so after an owner's update only that action's
    standing is read again (``page_cache.action_records``). One query, or two after a
    change to some actions (which changed, and theirs)."""

    mode = "known-now" if known_now else "known-then"

    def query(keys: Collection[int] | None):
        actions = Action.objects.in_plan(plan).in_plan_as_at(as_at)
        if keys is not None:
            actions = actions.filter(pk__in=keys)
        return (
            actions.with_standing_as_at(as_at, known_now=known_now)
            .with_rating_as_at(since, "rating_before", known_now=known_now)
            .annotate(
                restated=Exists(
                    ActionUpdate.objects.filter(restated_q(as_at), action=OuterRef("pk"))
                )
            )
            .order_by("section__number", "reference")
            .values_list(*Standing._fields)
        )

    def compute(keys: frozenset[int] | None) -> dict[int, Standing]:
        # After an update, the changed actions' rows: compiled once for plan, day and picture.
        rows = values_rows(("standings", plan.pk, as_at, since, mode), query, keys, STANDING_KINDS)
        return {row[0]: Standing(*row) for row in rows}

    return action_records(
        plan=plan,
        name="standings",
        day=as_at,
        mode=mode,
        vary=since.isoformat(),
        compute=compute,
    )


# What the dashboard's rows read of an action besides where it stands: its name, its
# lead's, and what was said of it by the day (``with_words_as_at``).
WORDS = (
    "pk",
    "reference",
    "title",
    "lead_id",
    "lead__username",
    "lead__first_name",
    "lead__last_name",
    "slippage_reason_as_at",
    "commentary_as_at",
    "commentary_on_as_at",
    "decision_kind_as_at",
    "decision_note_as_at",
    "decision_on_as_at",
    "completed_on_as_at",
)
WORD_KINDS = ("",) * 9 + ("date", "", "", "date", "date")


def words_as_at(
    plan: Plan, as_at: datetime.date, *, known_now: bool, only: Collection[int]
) -> dict[int, tuple]:
    """Each of the plan's actions on ``as_at`` as ``WORDS`` says, by key (at least those
    with the keys ``only``); kept across revisions like the standings, so after an
    update only that action's are read."""

    mode = "known-now" if known_now else "known-then"

    def query(keys: Collection[int] | None):
        actions = Action.objects.in_plan(plan).in_plan_as_at(as_at)
        if keys is not None:
            actions = actions.filter(pk__in=keys)
        return actions.with_words_as_at(as_at, known_now=known_now).order_by().values_list(*WORDS)

    def compute(keys: frozenset[int] | None) -> dict[int, tuple]:
        rows = values_rows(("words", plan.pk, as_at, mode), query, keys, WORD_KINDS)
        return {row[0]: row for row in rows}

    return action_records(
        plan=plan,
        name="words",
        day=as_at,
        mode=mode,
        compute=compute,
        only=only,
    )


# A number no action's key is, to reverse an action's address once for all of them.
ADDRESS_STAND_IN = 987654321987


class ShownAction:
    """An action as the dashboard's rows read it: its name, lead, where it stood and what
    was said of it, and its address; built from the kept records, not a model instance."""

    def __init__(self, *, url: str, **values):
        self.__dict__.update(values)
        self._url = url

    def get_absolute_url(self) -> str:
        return self._url

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


def _actions_in_full(
    plan: Plan,
    standings: dict[int, Standing],
    *,
    as_at: datetime.date,
    known_now: bool,
    restated: list[int],
):
    """The actions standing as in ``standings`` (by key), with what was said of them by
    ``as_at`` and what the rows read (reason for slippage, days overdue), by key; those
    in ``restated`` also with what was recorded about the period since
    (``restated_at``...). Built from the kept words, without a query for them."""
    if not standings:
        return {}
    words = words_as_at(plan, as_at, known_now=known_now, only=standings)
    since_then = {}
    if restated:
        for action in (
            Action.objects.in_plan(plan).filter(pk__in=restated).with_restatement_as_at(as_at)
        ):
            since_then[action.pk] = {
                name: value for name, value in vars(action).items() if name.startswith("restated_")
            }
    # Every action's address, from one reversed address (reversing one per row costs more
    # than the rest of the row).
    address = reverse("actions:detail", args=[plan.slug, ADDRESS_STAND_IN])
    by_pk = {}
    for pk, standing in standings.items():
        (_, reference, title, _, username, first_name, last_name, *said) = words[pk]
        due = standing.due_date_as_at
        reason = said[0]
        action = ShownAction(
            url=address.replace(str(ADDRESS_STAND_IN), str(pk)),
            pk=pk,
            plan=plan,
            section_id=standing.section_id,
            added_on=standing.added_on,
            reference=reference,
            title=title,
            # As a person's name reads (``User.__str__``).
            lead=f"{first_name} {last_name}".strip() or username,
            **dict(zip(WORDS[7:], said, strict=True)),
            # Where it stands was read with every other action; the rows read it here.
            rating_as_at=standing.rating_as_at,
            rating_before=standing.rating_before,
            updated_on_as_at=standing.updated_on_as_at,
            due_date_as_at=due,
            original_due_date_as_at=standing.original_due_date_as_at,
            days_overdue=(as_at - due).days if due else None,
            slippage_reason_label=SlippageReason(reason).label if reason else "",
            **since_then.get(pk, {}),
        )
        by_pk[pk] = action
    return by_pk
