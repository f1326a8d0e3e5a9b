"""What a row in a list of actions shows: a link to the action and its direction of travel.

Python rather than included templates: a dashboard writes some eighty rows and a Board
paper several hundred, and an include costs far more per row than a tag.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from ..movement import direction_of

register = template.Library()


@register.simple_tag
def action_link(action, as_at_query: str = "") -> SafeString:
    """The action's reference and title, linking to its page as at the same date."""
    url = action.get_absolute_url()
    if as_at_query:
        url = f"{url}?{as_at_query}"
    return format_html(
        '<a class="govuk-link" href="{}"><span class="app-nowrap">{}</span> {}</a>',
        url,
        action.reference,
        action.title,
    )


@register.simple_tag
def direction_tag(before: str | None, after: str | None) -> SafeString:
    """The move from ``before`` to ``after`` as an arrow and words: "↑ Improved from
    Amber"; the arrow is decoration, the words say it."""
    direction = direction_of(before, after)
    if not direction.arrow:
        return conditional_escape(direction.text)
    return format_html(
        '<span class="app-direction app-direction--{}">'
        '<span class="app-direction__arrow" aria-hidden="true">{}</span> {}</span>',
        direction.key,
        direction.arrow,
        direction.text,
    )
