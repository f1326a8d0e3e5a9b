"""An action's history: its updates (the rating history, with two clocks each) and the
record of edits to its details. Both are append-only. The action itself is in
``models.py``; reading history as at a date is ``rules.py`` and ``history.py``.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from improvement_board.models import AppendOnly

from .choices import Rating, SlippageReason


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


class ActionUpdate(AppendOnly):
    """One entry in an action's history. Rows are only ever added, never changed."""

    history_of = "Action"

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

    action = models.ForeignKey("actions.Action", on_delete=models.CASCADE, related_name="updates")
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


class ActionChangeQuerySet(models.QuerySet):
    def latest_first(self) -> "ActionChangeQuerySet":
        return self.order_by("-changed_at", "-pk")


class ActionChange(AppendOnly):
    """One field of an action changed through the app, with its value before and after.

    Values are kept as text (dates as YYYY-MM-DD, people by name, several items one a
    line) so the record reads the same after the people or recommendations change.
    Rows are only ever added, never changed.
    """

    history_of = "Action"

    action = models.ForeignKey("actions.Action", on_delete=models.CASCADE, related_name="changes")
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
