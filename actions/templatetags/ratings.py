"""BRAG ratings as tags in templates.

Every page that lists actions writes a rating tag per row, so these are Python rather
than included templates: a list of 400 actions would otherwise render 400 templates.
The colour word is always written; the colour only reinforces it.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from ..models import Rating

register = template.Library()

_TAGS = {
    rating.value: mark_safe(
        f'<strong class="govuk-tag app-rating app-rating--{rating.value}">{rating.colour}</strong>'
    )
    for rating in Rating
}
_NOT_RATED = mark_safe('<strong class="govuk-tag app-rating app-rating--none">Not rated</strong>')


@register.simple_tag
def rating_tag(rating: str | None, label: str = "", full: bool = False) -> SafeString:
    """The rating as a GOV.UK tag ("Amber"), "Not rated" when empty.

    With ``full`` and a ``label`` ("Amber – some progress but slippage"), the meaning
    follows the tag.
    """
    tag = _TAGS.get(str(rating) if rating else "", _NOT_RATED)
    if full and label and rating:
        meaning = str(label).removeprefix(f"{Rating(rating).colour} – ")
        return format_html('{} <span class="app-rating__meaning">{}</span>', tag, meaning)
    return tag
