import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from plans.models import Plan

from .interpret import FIELDS
from .reading import IGNORE

# A reading queued longer than this has probably found no worker running.
WORKER_GRACE = datetime.timedelta(minutes=2)


def _new_token() -> str:
    return secrets.token_urlsafe(24)


RATING_ANSWERS = {
    "blue": "Blue – completed",
    "green": "Green – on track",
    "amber": "Amber – some progress but slippage",
    "red": "Red – not progressed as planned",
    "none": "No rating yet",
}


class ImportChoices(models.Model):
    """What a plan manager told the import about a plan's files, kept for the next one.

    A council's tracker keeps its layout and words from month to month, so the second
    month's file imports with no questions.
    """

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="import_choices")
    # A heading (plan_files.reading.heading_key) -> a field of the plan, or "ignore".
    columns = models.JSONField(default=dict, blank=True)
    # A rating word (plan_files.interpret.normalise_word) -> blue/green/amber/red/none.
    rating_words = models.JSONField(default=dict, blank=True)
    # A name or post as the plan's files write it (plan_files.changes.people_key) -> the
    # id of the member a plan manager gave its actions to.
    people = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name_plural = "import choices"

    def __str__(self) -> str:
        return f"Import choices for {self.plan}"

    def clean(self) -> None:
        allowed = {*FIELDS, IGNORE}
        if any(value not in allowed for value in self.columns.values()):
            raise ValidationError({"columns": "A column can only be read as a field or ignored."})
        if any(value not in RATING_ANSWERS for value in self.rating_words.values()):
            raise ValidationError({"rating_words": "A rating word can only mean a rating."})


class ImportReadingQuerySet(models.QuerySet):
    def stale(self) -> "ImportReadingQuerySet":
        """Readings nobody confirmed or cancelled within a day: their files can go."""
        return self.filter(created_at__lt=timezone.now() - datetime.timedelta(days=1))


class ImportReading(models.Model):
    """An uploaded plan file between its upload and the plan manager's confirmation.

    The file is read by the task worker, never inside a web request, so a hostile or
    huge file costs a worker's time under its bounds rather than a web process. The
    reading is kept here for the preview and the confirmation; the file is kept in
    Django's storage so a new reading (after the plan manager answers a question) can
    be made on any app server.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be read"
        READING = "reading", "Being read"
        READY = "ready", "Read"
        FAILED = "failed", "Could not be read"

    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_readings"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Into an existing plan, or a new one described by new_plan (title, organisation,
    # start date as ISO text).
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="import_readings"
    )
    new_plan = models.JSONField(null=True, blank=True)
    filename = models.CharField(max_length=100)
    path = models.CharField(max_length=300)
    as_at = models.DateField(help_text="The day the ratings and commentary in the file describe.")
    # The answers given in the preview so far, on top of the plan's remembered ones.
    columns = models.JSONField(default=dict, blank=True)
    rating_words = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    queued_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True, editable=False)
    message = models.TextField(blank=True)

    objects = ImportReadingQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(plan__isnull=False, new_plan__isnull=True)
                | models.Q(plan__isnull=True, new_plan__isnull=False),
                name="import_reading_into_one_plan",
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("plan_files:import_preview", args=[self.token])

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.READING)

    @property
    def waiting_long(self) -> bool:
        """Queued for longer than a worker takes to start: say so rather than spin."""
        return self.is_pending and timezone.now() - self.queued_at > WORKER_GRACE
