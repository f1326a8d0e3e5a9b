"""The Board's figure tables written in Python: the summary of progress (the dashboard's
and the paper's), the progress bars and the direction of travel (the dashboard's).

Drawn on every view after a change, each cell through the template engine cost more than
all the figures' arithmetic; written here with ``format_html`` they are the same HTML
(element for element: ``tests/reports/test_figure_tables.py``)."""

import datetime

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from actions.models import Rating

from ..movement import SectionChange
from ..summary import PlanSummary, SummaryRow
from .action_rows import day_text

register = template.Library()

_NUMERIC_HEADER = '<th scope="col" class="govuk-table__header govuk-table__header--numeric">{}</th>'
_CELL = '<td class="govuk-table__cell govuk-table__cell--numeric" data-label="{}">{}</td>'


def _count(n: int, url: str | None) -> SafeString:
    """A count, linking to its actions when there are some and a list to link to."""
    if url and n:
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, n)
    return format_html("{}", n)


def _strong(html: SafeString, bold: bool) -> SafeString:
    return format_html("<strong>{}</strong>", html) if bold else html


def _cells(row: SummaryRow, links: str, base: str | None, with_unrated: bool, bold: bool):
    """A row's counts: total, each rating, not yet rated; ``links`` is what the row's
    counts add to ``base`` ("section=12&" or "") to link to their actions."""
    total_url = None
    if base:
        total_url = f"{base}{links[:-1]}" if links else base[:-1]
    cells = [format_html(_CELL, "Total", _strong(_count(row.total, total_url), bold))]
    for value in Rating.values:
        url = f"{base}{links}rating={value}" if base else None
        cells.append(
            format_html(_CELL, Rating(value).colour, _strong(_count(row.counts[value], url), bold))
        )
    if with_unrated:
        url = f"{base}{links}rating=none" if base else None
        cells.append(format_html(_CELL, "Not yet rated", _strong(_count(row.not_rated, url), bold)))
    return mark_safe("".join(cells))


@register.simple_tag
def summary_table(
    summary: PlanSummary,
    *,
    link_sections: bool = False,
    count_links_url: str = "",
    slug: str = "",
    as_at_query: str = "",
) -> SafeString:
    """The Board's RAG table, worded as in the Board papers. With ``link_sections``, each
    section's name links to its page (of plan ``slug``, as at ``as_at_query``); with
    ``count_links_url`` (the all-actions URL ready for more parameters, "…?as_at=…&" or
    "…?"), every count above zero links to the list of those actions. On a phone each
    row is a block and each count is named by its data-label (frontend/app.scss)."""
    unrated = summary.has_unrated
    base = count_links_url or None
    headers = format_html_join("", _NUMERIC_HEADER, ((r.label,) for r in Rating))
    if unrated:
        headers += format_html(_NUMERIC_HEADER, "Not yet rated")
    rows = []
    for row in summary.rows:
        title = row.title
        if link_sections:
            url = reverse("reports:section", args=[slug, row.section.pk])
            title = format_html(
                '<a class="govuk-link" href="{}{}">{}</a>',
                url,
                f"?{as_at_query}" if as_at_query else "",
                row.title,
            )
        rows.append(
            format_html(
                '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{}'
                "</th>{}</tr>",
                title,
                _cells(row, f"section={row.section.pk}&", base, unrated, bold=False),
            )
        )
    return format_html(
        '<div class="app-table-container app-summary-table-container" tabindex="0" '
        'role="region" aria-labelledby="summary-caption">\n'
        '<table class="govuk-table app-summary-table">\n'
        '  <caption class="govuk-table__caption govuk-table__caption--s" id="summary-caption">'
        "RAG ratings for actions in each section of the plan as at {}</caption>\n"
        '  <thead class="govuk-table__head">\n'
        '    <tr class="govuk-table__row">'
        '<th scope="col" class="govuk-table__header">Section of Plan</th>'
        '<th scope="col" class="govuk-table__header govuk-table__header--numeric">'
        "Total number of actions</th>{}</tr>\n"
        "  </thead>\n"
        '  <tbody class="govuk-table__body">\n{}\n  </tbody>\n'
        "  <tfoot>\n"
        '    <tr class="govuk-table__row app-summary-table__total">'
        '<th scope="row" class="govuk-table__header">Total</th>{}</tr>\n'
        "  </tfoot>\n"
        "</table>\n"
        "</div>",
        day_text(summary.as_at, "j F Y"),
        headers,
        mark_safe("\n".join(rows)),
        _cells(summary.total, "", base, unrated, bold=True),
    )


@register.simple_tag
def progress_bars(summary: PlanSummary) -> SafeString:
    """Each section's row as a stacked bar, with its numbers in words beside it; colours
    from the same map as the rating tags (frontend/app.scss)."""
    return mark_safe("\n".join(_bar(row) for row in summary.rows))


def _plural(n: int) -> str:
    return "" if n == 1 else "s"


def _bar(row: SummaryRow) -> str:
    caption = format_html(
        '<figcaption class="app-bar__caption"><span class="govuk-!-font-weight-bold">{}</span>: '
        "{} of {} action{} complete ({}%)</figcaption>",
        row.title,
        row.counts["blue"],
        row.total,
        _plural(row.total),
        row.percent_complete,
    )
    if not row.total:
        return format_html(
            '<figure class="app-bar">{}<p class="govuk-body-s">No actions yet.</p></figure>',
            caption,
        )
    segments = row.segments
    pk = row.section.pk
    return format_html(
        '<figure class="app-bar">{}'
        '<svg class="app-bar__svg" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
        'aria-labelledby="bar-{}-title" focusable="false" xmlns="http://www.w3.org/2000/svg">'
        '<title id="bar-{}-title">{}: {} action{}{}.</title>{}</svg>'
        '<ul class="app-bar__legend">{}</ul></figure>',
        caption,
        pk,
        pk,
        row.title,
        row.total,
        _plural(row.total),
        format_html_join("", "; {} {}", ((s.count, s.label) for s in segments)),
        format_html_join(
            "",
            '<rect class="app-bar__segment app-bar__segment--{}" x="{}" y="0" width="{}" '
            'height="10"></rect>',
            ((s.key, f"{s.x:.3f}", f"{s.width:.3f}") for s in segments),
        ),
        format_html_join(
            "",
            '<li><span class="app-bar__key app-bar__key--{}" aria-hidden="true"></span>{}: {}</li>',
            ((s.key, s.label, s.count) for s in segments),
        ),
    )


@register.simple_tag
def changes_table(
    changes: list[SectionChange], since: datetime.date, as_at: datetime.date
) -> SafeString:
    """The change in the number of actions at each rating, per section and in total."""
    headers = format_html_join(
        "", _NUMERIC_HEADER, ((c.rating.label,) for c in (changes[0].changes if changes else []))
    )
    rows = []
    for row in changes:
        cells = format_html_join(
            "",
            '<td class="govuk-table__cell govuk-table__cell--numeric">{} '
            '<span class="app-change__counts">{} to {}</span></td>',
            (
                (
                    format_html("<strong>{}</strong>", c.signed) if c.delta else "0",
                    c.then,
                    c.now,
                )
                for c in row.changes
            ),
        )
        rows.append(
            format_html(
                '<tr class="govuk-table__row{}"><th scope="row" class="govuk-table__header">{}'
                "</th>{}</tr>",
                "" if row.section_pk else " app-summary-table__total",
                row.title,
                cells,
            )
        )
    return format_html(
        '<div class="app-table-container" tabindex="0" role="region" '
        'aria-labelledby="changes-caption">\n'
        '<table class="govuk-table app-changes-table">\n'
        '  <caption class="govuk-table__caption govuk-table__caption--s" id="changes-caption">'
        "Change in the number of actions at each rating, {} to {}</caption>\n"
        '  <thead class="govuk-table__head">\n'
        '    <tr class="govuk-table__row"><th scope="col" class="govuk-table__header">'
        "Section of Plan</th>{}</tr>\n"
        "  </thead>\n"
        '  <tbody class="govuk-table__body">\n{}\n  </tbody>\n'
        "</table>\n"
        "</div>",
        day_text(since, "j F Y"),
        day_text(as_at, "j F Y"),
        headers,
        mark_safe("\n".join(rows)),
    )
