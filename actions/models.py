"""Actions and their evidence; the history of each (updates and edits) is ``updates.py``,
the words of a rating ``choices.py``. Everything here is importable from this module."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone

from plans.models import Finding, Plan, Section, of_plan

from .choices import Rating, SlippageReason
from .updates import ActionChange, ActionChangeQuerySet, ActionUpdate, ActionUpdateQuerySet

__all__ = [
    "Action",
    "ActionChange",
    "ActionChangeQuerySet",
    "ActionQuerySet",
    "ActionUpdate",
    "ActionUpdateQuerySet",
    "Evidence",
    "EvidenceQuerySet",
    "Rating",
    "SlippageReason",
    "end_of_day",
    "evidence_upload_to",
]


class ActionQuerySet(models.QuerySet):
    def in_plan(self, plan: Plan) -> "ActionQuerySet":
        return of_plan(self, plan)

    def in_plan_as_at(self, as_at: datetime.date) -> "ActionQuerySet":
        """Actions that were part of the plan on the given day."""
        return self.filter(added_on__lte=as_at)

    def with_standing_as_at(
        self, as_at: datetime.date, *, known_now: bool = False
    ) -> "ActionQuerySet":
        """Annotate what decides where an action stands on ``as_at``: ``rating_as_at``
        (from the rating-setting update in force), ``updated_on_as_at`` (the latest update
        of any kind) and ``due_date_as_at`` (latest revised due date, else the original as
        it stood then).

        As known at the end of ``as_at`` (see ``actions.rules``), or with ``known_now``
        as known today, corrections recorded since included. Enough to count, classify
        and sort actions; ``with_state_as_at`` adds the words.
        """
        counted = ActionUpdate.objects.for_action_as_at(OuterRef("pk"), as_at, known_now=known_now)
        latest_due = counted.exclude(revised_due_date=None)
        return self.annotate(
            original_due_date_as_at=self._original_due_date_as_at(as_at, known_now=known_now)
        ).annotate(
            rating_as_at=Subquery(counted.rated().values("rating")[:1]),
            updated_on_as_at=Subquery(counted.values("effective_date")[:1]),
            due_date_as_at=Coalesce(
                Subquery(latest_due.values("revised_due_date")[:1]), F("original_due_date_as_at")
            ),
        )

    @staticmethod
    def _original_due_date_as_at(as_at: datetime.date, *, known_now: bool):
        """The original due date as it stood at the end of ``as_at``: the value before
        the first edit made after that day, if there was one (``values_as_at`` in
        ``actions.history`` is the same rule on rows in hand)."""
        if known_now:
            return F("original_due_date")
        from .rules import end_of_day

        first_later_edit = ActionChange.objects.filter(
            action=OuterRef("pk"), field="original_due_date", changed_at__gte=end_of_day(as_at)
        ).order_by("changed_at", "pk")
        return Case(
            When(
                Exists(first_later_edit),
                then=Cast(
                    NullIf(Subquery(first_later_edit.values("before")[:1]), Value("")),
                    models.DateField(),
                ),
            ),
            default=F("original_due_date"),
        )

    def with_words_as_at(
        self, as_at: datetime.date, *, known_now: bool = False
    ) -> "ActionQuerySet":
        """Annotate what was said of each action by ``as_at``: ``slippage_reason_as_at``
        (from the rating-setting update in force); the owner's latest progress commentary
        (``commentary_as_at``, dated ``commentary_on_as_at``); the latest sign-off or
        return of a completion (``decision_kind_as_at``, ``decision_note_as_at``,
        ``decision_on_as_at``), shown as what it is beside the commentary; and
        ``completed_on_as_at``, the day a Blue action counts as complete from."""
        from .rules import completed_on_expression

        counted = ActionUpdate.objects.for_action_as_at(OuterRef("pk"), as_at, known_now=known_now)
        said = counted.filter(kind__in=ActionUpdate.Kind.commentary())
        decided = counted.filter(kind__in=ActionUpdate.Kind.decision())
        return self.annotate(
            slippage_reason_as_at=Subquery(counted.rated().values("slippage_reason")[:1]),
            commentary_as_at=Subquery(said.values("commentary")[:1]),
            commentary_on_as_at=Subquery(said.values("effective_date")[:1]),
            decision_kind_as_at=Subquery(decided.values("kind")[:1]),
            decision_note_as_at=Subquery(decided.values("commentary")[:1]),
            decision_on_as_at=Subquery(decided.values("effective_date")[:1]),
            completed_on_as_at=completed_on_expression(as_at, known_now=known_now),
        )

    def listed_as_at(self, as_at: datetime.date, *, known_now: bool = False) -> "ActionQuerySet":
        """The actions of the plan on ``as_at`` with their state then (``with_state_as_at``),
        their section and lead, in the plan's order: as the Board's lists show them."""
        return (
            self.in_plan_as_at(as_at)
            .with_state_as_at(as_at, known_now=known_now)
            .select_related("section", "lead")
            .order_by("section__number", "reference")
        )

    def with_state_as_at(
        self, as_at: datetime.date, *, known_now: bool = False
    ) -> "ActionQuerySet":
        """Annotate each action with what was true of it on ``as_at``: where it stood
        (``with_standing_as_at``) and what was said of it (``with_words_as_at``), all
        computed by the database in the same query as the actions."""
        return self.with_standing_as_at(as_at, known_now=known_now).with_words_as_at(
            as_at, known_now=known_now
        )

    def with_rating_as_at(
        self, as_at: datetime.date, name: str, *, known_now: bool = False
    ) -> "ActionQuerySet":
        """Annotate the rating in force on another day, under the given name."""
        counted = ActionUpdate.objects.for_action_as_at(OuterRef("pk"), as_at, known_now=known_now)
        return self.annotate(**{name: Subquery(counted.rated().values("rating")[:1])})

    def with_restatement_as_at(self, as_at: datetime.date) -> "ActionQuerySet":
        """Annotate ``restated_at``: when the latest update describing ``as_at`` or
        earlier was recorded after that day (None if nothing was), with its author's
        names and its effective date, for "restated since" notes."""
        from .rules import restated_q

        later = (
            ActionUpdate.objects.filter(action=OuterRef("pk"))
            .filter(restated_q(as_at))
            .order_by("-recorded_at", "-pk")
        )
        return self.annotate(
            restated_at=Subquery(later.values("recorded_at")[:1]),
            restated_effective=Subquery(later.values("effective_date")[:1]),
            restated_kind=Subquery(later.values("kind")[:1]),
            restated_by_first=Subquery(later.values("author__first_name")[:1]),
            restated_by_last=Subquery(later.values("author__last_name")[:1]),
            restated_by_username=Subquery(later.values("author__username")[:1]),
        )

    def owned_by(self, user) -> "ActionQuerySet":
        """Actions the user leads or is a named delegate on: the union of two index
        lookups, where "leads OR is a delegate" read every action of every plan (at
        national scale, 50,000 for a dozen)."""
        delegated = Action.delegates.through.objects.filter(user=user).values("action_id")
        led = Action.objects.filter(lead=user).order_by().values("pk")
        return self.filter(pk__in=led.union(delegated, all=True))

    def with_completion_state(self) -> "ActionQuerySet":
        """Annotate the latest completion event: proposed, signed off or returned.

        ``completion_kind`` is ``"proposed"`` while a completion waits for sign-off;
        ``completion_on`` and ``completion_note`` are that event's date and commentary.
        """
        from .rules import latest_completion_event

        latest = latest_completion_event()
        return self.annotate(
            completion_kind=Subquery(latest.values("kind")[:1]),
            completion_on=Subquery(latest.values("effective_date")[:1]),
            completion_note=Subquery(latest.values("commentary")[:1]),
        )

    def awaiting_sign_off(self) -> "ActionQuerySet":
        """Actions whose completion has been proposed and waits for a plan manager."""
        from .rules import pending_completion_q

        return self.with_completion_state().filter(pending_completion_q())

    def with_reporting_month(self, month_start: datetime.date) -> "ActionQuerySet":
        """Annotate the latest update and whether there is one in the reporting month."""
        from .rules import updated_since

        latest = ActionUpdate.objects.filter(action=OuterRef("pk")).latest_first()
        return self.annotate(
            last_update_on=Subquery(latest.values("effective_date")[:1]),
            last_update_by=Subquery(latest.values("author")[:1]),
            updated_this_month=updated_since(month_start),
        )

    def needing_update(self, month_start: datetime.date, today: datetime.date):
        """Actions that need an update in the reporting month (``rules.needs_update_q``)."""
        from .rules import needs_update_q, updated_since

        return self.annotate(updated_this_month=updated_since(month_start)).filter(
            needs_update_q(today)
        )


class Action(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="actions")
    reference = models.CharField(max_length=20, help_text="For example 1.07.")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    success_measures = models.TextField(
        "Success measures / expected impact",
        blank=True,
        help_text="What will be different for children and families when this is done.",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_actions"
    )
    delegates = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="delegated_actions"
    )
    partners = models.TextField(blank=True)
    recommendations = models.ManyToManyField(Finding, blank=True, related_name="actions")
    added_on = models.DateField(
        "Added to plan on",
        help_text="The day the action became part of the plan; it is not counted before then.",
    )
    start_date = models.DateField(null=True, blank=True)
    original_due_date = models.DateField(null=True, blank=True)
    current_due_date = models.DateField(null=True, blank=True)
    due_text = models.CharField(
        "timescale as written",
        max_length=200,
        blank=True,
        help_text="The timescale as the plan wrote it, when it was not a plain date "
        "(e.g. Q2 2020/21, or Ongoing for no due date).",
    )
    rating = models.CharField(
        "Current rating", max_length=10, choices=Rating.choices, blank=True, default=""
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_to",
        help_text="The action in the previous version of the plan that this one continues.",
    )
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Raised on every change, for optimistic locking."
    )
    changed_in_revision = models.PositiveBigIntegerField(
        default=0,
        editable=False,
        help_text="The plan revision of the last change a service confined to this action "
        "(plans/revisions.py), so pages kept before it recompute this action alone.",
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["section__number", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "reference"], name="action_reference_unique_in_plan"
            ),
            models.CheckConstraint(
                condition=Q(rating__in=["", *Rating.values]), name="action_rating_valid"
            ),
            models.CheckConstraint(
                condition=Q(original_due_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(original_due_date__gte=models.F("start_date")),
                name="action_due_not_before_start",
                violation_error_message="The due date cannot be before the start date.",
            ),
        ]
        indexes = [
            # What changed in a plan since a revision (reports/page_cache.py).
            models.Index(fields=["plan", "changed_in_revision"], name="action_changed_in_rev"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def save(self, *args, **kwargs):
        # ``changed_in_revision`` is only ever raised in the database (plans/revisions.py):
        # saving an action read earlier must not write back an older number.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "changed_in_revision"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("actions:detail", args=[self.plan.slug, self.pk])

    def clean(self) -> None:
        errors = {}
        if self.section_id and self.plan_id and self.section.plan_id != self.plan_id:
            errors["section"] = "The section must belong to the action's plan."
        if self.plan_id and self.added_on and self.added_on < self.plan.start_date:
            errors["added_on"] = "An action cannot be added before the plan started."
        if errors:
            raise ValidationError(errors)

    @property
    def rating_choice(self) -> Rating | None:
        return Rating(self.rating) if self.rating else None

    def rating_as_at(self, as_at: datetime.date, *, known_now: bool = False) -> Rating | None:
        update = self.updates.for_action_as_at(self, as_at, known_now=known_now).rated().first()
        return Rating(update.rating) if update else None


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    # A random folder per file: stored names cannot be guessed or collide, and the name
    # the person chose is kept (made safe) for the download.
    return f"evidence/{instance.action.plan_id}/{instance.action_id}/{uuid.uuid4().hex}/{filename}"


class EvidenceQuerySet(models.QuerySet):
    def present(self) -> "EvidenceQuerySet":
        return self.filter(removed_at=None)

    def present_as_at(self, as_at: datetime.date) -> "EvidenceQuerySet":
        """Evidence that had been added and not yet removed by the end of ``as_at``."""
        end = end_of_day(as_at)
        return self.filter(added_at__lt=end).filter(Q(removed_at=None) | Q(removed_at__gte=end))


class Evidence(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=evidence_upload_to, blank=True, max_length=300)
    url = models.URLField("Link", blank=True, max_length=500)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evidence_added"
    )
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence_removed",
    )
    file_name = models.CharField(
        max_length=200, blank=True, help_text="The uploaded file's name, made safe."
    )
    media_type = models.CharField(
        max_length=100, blank=True, help_text="The file's type, as found from its content."
    )
    size = models.PositiveBigIntegerField(null=True, blank=True, help_text="In bytes.")

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-added_at", "-pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="evidence_is_file_or_link",
                violation_error_message="Evidence is either a file or a link, not both.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Where the evidence is read: the download for a file, the address for a link."""
        if not self.file:
            return self.url
        return reverse("actions:evidence_download", args=[self.action.plan.slug, self.pk])

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment after ``day`` in the service's time zone."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )
