"""Filters for the section and all-actions pages.

The queryset filtered is ``Action.objects ... with_state_as_at(as_at)`` annotated with
``rating_before`` (the rating on the comparison date), so "overdue", "no recent update"
and "rating changed" mean what they meant on the day shown.
"""

import datetime
import functools
from dataclasses import dataclass, field

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from actions.models import Action, ActionUpdate, Rating
from actions.rules import completed_on_expression, moved_q, overdue_q, stale_q

from .recommendations import natural_key

NOT_RATED = "none"
RATING_CHOICES = [*Rating.choices, (NOT_RATED, "Not yet rated")]
YES = [("yes", "Yes")]


@dataclass
class FilterOptions:
    """What the lead, recommendation and section lists offer: only what the actions
    being filtered actually have, so no choice leads to an empty list by design."""

    leads: list[tuple[str, str]] = field(default_factory=list)
    recommendations: list[tuple[str, str]] = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)


def actions_to_filter(
    actions, as_at: datetime.date, since: datetime.date, *, known_now: bool = False
):
    """``actions`` with what the filters and the table read: their state on ``as_at`` and
    their rating on ``since`` (``rating_before``), in the plan's order; as known at the
    end of ``as_at``, or with ``known_now`` as known today."""
    return _in_list_order(
        actions.with_state_as_at(as_at, known_now=known_now), since, known_now=known_now
    )


def actions_to_list(
    actions, as_at: datetime.date, since: datetime.date, *, known_now: bool = False
):
    """``actions_to_filter`` with only what the section and all-actions tables and their
    exports show: where each action stood on ``as_at`` and the day it was completed,
    without the words said of it, and only the columns the rows are drawn from."""
    zone = timezone.get_current_timezone_name()
    return _listed(as_at, since, known_now, zone) & actions


@functools.lru_cache(maxsize=32)
def _listed(as_at: datetime.date, since: datetime.date, known_now: bool, zone: str):
    """Every action with the list's annotations for these days, composed once per process:
    composing the as-at subqueries costs more than the database takes to run them, and
    the query depends only on the days (and the time zone, where each day ends). Only
    ever combined into new querysets (``actions_to_list``), never evaluated itself, so it
    holds no rows."""
    return _in_list_order(
        Action.objects.with_standing_as_at(as_at, known_now=known_now).annotate(
            completed_on_as_at=completed_on_expression(as_at, known_now=known_now)
        ),
        since,
        known_now=known_now,
    ).only(
        "plan_id",
        "reference",
        "title",
        "section__number",
        "section__title",
        "lead__first_name",
        "lead__last_name",
        "lead__username",
    )


def _in_list_order(actions, since: datetime.date, *, known_now: bool):
    return (
        actions.with_rating_as_at(since, "rating_before", known_now=known_now)
        .select_related("section", "lead")
        .order_by("section__number", "reference")
    )


def filter_options(actions) -> FilterOptions:
    """The choices for ``actions`` (a queryset), in one query."""
    rows = (
        actions.order_by()
        .values_list(
            "lead_id",
            "lead__first_name",
            "lead__last_name",
            "lead__username",
            "section_id",
            "section__number",
            "section__title",
            "recommendations__id",
            "recommendations__reference",
            "recommendations__text",
        )
        .distinct()
    )
    leads, recommendations, sections = {}, {}, {}
    for lead, first, last, username, section, number, title, rec, reference, text in rows:
        leads[lead] = f"{first} {last}".strip() or username
        sections[section] = (number, f"{number}. {title}")
        if rec is not None:
            summary = text if len(text) <= 70 else text[:70].rsplit(" ", 1)[0] + "…"
            recommendations[rec] = (reference, f"{reference}: {summary}")
    return FilterOptions(
        leads=sorted(((str(pk), name) for pk, name in leads.items()), key=lambda c: c[1]),
        recommendations=[
            (str(pk), label)
            for pk, (_ref, label) in sorted(
                recommendations.items(), key=lambda item: natural_key(item[1][0])
            )
        ],
        sections=[
            (str(pk), label) for pk, (_n, label) in sorted(sections.items(), key=lambda i: i[1])
        ],
    )


def _unknown(what: str, showing: str) -> dict:
    return {"invalid_choice": f"“%(value)s” is not {what}. Showing {showing} instead."}


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="filter_text",
        max_length=200,
        error_messages={"max_length": "Search for at most %(limit_value)d characters."},
    )
    rating = django_filters.MultipleChoiceFilter(
        label="Rating",
        choices=RATING_CHOICES,
        method="filter_rating",
        error_messages=_unknown("a rating", "every rating"),
    )
    section = django_filters.ChoiceFilter(
        label="Section",
        field_name="section_id",
        error_messages=_unknown("a section of this plan", "every section"),
    )
    lead = django_filters.ChoiceFilter(
        label="Lead",
        field_name="lead_id",
        error_messages=_unknown("the lead of any action here", "every lead"),
    )
    recommendation = django_filters.ChoiceFilter(
        label="Inspection recommendation",
        field_name="recommendations",
        error_messages=_unknown("a recommendation with actions here", "every recommendation"),
    )
    overdue = django_filters.ChoiceFilter(
        label="Overdue",
        choices=YES,
        method="filter_overdue",
        error_messages=_unknown("a choice for Overdue", "overdue and not overdue"),
    )
    stale = django_filters.ChoiceFilter(
        label="No update for more than a month",
        choices=YES,
        method="filter_stale",
        error_messages=_unknown("a choice for No recent update", "every action"),
    )
    moved = django_filters.ChoiceFilter(
        label="Rating changed",
        choices=YES,
        method="filter_moved",
        error_messages=_unknown("a choice for Rating changed", "every action"),
    )

    def __init__(
        self,
        data,
        queryset,
        *,
        as_at: datetime.date,
        options: FilterOptions,
        with_section: bool,
    ):
        super().__init__(data, queryset)
        self.as_at = as_at
        self.filters["lead"].extra["choices"] = options.leads
        self.filters["recommendation"].extra["choices"] = options.recommendations
        if with_section:
            self.filters["section"].extra["choices"] = options.sections
        else:
            del self.filters["section"]

    @property
    def is_filtering(self) -> bool:
        """True when any filter is in use (valid or not), for "Clear filters"."""
        return any(self.data.get(name) for name in self.filters)

    def filter_text(self, queryset, name, value):
        words = value.strip()
        if not words:
            return queryset
        # Commentary counts if any update known on the day said it, not just the latest.
        said = ActionUpdate.objects.filter(
            action=OuterRef("pk"),
            effective_date__lte=self.as_at,
            commentary__icontains=words,
        )
        return queryset.filter(
            Q(reference__icontains=words)
            | Q(title__icontains=words)
            | Q(description__icontains=words)
            | Exists(said)
        )

    def filter_rating(self, queryset, name, value):
        chosen = Q(rating_as_at__in=[v for v in value if v != NOT_RATED])
        if NOT_RATED in value:
            chosen |= Q(rating_as_at__isnull=True)
        return queryset.filter(chosen)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q(self.as_at))

    def filter_stale(self, queryset, name, value):
        return queryset.filter(stale_q(self.as_at))

    def filter_moved(self, queryset, name, value):
        return queryset.filter(moved_q())
