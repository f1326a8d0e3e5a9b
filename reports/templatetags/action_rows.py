"""What a row in a list of actions shows: a link to the action and its direction of travel.

Python rather than included templates: a dashboard writes some eighty rows and a Board
paper several hundred, and an include costs far more per row than a tag.
"""

import datetime
from functools import partial

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from actions.templatetags.ratings import rating_tag

from ..drawn_rows import drawn_row
from ..movement import direction_of

register = template.Library()

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# As Django's date filter writes them in English ("j M Y": 3 Sep 2020, "j F Y": 3 September
# 2020), without its general formatter, which costs more than the rest of a row.
DAY_FORMATS = {
    "j M Y": lambda day: f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}",
    "j F Y": lambda day: f"{day.day} {MONTHS[day.month - 1]} {day.year}",
}


def day_text(value, date_format: str) -> str:
    """``value|date:date_format``, quicker for a plain date in the formats rows use."""
    fast = DAY_FORMATS.get(date_format)
    if fast and type(value) is datetime.date:
        return fast(value)
    return date_filter(value, date_format)


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


DECISION_WORDS = {"signed_off": "Completion signed off", "returned": "Completion returned"}


@register.simple_tag
def commentary(
    action,
    empty: str = "No commentary.",
    date_class: str = "govuk-hint app-cell-hint",
    date_format: str = "j F Y",
    brackets: bool = False,
) -> SafeString:
    """The owner's latest commentary with its date, then, if a plan manager decided on a
    completion since, that decision and its note, said as what it is (annotations of
    ``with_words_as_at``)."""
    text = action.commentary_as_at
    said_on = action.commentary_on_as_at
    parts = [conditional_escape(text) if text else conditional_escape(empty)]
    if said_on:
        day = day_text(said_on, date_format)
        parts.append(
            format_html(' <span class="{}">{}</span>', date_class, f"({day})" if brackets else day)
        )
    decided_on = action.decision_on_as_at
    if decided_on and (said_on is None or decided_on >= said_on):
        parts.append(
            format_html(
                ' <span class="app-decision"><strong>{} on {}:</strong> {}</span>',
                DECISION_WORDS.get(action.decision_kind_as_at, "Decision"),
                day_text(decided_on, date_format),
                action.decision_note_as_at or "",
            )
        )
    return SafeString("".join(parts))


RESTATED_WORDS = {
    "progress": "rating",
    "imported": "rating (imported)",
    "signed_off": "completion sign-off",
    "returned": "completion return",
    "proposed": "completion proposal",
}


@register.simple_tag
def restated_note(action) -> SafeString:
    """ "2.04's rating was back-dated into this period (to 20 April 2020) on 3 May 2020 by
    Jean Imray": from ``with_restatement_as_at``."""
    name = " ".join(
        part for part in (action.restated_by_first, action.restated_by_last) if part
    ) or (action.restated_by_username or "someone")
    return format_html(
        "<strong>{}</strong>’s {} was back-dated into this period (to {}) on {} by {}",
        action.reference,
        RESTATED_WORDS.get(action.restated_kind, "update"),
        date_filter(action.restated_effective, "j F Y"),
        date_filter(timezone.localtime(action.restated_at), "j F Y"),
        name,
    )


def _paper_row(action, dates: SafeString, words: SafeString) -> SafeString:
    """A row of a Board paper's action tables: action and lead, rating, dates, words.
    Each cell on one line: WeasyPrint can break a line early where line breaks and
    indentation surround inline text."""
    return format_html(
        '\n      <tr class="govuk-table__row">\n        <th scope="row" '
        'class="govuk-table__header app-report__action"><span class="app-report__ref">'
        '{}</span> {}<span class="app-report__lead">{}</span></th>\n        '
        '<td class="govuk-table__cell">{}</td>\n        {}\n        {}\n      </tr>',
        action.reference,
        action.title,
        action.lead,
        rating_tag(action.rating_as_at),
        dates,
        words,
    )


def _paper_commentary(action, empty: str) -> SafeString:
    return commentary(
        action,
        empty=empty,
        date_class="app-report__date app-nowrap",
        date_format="j M Y",
        brackets=True,
    )


def _drawn_rows(table: str, actions, draw) -> SafeString:
    """Each action's row in ``table``, ``draw(action)``, drawn once for the action's values
    (a ``PaperAction``, reports/paper_figures.py: all the row could show, as one key;
    reports/drawn_rows.py)."""
    return SafeString(
        "".join(drawn_row(table, action, (), partial(draw, action), action) for action in actions)
    )


@register.simple_tag
def appendix_rows(actions) -> SafeString:
    """The rows of a Board paper's appendix table (board_report/_action_table.html): every
    action of a group with its lead, rating, due date and latest commentary."""
    return _drawn_rows("paper-appendix", actions, _appendix_row)


def _appendix_row(action) -> SafeString:
    return _paper_row(
        action,
        format_html(
            '<td class="govuk-table__cell app-report__dates app-nowrap">{}</td>',
            _day_or(action.due_date_as_at, "none"),
        ),
        format_html(
            '<td class="govuk-table__cell app-report__commentary">{}</td>',
            _paper_commentary(action, "No update yet."),
        ),
    )


@register.simple_tag
def exception_rows(actions) -> SafeString:
    """The rows of a Board paper's Red and Amber table (board_report/_exceptions.html):
    original and revised due dates, the reason for slippage and the latest commentary."""
    return _drawn_rows("paper-exceptions", actions, _exception_row)


def _exception_row(action) -> SafeString:
    due, original = action.due_date_as_at, action.original_due_date_as_at
    revised = (
        format_html('Revised: <span class="app-nowrap">{}</span>', _day_or(due, ""))
        if due and due != original
        else "Not revised"
    )
    reason = action.slippage_reason_label
    return _paper_row(
        action,
        format_html(
            '<td class="govuk-table__cell app-report__dates"><span '
            'class="app-report__date-line">Original: <span class="app-nowrap">{}</span>'
            '</span><span class="app-report__date-line">{}</span></td>',
            _day_or(original, "none"),
            revised,
        ),
        format_html(
            '<td class="govuk-table__cell app-report__commentary">{}{}</td>',
            format_html('<span class="app-report__reason">{}.</span> ', reason) if reason else "",
            _paper_commentary(action, ""),
        ),
    )


@register.simple_tag
def changed_rows(actions) -> SafeString:
    """The rows of a Board paper's table of ratings changed (board_report/_changes_table.html):
    the rating before and now, the direction and the commentary behind the change."""
    return _drawn_rows("paper-changed", actions, _changed_row)


def _changed_row(action) -> SafeString:
    before = action.rating_before
    return format_html(
        '\n      <tr class="govuk-table__row">\n        <th scope="row" '
        'class="govuk-table__header app-report__action"><span class="app-report__ref">{}</span>'
        ' {}<span class="app-report__lead">{}</span></th>\n        '
        '<td class="govuk-table__cell">{}</td>\n        <td class="govuk-table__cell">{}\n'
        '<span class="app-report__direction">{}</span></td>\n        '
        '<td class="govuk-table__cell app-report__commentary">{}</td>\n      </tr>\n    ',
        action.reference,
        action.title,
        action.lead,
        rating_tag(before)
        if before
        else SafeString('<span class="app-report__nil">not rated</span>'),
        rating_tag(action.rating_as_at),
        action.direction,
        _paper_commentary(action, ""),
    )


@register.simple_tag
def completed_items(actions) -> SafeString:
    """The items of a Board paper's list of actions completed in the period
    (board_report/_figures.html)."""
    return _drawn_rows("paper-completed", actions, _completed_item)


def _completed_item(action) -> SafeString:
    return format_html(
        "\n      <li><strong>{}</strong> {} ({}; completed {})</li>\n    ",
        action.reference,
        action.title,
        action.lead,
        day_text(action.completed_on_as_at, "j F Y") if action.completed_on_as_at else "",
    )


def _day_or(value, default: str) -> str:
    return day_text(value, "j M Y") if value else default


@register.simple_tag
def action_table_rows(table) -> SafeString:
    """The rows of one page of the section and all-actions table
    (reports/includes/action_table.html), or its empty text."""
    query = f"?{table.as_at_query}" if table.as_at_query else ""
    rows = []
    for row in table.paginated_rows:
        action = row.record
        section = (
            format_html(
                '\n          <td class="govuk-table__cell">{}. {}</td>',
                action.section.number,
                action.section.title,
            )
            if table.with_section
            else ""
        )
        rows.append(
            format_html(
                '\n        <tr class="govuk-table__row">'
                '\n          <td class="govuk-table__cell">{}</td>'
                '\n          <td class="govuk-table__cell"><a class="govuk-link" href="{}{}">{}</a>'
                "</td>{}"
                '\n          <td class="govuk-table__cell">{}</td>'
                '\n          <td class="govuk-table__cell app-nowrap">{}</td>'
                '\n          <td class="govuk-table__cell">{}</td>'
                '\n          <td class="govuk-table__cell app-nowrap">{}</td>'
                '\n          <td class="govuk-table__cell app-nowrap">{}</td>'
                '\n          <td class="govuk-table__cell">{}</td>'
                "\n        </tr>",
                action.reference,
                action.get_absolute_url(),
                query,
                action.title,
                section,
                action.lead,
                _day_or(action.due_date_as_at, "Not set"),
                rating_tag(action.rating_as_at),
                _day_or(action.updated_on_as_at, "None yet"),
                _day_or(action.completed_on_as_at, ""),
                direction_tag(action.rating_before, action.rating_as_at),
            )
        )
    if not rows and table.empty_text:
        rows.append(
            format_html(
                '\n        <tr class="govuk-table__row"><td class="govuk-table__cell" '
                'colspan="{}">{}</td></tr>',
                len(table.columns),
                table.empty_text,
            )
        )
    return SafeString("".join(rows))
