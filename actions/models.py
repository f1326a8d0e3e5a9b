import datetime
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone

from plans.models import Plan, Recommendation, Section, of_plan


class Rating(models.TextChoices):
    """BRAG ratings, labelled with the exact wording used in Board papers."""

    BLUE = "blue", "Blue – completed"
    GREEN = "green", "Green – on track"
    AMBER = "amber", "Amber – some progress but slippage"
    RED = "red", "Red – not progressed as planned"

    @property
    def colour(self) -> str:
        return self.value.capitalize()

    @property
    def meaning(self) -> str:
        return self.label.split(" – ", 1)[1]


class SlippageReason(models.TextChoices):
    CAPACITY = "capacity", "Capacity and recruitment"
    PARTNER = "partner", "Partner dependency"
    EXTERNAL = "external", "External event (e.g. Covid-19)"
    REPHASED = "rephased", "Re-phased by decision"
    OTHER = "other", "Other"


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
    recommendations = models.ManyToManyField(Recommendation, blank=True, related_name="actions")
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

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

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


class ActionUpdateQuerySet(models.QuerySet):
    def latest_first(self) -> "ActionUpdateQuerySet":
        # Among updates with the same effective date, the one recorded last wins; ids
        # grow with recording time, so they break the tie without a timestamp compare.
        return self.order_by("-effective_date", "-pk")

    def rated(self) -> "ActionUpdateQuerySet":
        """Updates that set the rating an action counts under.

        A proposed completion does not count until a plan manager signs it off, and a
        returned completion leaves the previous rating in force.
        """
        return self.filter(kind__in=ActionUpdate.Kind.rated())

    def for_action_as_at(
        self, action, as_at: datetime.date, *, known_now: bool = False
    ) -> "ActionUpdateQuerySet":
        """The action's updates that count on ``as_at`` (``rules.counts_as_at_q``), the
        one in force first."""
        from .rules import counts_as_at_q

        return self.filter(counts_as_at_q(as_at, known_now=known_now), action=action).latest_first()

    def latest_rated_as_at(
        self, as_at: datetime.date, *, known_now: bool = False
    ) -> "ActionUpdateQuerySet":
        """For each action, its rating-setting update in force on ``as_at`` (one row each)."""
        from .rules import counts_as_at_q

        counted = counts_as_at_q(as_at, known_now=known_now)
        later = (
            ActionUpdate.objects.rated()
            .filter(counted, action=OuterRef("action"))
            .filter(
                Q(effective_date__gt=OuterRef("effective_date"))
                | Q(effective_date=OuterRef("effective_date"), pk__gt=OuterRef("pk"))
            )
        )
        return self.rated().filter(counted).exclude(Exists(later))


class ActionUpdate(models.Model):
    """One entry in an action's history. Rows are only ever added, never changed."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", "Progress update"
        COMPLETION_PROPOSED = "proposed", "Completion proposed"
        SIGNED_OFF = "signed_off", "Completion signed off"
        RETURNED = "returned", "Completion returned"
        IMPORTED = "imported", "Imported"
        # Commentary on an action that has no rating yet (an import's progress text with
        # no rating beside it): kept in the history, never counted as a rating.
        NOTE = "note", "Progress note"

        @classmethod
        def rated(cls) -> list[str]:
            return [cls.PROGRESS, cls.SIGNED_OFF, cls.IMPORTED]

        @classmethod
        def completion(cls) -> list[str]:
            return [cls.COMPLETION_PROPOSED, cls.SIGNED_OFF, cls.RETURNED]

        @classmethod
        def commentary(cls) -> list[str]:
            """Kinds whose commentary is the owner's account of progress."""
            return [cls.PROGRESS, cls.COMPLETION_PROPOSED, cls.IMPORTED]

        @classmethod
        def decision(cls) -> list[str]:
            """A plan manager's decision on a proposed completion; its note is theirs."""
            return [cls.SIGNED_OFF, cls.RETURNED]

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PROGRESS)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_updates",
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    effective_date = models.DateField(help_text="The day this rating and commentary describe.")
    previous_rating = models.CharField(
        max_length=10, choices=Rating.choices, blank=True, default=""
    )
    rating = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    commentary = models.TextField()
    revised_due_date = models.DateField(null=True, blank=True)
    slippage_reason = models.CharField(
        max_length=20, choices=SlippageReason.choices, blank=True, default=""
    )
    next_steps = models.TextField(blank=True)
    source = models.CharField(
        max_length=200, blank=True, help_text="Where the update came from, if not typed in."
    )
    action_version = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="The action's version once this update was recorded: what changed since a "
        "form was opened is everything with a higher number.",
    )

    objects = ActionUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_date", "-pk"]
        indexes = [
            # "The update in force on day D" is the latest (effective_date, id) up to D for
            # one action: a backward scan of this index, one probe per action
            # (bench/EXPLAIN.md has the plans at 100,000 updates).
            models.Index(
                fields=["action", "effective_date", "id"], name="update_action_latest_idx"
            ),
            models.Index(
                fields=["action", "effective_date", "id"],
                condition=Q(revised_due_date__isnull=False),
                name="update_action_revised_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__in=Rating.values) | Q(kind="note", rating=""),
                name="update_rating_valid",
            ),
            models.CheckConstraint(
                condition=Q(previous_rating__in=["", *Rating.values]),
                name="update_previous_rating_valid",
            ),
            models.CheckConstraint(
                condition=Q(slippage_reason__in=["", *SlippageReason.values]),
                name="update_slippage_reason_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action.reference} {self.get_rating_display()} ({self.effective_date})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError("Action history cannot be changed once recorded.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Action history cannot be deleted.")

    def clean(self) -> None:
        errors = {}
        plan_start = self.action.plan.start_date if self.action_id else None
        if plan_start and self.effective_date and self.effective_date < plan_start:
            errors["effective_date"] = (
                f"The effective date cannot be before the plan started ({plan_start:%-d %B %Y})."
            )
        if not self.rating and self.kind != self.Kind.NOTE:
            errors["rating"] = "Choose a rating."
        if self.rating and self.kind == self.Kind.NOTE:
            errors["rating"] = "A progress note carries no rating."
        from .rules import needs_slippage_reason

        slipping = needs_slippage_reason(self.rating)
        if slipping and self.kind == self.Kind.PROGRESS and not self.slippage_reason:
            errors["slippage_reason"] = "Give the reason for slippage for Amber or Red."
        if errors:
            raise ValidationError(errors)

    @property
    def rating_choice(self) -> Rating | None:
        return Rating(self.rating) if self.rating else None

    @property
    def previous_rating_choice(self) -> Rating | None:
        return Rating(self.previous_rating) if self.previous_rating else None


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    # A random folder per file: stored names cannot be guessed or collide, and the name
    # the person chose is kept (made safe) for the download.
    return f"evidence/{instance.action.plan_id}/{instance.action_id}/{uuid.uuid4().hex}/{filename}"


class EvidenceQuerySet(models.QuerySet):
    def present(self) -> "EvidenceQuerySet":
        return self.filter(removed_at=None)

    def present_as_at(self, as_at: datetime.date) -> "EvidenceQuerySet":
        """Evidence that had been added and not yet removed by the end of ``as_at``."""
        end = _end_of_day(as_at)
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


class ActionChangeQuerySet(models.QuerySet):
    def latest_first(self) -> "ActionChangeQuerySet":
        return self.order_by("-changed_at", "-pk")


class ActionChange(models.Model):
    """One field of an action changed through the app, with its value before and after.

    Values are kept as text (dates as YYYY-MM-DD, people by name, several items one a
    line) so the record reads the same after the people or recommendations change.
    Rows are only ever added, never changed.
    """

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=50)
    label = models.CharField(max_length=100)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="action_changes"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    action_version = models.PositiveIntegerField(
        help_text="The action's version once this change was saved."
    )

    objects = ActionChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["action", "changed_at"], name="change_action_at_idx")]

    def __str__(self) -> str:
        return f"{self.action.reference} {self.label}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError("Action history cannot be changed once recorded.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Action history cannot be deleted.")

    # Fields holding several items, stored one a line.
    LISTS = frozenset({"delegates", "recommendations"})

    def _display(self, value: str) -> str:
        if not value:
            return "(none)"
        if DATE_TEXT.fullmatch(value):
            return f"{datetime.date.fromisoformat(value):%-d %B %Y}"
        if self.field in self.LISTS:
            return ", ".join(value.splitlines())
        return value

    @property
    def before_display(self) -> str:
        return self._display(self.before)

    @property
    def after_display(self) -> str:
        return self._display(self.after)


DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")


def _end_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment after ``day`` in the service's time zone."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )
