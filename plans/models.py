import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from improvement_board.models import AppendOnly


def logo_upload_to(instance: "Organisation", filename: str) -> str:
    return f"organisations/{instance.slug}/logos/{filename}"


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "OrganisationQuerySet":
        """Organisations whose plans the user may read: theirs, and those they oversee."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        plans = Plan.objects.visible_to(user).values("organisation_id")
        return self.filter(pk__in=plans)

    def overseen_by(self, user) -> "OrganisationQuerySet":
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(overseers=user)


class Organisation(models.Model):
    """A council or children's services trust: it has its own Board, wording and people,
    and may run several plans at once. People of one organisation never see another's
    plans; an overseer reads (never writes) the plans of the organisations given to them."""

    name = models.CharField(max_length=200, unique=True, help_text="As it appears on Board papers.")
    slug = models.SlugField(max_length=100, unique=True)
    board_name = models.CharField(
        max_length=200,
        default="Children's Improvement Board",
        help_text="The Board's name, printed at the top of its papers.",
    )
    running_header = models.CharField(
        max_length=200,
        blank=True,
        help_text="Printed at the top of every page of a paper, e.g. “Medway Council "
        "Children's Services”. Leave empty to print the organisation's name.",
    )
    logo = models.ImageField(
        upload_to=logo_upload_to,
        blank=True,
        max_length=300,
        help_text="The logo on the cover of the Board's papers, as a PNG or JPEG.",
    )
    overseers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="overseen_organisations",
        help_text="People who read every plan of this organisation and change nothing: "
        "regional or national advisers, commissioners.",
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def paper_header(self) -> str:
        return self.running_header or self.name


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PlanQuerySet":
        """Plans a signed-in user may read: all of them for superusers; else the plans they
        are a member of and the plans of the organisations they oversee."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        # Subqueries rather than joins: no plan is listed twice, so callers need no DISTINCT.
        membership = Plan.members.through.objects.filter(user=user).values("plan_id")
        overseen = Organisation.overseers.through.objects.filter(user=user).values(
            "organisation_id"
        )
        return self.filter(Q(pk__in=membership) | Q(organisation__in=overseen))

    def member_of(self, user) -> "PlanQuerySet":
        """Plans the user is a member of (superusers: all): the only plans anyone may change.
        Overseeing an organisation gives reading, never writing."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(members=user)

    def in_default_lists(self) -> "PlanQuerySet":
        """Archived plans stay readable but leave the lists people choose from."""
        return self.exclude(status=Plan.Status.ARCHIVED)


# Raised only in the database, by plans/revisions.py: a save never writes them back.
REVISION_FIELDS = frozenset({"revision", "plan_wide_revision"})


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        SUPERSEDED = "superseded", "Superseded"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="plans",
        help_text="The council or trust whose plan this is.",
    )
    inspection = models.CharField(
        max_length=300,
        blank=True,
        help_text="The inspection the plan answers, e.g. Ofsted ILACS inspection.",
    )
    inspection_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    start_date = models.DateField(help_text="Ratings cannot be dated before this day.")
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        help_text="The plan this one refreshed, if any.",
    )
    update_deadline_day = models.PositiveSmallIntegerField(
        default=20,
        help_text="Day of the month by which action owners update their actions.",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="plans",
        help_text="People who may see this plan. What they may do depends on their role.",
    )
    revision = models.PositiveBigIntegerField(
        default=0,
        editable=False,
        help_text="Raised by every write that changes what the plan's pages show "
        "(plans/revisions.py); pages are kept per revision (reports/page_cache.py).",
    )
    plan_wide_revision = models.PositiveBigIntegerField(
        default=0,
        editable=False,
        help_text="The revision of the plan's last change not confined to named actions "
        "(plans/revisions.py): what was kept before it is computed afresh; what was kept "
        "after it needs only the actions changed since computing again.",
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(update_deadline_day__gte=1, update_deadline_day__lte=28),
                name="plan_update_deadline_day_in_month",
                violation_error_message="The update deadline must be a day from 1 to 28.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # The revision is only ever raised in the database (plans/revisions.py): saving a
        # plan read earlier must not write back an older number, or a page kept at that
        # number could be shown again.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in REVISION_FIELDS
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reports:dashboard", args=[self.slug])

    def revised_since(self, revision: int) -> bool | None:
        """Whether the plan changed after ``revision``, as read with this plan: False if
        not, True if only in named actions (``Action.changed_in_revision`` says which),
        None if anything else changed, so nothing kept from then holds."""
        if self.plan_wide_revision > revision:
            return None
        return self.revision > revision

    def carried_over_count(self) -> int:
        """How many of the plan's actions were carried over from the plan it refreshed."""
        return self.actions.filter(carried_from__isnull=False).count()

    @property
    def is_read_only(self) -> bool:
        """A superseded or archived plan is kept as it was: nothing in it changes
        (``plans.writable`` is the check every write makes)."""
        from .writable import is_writable

        return not is_writable(self)


def of_plan(queryset: models.QuerySet, plan: "Plan | int") -> models.QuerySet:
    """``queryset``'s rows of ``plan`` (by their ``plan`` field), each knowing ``plan``
    without a query, as ``plan.<related>.all()`` would: so a list can link every row to
    its page under the plan's address for free."""
    clone = queryset.filter(plan=plan)
    if not isinstance(plan, Plan):
        return clone  # a plan's id: nothing to hand the rows
    clone._known_related_objects = {
        **clone._known_related_objects,
        queryset.model._meta.get_field("plan"): {plan.pk: plan},
    }
    return clone


class Section(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_sections",
    )

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="section_number_unique_in_plan"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="section_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("reports:section", args=[self.plan.slug, self.pk])


class AssuranceEventQuerySet(models.QuerySet):
    def for_plan(self, plan: "Plan") -> "AssuranceEventQuerySet":
        return of_plan(self, plan)

    def recorded_by(self, moment: datetime.datetime) -> "AssuranceEventQuerySet":
        """The events on record before ``moment`` (a page as at D passes the end of D)."""
        return self.filter(recorded_at__lt=moment)

    def in_calendar_order(self) -> "AssuranceEventQuerySet":
        """By the day each took (or is to take) place, undated ones first."""
        day = Coalesce("actual_start", "planned_start")
        return self.order_by(day.asc(nulls_first=True), "pk")


class AssuranceEvent(models.Model):
    """Something done from outside to see how the plan is going: an inspection, a
    monitoring visit, a peer review, a diagnostic. Its findings (``Finding``) are what it
    said must improve, answered by the plan's actions."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", "Inspection"
        MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
        PEER_REVIEW = "peer_review", "Peer review"
        PIP_DIAGNOSTIC = "pip_diagnostic", "Partner in Practice diagnostic"
        COMMISSIONER_REVIEW = "commissioner_review", "Commissioner review"
        EXTERNAL_AUDIT = "external_audit", "External audit"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        POSTPONED = "postponed", "Postponed"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assurance_events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    led_by = models.CharField(
        "Led by",
        max_length=200,
        blank=True,
        help_text="For example Ofsted or Essex County Council.",
    )
    planned_start = models.DateField("Planned from", null=True, blank=True)
    planned_end = models.DateField("Planned to", null=True, blank=True)
    actual_start = models.DateField("Took place from", null=True, blank=True)
    actual_end = models.DateField("Took place to", null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    postponed_reason = models.TextField("Why it was postponed", blank=True)
    summary = models.TextField(blank=True, help_text="What it looked at and what it found.")
    started_plan = models.BooleanField(
        default=False, help_text="The inspection whose recommendations the plan answers."
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AssuranceEventQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "planned_start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(started_plan=True),
                name="assurance_event_one_starting_inspection_per_plan",
            ),
            models.CheckConstraint(
                condition=~Q(status="postponed") | ~Q(postponed_reason=""),
                name="assurance_event_postponed_says_why",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def day(self) -> datetime.date | None:
        """The day it took place, else the day it is planned for."""
        return self.actual_start or self.planned_start

    @property
    def dates_label(self) -> str:
        """Its days as a reader says them: "18/19 March 2020", "January 2020"."""
        if self.status == self.Status.DONE and self.actual_start:
            return days_label(self.actual_start, self.actual_end)
        return days_label(self.planned_start, self.planned_end)

    @property
    def planned_label(self) -> str:
        return days_label(self.planned_start, self.planned_end)

    def clean(self) -> None:
        errors = {}
        for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
            first, last = getattr(self, start), getattr(self, end)
            if first and last and last < first:
                errors[end] = "The end date must be the same as or after the start date."
        if self.status == self.Status.POSTPONED and not self.postponed_reason.strip():
            errors["postponed_reason"] = "Say why it was postponed."
        if self.status in (self.Status.PLANNED, self.Status.POSTPONED) and not self.planned_start:
            errors.setdefault("planned_start", "Enter the day it is planned for.")
        if self.status == self.Status.DONE:
            today = timezone.localdate()
            held = [d for d in (self.actual_start, self.actual_end) if d] or [
                d for d in (self.planned_start,) if d
            ]
            if any(d > today for d in held):
                field = "actual_start" if self.actual_start else "planned_start"
                errors.setdefault(
                    field,
                    "An event cannot be done on a date in the future. Choose another status "
                    "or correct the date.",
                )
        if errors:
            raise ValidationError(errors)


class AssuranceEventChange(AppendOnly):
    """One field of an assurance event changed, with its value before and after (dates as
    YYYY-MM-DD), so its pages as at a day show what was on record then: an event reads as
    recorded (``recorded_at``) with each later change undone. Events saved before changes
    were kept read as they are from their ``recorded_at``. Rows are only ever added."""

    history_of = "An event's"

    event = models.ForeignKey(AssuranceEvent, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=50)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assurance_changes",
    )

    class Meta:
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["event", "changed_at"], name="assurance_change_at_idx")]

    def __str__(self) -> str:
        return f"{self.event} {self.field}"


def days_label(first: datetime.date | None, last: datetime.date | None) -> str:
    if first is None:
        return "Date not recorded"
    if last is None or last == first:
        return f"{first:%-d %B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        if last.day == first.day + 1:
            return f"{first.day}/{last:%-d %B %Y}"
        return f"{first.day} to {last:%-d %B %Y}"
    return f"{first:%-d %B %Y} to {last:%-d %B %Y}"


class FindingQuerySet(models.QuerySet):
    def of_inspections(self) -> "FindingQuerySet":
        """Inspections' findings: their recommendations, as the plan's pages call them."""
        return self.filter(event__kind=AssuranceEvent.Kind.INSPECTION)


class Finding(models.Model):
    """What an assurance event said must improve (an inspection's recommendation is one),
    answered by the plan's actions (``actions.Action.recommendations``)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="findings")
    event = models.ForeignKey(AssuranceEvent, on_delete=models.RESTRICT, related_name="findings")
    reference = models.CharField(max_length=20)
    text = models.TextField()

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "reference"], name="finding_reference_unique_in_plan"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.text[:80]}"

    def clean(self) -> None:
        if self.event_id and self.plan_id and self.event.plan_id != self.plan_id:
            raise ValidationError({"event": "Choose an event of this plan."})
