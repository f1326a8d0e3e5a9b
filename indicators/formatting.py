"""Indicator values as people write them: 34, 19.3, 90%, 45 days, 1,408."""

from decimal import Decimal

from .models import Unit


def format_number(value: Decimal) -> str:
    # normalize() drops the stored trailing zeros (34.00 -> 34); "f" keeps 1400 from
    # turning into 1.4E+3.
    return format(value.normalize(), ",f")


def format_measure(value: Decimal | None, unit: str) -> str:
    if value is None:
        return ""
    number = format_number(value)
    if unit == Unit.PERCENT:
        return f"{number}%"
    if unit == Unit.DAYS:
        return f"{number} day" if value == 1 else f"{number} days"
    return number
