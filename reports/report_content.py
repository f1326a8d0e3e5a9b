"""What a Board report says, assembled from the data as at its date.

Everything a report prints comes from here and from the narrative the authors wrote, so
the browser preview, the PDF and the command line show the same thing. Nothing here
reads the clock: the same plan, dates and narrative give the same document.
"""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.utils.safestring import SafeString

from actions.models import Action, Rating, SlippageReason
from actions.rules import has_moved
from indicators.reporting import impact_rows
from indicators.scorecard import IndicatorRow
from plans.models import Plan, Section

from .exceptions import is_red_or_amber
from .markdown import numbered_lines, render_markdown
from .models import MONTHLY_NARRATIVE_FIELDS, NARRATIVE_FIELDS, BoardReport
from .movement import SectionMovement, default_comparison, direction, section_movements
from .summary import PlanSummary, SummaryRow, summary_from_actions

# Chart colours: the fills of the app's rating tags, each with a text colour at WCAG AA
# contrast (see frontend/app.scss); the PDF and the page must agree.
RATING_FILL = {
    Rating.BLUE: "#1d70b8",
    Rating.GREEN: "#0f7a52",
    Rating.AMBER: "#faaa1c",
    Rating.RED: "#ca3535",
}
RATING_TEXT = {
    Rating.BLUE: "#ffffff",
    Rating.GREEN: "#ffffff",
    Rating.AMBER: "#0b0c0c",
    Rating.RED: "#ffffff",
}

NARRATIVE_HEADINGS = {
    "summary": "Summary",
    "introduction": "Introduction",
    "progress": "Progress",
    "issues": "Specific issues that have delayed progress",
    "future_revisions": "Future revisions to the plan",
    "next_steps": "Next steps",
    "recommendations": "Recommendations",
}


class ReportError(Exception):
    """A report that cannot be produced as asked, with a message for the person asking."""


@dataclass(frozen=True)
class Author:
    name: str
    job_title: str


@dataclass(frozen=True)
class ChartSegment:
    rating: Rating
    count: int
    x: float
    width: float

    @property
    def fill(self) -> str:
        return RATING_FILL[self.rating]

    @property
    def text_fill(self) -> str:
        return RATING_TEXT[self.rating]

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2

    @property
    def shows_count(self) -> bool:
        # Counts only go inside segments wide enough to hold them; the table beside the
        # chart always has every number.
        return self.width >= 18


@dataclass(frozen=True)
class ChartBar:
    title: str
    total: int
    y: float
    segments: list[ChartSegment]
    end_x: float

    @property
    def label_y(self) -> float:
        return self.y - 6

    @property
    def text_y(self) -> float:
        return self.y + 14

    @property
    def total_x(self) -> float:
        return self.end_x + 8


@dataclass(frozen=True)
class LegendEntry:
    rating: Rating
    x: float
    y: float

    @property
    def fill(self) -> str:
        return RATING_FILL[self.rating]

    @property
    def text_x(self) -> float:
        return self.x + 20

    @property
    def text_y(self) -> float:
        return self.y + 12


@dataclass(frozen=True)
class Chart:
    """A horizontal stacked bar per section, laid out for an SVG 640 units wide."""

    bars: list[ChartBar]
    height: float
    legend: list[LegendEntry]
    alt: str

    WIDTH = 640


def summary_chart(summary: PlanSummary) -> Chart:
    bar_area = 560  # the rest holds the "22 actions" label after the longest bar
    largest = max((row.total for row in summary.rows), default=0) or 1
    bars = []
    y = 24.0
    for row in summary.rows:
        x = 0.0
        segments = []
        for rating, count in row.cells:
            width = bar_area * count / largest
            if count:
                segments.append(ChartSegment(rating=rating, count=count, x=x, width=width))
            x += width
        bars.append(ChartBar(title=row.title, total=row.total, y=y, segments=segments, end_x=x))
        y += 48
    # Two legend entries a line: the Board's wording is long.
    legend = [
        LegendEntry(rating=Rating(value), x=(index % 2) * 320, y=y - 4 + (index // 2) * 22)
        for index, value in enumerate(Rating.values)
    ]
    parts = []
    for row in summary.rows:
        counts = ", ".join(f"{n} {rating.colour}" for rating, n in row.cells)
        parts.append(f"{row.title}: {row.total} actions ({counts})")
    alt = (
        f"Bar chart of the RAG ratings of the actions in each section of the plan as at "
        f"{summary.as_at:%-d %B %Y}. " + "; ".join(parts) + "."
    )
    return Chart(bars=bars, height=legend[-1].y + 18, legend=legend, alt=alt)


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


@dataclass
class NarrativeSection:
    key: str
    heading: str
    html: SafeString
    items: list[SafeString] = field(default_factory=list)  # recommendations only

    @property
    def is_empty(self) -> bool:
        return not self.html and not self.items


@dataclass
class ReportDocument:
    """Everything one Board paper prints: header, narrative and figures."""

    kind: str
    title: str
    board_name: str
    meeting_title: str
    meeting_date: datetime.date
    running_header: str
    authors: list[Author]
    figures: ReportFigures
    narrative: dict[str, NarrativeSection]
    is_draft: bool
    since_label: str
    logo_data_uri: str = ""
    created: datetime.datetime | None = None
    modified: datetime.datetime | None = None
    # False for a paper straight from the data: its date is the figures', not a Board's.
    has_meeting: bool = True

    @property
    def is_monthly(self) -> bool:
        return self.kind == BoardReport.Kind.MONTHLY

    @property
    def document_title(self) -> str:
        if not self.has_meeting:
            return f"{self.title}, {self.occasion}"
        return f"{self.title}, {self.meeting_title} {self.meeting_date:%-d %B %Y}"

    @property
    def occasion(self) -> str:
        """The line under the Board's name: its meeting, or the figures' date when there is
        no meeting on record (a paper never invents a Board date)."""
        if self.has_meeting:
            return f"{self.meeting_title}, {self.meeting_date:%-d %B %Y}"
        return f"Figures as at {self.figures.as_at:%-d %B %Y}"

    @property
    def author_names(self) -> list[str]:
        return [author.name for author in self.authors]

    def section(self, key: str) -> NarrativeSection:
        return self.narrative[key]

    @property
    def summary_section(self) -> NarrativeSection | None:
        return self.narrative.get("summary")

    @property
    def parts(self) -> list["Part"]:
        """The numbered sections, in print order. Empty narrative is left out of a final
        paper (and the numbers close up); a draft shows where it is still missing.

        The progress update keeps the reference paper's seven numbered sections, so its
        impact and performance figures sit inside section 5; the monthly report gives
        them a section of their own."""
        if self.is_monthly:
            keys = ["figures", "impact", "changes", "exceptions", "next_steps"]
        else:
            keys = [
                "introduction",
                "progress",
                "issues",
                "future_revisions",
                "figures",
                "next_steps",
                "recommendations",
            ]
        parts = []
        for key in keys:
            if key == "impact" and not self.figures.impact:
                continue  # a plan without performance indicators has nothing to show here
            narrative = self.narrative.get(key)
            if narrative is not None and narrative.is_empty and not self.is_draft:
                continue
            heading = narrative.heading if narrative else GENERATED_HEADINGS[key]
            if key == "changes":
                heading = f"Ratings changed since {self.since_label}"
            parts.append(Part(number=len(parts) + 1, key=key, heading=heading, narrative=narrative))
        return parts

    @property
    def figures_subparts(self) -> list["Subpart"]:
        """The numbered parts of the progress update's "Summary of progress" ("5.1 Movement
        since …" to "5.4 Impact and performance"), in print order; none in a monthly
        report, which gives each of them a section of its own."""
        figures = next((part for part in self.parts if part.key == "figures"), None)
        if figures is None or self.is_monthly:
            return []
        headings = [
            ("movement", f"Movement since {self.since_label}"),
            ("completed", f"Completed since {self.since_label}"),
            ("exceptions", "Exception report: Red and Amber actions"),
        ]
        if self.figures.impact:
            headings.append(("impact", GENERATED_HEADINGS["impact"]))
        return [
            Subpart(number=f"{figures.number}.{index}", key=key, heading=heading)
            for index, (key, heading) in enumerate(headings, start=1)
        ]


GENERATED_HEADINGS = {
    "figures": "Summary of progress",
    "impact": "Impact and performance",
    "changes": "Ratings changed",
    "exceptions": "Exceptions: Red and Amber actions",
}


@dataclass(frozen=True)
class Part:
    number: int
    key: str
    heading: str
    narrative: NarrativeSection | None


@dataclass(frozen=True)
class Subpart:
    number: str  # "5.2"
    key: str
    heading: str


def narrative_sections(source, keys: list[str]) -> dict[str, NarrativeSection]:
    sections = {}
    for key in keys:
        text = getattr(source, key, "") or ""
        if key == "recommendations":
            sections[key] = NarrativeSection(
                key=key,
                heading=NARRATIVE_HEADINGS[key],
                html=SafeString(""),
                items=numbered_lines(text),
            )
        else:
            sections[key] = NarrativeSection(
                key=key, heading=NARRATIVE_HEADINGS[key], html=render_markdown(text)
            )
    return sections


def since_label(plan: Plan, since: datetime.date, as_at: datetime.date) -> str:
    """How the paper names the start of its period: "the Board meeting on …" if there was one."""
    from .models import BoardMeeting

    if since <= plan.start_date:
        return f"the start of the plan on {since:%-d %B %Y}"
    if BoardMeeting.objects.filter(plan=plan, date=since).exists():
        return f"the Board meeting on {since:%-d %B %Y}"
    return f"{since:%-d %B %Y}"


def report_document(report: BoardReport, *, logo_data_uri: str = "") -> ReportDocument:
    """The document for a saved report."""
    meeting = report.meeting
    plan = meeting.plan
    figures = report_figures(
        plan=plan,
        as_at=report.as_at,
        since=report.period_start,
        appendix=report.include_appendix and report.kind == BoardReport.Kind.PROGRESS,
    )
    return ReportDocument(
        kind=report.kind,
        title=report.title,
        board_name=meeting.board_name,
        meeting_title=meeting.title,
        meeting_date=meeting.date,
        running_header=report.header_text,
        authors=[Author(name, title) for name, title in report.author_list],
        figures=figures,
        narrative=narrative_sections(report, report.narrative_fields),
        is_draft=not report.is_final,
        since_label=since_label(plan, figures.since, figures.as_at),
        logo_data_uri=logo_data_uri,
        created=report.created_at,
        modified=report.finalised_at or report.updated_at,
    )


def unsaved_report_document(
    *,
    plan: Plan,
    as_at: datetime.date,
    since: datetime.date | None = None,
    kind: str = BoardReport.Kind.PROGRESS,
    title: str = "",
    appendix: bool = True,
) -> ReportDocument:
    """A paper straight from the data, for a date with no Board report on record.

    Movement is counted from the previous Board meeting on record, else (monthly) one
    reporting month earlier, else the start of the plan.
    """
    if since is None:
        since = default_comparison(
            plan, as_at, else_plan_start=kind != BoardReport.Kind.MONTHLY
        ).date
    figures = report_figures(
        plan=plan, as_at=as_at, since=since, appendix=appendix and kind != "monthly"
    )
    keys = MONTHLY_NARRATIVE_FIELDS if kind == BoardReport.Kind.MONTHLY else NARRATIVE_FIELDS
    midnight = datetime.datetime.combine(as_at, datetime.time(), tzinfo=datetime.UTC)
    return ReportDocument(
        kind=kind,
        title=title or BoardReport.Kind(kind).label,
        board_name="Children's Improvement Board",
        meeting_title="Improvement Board",
        meeting_date=as_at,
        running_header=plan.organisation.paper_header,
        authors=[],
        figures=figures,
        narrative=narrative_sections(None, keys),
        is_draft=False,
        since_label=since_label(plan, figures.since, as_at),
        created=midnight,
        modified=midnight,
        has_meeting=False,
    )
