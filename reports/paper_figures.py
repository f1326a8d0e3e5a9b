"""The figures of a Board paper: counts, movement, exceptions and appendix as at its date.

The queries behind a paper live here (a fixed number whatever the plan's size); the
document around them is assembled in ``report_content``.

Each action is read as the values the paper prints (``PaperAction``). For the report's
page (``kept=True``: its plan was read from the database just before) they are kept
across plan revisions (``page_cache.action_records``), so its first view after an owner's
update reads that action alone, and what reads no action (the sections, the indicators'
table) is kept until something other than an action changes. Everything else (the PDF,
the Word paper, the command line) computes them afresh.
"""

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from actions.models import Action, Rating, SlippageReason
from actions.rules import has_moved
from improvement_board.prepared import values_rows
from indicators.reporting import impact_rows
from indicators.scorecard import IndicatorRow
from plans.models import Plan, Section

from .drawn_rows import drawn_row
from .exceptions import is_red_or_amber
from .movement import SectionMovement, direction, section_movements
from .page_cache import action_records, kept_unless_changed
from .paper_chart import Chart, summary_chart
from .summary import PlanSummary, SummaryRow, summary_from_actions
from .templatetags.figure_tables import summary_table

# A paper's figures are always as known at the end of its "as at" date.
KNOWN_THEN = "known-then"


class PaperAction(NamedTuple):
    """One action as a paper prints it, as at the paper's date (as known then): what the
    summaries count, the lists choose and sort by, and the rows show. Values, kept across
    revisions and shared by every reader: never changed in place."""

    pk: int
    section_id: int
    added_on: datetime.date
    reference: str
    title: str
    # The lead's name as printed (``User.__str__``).
    lead: str
    rating_as_at: str | None
    rating_before: str | None
    due_date_as_at: datetime.date | None
    original_due_date_as_at: datetime.date | None
    slippage_reason_as_at: str | None
    commentary_as_at: str | None
    commentary_on_as_at: datetime.date | None
    decision_kind_as_at: str | None
    decision_note_as_at: str | None
    decision_on_as_at: datetime.date | None
    completed_on_as_at: datetime.date | None
    # For an action whose rating changed (``has_moved``): "improved", "worsened" or
    # "new" (``movement.direction``); otherwise empty.
    direction: str
    slippage_reason_label: str


# What the query reads, in order: PaperAction's fields up to the lead, whose three names
# make its ``lead``, then the rest of what the database gives.
_READ = (
    "pk",
    "section_id",
    "added_on",
    "reference",
    "title",
    "lead__username",
    "lead__first_name",
    "lead__last_name",
    *PaperAction._fields[6:17],
)
_DATES = {
    "added_on",
    "due_date_as_at",
    "original_due_date_as_at",
    "commentary_on_as_at",
    "decision_on_as_at",
    "completed_on_as_at",
}
_KINDS = tuple("date" if name in _DATES else "" for name in _READ)


def kept_if(kept: bool, **kept_as) -> Any:
    """The value ``kept_unless_changed(**kept_as)`` gives if ``kept`` (the plan was read
    from the database just before, as a kept value needs), else computed afresh."""
    if kept:
        return kept_unless_changed(**kept_as)
    return kept_as["compute"]()[0]


def paper_actions(
    plan: Plan, as_at: datetime.date, since: datetime.date, *, kept: bool = False
) -> list[PaperAction]:
    """The plan's actions on ``as_at``, in the plan's order, with their ratings on
    ``as_at`` and ``since`` and what was said of them by ``as_at``, as known then. One
    query; with ``kept``, kept across revisions, so after a change to some actions two
    (which changed, and theirs)."""

    def query(keys: Collection[int] | None):
        actions = Action.objects.in_plan(plan).in_plan_as_at(as_at)
        if keys is not None:
            actions = actions.filter(pk__in=keys)
        return (
            actions.with_state_as_at(as_at)
            .with_rating_as_at(since, "rating_before")
            .order_by("section__number", "reference")
            .values_list(*_READ)
        )

    def compute(keys: frozenset[int] | None) -> dict[int, PaperAction]:
        # After an update, the changed actions' rows: compiled once for the plan and dates.
        rows = values_rows(("paper-actions", plan.pk, as_at, since), query, keys, _KINDS)
        User = get_user_model()
        names: dict[tuple, str] = {}
        records = {}
        for row in rows:
            pk, section_id, added_on, reference, title = row[:5]
            lead, (rating, before, *rest) = row[5:8], row[8:]
            if lead not in names:
                username, first_name, last_name = lead
                names[lead] = str(
                    User(username=username, first_name=first_name, last_name=last_name)
                )
            reason = rest[2]
            record = PaperAction(
                pk,
                section_id,
                added_on,
                reference,
                title,
                names[lead],
                rating,
                before,
                *rest,
                direction="",
                slippage_reason_label=SlippageReason(reason).label if reason else "",
            )
            if has_moved(record):
                record = record._replace(direction=direction(before, rating))
            records[pk] = record
        return records

    if not kept:
        return list(compute(None).values())
    records = action_records(
        plan=plan,
        name="paper-actions",
        day=as_at,
        mode=KNOWN_THEN,
        vary=since.isoformat(),
        compute=compute,
    )
    return list(records.values())


class ReportError(Exception):
    """A report that cannot be produced as asked, with a message for the person asking."""


@dataclass
class SectionActions:
    """Some of the actions of one section, e.g. those whose rating changed."""

    title: str
    actions: list[PaperAction]
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
    changed: list[PaperAction]
    completed: list[PaperAction]
    exceptions: list[PaperAction]
    chart: Chart
    appendix: list[SectionActions] | None = None
    impact: list[IndicatorRow] = field(default_factory=list)
    # The indicators' table as printed (indicators/includes/impact_section.html).
    impact_html: SafeString = SafeString("")

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

    # The tables drawn from the counts alone, each drawn once for the counts it shows
    # (reports/drawn_rows.py): an update that moves no count leaves them as they were.

    @property
    def summary_table_html(self) -> SafeString:
        """The RAG table (``figure_tables.summary_table``)."""
        return drawn_row(
            "paper-summary", None, (), partial(summary_table, self.summary), *_counts(self.summary)
        )

    @property
    def chart_html(self) -> SafeString:
        """The summary chart (``chart``, drawn from ``summary``)."""
        context = {"chart": self.chart, "as_at": self.as_at}
        draw = partial(render_to_string, "reports/board_report/_chart.html", context)
        return drawn_row("paper-chart", None, (), draw, *_counts(self.summary))

    @property
    def movement_html(self) -> SafeString:
        """The table of each rating's change per section since ``since``."""
        shown = ((movement.title, *movement.changes) for movement in self.movements)
        context = {"figures": self}
        draw = partial(render_to_string, "reports/board_report/_movement_table.html", context)
        return drawn_row("paper-movement", None, (), draw, self.as_at, self.since, *shown)

    @property
    def improved(self) -> int:
        return sum(1 for action in self.changed if action.direction == "improved")

    @property
    def worsened(self) -> int:
        return sum(1 for action in self.changed if action.direction == "worsened")


def _counts(summary: PlanSummary) -> tuple:
    """All a summary's tables show: its date, and each section's title, total and counts."""
    return (
        summary.as_at,
        *((row.title, row.total, *row.counts.items()) for row in summary.rows),
    )


def report_figures(
    *, plan: Plan, as_at: datetime.date, since: datetime.date, appendix: bool, kept: bool = False
) -> ReportFigures:
    """The figures for a report on ``plan`` as at ``as_at``, with movement since ``since``.

    A fixed number of queries whatever the size of the plan: the sections, every action
    with its state on both days (``paper_actions``: the summaries, movement, exceptions
    and appendix are all counted and sorted from those, as the dashboard does), and two
    for the indicators (``paper_impact``); with ``kept`` (``plan`` read from the
    database just before), fewer: what is kept across revisions is read again only for
    what changed since.
    """
    if as_at < plan.start_date:
        raise ReportError(
            f"The “as at” date {as_at:%-d %B %Y} is before the plan started "
            f"({plan.start_date:%-d %B %Y}). Choose a date on or after it."
        )
    sections = kept_if(
        kept,
        plan=plan,
        name="paper-sections",
        day=as_at,
        mode=KNOWN_THEN,
        compute=lambda: (
            list(Section.objects.filter(plan=plan).select_related("lead").order_by("number")),
            frozenset(),
        ),
    )
    if not sections:
        raise ReportError(
            f"The plan “{plan.title}” has no sections yet, so there is nothing to report. "
            "Add its sections and actions first."
        )
    since = min(max(since, plan.start_date), as_at)
    actions = paper_actions(plan, as_at, since, kept=kept)
    impact, impact_html = paper_impact(plan, as_at, kept=kept)
    summary = summary_from_actions(plan, as_at, sections, actions)
    before = summary_from_actions(plan, since, sections, actions, "rating_before")

    changed = [action for action in actions if has_moved(action)]
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

    appendix_sections = None
    if appendix:
        section_of = {section.pk: section for section in sections}
        appendix_sections = [
            SectionActions(
                title=f"Section {section_of[section_id].number}: {section_of[section_id].title}",
                actions=list(group),
                anchor=f"appendix-{section_of[section_id].number}",
            )
            for section_id, group in groupby(actions, key=lambda a: a.section_id)
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
        impact=impact,
        impact_html=mark_safe(impact_html),  # drawn from the app's own template
    )


def paper_impact(
    plan: Plan, as_at: datetime.date, *, kept: bool = False
) -> tuple[list[IndicatorRow], str]:
    """The indicators' rows (``impact_rows``) and their table as the paper prints it,
    which read no action: with ``kept``, kept until something other than an action
    changes, and shared by every reader: never changed in place."""

    def compute():
        rows = impact_rows(plan, as_at)
        html = render_to_string(
            "indicators/includes/impact_section.html", {"impact_rows": rows, "omit_heading": True}
        )
        return (rows, html), frozenset()

    return kept_if(
        kept, plan=plan, name="paper-impact", day=as_at, mode=KNOWN_THEN, compute=compute
    )
