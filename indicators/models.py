import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from improvement_board.roles import Role, has_role
from plans.models import Plan, Section, of_plan

from .periods import current_period, period_label
from .status import Polarity, Status, status_of

# Stored with two decimal places: enough for an average caseload of 19.35 or 83.5%.
VALUE_DIGITS = {"max_digits": 12, "decimal_places": 2}


class Unit(models.TextChoices):
    NUMBER = "number", "Number"
    PERCENT = "percent", "Percentage"
    DAYS = "days", "Days"


class IndicatorQuerySet(models.QuerySet):
    def in_plan(self, plan: Plan) -> "IndicatorQuerySet":
        return of_plan(self, plan)

    def enterable_by(self, user) -> "IndicatorQuerySet":
        """Indicators whose monthly values the user may enter: plan managers enter for
        every indicator, action owners for the ones they own, Board members for none."""
        if has_role(user, Role.PLAN_MANAGER):
            return self
        if has_role(user, Role.ACTION_OWNER):
            return self.filter(owner=user)
        return self.none()


class Indicator(models.Model):
    """A measure of impact the Board reads beside the plan, with a monthly value."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(max_length=200)
    definition = models.TextField(help_text="What is counted, from which records, and when.")
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.NUMBER)
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    target = models.DecimalField(
        **VALUE_DIGITS,
        null=True,
        blank=True,
        help_text="Leave empty for a measure with no target; it is then shown, not judged.",
    )
    tolerance = models.DecimalField(
        "Amber tolerance",
        **VALUE_DIGITS,
        default=Decimal(0),
        help_text="How far on the wrong side of the target a value may be and still count "
        "as within tolerance, in the indicator's unit.",
    )
    statistical_neighbours = models.DecimalField(
        "Statistical neighbours", **VALUE_DIGITS, null=True, blank=True
    )
    england = models.DecimalField("England", **VALUE_DIGITS, null=True, blank=True)
    comparators_note = models.CharField(
        "Comparators' source",
        max_length=200,
        blank=True,
        help_text="Where the comparator values come from, e.g. published figures for 2018-19.",
    )
    sections = models.ManyToManyField(
        Section,
        blank=True,
        related_name="indicators",
        help_text="The sections of the plan this measure evidences.",
    )
    actions = models.ManyToManyField(
        Action,
        blank=True,
        related_name="indicators",
        help_text="The actions whose impact this measure evidences.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_indicators",
        help_text="Enters the monthly value and its commentary.",
    )
    position = models.PositiveSmallIntegerField(
        "Order on the scorecard", default=0, help_text="Lower numbers come first."
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="indicator_name_unique_in_plan"),
            models.CheckConstraint(
                condition=Q(tolerance__gte=0),
                name="indicator_tolerance_not_negative",
                violation_error_message="The tolerance cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | ~Q(polarity=Polarity.NEITHER),
                name="indicator_context_measure_has_no_target",
                violation_error_message="A measure of context has no target: choose whether "
                "higher or lower is better to set one.",
            ),
            models.CheckConstraint(
                condition=Q(polarity__in=Polarity.values), name="indicator_polarity_valid"
            ),
            models.CheckConstraint(condition=Q(unit__in=Unit.values), name="indicator_unit_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("indicators:detail", args=[self.plan.slug, self.pk])

    def clean(self) -> None:
        errors = {}
        if self.unit == Unit.PERCENT:
            for field in ("target", "statistical_neighbours", "england"):
                value = getattr(self, field)
                if value is not None and not 0 <= value <= 100:
                    errors[field] = "A percentage must be between 0 and 100."
        if errors:
            raise ValidationError(errors)

    def status_for(self, value: Decimal) -> Status:
        return status_of(
            value, target=self.target, tolerance=self.tolerance, polarity=self.polarity
        )

    def value_problem(self, value: Decimal) -> str:
        """Why ``value`` cannot be a value of this indicator, or an empty string."""
        if value < 0:
            return f"{self.name} cannot be negative"
        if self.unit == Unit.PERCENT and value > 100:
            return f"{self.name} is a percentage, so it must be 100 or less"
        return ""


class IndicatorValueQuerySet(models.QuerySet):
    def current(self) -> "IndicatorValueQuerySet":
        """The value in force for each month: the one no correction has replaced."""
        return self.filter(superseded_by__isnull=True)

    def as_at(self, day: datetime.date) -> "IndicatorValueQuerySet":
        """Values for months that had begun by ``day``.

        A month's value counts from the month's first day, as an action update counts
        from its effective date.
        """
        return self.filter(period__lte=day)

    def known_as_at(self, day: datetime.date, *, known_now: bool = False):
        """Every version (values and their corrections) of the months begun by ``day``
        that was entered by the end of that day; with ``known_now``, entered at any
        time. ``in_force`` picks each month's value from them."""
        from actions.rules import end_of_day

        versions = self.as_at(day)
        return versions if known_now else versions.filter(entered_at__lt=end_of_day(day))


class IndicatorValue(models.Model):
    """One month's figure. Rows are only ever added: a correction is a new row that
    ``supersedes`` the earlier one, which stays in the history."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="monthly_values"
    )
    period = models.DateField(help_text="The first day of the month the value describes.")
    value = models.DecimalField(**VALUE_DIGITS)
    commentary = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="indicator_values"
    )
    entered_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(
        max_length=200, blank=True, help_text="Where the value came from, if not typed in."
    )
    # One-to-one, so each value is corrected at most once and a period's versions form a
    # single chain; with the constraint below there is exactly one current value a month.
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        help_text="The earlier value this one corrects.",
    )

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period", "pk"]
        indexes = [
            models.Index(fields=["indicator", "period"], name="indicator_value_period_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(supersedes__isnull=True),
                name="indicator_value_one_original_per_period",
                violation_error_message="This month already has a value: correct it instead.",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="indicator_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name}, {period_label(self.period)}: {self.value}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError("Indicator values cannot be changed once recorded.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Indicator values cannot be deleted.")

    def clean(self) -> None:
        errors = {}
        if self.period:
            if self.period.day != 1:
                errors["period"] = "A period is a month: give the first day of the month."
            elif self.period > current_period():
                errors["period"] = f"{period_label(self.period)} is in the future."
        if self.value is not None and self.indicator_id:
            problem = self.indicator.value_problem(self.value)
            if problem:
                errors["value"] = problem + "."
            elif (
                self.indicator.status_for(self.value) == Status.OFF_TARGET
                and not self.commentary.strip()
            ):
                errors["commentary"] = "Give commentary: the value is off target."
        if self.supersedes_id and (
            self.supersedes.indicator_id != self.indicator_id
            or self.supersedes.period != self.period
        ):
            errors["supersedes"] = "A correction must be for the same indicator and month."
        if errors:
            raise ValidationError(errors)

    def entered_after(self, day: datetime.date) -> bool:
        """Entered after the end of ``day``: in the picture of that day only as known now."""
        from actions.rules import known_on

        return not known_on(self.entered_at, day)
