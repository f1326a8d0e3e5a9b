"""What a Board report says, assembled from the data as at its date.

Everything a report prints comes from here and from the narrative the authors wrote, so
the browser preview, the PDF and the command line show the same thing. Nothing here
reads the clock: the same plan, dates and narrative give the same document. The pieces
are in ``paper_figures`` (the queries), ``paper_chart`` (the SVG chart),
``paper_narrative`` (the authors' Markdown) and ``paper_parts`` (the numbering).
"""

import datetime
from dataclasses import dataclass, field
from functools import partial

from plans.models import Plan

from .assurance import assurance_draft
from .models import MONTHLY_NARRATIVE_FIELDS, NARRATIVE_FIELDS, BoardReport
from .movement import default_comparison
from .paper_figures import KNOWN_THEN, ReportFigures, kept_if, report_figures
from .paper_narrative import NarrativeSection, narrative_sections
from .paper_parts import Part, Subpart, figures_subparts, numbered_parts
from .paper_risks import RiskRow, draft_of_issues, issues_in_period, risk_summary


@dataclass(frozen=True)
class Author:
    name: str
    job_title: str


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
    # Section 3's table: the risks on the log as at the paper's date (``paper_risks``).
    risk_summary: list[RiskRow] = field(default_factory=list)

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
    def parts(self) -> list[Part]:
        """The numbered sections, in print order (``paper_parts``)."""
        return numbered_parts(
            is_monthly=self.is_monthly,
            is_draft=self.is_draft,
            has_impact=bool(self.figures.impact),
            narrative=self.narrative,
            since_label=self.since_label,
        )

    @property
    def figures_subparts(self) -> list[Subpart]:
        """The numbered parts of the progress update's "Summary of progress"."""
        return figures_subparts(
            self.parts,
            is_monthly=self.is_monthly,
            has_impact=bool(self.figures.impact),
            since_label=self.since_label,
        )


def since_label(
    plan: Plan, since: datetime.date, as_at: datetime.date, *, kept: bool = False
) -> str:
    """How the paper names the start of its period: "the Board meeting on …" if there was
    one. With ``kept``, kept until something other than an action changes (a meeting)."""
    from .models import BoardMeeting

    if since <= plan.start_date:
        return f"the start of the plan on {since:%-d %B %Y}"

    def compute():
        if BoardMeeting.objects.filter(plan=plan, date=since).exists():
            return f"the Board meeting on {since:%-d %B %Y}", frozenset()
        return f"{since:%-d %B %Y}", frozenset()

    return kept_if(
        kept,
        plan=plan,
        name="paper-since",
        day=as_at,
        mode=KNOWN_THEN,
        vary=str(since),
        compute=compute,
    )


def paper_drafts(
    kind: str, plan: Plan, figures: ReportFigures, *, kept: bool = False
) -> dict[str, str]:
    """Narrative drafted from the data, printed where the authors wrote none. With
    ``kept``, each is kept across revisions until something other than an action changes,
    or one of the actions it names does (``page_cache.kept_unless_changed``): the issues
    name the actions they affect with their ratings; the assurance events name none."""
    if kind == BoardReport.Kind.MONTHLY:
        return {}
    as_at, since = figures.as_at, figures.since

    def issues():
        found = issues_in_period(plan, as_at, since)
        affected = frozenset(action.pk for issue in found for action in issue.affected)
        return draft_of_issues(found, as_at), affected

    draft = partial(kept_if, kept, plan=plan, day=as_at, mode=KNOWN_THEN, vary=str(since))
    return {
        "issues": draft(name="paper-issues", compute=issues),
        "assurance": draft(
            name="paper-assurance",
            compute=lambda: (assurance_draft(plan, since, as_at), frozenset()),
        ),
    }


def paper_risk_summary(
    plan: Plan, as_at: datetime.date, since: datetime.date, *, kept: bool = False
) -> list[RiskRow]:
    """``risk_summary``, which reads no action: with ``kept``, kept until something other
    than an action changes."""
    return kept_if(
        kept,
        plan=plan,
        name="paper-risks",
        day=as_at,
        mode=KNOWN_THEN,
        vary=str(since),
        compute=lambda: (risk_summary(plan, as_at, since), frozenset()),
    )


def report_document(
    report: BoardReport, *, logo_data_uri: str = "", kept: bool = False
) -> ReportDocument:
    """The document for a saved report. With ``kept`` (its plan read from the database
    just before, as for the report's page), from what is kept across plan revisions
    (``paper_figures``): the same document, read again only where the plan changed."""
    meeting = report.meeting
    plan = meeting.plan
    figures = report_figures(
        plan=plan,
        as_at=report.as_at,
        since=report.period_start,
        appendix=report.include_appendix and report.kind == BoardReport.Kind.PROGRESS,
        kept=kept,
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
        narrative=narrative_sections(
            report, report.narrative_fields, paper_drafts(report.kind, plan, figures, kept=kept)
        ),
        is_draft=not report.is_final,
        since_label=since_label(plan, figures.since, figures.as_at, kept=kept),
        logo_data_uri=logo_data_uri,
        created=report.created_at,
        modified=report.finalised_at or report.updated_at,
        risk_summary=paper_risk_summary(plan, figures.as_at, figures.since, kept=kept),
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
        narrative=narrative_sections(None, keys, paper_drafts(kind, plan, figures)),
        is_draft=False,
        since_label=since_label(plan, figures.since, as_at),
        created=midnight,
        modified=midnight,
        has_meeting=False,
        risk_summary=paper_risk_summary(plan, as_at, figures.since),
    )
