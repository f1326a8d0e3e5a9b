"""Template helpers for the GOV.UK form fields in templates/actions/includes/."""

from django import template

register = template.Library()


@register.simple_tag
def described_by(field, hint: str = "") -> str:
    """The ``aria-describedby`` ids for a field's hint and error message, if any."""
    ids = []
    if hint or field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)
