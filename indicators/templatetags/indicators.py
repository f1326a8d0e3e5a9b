from django import template

from .. import values
from ..formatting import format_measure

register = template.Library()


@register.filter
def measure(value, unit: str) -> str:
    """``{{ value|measure:indicator.unit }}``: 34, 19.3, 90% or 45 days."""
    return format_measure(value, unit)


@register.filter
def target_text(indicator) -> str:
    """``{{ indicator|target_text }}``: "20 or lower"."""
    return values.target_text(indicator)


@register.filter
def tolerance_text(indicator) -> str:
    """``{{ indicator|tolerance_text }}``: "Within tolerance to 22", or nothing."""
    return values.tolerance_text(indicator)
