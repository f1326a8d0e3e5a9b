"""The rows of the summary across councils (reports/includes/oversight_table.html).

A national adviser's summary has some 150 rows of 18 cells. Drawn by django-tables2's
row template, each cell costs a bound cell, an accessor lookup and a dozen template
nodes: over a second for the page. Here each row is written from its ``PlanStanding``
in Python, the cells as ``OversightTable`` says (the same values, defaults, links and
classes, and the same markup as the row template writes), while the table keeps its
headers, sorting and downloads.
"""

from collections.abc import Callable

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from .action_rows import day_text

register = template.Library()

# django-tables2's text for an empty cell of a column without a default of its own.
EMPTY = "—"


def _count(*path: str) -> Callable:
    """A whole number reached from the standing by attributes and keys (as the column's
    accessor, e.g. ``now__counts__blue``)."""

    def cell(standing, as_at_query: str) -> str:
        value = standing
        for step in path:
            value = value[step] if isinstance(value, dict) else getattr(value, step)
        return EMPTY if value is None else str(value)

    return cell


def _plan(standing, as_at_query: str) -> str:
    url = standing.plan.get_absolute_url()
    if as_at_query:
        url = f"{url}?{as_at_query}"
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, standing.plan.title)


def _compared_with(standing, as_at_query: str) -> str:
    day = standing.comparison.date
    if day is None:
        return EMPTY
    return format_html(
        '<span class="app-nowrap">{}</span> <span class="govuk-hint app-cell-hint">{}</span>',
        day_text(day, "j M Y"),
        standing.comparison.basis,
    )


def _last_board(standing, as_at_query: str) -> str:
    return day_text(standing.last_board, "j M Y") if standing.last_board else "None yet"


# Each column of OversightTable shown on the page: its cell from the standing (and the
# table's as-at query, for links), as HTML.
CELLS: dict[str, Callable] = {
    "organisation": lambda s, q: conditional_escape(s.plan.organisation.name),
    "plan": _plan,
    "status": lambda s, q: conditional_escape(s.plan.get_status_display()),
    "blue": _count("now", "counts", "blue"),
    "green": _count("now", "counts", "green"),
    "amber": _count("now", "counts", "amber"),
    "red": _count("now", "counts", "red"),
    "not_rated": _count("now", "not_rated"),
    "total": _count("now", "total"),
    "percent_complete": _count("now", "percent_complete"),
    "compared_with": _compared_with,
    "improved": _count("moved", "improved"),
    "worsened": _count("moved", "worsened"),
    "newly_rated": _count("moved", "new"),
    "changes": lambda s, q: conditional_escape(s.change_words),
    "overdue": _count("overdue"),
    "stale": _count("stale"),
    "last_board": _last_board,
}

# The whitespace django-tables2's row template (includes/table.html) leaves around a row
# and its cells, so the page is the same to the byte.
ROW_START = '\n        \n        \n        <tr class="govuk-table__row {}">\n          '
CELL = (
    '\n            \n            <td class="govuk-table__cell{}">{}</td>\n            \n          '
)
ROW_END = "\n        </tr>\n        \n        \n      "
EMPTY_ROW = (
    '\n        \n        \n        <tr class="govuk-table__row"><td class="govuk-table__cell"'
    ' colspan="{}">{}</td></tr>\n        \n        \n      '
)


@register.simple_tag
def oversight_table_rows(table) -> SafeString:
    """Every row of the summary's table in the table's order, or its empty text."""
    columns = []
    for column in table.columns:
        td_class = column.attrs["td"].get("class")  # the same for every row
        columns.append((CELLS[column.name], f" {td_class}" if td_class else ""))
    query = table.as_at_query
    parts = []
    for index, row in enumerate(table.rows):
        standing = row.record
        parts.append(ROW_START.format("odd" if index % 2 else "even"))
        parts.extend(CELL.format(td_class, cell(standing, query)) for cell, td_class in columns)
        parts.append(ROW_END)
    if not parts and table.empty_text:
        parts.append(EMPTY_ROW.format(len(columns), conditional_escape(table.empty_text)))
    return SafeString("".join(parts))
