"""The dashboard's four lists of actions as one kind of table, drawn in Python.

Whose rating changed, Red and Amber, overdue, and not updated for a month: each is a
heading, a table of up to ``DASHBOARD_LIST_LIMIT`` actions and a link to them all, and
they differ only in their columns. One partial (``reports/includes/dashboard_list.html``)
draws the frame of all four; the rows are written here, a row at a time with
``format_html`` rather than through the template engine, which costs far more per row
(a dashboard writes some eighty) than the row itself.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from actions.templatetags.ratings import rating_tag

from .dashboard import ActionList, Dashboard
from .drawn_rows import drawn_row
from .templatetags.action_rows import action_link, commentary, day_text, direction_tag

Cell = Callable[[object, str], SafeString]


@dataclass(frozen=True)
class Column:
    header: str
    cell: Cell
    td_class: str = ""
    numeric: bool = False


@dataclass
class DashboardTable:
    """One list as the partial draws it."""

    key: str  # the heading's id; the table's class is app-<key>-table
    heading: str
    note: str
    caption: str
    columns: list[Column]
    actions: ActionList
    as_at_query: str
    more_query: str  # the all-actions filter that lists them all
    more_words: str
    empty: SafeString  # a sentence of this module's words and dates

    @property
    def rows(self) -> SafeString:
        return mark_safe("".join(self._row(action) for action in self.actions.shown))

    def _row(self, action) -> str:
        return drawn_row(
            ("dashboard", self.key),
            action,
            ROW_READS,
            lambda: self._draw(action),
            self.as_at_query,
            action.plan.slug,
            str(action.lead),
        )

    def _draw(self, action) -> str:
        cells = "".join(
            format_html(
                '\n        <td class="govuk-table__cell{}">{}</td>',
                f" {column.td_class}" if column.td_class else "",
                column.cell(action, self.as_at_query),
            )
            for column in self.columns
        )
        return f'\n      <tr class="govuk-table__row">{cells}\n      </tr>'


# Everything a row reads of an action besides its plan's address and its lead's name
# (``drawn_rows``: after an update only the updated action's rows are written again).
ROW_READS = (
    "pk",
    "reference",
    "title",
    "rating_as_at",
    "rating_before",
    "commentary_as_at",
    "commentary_on_as_at",
    "decision_kind_as_at",
    "decision_note_as_at",
    "decision_on_as_at",
    "slippage_reason_label",
    "due_date_as_at",
    "original_due_date_as_at",
    "days_overdue",
    "updated_on_as_at",
)


def _day(value: datetime.date | None, empty: str) -> str:
    return (day_text(value, "j M Y") if value else "") or empty


def _link(action, query: str) -> SafeString:
    return action_link(action, query)


def _link_and_lead(action, query: str) -> SafeString:
    return format_html(
        '{} <span class="govuk-hint app-cell-hint">Lead: {}</span>',
        action_link(action, query),
        action.lead,
    )


def _rating(action, query: str) -> SafeString:
    return rating_tag(action.rating_as_at)


def _rating_then(action, query: str) -> SafeString:
    return rating_tag(action.rating_before)


def _rating_moved(action, query: str) -> SafeString:
    return format_html(
        "{}\n<br>{}",
        rating_tag(action.rating_as_at),
        direction_tag(action.rating_before, action.rating_as_at),
    )


def _commentary(action, query: str) -> SafeString:
    return commentary(action)


def _reason(action, query: str) -> str:
    return conditional_escape(action.slippage_reason_label or "Not given")


def _due_revised(action, query: str) -> SafeString:
    due, original = action.due_date_as_at, action.original_due_date_as_at
    html = format_html('<span class="app-nowrap">{}</span>', _day(due, "Not set"))
    if original and due != original:
        html += format_html(
            ' <span class="govuk-hint app-cell-hint">revised from {}</span>', _day(original, "")
        )
    return html


def _due(action, query: str) -> str:
    return conditional_escape(_day(action.due_date_as_at, ""))


def _days_overdue(action, query: str) -> str:
    return conditional_escape(action.days_overdue)


def _lead(action, query: str) -> str:
    return conditional_escape(action.lead)


def _updated(action, query: str) -> str:
    return conditional_escape(_day(action.updated_on_as_at, "None yet"))


def dashboard_tables(
    board: Dashboard, *, since: datetime.date, as_at_query: str
) -> dict[str, DashboardTable]:
    """The four lists of ``board``, by their key."""
    as_at = board.as_at
    then, now = f"{since:%-d %B %Y}", f"{as_at:%-d %B %Y}"
    common = {"as_at_query": as_at_query}
    return {
        "moved": DashboardTable(
            key="moved",
            heading="Actions whose rating changed",
            note="",
            caption=f"Actions whose rating changed since {then}, with the latest commentary",
            columns=[
                Column("Action", _link),
                Column("From", _rating_then),
                Column("To", _rating_moved),
                Column("Latest commentary", _commentary),
            ],
            actions=board.moved,
            more_query="moved=yes",
            more_words="actions whose rating changed",
            empty=mark_safe(f"No action's rating changed between {then} and {now}."),
            **common,
        ),
        "red_amber": DashboardTable(
            key="red-amber",
            heading="Red and Amber actions",
            note="",
            caption="Red and Amber actions, Red first, with the reason for slippage and the "
            "due date",
            columns=[
                Column("Action", _link_and_lead),
                Column("Rating", _rating),
                Column("Latest commentary", _commentary),
                Column("Reason for slippage", _reason),
                Column("Due", _due_revised),
            ],
            actions=board.red_amber,
            more_query="rating=red&rating=amber&sort=rating_as_at",
            more_words="Red and Amber actions",
            empty=mark_safe(f"No action was Red or Amber on {now}."),
            **common,
        ),
        "overdue": DashboardTable(
            key="overdue",
            heading="Overdue actions",
            note="Due date passed and not Blue – completed.",
            caption="Overdue actions",
            columns=[
                Column("Action", _link),
                Column("Rating", _rating),
                Column("Due", _due, td_class="app-nowrap"),
                Column(
                    "Days overdue",
                    _days_overdue,
                    td_class="govuk-table__cell--numeric",
                    numeric=True,
                ),
                Column("Lead", _lead),
            ],
            actions=board.overdue,
            more_query="overdue=yes",
            more_words="overdue actions",
            empty=mark_safe(f"No action was overdue on {now}."),
            **common,
        ),
        "stale": DashboardTable(
            key="stale",
            heading="No update for more than a month",
            note=f"Not Blue – completed, and last updated before "
            f"{board.stale_before:%-d %B %Y}, or never.",
            caption="Actions with no update for more than a month",
            columns=[
                Column("Action", _link),
                Column("Rating", _rating),
                Column("Last update", _updated, td_class="app-nowrap"),
                Column("Lead", _lead),
            ],
            actions=board.stale,
            more_query="stale=yes",
            more_words="actions with no recent update",
            empty=mark_safe(f"Every action not yet complete had an update in the month to {now}."),
            **common,
        ),
    }
