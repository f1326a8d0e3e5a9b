"""The actions table of the section and all-actions pages, and of their exports.

The table decides the columns, their sorting, the pages and the exported values; its
rows on the page are written by templates/reports/includes/action_table.html."""

import datetime

import django_tables2 as tables
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Case, Count, F, IntegerField, Value, When, Window
from django.utils.functional import cached_property

from actions.models import Rating

from .movement import RATING_ORDER, direction_of

PER_PAGE = 25
MAX_PER_PAGE = 100
# No table has this many pages; a number above it is answered from the count alone.
MAX_PAGE = 100_000
NOWRAP = {"td": {"class": "app-nowrap"}}
TOTAL_ROWS = "total_rows"


def _rating_rank(unrated: int) -> Case:
    """Red 0, Amber 1, Green 2, Blue 3; unrated actions get ``unrated``."""
    return Case(
        *(When(rating_as_at=rating, then=Value(rank)) for rating, rank in RATING_ORDER.items()),
        default=Value(unrated),
        output_field=IntegerField(),
    )


def with_total_rows(queryset):
    """Annotate every row with the number of rows in the whole (filtered) result, so a page
    of it and the count come back in one query (see ``CountedPaginator``)."""
    return queryset.annotate(**{TOTAL_ROWS: Window(Count("pk"))})


class CountedPaginator(Paginator):
    """Pages a table whose rows carry the result's size (``with_total_rows``).

    Django's paginator asks the database for the count, then for the page: two queries.
    This one fetches the page first and reads the count off its first row; only a page
    past the end needs the separate count, to find the last page.
    """

    def __init__(self, object_list, per_page, *args, **kwargs):
        # The page length can come from the address (?per_page=); outside 1 to
        # MAX_PER_PAGE it is ignored, so a page is never negative, huge or unbounded work.
        if not 1 <= per_page <= MAX_PER_PAGE:
            per_page = PER_PAGE
        super().__init__(object_list, per_page, *args, **kwargs)

    def page(self, number) -> Page:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not a whole number.") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1.")
        if number > MAX_PAGE:
            # Past the end of any table, and too big for the database's offset: the count
            # says where the last page is.
            self.count  # noqa: B018 - computed and kept for the page past the end
        if "count" in self.__dict__:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if rows:
            self.__dict__["count"] = getattr(rows[0].record, TOTAL_ROWS)
        elif number == 1:
            self.__dict__["count"] = 0
        else:
            raise EmptyPage("That page contains no results.")
        return self._get_page(rows, number, self)

    @cached_property
    def count(self) -> int:
        return len(self.object_list)


class ActionTable(tables.Table):
    reference = tables.Column("Ref", order_by=("section__number", "reference"))
    title = tables.Column("Action", order_by=("title", "section__number", "reference"))
    section = tables.Column(
        "Section", accessor="section__number", order_by=("section__number", "reference")
    )
    lead = tables.Column(
        "Lead",
        order_by=(
            "lead__first_name",
            "lead__last_name",
            "lead__username",
            "section__number",
            "reference",
        ),
    )
    due_date_as_at = tables.Column("Due", default="Not set", attrs=NOWRAP)
    # Rendered even when empty: an unrated action shows a "Not rated" tag.
    rating_as_at = tables.Column("Rating", empty_values=())
    updated_on_as_at = tables.Column("Last update", default="None yet", attrs=NOWRAP)
    # The day a Blue action counts as complete from: its sign-off (actions/rules.py).
    completed_on_as_at = tables.Column("Completed", default="", attrs=NOWRAP)

    class Meta:
        orderable = True
        per_page = PER_PAGE
        empty_text = "No actions match these filters."
        attrs = {"class": "app-actions-table"}

    def __init__(
        self,
        data,
        *,
        as_at: datetime.date,
        as_at_query: str,
        since: datetime.date,
        caption: str,
        with_section: bool,
        **kwargs,
    ):
        direction_header = f"Since {since:%-d %b %Y}"
        super().__init__(
            data,
            exclude=() if with_section else ("section",),
            extra_columns=[
                ("direction", tables.Column(direction_header, empty_values=(), orderable=False))
            ],
            **kwargs,
        )
        self.as_at = as_at
        self.as_at_query = as_at_query
        self.with_section = with_section
        self.caption = caption

    # Sorting on the as-at annotations: worst rating first, dates with the undated last,
    # and always the plan's own order after that, so pages and exports agree row for row.

    def order_rating_as_at(self, queryset, is_descending):
        # Red first (Blue first when reversed); unrated actions last either way.
        rank = _rating_rank(-1).desc() if is_descending else _rating_rank(4).asc()
        return queryset.order_by(rank, "section__number", "reference"), True

    def order_due_date_as_at(self, queryset, is_descending):
        return self._order_by_date(queryset, "due_date_as_at", is_descending), True

    def order_updated_on_as_at(self, queryset, is_descending):
        return self._order_by_date(queryset, "updated_on_as_at", is_descending), True

    def order_completed_on_as_at(self, queryset, is_descending):
        return self._order_by_date(queryset, "completed_on_as_at", is_descending), True

    @staticmethod
    def _order_by_date(queryset, name, is_descending):
        date = F(name).desc(nulls_last=True) if is_descending else F(name).asc(nulls_last=True)
        return queryset.order_by(date, "section__number", "reference")

    # Cells as exported: plain values, dates as dates.

    def value_title(self, value):
        return value

    def value_section(self, record):
        return f"{record.section.number}. {record.section.title}"

    def value_lead(self, record):
        return str(record.lead)

    def value_due_date_as_at(self, value):
        return value

    def value_updated_on_as_at(self, value):
        return value

    def value_completed_on_as_at(self, value):
        return value

    def value_rating_as_at(self, value):
        return Rating(value).colour if value else "Not rated"

    def value_direction(self, record):
        return str(direction_of(record.rating_before, record.rating_as_at))


# --- The cross-council summary (reports/oversight.py) -----------------------------------

NUMERIC = {
    "th": {"class": "govuk-table__header--numeric"},
    "td": {"class": "govuk-table__cell--numeric"},
}


def _count(header: str, accessor: str, **kwargs) -> tables.Column:
    return tables.Column(header, accessor=accessor, attrs=NUMERIC, **kwargs)


class OversightTable(tables.Table):
    """One row per plan (a ``PlanStanding``), sorted in Python: the rows are few and all
    shown. The columns left out of the page (``visible=False``) are in the downloads."""

    organisation = tables.Column("Council", accessor="plan__organisation__name")
    plan = tables.Column("Plan", accessor="plan__title")
    status = tables.Column("Status", accessor="plan__get_status_display", order_by="plan__rank")
    blue = _count("Blue", "now__counts__blue")
    green = _count("Green", "now__counts__green")
    amber = _count("Amber", "now__counts__amber")
    red = _count("Red", "now__counts__red")
    not_rated = _count("Not yet rated", "now__not_rated")
    total = _count("Total", "now__total")
    percent_complete = _count("% complete", "now__percent_complete")
    compared_with = tables.DateColumn(
        verbose_name="Compared with", accessor="comparison__date", format="j M Y"
    )
    comparison_basis = tables.Column(
        "Compared with (why)", accessor="comparison__basis", visible=False
    )
    improved = _count("Improved", "moved__improved")
    worsened = _count("Worsened", "moved__worsened")
    newly_rated = _count("Newly rated", "moved__new")
    changes = tables.Column("Change by rating", empty_values=(), orderable=False)
    blue_change = _count("Blue change", "changes__0__delta", visible=False)
    green_change = _count("Green change", "changes__1__delta", visible=False)
    amber_change = _count("Amber change", "changes__2__delta", visible=False)
    red_change = _count("Red change", "changes__3__delta", visible=False)
    overdue = _count("Overdue", "overdue")
    stale = _count("No update for a month", "stale")
    last_board = tables.DateColumn(
        verbose_name="Last Board",
        accessor="last_board",
        format="j M Y",
        default="None yet",
        attrs=NOWRAP,
    )

    class Meta:
        orderable = True
        empty_text = "There are no plans in the organisations you oversee."
        attrs = {"class": "app-oversight-table"}

    def __init__(self, data, *, as_at_query: str, caption: str, **kwargs):
        super().__init__(data, **kwargs)
        self.as_at_query = as_at_query
        self.caption = caption

    # The page's cells are written by reports/templatetags/oversight_rows.py; these are
    # the downloads' plain values.

    def value_plan(self, value):
        return value

    def value_changes(self, record):
        return record.change_words

    def value_compared_with(self, value):
        return value

    def value_last_board(self, value):
        return value
