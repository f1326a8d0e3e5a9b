"""The lists of choices in the filters of the section and all-actions pages
(reports/includes/action_filters.html): a plan's leads and recommendations run to dozens,
and a tag writes them for a fraction of what a template loop costs per choice."""

from django import template
from django.utils.safestring import SafeString

from .action_rows import escaped

register = template.Library()


@register.simple_tag
def select_options(choices, selected) -> SafeString:
    """``<option>`` elements for ``choices`` (value, label), ``selected`` marked."""
    return SafeString(
        "".join(
            f'<option value="{escaped(value)}"{" selected" if value == selected else ""}>'
            f"{escaped(label)}</option>"
            for value, label in choices
        )
    )


@register.simple_tag
def rating_checkboxes(field) -> SafeString:
    """The checkboxes of the multiple-choice ``rating`` filter (a bound field), those
    asked for ticked, with Django's ids (id_rating, id_rating_1, ...)."""
    ticked = field.value() or ()
    boxes = []
    for index, (value, label) in enumerate(field.field.choices):
        box_id = f"id_rating_{index}" if index else "id_rating"
        boxes.append(
            f'\n          <div class="govuk-checkboxes__item">\n            <input '
            f'class="govuk-checkboxes__input" id="{box_id}" name="rating" type="checkbox" '
            f'value="{escaped(value)}"{" checked" if value in ticked else ""}>\n            '
            f'<label class="govuk-label govuk-checkboxes__label" for="{box_id}">'
            f"{escaped(label)}</label>\n          </div>"
        )
    return SafeString("".join(boxes))
