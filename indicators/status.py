"""Where a monthly value stands against its target, and which way it is moving.

Pure functions of numbers, so the rules can be read and tested without a database:
``status_of`` compares a value with the target and the amber tolerance;
``direction_of`` compares it with an earlier value, respecting which way is better.
"""

from decimal import Decimal

from django.db import models


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    # Some figures the Board watches are context, not performance: more children under
    # an Interim Care Order is neither good nor bad in itself.
    NEITHER = "neither", "Neither: a measure of context"


class Status(models.TextChoices):
    ON_TARGET = "on_target", "On target"
    WITHIN_TOLERANCE = "within_tolerance", "Within tolerance"
    OFF_TARGET = "off_target", "Off target"
    NO_TARGET = "no_target", "No target"

    @property
    def colour(self) -> str:
        """The BRAG colour that reinforces the words (the words are always shown)."""
        return {
            Status.ON_TARGET: "green",
            Status.WITHIN_TOLERANCE: "amber",
            Status.OFF_TARGET: "red",
            Status.NO_TARGET: "none",
        }[self]

    @property
    def severity(self) -> int:
        """Lower is more urgent: the order the Board reads exceptions in."""
        return [
            Status.OFF_TARGET,
            Status.WITHIN_TOLERANCE,
            Status.ON_TARGET,
            Status.NO_TARGET,
        ].index(self)


class Direction(models.TextChoices):
    IMPROVING = "improving", "Improving"
    WORSENING = "worsening", "Worsening"
    NO_CHANGE = "no_change", "No change"
    # For measures of context, where neither way is better.
    UP = "up", "Up"
    DOWN = "down", "Down"


def status_of(
    value: Decimal,
    *,
    target: Decimal | None,
    tolerance: Decimal,
    polarity: Polarity | str,
) -> Status:
    """On target, within the tolerance on the wrong side of it, or off target.

    A value exactly on the target is on target; exactly ``tolerance`` short of it is
    within tolerance; anything further is off target.
    """
    if target is None or polarity == Polarity.NEITHER:
        return Status.NO_TARGET
    shortfall = target - value if polarity == Polarity.HIGHER else value - target
    if shortfall <= 0:
        return Status.ON_TARGET
    if shortfall <= tolerance:
        return Status.WITHIN_TOLERANCE
    return Status.OFF_TARGET


def direction_of(
    value: Decimal | None, earlier: Decimal | None, *, polarity: Polarity | str
) -> Direction | None:
    """How ``value`` compares with ``earlier``; None when there is nothing to compare."""
    if value is None or earlier is None:
        return None
    if value == earlier:
        return Direction.NO_CHANGE
    rose = value > earlier
    if polarity == Polarity.NEITHER:
        return Direction.UP if rose else Direction.DOWN
    better = rose if polarity == Polarity.HIGHER else not rose
    return Direction.IMPROVING if better else Direction.WORSENING
