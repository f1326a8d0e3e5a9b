"""Checking a monthly value, wherever it comes from: the entry sheet or a CSV file."""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from .formatting import format_measure
from .models import Indicator, Unit
from .status import Polarity

# Marks "do not check what the user saw": imports and the demo have no earlier page.
UNCHECKED = object()


@dataclass(frozen=True)
class ValueEntry:
    indicator: Indicator
    period: datetime.date
    value: Decimal
    commentary: str
    # The pk of the value in force when the user opened the form (None: there was none).
    expected_current: int | None | object = UNCHECKED


# The largest value the database holds (12 digits, 2 of them after the point).
MAX_VALUE = Decimal("9999999999.99")


def parse_value(raw: str, indicator: Indicator) -> Decimal:
    """A typed or imported value as a Decimal, or a ValidationError saying what to fix.

    Accepts what people type: "1,408", " 34 ", "90%" for a percentage.
    """
    text = raw.strip().replace(",", "")
    if indicator.unit == Unit.PERCENT:
        text = text.removesuffix("%").strip()
    example = "90 or 87.5" if indicator.unit == Unit.PERCENT else "34 or 19.3"
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValidationError(f"Enter {indicator.name} as a number, like {example}")
    if value > MAX_VALUE:
        raise ValidationError(f"{indicator.name} must be less than 10,000,000,000")
    if value.as_tuple().exponent < -2 and value != value.quantize(Decimal("0.01")):
        raise ValidationError(f"Enter {indicator.name} with no more than 2 decimal places")
    problem = indicator.value_problem(value)
    if problem:
        raise ValidationError(problem)
    return value.quantize(Decimal("0.01"))


def off_target_message(indicator: Indicator, value: Decimal) -> str:
    return (
        f"Give commentary for {indicator.name}: "
        f"{format_measure(value, indicator.unit)} is off target "
        f"(target {format_measure(indicator.target, indicator.unit)})"
    )


def target_text(indicator: Indicator) -> str:
    """ "20 or lower", "95% or higher" or "No target"."""
    if indicator.target is None:
        return "No target"
    target = format_measure(indicator.target, indicator.unit)
    return f"{target} or higher" if indicator.polarity == Polarity.HIGHER else f"{target} or lower"


def tolerance_text(indicator: Indicator) -> str:
    """ "Within tolerance to 22": the far edge of amber; empty with no target or tolerance."""
    if indicator.target is None or not indicator.tolerance:
        return ""
    if indicator.polarity == Polarity.HIGHER:
        edge = indicator.target - indicator.tolerance
    else:
        edge = indicator.target + indicator.tolerance
    return f"Within tolerance to {format_measure(edge, indicator.unit)}"
