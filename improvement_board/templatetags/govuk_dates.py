"""The GOV.UK date input (improvement_board.forms.GovukDateField), drawn in one template,
templates/includes/date_input.html, for form fields and for the reading pages' GET forms."""

from django import template

from ..forms import date_boxes

register = template.Library()


@register.inclusion_tag("includes/date_input.html")
def date_input(field, hint: str = "", legend_class: str = "") -> dict:
    """A form's date field: legend, hint, error message and the three boxes;
    ``hint`` replaces the field's help text."""
    id_ = field.auto_id or field.html_name
    hint = hint or field.help_text
    return {
        "id": id_,
        "label": field.label,
        "legend_class": legend_class,
        "hint": hint,
        "errors": list(field.errors),
        "boxes": date_boxes(field.html_name, id_, field.value(), invalid=bool(field.errors)),
    }


@register.inclusion_tag("includes/date_input.html")
def date_query_input(
    name: str,
    label: str,
    value,
    *,
    hint: str = "",
    error: str = "",
    legend_class: str = "",
    button: str = "",
) -> dict:
    """A date in a GET form: ``value`` is a date, or the text of one the page could not use
    (shown again as typed, beside ``error``); ``button`` puts the form's submit button, so
    labelled, beside the boxes. improvement_board.middleware turns the three boxes back
    into one ``name=YYYY-MM-DD`` parameter."""
    id_ = name.replace("_", "-")
    return {
        "id": id_,
        "label": label,
        "legend_class": legend_class,
        "hint": hint,
        "errors": [error] if error else [],
        "boxes": date_boxes(name, id_, value, invalid=bool(error)),
        "button": button,
    }


@register.inclusion_tag("includes/date_input.html")
def as_at_input(as_at, label: str, hint: str = "", button: str = "") -> dict:
    """The reading pages' "as at" date (an ``AsAt``): empty for today, else its day, or
    what was asked for when it could not be used."""
    if as_at.error:
        return date_query_input(
            "as_at", label, as_at.requested, hint=hint, error=as_at.error, button=button
        )
    value = "" if as_at.is_today else as_at.date
    return date_query_input("as_at", label, value, hint=hint, button=button)
