"""The plan's risk and issue log: risks (may happen) and issues (have happened), each
with an append-only history of updates, so the log reads as at any date by the same
two-clock rule as actions (``actions.rules``)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from actions.rules import counts_as_at_q, end_of_day
from improvement_board.models import AppendOnly
from plans.models import Plan, of_plan

SCALE = range(1, 6)
HIGH_SCORE = 15  # on the 5×5 scale: the risks a Board sees first


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    MANAGED = "managed", "Managed"
    CLOSED = "closed", "Closed"


class RiskQuerySet(models.QuerySet):
    def in_plan(self, plan: Plan) -> "RiskQuerySet":
        return of_plan(self, plan)

    def known_as_at(self, as_at: datetime.date, *, known_now: bool = False) -> "RiskQuerySet":
        """Risks raised by ``as_at`` and (unless ``known_now``) entered by the end of it."""
        condition = Q(raised_on__lte=as_at)
        if not known_now:
            condition &= Q(created_at__lt=end_of_day(as_at))
        return self.filter(condition)

    def with_state_as_at(
        self,
        as_at: datetime.date,
        *,
        known_now: bool = False,
        since: datetime.date | None = None,
    ) -> "RiskQuerySet":
        """Annotate each risk with the update in force on ``as_at`` (``status_as_at``,
        ``likelihood_as_at``, ``impact_as_at``, ``score_as_at``, ``mitigation_as_at``,
        ``review_date_as_at``, ``note_as_at``, ``updated_on_as_at``) and
        ``score_before``: the score in force on ``since`` (the previous Board), or
        without ``since`` the score of the update before the one in force."""
        counted = RiskUpdate.objects.for_risk_as_at(OuterRef("pk"), as_at, known_now=known_now)
        if since is None:
            before = counted.values("likelihood", "impact")[1:2]
        else:
            before = RiskUpdate.objects.for_risk_as_at(
                OuterRef("pk"), since, known_now=known_now
            ).values("likelihood", "impact")[:1]
        annotated = self.annotate(
            status_as_at=Subquery(counted.values("status")[:1]),
            likelihood_as_at=Subquery(counted.values("likelihood")[:1]),
            impact_as_at=Subquery(counted.values("impact")[:1]),
            mitigation_as_at=Subquery(counted.values("mitigation")[:1]),
            review_date_as_at=Subquery(counted.values("review_date")[:1]),
            note_as_at=Subquery(counted.values("note")[:1]),
            updated_on_as_at=Subquery(counted.values("effective_date")[:1]),
            likelihood_before=Subquery(before.values("likelihood")),
            impact_before=Subquery(before.values("impact")),
        )
        return annotated.annotate(
            score_as_at=F("likelihood_as_at") * F("impact_as_at"),
            score_before=F("likelihood_before") * F("impact_before"),
        )

    def owned_by(self, user) -> "RiskQuerySet":
        return self.filter(owner=user)


class Risk(models.Model):
    class Kind(models.TextChoices):
        RISK = "risk", "Risk"
        ISSUE = "issue", "Issue"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="risks")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.RISK)
    reference = models.CharField(max_length=20, help_text="For example R3 or I2.")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_risks"
    )
    actions = models.ManyToManyField(Action, blank=True, related_name="risks")
    raised_on = models.DateField(help_text="The day the risk or issue was first recorded.")
    created_at = models.DateTimeField(
        default=timezone.now, help_text="When it was entered: pages as at an earlier day omit it."
    )
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Raised on every change, for optimistic locking."
    )

    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "reference"]
        verbose_name = "risk or issue"
        verbose_name_plural = "risks and issues"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "reference"], name="risk_reference_unique_in_plan"
            ),
            models.CheckConstraint(condition=Q(kind__in=["risk", "issue"]), name="risk_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("risks:detail", args=[self.plan.slug, self.pk])

    @property
    def is_risk(self) -> bool:
        return self.kind == self.Kind.RISK


class RiskUpdateQuerySet(models.QuerySet):
    def latest_first(self) -> "RiskUpdateQuerySet":
        # As for action updates: the latest effective date, then the one recorded last.
        return self.order_by("-effective_date", "-pk")

    def for_risk_as_at(
        self, risk, as_at: datetime.date, *, known_now: bool = False
    ) -> "RiskUpdateQuerySet":
        """The risk's updates that count on ``as_at`` (``actions.rules.counts_as_at_q``),
        the one in force first."""
        return self.filter(counts_as_at_q(as_at, known_now=known_now), risk=risk).latest_first()


class RiskUpdate(AppendOnly):
    """One entry in a risk's history. Rows are only ever added, never changed."""

    history_of = "Risk"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="updates")
    effective_date = models.DateField(help_text="The day this assessment describes.")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risk_updates",
    )
    likelihood = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1 (rare) to 5 (almost certain); risks only."
    )
    impact = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1 (negligible) to 5 (severe); risks only."
    )
    mitigation = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    review_date = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    risk_version = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="The risk's version once this update was recorded.",
    )

    objects = RiskUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_date", "-pk"]
        indexes = [
            models.Index(fields=["risk", "effective_date", "id"], name="risk_update_latest_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__isnull=True) | Q(likelihood__gte=1, likelihood__lte=5),
                name="risk_update_likelihood_1_to_5",
                violation_error_message="Likelihood must be from 1 to 5.",
            ),
            models.CheckConstraint(
                condition=Q(impact__isnull=True) | Q(impact__gte=1, impact__lte=5),
                name="risk_update_impact_1_to_5",
                violation_error_message="Impact must be from 1 to 5.",
            ),
            models.CheckConstraint(
                condition=Q(likelihood__isnull=True, impact__isnull=True)
                | Q(likelihood__isnull=False, impact__isnull=False),
                name="risk_update_scored_in_full",
                violation_error_message="Give both likelihood and impact, or neither.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RiskStatus.values), name="risk_update_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.risk.reference} {self.get_status_display()} ({self.effective_date})"

    def clean(self) -> None:
        errors = {}
        risk = self.risk if self.risk_id else None
        if risk is not None and risk.is_risk:
            for name in ("likelihood", "impact"):
                if getattr(self, name) is None:
                    errors[name] = f"Choose the {name}, from 1 to 5."
        elif risk is not None:
            for name in ("likelihood", "impact"):
                if getattr(self, name) is not None:
                    errors[name] = f"An issue has happened: it has no {name}."
        if risk is not None and self.review_date and self.review_date < risk.raised_on:
            errors["review_date"] = (
                "The review date cannot be before the day it was raised "
                f"({risk.raised_on:%-d %B %Y})."
            )
        if risk is not None and self.effective_date and self.effective_date < risk.raised_on:
            errors["effective_date"] = (
                f"The effective date cannot be before the day it was raised "
                f"({risk.raised_on:%-d %B %Y})."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def score(self) -> int | None:
        return score_of(self.likelihood, self.impact)


class RiskChange(AppendOnly):
    """One detail of a risk changed through the app, with its value before and after, so
    the log reads its details as at any day (as ``actions.updates.ActionChange``).

    Values are kept as text (dates as YYYY-MM-DD, the owner by name, the actions it
    affects by reference, one a line). Rows are only ever added, never changed.
    """

    history_of = "Risk"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=50)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risk_changes",
    )
    changed_at = models.DateTimeField(default=timezone.now)
    risk_version = models.PositiveIntegerField(
        help_text="The risk's version once this change was saved."
    )

    class Meta:
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["risk", "changed_at"], name="risk_change_at_idx")]

    def __str__(self) -> str:
        return f"{self.risk.reference} {self.field}"


def score_of(likelihood: int | None, impact: int | None) -> int | None:
    return likelihood * impact if likelihood and impact else None
