"""Direction of travel in templates: how an action's rating moved between two dates."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from ..movement import direction_of

register = template.Library()


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
