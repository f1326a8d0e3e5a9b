"""Template helpers for the GOV.UK form fields in templates/actions/includes/."""

from django import template

from ..forms import DateParts

register = template.Library()


@register.filter
def date_parts(value) -> dict[str, str]:
    """Day, month and year of a date field, as typed or as initially given."""
    return DateParts().format_value(value)


@register.simple_tag
def described_by(field, hint: str = "") -> str:
    """The ``aria-describedby`` ids for a field's hint and error message, if any."""
    ids = []
    if hint or field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)
