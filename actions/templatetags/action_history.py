"""An action's history and evidence on its page (templates/actions/action_detail.html),
written in Python: a busy action has dozens of entries, and the template engine costs far
more per entry (its tags, filters and lookups) than the entry itself.

The markup is the same as the template that drew it: each history entry is a list item
with a heading, what was said or changed, and who recorded it when; each piece of
evidence its link, who added it and when, and a link to remove it.
"""

from django import template
from django.template.defaultfilters import filesizeformat, linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from ..formatting import day_text, moment_text
from ..history import HistoryEntry
from .ratings import rating_tag

register = template.Library()

_IMPORTED = mark_safe(' <span class="govuk-body-s">(imported)</span>')


def _lines(text) -> SafeString:
    return linebreaksbr(text, autoescape=True)


def _update_heading(entry: HistoryEntry) -> SafeString:
    update, kind = entry.update, entry.kind
    if kind == "proposed":
        return format_html("completion proposed {}", rating_tag(update.rating))
    if kind == "signed_off":
        return format_html("completion signed off, now {}", rating_tag(update.rating))
    if kind == "returned":
        return format_html("completion returned, stays {}", rating_tag(update.previous_rating))
    if kind == "note":
        return mark_safe("progress noted, no rating yet" + _IMPORTED)
    moved = (
        format_html("{} to ", rating_tag(update.previous_rating))
        if update.previous_rating and update.previous_rating != update.rating
        else ""
    )
    return format_html(
        "{}{}{}", moved, rating_tag(update.rating), _IMPORTED if kind == "imported" else ""
    )


def _update(entry: HistoryEntry, as_at) -> SafeString:
    update = entry.update
    return format_html(
        '\n      <h3 class="govuk-heading-s">\n        {}:\n        {}\n        \n      </h3>'
        '\n      <p class="govuk-body">{}{}</p>\n      {}\n      {}\n      {}'
        '\n      <p class="govuk-hint govuk-body-s">{}recorded {}</p>\n      {}\n    ',
        day_text(entry.on, "j F Y"),
        _update_heading(entry),
        "Reason: " if entry.kind == "returned" else "",
        _lines(update.commentary),
        format_html(
            '<p class="govuk-body-s">Reason for slippage: {}</p>',
            update.get_slippage_reason_display(),
        )
        if update.slippage_reason
        else "",
        format_html(
            '<p class="govuk-body-s">Revised due date: {}</p>',
            day_text(update.revised_due_date, "j F Y"),
        )
        if update.revised_due_date
        else "",
        format_html('<p class="govuk-body-s">Next steps: {}</p>', _lines(update.next_steps))
        if update.next_steps
        else "",
        format_html("{}, ", update.author) if update.author else "",
        moment_text(update.recorded_at),
        format_html(
            '<p class="govuk-body-s"><strong class="govuk-tag govuk-tag--yellow app-status">'
            "Restated since</strong> recorded after {}, back-dated into this period</p>",
            day_text(as_at.date, "j F Y"),
        )
        if update.restated
        else "",
    )


def _recorded_by(entry: HistoryEntry) -> SafeString:
    return format_html(
        '\n      <p class="govuk-hint govuk-body-s">{}, {}</p>\n    ',
        entry.who,
        moment_text(entry.at),
    )


def _edit(entry: HistoryEntry) -> SafeString:
    rows = "".join(
        format_html(
            '\n        <div class="govuk-summary-list__row">'
            '\n          <dt class="govuk-summary-list__key">{}</dt>'
            '\n          <dd class="govuk-summary-list__value"><span class="govuk-visually-hidden">'
            'from </span>{} <span aria-hidden="true">→</span><span class="govuk-visually-hidden">'
            " to</span> {}</dd>\n        </div>\n        ",
            change.label,
            _lines(change.before_display),
            _lines(change.after_display),
        )
        for change in entry.changes
    )
    return format_html(
        '\n      <h3 class="govuk-heading-s">{}: details changed</h3>'
        '\n      <dl class="govuk-summary-list govuk-summary-list--no-border app-change-list">'
        "\n        {}\n      </dl>{}",
        day_text(entry.on, "j F Y"),
        mark_safe(rows),  # each row is format_html's
        _recorded_by(entry),
    )


def _evidence(entry: HistoryEntry, plan_slug: str) -> SafeString:
    evidence = entry.evidence
    added = entry.kind == "evidence_added"
    if evidence.file_name:
        named = format_html(" ({})", evidence.file_name)
    elif added and evidence.url:
        named = format_html(" ({})", evidence.url)
    else:
        named = ""
    download = ""
    if not added and getattr(evidence, "may_download", False) and evidence.is_removed:
        download = format_html(
            ' <a class="govuk-link govuk-body-s" href="{}" download>Download the removed file'
            '<span class="govuk-visually-hidden"> {}</span></a>',
            reverse("actions:evidence_download", args=[plan_slug, evidence.pk]),
            evidence.title,
        )
    return format_html(
        '\n      <h3 class="govuk-heading-s">{}: evidence {}</h3>'
        '\n      <p class="govuk-body">{}{}{}</p>{}',
        day_text(entry.on, "j F Y"),
        "added" if added else "removed",
        evidence.title,
        named,
        download,
        _recorded_by(entry),
    )


def _body(entry: HistoryEntry, as_at, plan_slug: str) -> SafeString | str:
    if entry.update:
        return _update(entry, as_at)
    if entry.kind == "edit":
        return _edit(entry)
    if entry.kind in ("evidence_added", "evidence_removed"):
        return _evidence(entry, plan_slug)
    return ""


@register.simple_tag
def history_items(history: list[HistoryEntry], as_at, plan_slug: str) -> SafeString:
    """The list items of the page's history (``actions.history.history_as_at``), newest
    first; ``as_at`` is the page's ``AsAt``."""
    return mark_safe(  # each item is format_html's
        "".join(
            format_html(
                '\n  <li class="app-timeline__item">\n    \n    {}\n    \n  </li>\n  ',
                _body(entry, as_at, plan_slug),
            )
            for entry in history
        )
    )


def _evidence_link(item, plan_slug: str) -> SafeString:
    if item.url:
        return format_html(
            '<a class="govuk-link" href="{}" rel="noopener noreferrer">{}<span '
            'class="govuk-visually-hidden"> (link to another website)</span></a>\n      ',
            item.url,
            item.title,
        )
    if item.may_download:
        return format_html(
            '<a class="govuk-link" href="{}" download>{}</a> <span class="govuk-body-s">({}{})'
            "</span>\n      ",
            reverse("actions:evidence_download", args=[plan_slug, item.pk]),
            item.title,
            item.file_name,
            format_html(", {}", filesizeformat(item.size)) if item.size else "",
        )
    return format_html("{}", item.title)


@register.simple_tag
def evidence_items(evidence, plan_slug: str) -> SafeString:
    """The list items of the evidence the page shows: each with ``may_download`` and
    ``may_remove`` set by the view."""
    return mark_safe(  # each item is format_html's
        "".join(
            format_html(
                '\n    <li class="app-evidence-list__item">\n      {}\n      <br><span '
                'class="govuk-hint govuk-body-s">Added by {} on {}</span>\n      {}\n    </li>\n  ',
                _evidence_link(item, plan_slug),
                item.added_by,
                day_text(timezone.localtime(item.added_at).date(), "j F Y"),
                format_html(
                    ' <a class="govuk-link govuk-body-s" href="{}">Remove<span '
                    'class="govuk-visually-hidden"> {}</span></a>',
                    reverse("actions:evidence_remove", args=[plan_slug, item.pk]),
                    item.title,
                )
                if item.may_remove
                else "",
            )
            for item in evidence
        )
    )
