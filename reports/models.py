"""Board meetings, the reports written for them, and every PDF built from a report."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from plans.models import Plan, of_plan


class BoardMeetingQuerySet(models.QuerySet):
    def for_plan(self, plan: Plan) -> "BoardMeetingQuerySet":
        return of_plan(self, plan)

    def before(self, day: datetime.date) -> "BoardMeetingQuerySet":
        return self.filter(date__lt=day).order_by("-date")


class BoardMeeting(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="board_meetings")
    date = models.DateField()
    title = models.CharField(max_length=200, default="Improvement Board")
    board_name = models.CharField(
        max_length=200,
        default="Children's Improvement Board",
        help_text="As printed at the top of the Board's papers.",
    )

    objects = BoardMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "date"],
                name="board_meeting_one_per_plan_and_day",
                violation_error_message="This plan already has a Board meeting on that day.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.date:%-d %B %Y}"

    def clean(self) -> None:
        if self.plan_id and self.date and self.date < self.plan.start_date:
            raise ValidationError(
                {
                    "date": f"The meeting cannot be before the plan started "
                    f"({self.plan.start_date:%-d %B %Y})."
                }
            )


def logo_upload_to(instance: "BoardReport", filename: str) -> str:
    return f"board-reports/{instance.meeting.plan_id}/logos/{filename}"


class BoardReportQuerySet(models.QuerySet):
    def for_plan(self, plan: Plan) -> "BoardReportQuerySet":
        return self.filter(meeting__plan=plan)

    def final(self) -> "BoardReportQuerySet":
        return self.filter(status=BoardReport.Status.FINAL)


# The narrative a plan manager writes, in the order the paper prints it. Recommendations
# are one per line and print as a numbered list; the rest are safe Markdown.
NARRATIVE_FIELDS = [
    "summary",
    "introduction",
    "progress",
    "issues",
    "assurance",
    "future_revisions",
    "next_steps",
    "recommendations",
]
# Parts of a progress update drafted from the data as at each paper's date (section 3 from
# the risk and issue log, External assurance from the calendar): a new report does not
# copy them from an earlier one.
DRAFTED_FOR_EACH_BOARD = frozenset({"issues", "assurance"})
# The Director's monthly report is shorter: an overview, then the generated sections.
MONTHLY_NARRATIVE_FIELDS = ["summary", "next_steps"]


class BoardReport(models.Model):
    class Kind(models.TextChoices):
        PROGRESS = "progress", "Improvement Plan progress update"
        MONTHLY = "monthly", "Director's monthly report"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"

    meeting = models.ForeignKey(BoardMeeting, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PROGRESS)
    title = models.CharField(max_length=200)
    as_at = models.DateField(
        "Figures as at", help_text="The report's figures are what was true on this day."
    )
    period_start = models.DateField(
        "Reporting period from",
        help_text="Movement and completions are counted from this day, usually the "
        "previous Board meeting.",
    )
    authors = models.TextField(
        help_text="One author a line: name, then a comma, then job title.",
    )
    running_header = models.CharField(
        max_length=200,
        blank=True,
        help_text="Printed at the top of every page, e.g. “Medway Council Children's "
        "Services”. Leave empty to use the plan's organisation.",
    )
    logo = models.ImageField(
        upload_to=logo_upload_to,
        blank=True,
        max_length=300,
        help_text="The council's logo for the cover, as a PNG or JPEG. Optional.",
    )
    include_appendix = models.BooleanField(
        "Include the appendix",
        default=True,
        help_text="Every action by section with its rating and latest commentary.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)

    summary = models.TextField(blank=True)
    introduction = models.TextField(blank=True)
    progress = models.TextField(blank=True)
    issues = models.TextField("Specific issues that have delayed progress", blank=True)
    assurance = models.TextField(
        "External assurance since the last Board",
        blank=True,
        help_text="Drafted from the plan's assurance calendar: each event since the previous "
        "Board, and any still postponed, with its findings. Edit it as the Board should read "
        "it; left empty, the paper prints the draft from the data.",
    )
    future_revisions = models.TextField("Future revisions to the plan", blank=True)
    next_steps = models.TextField(blank=True)
    recommendations = models.TextField(
        blank=True, help_text="One recommendation a line; they print as a numbered list."
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_reports"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="finalised_board_reports",
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Raised on every change, for optimistic locking."
    )

    objects = BoardReportQuerySet.as_manager()

    class Meta:
        ordering = ["-as_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("as_at")),
                name="board_report_period_in_order",
                violation_error_message="The reporting period must start on or before the "
                "“as at” date.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", finalised_at__isnull=True)
                | Q(status="final", finalised_at__isnull=False),
                name="board_report_final_has_finalised_at",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["progress", "monthly"]), name="board_report_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.meeting.date:%-d %B %Y})"

    def get_absolute_url(self) -> str:
        return reverse("reports:board_report", args=[self.meeting.plan.slug, self.pk])

    def clean(self) -> None:
        errors = {}
        plan = self.meeting.plan if self.meeting_id else None
        if plan and self.as_at and self.as_at < plan.start_date:
            errors["as_at"] = (
                f"The “as at” date cannot be before the plan started ({plan.start_date:%-d %B %Y})."
            )
        if self.as_at and self.period_start and self.period_start > self.as_at:
            errors["period_start"] = (
                "The reporting period must start on or before the “as at” date."
            )
        if self.authors and not self.author_list:
            errors["authors"] = "Enter at least one author."
        if errors:
            raise ValidationError(errors)

    @property
    def plan(self) -> Plan:
        return self.meeting.plan

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    @property
    def author_list(self) -> list[tuple[str, str]]:
        """(name, job title) for each author line."""
        authors = []
        for line in self.authors.splitlines():
            name, _, job_title = line.strip().partition(",")
            if name.strip():
                authors.append((name.strip(), job_title.strip()))
        return authors

    @property
    def narrative_fields(self) -> list[str]:
        return MONTHLY_NARRATIVE_FIELDS if self.kind == self.Kind.MONTHLY else NARRATIVE_FIELDS

    @property
    def header_text(self) -> str:
        return self.running_header or self.meeting.plan.organisation.paper_header

    @property
    def cover_logo(self):
        """The report's own logo, else its organisation's (either may be empty)."""
        return self.logo or self.meeting.plan.organisation.logo


def paper_filename(report: BoardReport, *, suffix: str, extension: str) -> str:
    """A download's name: the report's title and meeting date, e.g.
    ``improvement-plan-progress-update-2020-04-23.pdf``."""
    slug = "-".join(report.title.lower().split())
    safe = "".join(c for c in slug if c.isalnum() or c == "-")[:80] or "board-report"
    return f"{safe}-{report.meeting.date:%Y-%m-%d}{suffix}.{extension}"


def pdf_upload_to(instance: "PdfBuild", filename: str) -> str:
    report = instance.report
    return f"board-reports/{report.meeting.plan_id}/{report.pk}/{filename}"


class PdfBuildQuerySet(models.QuerySet):
    def succeeded(self) -> "PdfBuildQuerySet":
        return self.filter(status=PdfBuild.Status.SUCCEEDED)

    def final(self) -> "PdfBuildQuerySet":
        return self.filter(of_final_report=True)


class PdfBuild(models.Model):
    """One PDF built from a report. Kept for good: a Board paper, once sent, is a record."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Building"
        SUCCEEDED = "succeeded", "Ready"
        FAILED = "failed", "Failed"

    report = models.ForeignKey(BoardReport, on_delete=models.PROTECT, related_name="builds")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    of_final_report = models.BooleanField(
        default=False, help_text="Built after the report was made final."
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pdf_builds"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to=pdf_upload_to, blank=True, max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True, help_text="Time spent in WeasyPrint.")
    error = models.TextField(blank=True, help_text="What went wrong, for a failed build.")
    paper_html = models.TextField(
        blank=True,
        help_text="A final report's paper as its page shows it, drawn with this PDF.",
    )
    word_file = models.FileField(
        upload_to=pdf_upload_to,
        blank=True,
        max_length=300,
        help_text="A final report's paper in Word (.docx), built with this PDF from the "
        "same figures and kept with it.",
    )
    word_sha256 = models.CharField("Word SHA-256", max_length=64, blank=True)

    objects = PdfBuildQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="succeeded") | (~Q(file="") & ~Q(sha256="")),
                name="pdf_build_succeeded_has_file",
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error=""),
                name="pdf_build_failed_says_why",
            ),
        ]

    def __str__(self) -> str:
        return f"PDF of {self.report} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("reports:pdf_build", args=[self.report.meeting.plan.slug, self.pk])

    # A build takes seconds; one still unfinished after this long lost its worker (e.g. the
    # worker was restarted mid-build) and will not finish by itself.
    STUCK_AFTER = datetime.timedelta(minutes=10)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def seems_stuck(self) -> bool:
        return not self.is_finished and timezone.now() - self.requested_at > self.STUCK_AFTER

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    @property
    def filename(self) -> str:
        suffix = "" if self.of_final_report else f"-draft-{self.pk}"
        return paper_filename(self.report, suffix=suffix, extension="pdf")

    @property
    def word_filename(self) -> str:
        return self.filename.removesuffix(".pdf") + ".docx"
