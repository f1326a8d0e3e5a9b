"""The rows of My actions (templates/actions/my_actions.html), written in Python: an owner
of many actions gets a row each, and the template engine (an include per row for the
completion's state) costs far more per row than the row itself."""

from django import template
from django.template.defaultfilters import truncatewords
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from ..formatting import day_text
from .ratings import rating_tag

register = template.Library()


def completion_status(action) -> SafeString | str:
    """The state of the action's completion, from ``with_completion_state()``: proposed and
    waiting for sign-off, returned, or signed off."""
    kind = action.completion_kind
    if kind == "proposed":
        return format_html(
            '\n  <strong class="govuk-tag govuk-tag--turquoise app-status">Completion proposed'
            '</strong>\n  <span class="govuk-body-s app-status__note">on {}, waiting for '
            "sign-off</span>\n",
            day_text(action.completion_on, "j M Y"),
        )
    if kind == "returned" and action.rating != "blue":
        return format_html(
            '\n  <strong class="govuk-tag govuk-tag--grey app-status">Completion returned'
            '</strong>\n  <span class="govuk-body-s app-status__note">on {}: {}</span>\n',
            day_text(action.completion_on, "j M Y"),
            truncatewords(action.completion_note, 30),
        )
    if kind == "signed_off" and action.rating == "blue":
        return format_html(
            '\n  <span class="govuk-body-s app-status__note">Completion signed off on {}</span>\n',
            day_text(action.completion_on, "j M Y"),
        )
    return ""


def _this_month(action, month, update_url: str) -> SafeString:
    if action.update_due:
        return format_html(
            '\n              <strong class="govuk-tag govuk-tag--purple app-status">{}</strong>'
            '\n              <a class="govuk-link app-my-actions__update" href="{}">Update'
            '<span class="govuk-visually-hidden"> {}</span></a>\n            ',
            "Update late" if month.today > action.deadline else "Update due",
            update_url,
            action.reference,
        )
    complete = action.rating == "blue"
    return format_html(
        '\n              {} <a class="govuk-link app-my-actions__update" href="{}">{}'
        '<span class="govuk-visually-hidden"> {}</span></a>\n            ',
        "Complete" if complete else "Updated",
        update_url,
        "Update" if complete else "Update again",
        action.reference,
    )


def _last_update(action, user_pk) -> SafeString | str:
    if not action.last_update_on:
        return "None yet"
    by_you = " by you" if action.last_update_by == user_pk else ""
    return day_text(action.last_update_on, "j M Y") + by_you


@register.simple_tag
def owned_action_rows(actions, month, user_pk) -> SafeString:
    """The rows of one section's table: each action's rating and the state of its
    completion, due date, last update and what this month asks of its owner
    (annotated as ``actions.views.my_actions`` does)."""
    rows = []
    for action in actions:
        rows.append(
            format_html(
                '\n        <tr class="govuk-table__row">'
                '\n          <th scope="row" class="govuk-table__header app-my-actions__action">'
                '<a class="govuk-link" href="{}">{} {}</a></th>'
                '\n          <td class="govuk-table__cell" data-label="Rating">{} \n{}\n</td>'
                '\n          <td class="govuk-table__cell" data-label="Due">{}{}</td>'
                '\n          <td class="govuk-table__cell" data-label="Last update">{}</td>'
                '\n          <td class="govuk-table__cell" data-label="This month">\n            {}'
                "\n          </td>\n        </tr>\n      ",
                action.get_absolute_url(),
                action.reference,
                action.title,
                rating_tag(action.rating),
                completion_status(action),
                day_text(action.current_due_date, "j M Y") or "Not set",
                mark_safe(' <strong class="govuk-tag govuk-tag--pink app-status">Overdue</strong>')
                if action.is_overdue
                else "",
                _last_update(action, user_pk),
                _this_month(
                    action,
                    month,
                    reverse("actions:update", args=[action.plan.slug, action.pk]),
                ),
            )
        )
    return mark_safe("".join(rows))  # each row is format_html's
