"""The records the API returns: flat (every value a string, number, date, true/false or
null), so each list reads straight into a Power BI or Excel table."""

from rest_framework import serializers

from actions.models import ActionUpdate, Rating, SlippageReason
from indicators.models import Unit
from indicators.status import Direction, Polarity, Status
from plans.models import AssuranceEvent, Plan
from risks.models import Risk, RiskStatus
from risks.rules import TREND_WORDS

RATINGS = Rating.choices
DIRECTIONS = ["improved", "worsened", "unchanged", "new"]


def _nullable_choice(choices, **kwargs):
    return serializers.ChoiceField(choices=choices, allow_null=True, **kwargs)


class PlanSerializer(serializers.Serializer):
    slug = serializers.SlugField(help_text="The plan in every other URL of the API.")
    title = serializers.CharField()
    organisation = serializers.CharField()
    status = serializers.ChoiceField(choices=Plan.Status.choices)
    start_date = serializers.DateField()
    inspection = serializers.CharField(allow_blank=True)
    inspection_date = serializers.DateField(allow_null=True)
    predecessor = serializers.SlugField(allow_null=True, help_text="The plan this one refreshed.")


class SectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    lead = serializers.CharField(allow_null=True)


class ActionSerializer(serializers.Serializer):
    as_at = serializers.DateField(help_text="The day the record describes, at the end of it.")
    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    section_number = serializers.IntegerField()
    section_title = serializers.CharField()
    lead = serializers.CharField()
    added_on = serializers.DateField()
    start_date = serializers.DateField(allow_null=True)
    original_due_date = serializers.DateField(allow_null=True)
    due_date = serializers.DateField(allow_null=True, help_text="As revised by then.")
    rating = _nullable_choice(RATINGS, help_text="Null if not yet rated.")
    rating_label = serializers.CharField(allow_blank=True, help_text="As Board papers word it.")
    last_update_on = serializers.DateField(allow_null=True)
    commentary = serializers.CharField(allow_blank=True)
    slippage_reason = _nullable_choice(SlippageReason.choices)
    slippage_reason_label = serializers.CharField(allow_blank=True)
    red_or_amber = serializers.BooleanField()
    overdue = serializers.BooleanField(help_text="Due date passed and not Blue.")
    days_overdue = serializers.IntegerField(allow_null=True)
    stale = serializers.BooleanField(help_text="Not Blue, and no update for a reporting month.")
    since = serializers.DateField(help_text="The comparison date (the previous Board meeting).")
    rating_since = _nullable_choice(RATINGS, help_text="The rating in force on `since`.")
    direction = _nullable_choice(DIRECTIONS, help_text="From `rating_since` to `rating`.")


class ActionUpdateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action_id = serializers.IntegerField()
    action_reference = serializers.CharField()
    kind = serializers.ChoiceField(choices=ActionUpdate.Kind.choices)
    effective_date = serializers.DateField()
    recorded_at = serializers.DateTimeField()
    author = serializers.CharField()
    previous_rating = _nullable_choice(RATINGS)
    rating = serializers.ChoiceField(choices=RATINGS)
    commentary = serializers.CharField(allow_blank=True)
    revised_due_date = serializers.DateField(allow_null=True)
    slippage_reason = _nullable_choice(SlippageReason.choices)


class IndicatorSerializer(serializers.Serializer):
    as_at = serializers.DateField()
    id = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.ChoiceField(choices=Unit.choices)
    polarity = serializers.ChoiceField(choices=Polarity.choices)
    target = serializers.FloatField(allow_null=True)
    tolerance = serializers.FloatField(allow_null=True)
    owner = serializers.CharField(allow_null=True)
    latest_period = serializers.DateField(allow_null=True, help_text="The month's first day.")
    latest_value = serializers.FloatField(allow_null=True)
    status = _nullable_choice(Status.choices)
    vs_previous_month = _nullable_choice(Direction.choices)
    vs_year_ago = _nullable_choice(Direction.choices)


class IndicatorValueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    indicator_id = serializers.IntegerField()
    indicator = serializers.CharField()
    period = serializers.DateField(help_text="The first day of the month the value describes.")
    value = serializers.FloatField()
    commentary = serializers.CharField(allow_blank=True)
    entered_at = serializers.DateTimeField()
    corrects = serializers.IntegerField(allow_null=True, help_text="The value this one corrects.")


class SummaryRowSerializer(serializers.Serializer):
    as_at = serializers.DateField()
    section_number = serializers.IntegerField(allow_null=True, help_text="Null on the total row.")
    section = serializers.CharField(help_text="“Total” on the last row.")
    total = serializers.IntegerField()
    blue = serializers.IntegerField()
    green = serializers.IntegerField()
    amber = serializers.IntegerField()
    red = serializers.IntegerField()
    not_rated = serializers.IntegerField()
    is_total = serializers.BooleanField()


class RiskSerializer(serializers.Serializer):
    as_at = serializers.DateField(help_text="The day the record describes, at the end of it.")
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Risk.Kind.choices)
    reference = serializers.CharField(help_text="As it was on `as_at`.")
    title = serializers.CharField(help_text="As it was on `as_at`.")
    owner = serializers.CharField(help_text="As it was on `as_at`.")
    raised_on = serializers.DateField()
    status = serializers.ChoiceField(choices=RiskStatus.choices)
    likelihood = serializers.IntegerField(allow_null=True, help_text="1 to 5; null for an issue.")
    impact = serializers.IntegerField(allow_null=True, help_text="1 to 5; null for an issue.")
    score = serializers.IntegerField(allow_null=True, help_text="Likelihood × impact.")
    score_before = serializers.IntegerField(
        allow_null=True, help_text="The score of the assessment before."
    )
    trend = serializers.ChoiceField(choices=list(TREND_WORDS), help_text="Of the score.")
    high = serializers.BooleanField(help_text="Score of 15 or more, and not closed.")
    review_date = serializers.DateField(allow_null=True)
    review_overdue = serializers.BooleanField()
    mitigation = serializers.CharField(allow_blank=True)
    last_update_on = serializers.DateField(allow_null=True)


class AssuranceEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=AssuranceEvent.Kind.choices)
    title = serializers.CharField()
    led_by = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=AssuranceEvent.Status.choices)
    planned_start = serializers.DateField(allow_null=True)
    planned_end = serializers.DateField(allow_null=True)
    actual_start = serializers.DateField(allow_null=True)
    actual_end = serializers.DateField(allow_null=True)
    postponed_reason = serializers.CharField(allow_blank=True)
    findings = serializers.IntegerField(help_text="How many findings it has.")
    upcoming = serializers.BooleanField(help_text="Due after `as_at`.")
    recorded_at = serializers.DateTimeField()
