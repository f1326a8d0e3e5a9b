"""The indicators' rows that pages show, and how each finds its plan (plans/revisions.py)."""

from plans.revisions import own_plan, plan_of

FOLLOWED = {
    "indicators.Indicator": own_plan,
    "indicators.IndicatorValue": plan_of("indicator"),
}
