"""What a row in a list of actions shows: a link to the action and its direction of travel;
and the section and all-actions table's header and pagination.

Python rather than included templates: a dashboard writes some eighty rows and a Board
paper several hundred, and an include costs far more per row than a tag.
"""

import html
from functools import partial
from urllib.parse import urlencode

from django import template
from django.http import QueryDict
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString
from django_tables2.templatetags.django_tables2 import table_page_range

from actions.formatting import day_text
from actions.templatetags.ratings import rating_tag

from ..drawn_rows import drawn_row
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


# One row of the section and all-actions table; every value in it already escaped.
ACTION_ROW = (
    '\n        <tr class="govuk-table__row">'
    '\n          <td class="govuk-table__cell">{reference}</td>'
    '\n          <td class="govuk-table__cell"><a class="govuk-link" href="{url}">{title}</a>'
    "</td>{section}"
    '\n          <td class="govuk-table__cell">{lead}</td>'
    '\n          <td class="govuk-table__cell app-nowrap">{due}</td>'
    '\n          <td class="govuk-table__cell">{rating}</td>'
    '\n          <td class="govuk-table__cell app-nowrap">{updated}</td>'
    '\n          <td class="govuk-table__cell app-nowrap">{completed}</td>'
    '\n          <td class="govuk-table__cell">{direction}</td>'
    "\n        </tr>"
)
SECTION_CELL = '\n          <td class="govuk-table__cell">{}. {}</td>'


def escaped(value) -> str:
    """``conditional_escape(value)`` for a row's plain values, without the checks for lazy
    strings that make it cost more than the rest of the cell."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _action_addresses():
    """``action.get_absolute_url`` for the actions of one plan, reversing the address
    once: the rest differ from the first only in the action's number at the end."""
    first = None

    def url_of(action) -> str:
        nonlocal first
        if first is None:
            address = action.get_absolute_url()
            tail = f"/{action.pk}/"
            if not address.endswith(tail):
                return address
            first = (action.plan_id, address[: -len(tail) + 1])
        plan_id, stem = first
        if action.plan_id != plan_id:
            return action.get_absolute_url()
        return f"{stem}{action.pk}/"

    return url_of


@register.simple_tag
def action_table_rows(table) -> SafeString:
    """The rows of one page of the section and all-actions table
    (reports/includes/action_table.html), or its empty text."""
    query = f"?{table.as_at_query}" if table.as_at_query else ""
    url_of = _action_addresses()
    rows = []
    for row in table.paginated_rows:
        action = row.record
        rows.append(
            ACTION_ROW.format(
                reference=escaped(action.reference),
                url=escaped(url_of(action) + query),
                title=escaped(action.title),
                section=SECTION_CELL.format(
                    escaped(action.section.number), escaped(action.section.title)
                )
                if table.with_section
                else "",
                lead=escaped(action.lead),
                due=escaped(_day_or(action.due_date_as_at, "Not set")),
                rating=rating_tag(action.rating_as_at),
                updated=escaped(_day_or(action.updated_on_as_at, "None yet")),
                completed=escaped(_day_or(action.completed_on_as_at, "")),
                direction=direction_tag(action.rating_before, action.rating_as_at),
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


def _changed_query(query: QueryDict, name: str, value) -> str:
    """``{% querystring_replace name=value %}``: the page's query with one value changed."""
    params = dict(query)
    params[name] = value
    return escape("?" + urlencode(params, doseq=True))


@register.simple_tag
def action_table_head(table, query: QueryDict) -> SafeString:
    """The header row of the section and all-actions table: each sortable column's
    header a link that sorts by it (or reverses its order), the sorted one marked."""
    cells = []
    for column in table.columns:
        th_class = column.attrs["th"].get("class")
        ordered = column.is_ordered
        descending = ordered and column.order_by_alias.is_descending
        sort = (
            format_html(
                ' aria-sort="{}"',
                "descending" if descending else "ascending",
            )
            if ordered
            else ""
        )
        header = column.header
        if column.orderable:
            header = format_html(
                '<a class="govuk-link app-sort-link" href="{}">{}{}</a>',
                _changed_query(query, table.prefixed_order_by_field, column.order_by_alias.next),
                header,
                format_html(
                    '<span class="app-sort-link__indicator" aria-hidden="true">{}</span>',
                    "▼" if descending else "▲",
                )
                if ordered
                else "",
            )
        cells.append(
            format_html(
                '\n          <th scope="col" class="govuk-table__header{}"{}>{}</th>',
                f" {th_class}" if th_class else "",
                sort,
                header,
            )
        )
    return format_html(
        '<thead class="govuk-table__head">\n      <tr class="govuk-table__row">{}'
        "\n      </tr>\n    </thead>",
        SafeString("".join(cells)),
    )


PREVIOUS_ICON = SafeString(
    '<svg class="govuk-pagination__icon govuk-pagination__icon--prev" '
    'xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" '
    'focusable="false" viewBox="0 0 15 13">\n        <path d="m6.5938-0.0078125-6.7266 '
    "6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414"
    '-1.414z"></path>\n      </svg>'
)
NEXT_ICON = SafeString(
    '<svg class="govuk-pagination__icon govuk-pagination__icon--next" '
    'xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" '
    'focusable="false" viewBox="0 0 15 13">\n        <path d="m8.107-0.0078125-1.4136 '
    "1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246"
    '-6.7266z"></path>\n      </svg>'
)


@register.simple_tag
def action_table_pages(table, query: QueryDict) -> SafeString:
    """GOV.UK pagination for the section and all-actions table, each link keeping every
    other query parameter; nothing when everything fits on one page."""
    page, paginator = table.page, table.paginator
    if not page or paginator.num_pages <= 1:
        return SafeString("")
    field = table.prefixed_page_field
    parts = []
    if page.has_previous():
        parts.append(
            format_html(
                '\n  <div class="govuk-pagination__prev">\n    <a class="govuk-link '
                'govuk-pagination__link" href="{}" rel="prev">\n      {}\n      <span '
                'class="govuk-pagination__link-title">Previous<span '
                'class="govuk-visually-hidden"> page</span></span>\n    </a>\n  </div>',
                _changed_query(query, field, page.previous_page_number()),
                PREVIOUS_ICON,
            )
        )
    items = []
    for number in table_page_range(page, paginator):
        if number == "...":
            items.append(
                '\n    <li class="govuk-pagination__item govuk-pagination__item--ellipsis">'
                "&ctdot;</li>"
            )
            continue
        current = number == page.number
        items.append(
            format_html(
                '\n    <li class="govuk-pagination__item{}">\n      <a class="govuk-link '
                'govuk-pagination__link" href="{}" aria-label="Page {}"{}>{}</a>\n    </li>',
                " govuk-pagination__item--current" if current else "",
                _changed_query(query, field, number),
                number,
                SafeString(' aria-current="page"') if current else "",
                number,
            )
        )
    parts.append(
        format_html(
            '\n  <ul class="govuk-pagination__list">{}\n  </ul>', SafeString("".join(items))
        )
    )
    if page.has_next():
        parts.append(
            format_html(
                '\n  <div class="govuk-pagination__next">\n    <a class="govuk-link '
                'govuk-pagination__link" href="{}" rel="next">\n      <span '
                'class="govuk-pagination__link-title">Next<span class="govuk-visually-hidden">'
                " page</span></span>\n      {}\n    </a>\n  </div>",
                _changed_query(query, field, page.next_page_number()),
                NEXT_ICON,
            )
        )
    return format_html(
        '<nav class="govuk-pagination" aria-label="Pagination">{}\n</nav>',
        SafeString("".join(parts)),
    )
